/**
 * The HTML of the simulated login pages: Dnevnik.ru's sign-in page, the simulated Gosuslugi page its
 * «Войти через Госуслуги» button leads to, the consent page, and the error pages the OAuth dialog shows
 * instead of redirecting. In Russian, as the real pages are; every form field is labelled, and every page
 * carries the pending authorization's id only, in a hidden field. Every inserted value is escaped.
 *
 * Form ids (`sign-in`, `gosuslugi`, `esia-sign-in`, `consent`) are stable: tests find the forms by them.
 * The shell, escaping and fields are the simulators' kit's (`adapters/simulation/pages.ts`).
 */
import {
  credentialFields,
  errorBox,
  form,
  heading,
  hiddenField,
  paragraph,
  simulatorPage,
  submitButton,
  textHtml,
} from '../../simulation/pages.js';

/** What a scope lets the client read, as the consent page names it (providers.md §1.2 scope names). */
const SCOPE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  CommonInfo: 'основная информация профиля',
  ContactInfo: 'контактная информация',
  FriendsAndRelatives: 'друзья и родственники (ваши дети)',
  EducationalInfo: 'учёба: школы, классы, расписание, оценки, домашние задания',
  SocialInfo: 'социальная информация',
  Wall: 'стена',
  Messages: 'сообщения',
  Files: 'файлы',
  PersonalData: 'персональные данные',
  Avatar: 'фотография профиля',
  FullName: 'фамилия, имя и отчество',
  Roles: 'роли в школе',
  Friends: 'друзья',
});

/** The canonical scope names the simulated login page knows. */
export const KNOWN_SCOPES: readonly string[] = Object.freeze(Object.keys(SCOPE_NAMES));

/** What the sign-in pages show. */
export interface SignInPageContent {
  /** The pending authorization's id. */
  authorization: string;
  /** The client asking, by name. */
  clientName: string;
  /** Why the page is shown again («Неверный логин или пароль»). */
  error?: string;
}

/** The pending authorization's id, the one thing a page carries from one step to the next. */
const carried = (authorization: string) => hiddenField('authorization', authorization);

/** Dnevnik.ru's sign-in page: login and password, and the way to Gosuslugi. */
export function signInPage(content: SignInPageContent): string {
  return simulatorPage('Вход — Дневник.ру', [
    heading('Вход в Дневник.ру'),
    paragraph(`Вход для приложения «${content.clientName}».`),
    ...errorBox(content.error),
    ...form({ id: 'sign-in', method: 'post', action: '/login' }, [
      carried(content.authorization),
      ...credentialFields({ loginLabel: 'Логин', passwordLabel: 'Пароль' }),
      submitButton('Войти'),
    ]),
    ...form({ id: 'gosuslugi', method: 'get', action: '/login/esia' }, [
      carried(content.authorization),
      submitButton('Войти через Госуслуги'),
    ]),
  ]);
}

/** The simulated Gosuslugi page: the same login and password, another look. */
export function gosuslugiPage(content: Omit<SignInPageContent, 'clientName'>): string {
  return simulatorPage('Госуслуги — вход', [
    heading('Госуслуги'),
    paragraph('Вход для портала «Дневник.ру».'),
    ...errorBox(content.error),
    ...form({ id: 'esia-sign-in', method: 'post', action: '/login/esia' }, [
      carried(content.authorization),
      ...credentialFields({ loginLabel: 'Телефон, почта или СНИЛС', passwordLabel: 'Пароль' }),
      submitButton('Войти'),
    ]),
  ]);
}

/** The consent page: what the client asks to read, and «Разрешить» / «Отказать». */
export function consentPage(content: SignInPageContent & { scopes: readonly string[] }): string {
  const asked = content.scopes.map((scope) => SCOPE_NAMES[scope] ?? scope).join(', ');
  return simulatorPage('Доступ к данным — Дневник.ру', [
    heading('Доступ к данным'),
    paragraph(`«${content.clientName}»`),
    paragraph(`Приложение запрашивает доступ: ${asked}.`),
    ...form({ id: 'consent', method: 'post', action: '/oauth2/consent' }, [
      carried(content.authorization),
      submitButton('Разрешить', { name: 'decision', value: 'allow' }),
      submitButton('Отказать', { name: 'decision', value: 'deny' }),
    ]),
  ]);
}

/** The page the OAuth dialog shows when it cannot (or must not) redirect back to the client. */
export function dialogErrorPage(text: string): string {
  // The shape of Dnevnik.ru's own error page: a block with the heading and a description.
  return simulatorPage('Ошибка — Дневник.ру', [
    '<div class="error">',
    heading('Ошибка'),
    `<div class="error__description" role="alert">${textHtml(text)}</div>`,
    '</div>',
  ]);
}
