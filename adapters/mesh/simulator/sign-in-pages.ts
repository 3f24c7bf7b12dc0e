/**
 * The pages of the simulated sign-in: mos.ru's «Вход» page, a stand-in for Gosuslugi's, and the error page
 * an identity provider shows when it will not redirect (an unknown client, an unregistered redirect URI).
 * Russian first, as the real pages are, with English beside it; labelled inputs, no script, no external
 * assets. Every value written into a page is escaped (the shell, escaping and fields are the simulators'
 * kit's, `adapters/simulation/pages.ts`).
 */
import {
  credentialFields,
  errorBox,
  form as htmlForm,
  heading,
  hiddenField,
  pageLink,
  simulatorPage,
  submitButton,
} from '../../simulation/pages.js';
import { html, type Reply } from '../../simulation/replies.js';

/** A text in the pages' two languages. */
export interface PageText {
  ru: string;
  en: string;
}

/** What a sign-in form shows besides its fields. */
export interface FormState {
  /** The pending authorization's id (`bo`), carried in a hidden field. */
  pendingId: string;
  /** The login typed last time, shown again (the password never is). */
  login?: string;
  /** Why the last attempt failed. */
  error?: PageText;
}

/** The pending authorization's id, as login.mos.ru's pages carry it (`bo`). */
const carried = (form: FormState) => hiddenField('bo', form.pendingId);

const CANCEL: PageText = { ru: 'Отмена', en: 'Cancel' };

/** A page that takes a login and a password. */
interface PasswordPage {
  title: PageText;
  /** Where the form posts. */
  action: string;
  loginLabel: PageText;
  /** What the page offers besides the form and «Отмена». */
  more?: readonly string[];
  /** Where «Отмена» leads. */
  cancelPath: string;
}

/** The page of the two languages' title (the tab says the Russian) with `body` under the heading. */
function page(title: PageText, body: readonly string[], status: number): Reply {
  return html(status, simulatorPage(title.ru, [heading(title), ...body]));
}

function passwordPage(content: PasswordPage, form: FormState, status: number): Reply {
  const fields = credentialFields({
    loginLabel: content.loginLabel,
    passwordLabel: { ru: 'Пароль', en: 'Password' },
    login: form.login,
  });
  const signIn = htmlForm({ method: 'post', action: content.action }, [
    carried(form),
    ...fields,
    submitButton({ ru: 'Войти', en: 'Sign in' }),
  ]);
  const cancel = pageLink(CANCEL, content.cancelPath, { bo: form.pendingId });
  return page(content.title, [...errorBox(form.error), ...signIn, ...(content.more ?? []), cancel], status);
}

/** Paths of the simulated pages. */
export const SIGN_IN_PAGE_PATHS = Object.freeze({
  /** mos.ru's password page (GET shows it, POST checks the password), as the real one is named (§8.1 A.2). */
  mosRuPassword: '/sps/login/methods/password',
  /** «Войти через Госуслуги» on mos.ru (§8.1): leads to the Gosuslugi page. */
  mosRuEsia: '/sps/login/externalIdps/execute',
  /** «Отмена» on mos.ru: back to the client with `error=access_denied`. The path is the simulator's own. */
  mosRuCancel: '/sps/login/cancel',
  /** The Gosuslugi stand-in (GET shows it, POST checks the password); the simulator's own paths. */
  gosuslugi: '/gosuslugi/login',
  gosuslugiCancel: '/gosuslugi/cancel',
});

/** mos.ru's sign-in page: login and password, «Войти через Госуслуги», «Отмена». */
export function mosRuSignInPage(form: FormState, status = 200): Reply {
  const esia = htmlForm({ method: 'get', action: SIGN_IN_PAGE_PATHS.mosRuEsia }, [
    hiddenField('typ', 'esia'),
    hiddenField('name', 'esia_1'),
    hiddenField('isPopup', 'false'),
    carried(form),
    submitButton({ ru: 'Войти через Госуслуги', en: 'Sign in with Gosuslugi' }),
  ]);
  const content = {
    title: { ru: 'Вход — mos.ru', en: 'Sign in — mos.ru' },
    action: SIGN_IN_PAGE_PATHS.mosRuPassword,
    loginLabel: { ru: 'Телефон, электронная почта или СНИЛС', en: 'Phone, email or SNILS' },
    more: esia,
    cancelPath: SIGN_IN_PAGE_PATHS.mosRuCancel,
  };
  return passwordPage(content, form, status);
}

/** The Gosuslugi stand-in: the same login and password, «Отмена». */
export function gosuslugiPage(form: FormState, status = 200): Reply {
  const content = {
    title: { ru: 'Вход — Госуслуги', en: 'Sign in — Gosuslugi' },
    action: SIGN_IN_PAGE_PATHS.gosuslugi,
    loginLabel: { ru: 'Телефон, почта или СНИЛС', en: 'Phone, email or SNILS' },
    cancelPath: SIGN_IN_PAGE_PATHS.gosuslugiCancel,
  };
  return passwordPage(content, form, status);
}

/** An error page: the provider says what is wrong and does not redirect. */
export function signInErrorPage(status: number, text: PageText): Reply {
  return page({ ru: 'Ошибка входа', en: 'Sign-in error' }, errorBox(text), status);
}

/** The refusals the pages show, by cause. */
export const SIGN_IN_TEXTS = Object.freeze({
  wrongPassword: { ru: 'Неверный логин или пароль', en: 'Wrong login or password' },
  locked: {
    ru: 'Слишком много неудачных попыток. Начните вход заново.',
    en: 'Too many failed attempts. Start signing in again.',
  },
  noSession: {
    ru: 'Сеанс входа не найден или истёк. Начните вход заново.',
    en: 'The sign-in session is unknown or has expired. Start again.',
  },
  unknownClient: {
    ru: 'Неизвестное приложение (client_id). Вход невозможен.',
    en: 'Unknown application (client_id). Sign-in is not possible.',
  },
  unregisteredRedirect: {
    ru: 'Адрес возврата (redirect_uri) не совпадает с зарегистрированным. Вход невозможен.',
    en: 'The return address (redirect_uri) does not match a registered one. Sign-in is not possible.',
  },
  unknownMethod: { ru: 'Такого способа входа нет.', en: 'There is no such sign-in method.' },
  missingState: {
    ru: 'В запросе нет параметра state. Вход невозможен.',
    en: 'The request has no state parameter. Sign-in is not possible.',
  },
} satisfies Record<string, PageText>);
