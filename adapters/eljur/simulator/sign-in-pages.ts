/**
 * The HTML of the simulator's redirect sign-in: Eljur's page (login and password, «Отказать», «Войти через
 * Госуслуги»), the simulated Gosuslugi page, and the error pages. Every value written into a page is
 * escaped; a page carries the pending attempt's id, never the partner's parameters or a secret. The shell,
 * escaping and fields are the simulators' kit's (`adapters/simulation/pages.ts`).
 */
import {
  credentialFields,
  errorBox,
  form,
  heading,
  hiddenField,
  pageLink,
  paragraph,
  simulatorPage,
  submitButton,
  type PageText,
} from '../../simulation/pages.js';

/** Where Eljur's partner sign-in page is (our assumption: the real address is not public, providers.md §8.4). */
export const SIGN_IN_PATH = '/partner/authorize';
/** The simulated Gosuslugi page the «Войти через Госуслуги» option leads to. */
export const ESIA_PATH = '/partner/esia';

/** An error page: what went wrong, in both languages; no link back (the partner's address is not trusted). */
export function errorPage(title: string, ru: string, en: string): string {
  return simulatorPage(title, [heading(title), ...errorBox({ ru, en })]);
}

/** The pending attempt's id, the one thing a page carries to its form. */
const carried = (pendingId: string) => hiddenField('pending', pendingId);

const CREDENTIAL_LABELS = {
  loginLabel: { ru: 'Логин', en: '(login)' },
  passwordLabel: { ru: 'Пароль', en: '(password)' },
};
const SIGN_IN_BUTTON = submitButton({ ru: 'Войти', en: '(sign in)' });

/** «Отказать»: a form of its own, so that declining needs no login. */
function denyForm(pendingId: string, label: PageText): string[] {
  return form({ id: 'deny', method: 'post', action: SIGN_IN_PATH }, [
    carried(pendingId),
    hiddenField('action', 'deny'),
    submitButton(label),
  ]);
}

/** Eljur's sign-in page for one pending attempt, with the last refusal when there was one. */
export function signInPage(schoolName: string, pendingId: string, error: PageText | null): string {
  const title = `Вход в ЭлЖур — ${schoolName}`;
  return simulatorPage(title, [
    heading(title),
    paragraph({
      ru: 'Приложение просит доступ к электронному дневнику.',
      en: 'An app asks for access to the e-diary.',
    }),
    ...errorBox(error),
    ...form({ id: 'sign-in', method: 'post', action: SIGN_IN_PATH }, [
      carried(pendingId),
      ...credentialFields(CREDENTIAL_LABELS),
      SIGN_IN_BUTTON,
    ]),
    pageLink(
      { ru: 'Войти через Госуслуги', en: '(sign in with Gosuslugi)' },
      ESIA_PATH,
      { pending: pendingId },
      'esia',
    ),
    ...denyForm(pendingId, { ru: 'Отказать', en: '(decline)' }),
  ]);
}

/** The simulated Gosuslugi page: the same login and password, for the parent "Gosuslugi" as well. */
export function esiaPage(pendingId: string, error: PageText | null): string {
  return simulatorPage('Госуслуги — Вход', [
    heading('Госуслуги — Вход'),
    paragraph({ ru: 'Вход для ЭлЖур через Госуслуги.', en: 'Sign in to Eljur with Gosuslugi.' }),
    ...errorBox(error),
    ...form({ id: 'sign-in', method: 'post', action: ESIA_PATH }, [
      carried(pendingId),
      ...credentialFields(CREDENTIAL_LABELS),
      SIGN_IN_BUTTON,
    ]),
    ...denyForm(pendingId, { ru: 'Отмена', en: '(cancel)' }),
  ]);
}

/** The refusal shown for a wrong login or password. */
export const WRONG_CREDENTIALS: PageText = { ru: 'Неверный логин или пароль.', en: '(Wrong login or password.)' };
