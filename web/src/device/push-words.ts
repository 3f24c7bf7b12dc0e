/**
 * The notification settings' words: each state of notifications on this device said plainly, in both
 * languages, with what the family can do about it (test/web/device-push-words.test.ts covers every state).
 */
import type { Language } from '../i18n.js';

/** Where notifications on this device stand. */
export type PushState =
  | { readonly kind: 'checking' }
  /** The browser cannot receive Web Push. */
  | { readonly kind: 'unsupported' }
  /** An iPhone or iPad: only a page added to the home screen can receive notifications. */
  | { readonly kind: 'install-first' }
  /** Web Push is off on the gateway (`webPushPublicKey` is null). */
  | { readonly kind: 'gateway-off' }
  /** The browser blocks notifications for this site. */
  | { readonly kind: 'denied' }
  /** The family closed the browser's question without answering. */
  | { readonly kind: 'dismissed' }
  /** The browser's push service did not give a subscription (offline, blocked, or no answer in time). */
  | { readonly kind: 'push-failed' }
  /** The gateway did not take the subscription: its message, in the page's language. */
  | { readonly kind: 'register-failed'; readonly message: string }
  /** Supported, and off. */
  | { readonly kind: 'off' }
  /** On: the gateway sends this device every change. */
  | { readonly kind: 'on'; readonly label: string | null };

const TEXT = {
  ru: {
    checking: 'Проверяем, умеет ли браузер показывать уведомления…',
    unsupported:
      'Этот браузер не умеет получать уведомления от сайтов. Откройте страницу в Chrome, Firefox, Edge или Safari, чтобы включить их.',
    'install-first':
      'На iPhone и iPad уведомления приходят только странице, добавленной на экран «Домой». В Safari нажмите «Поделиться» → «На экран «Домой»», откройте страницу со значка на экране и включите уведомления там.',
    'gateway-off': 'Уведомления на телефон выключены на сервере дневника. Их может включить администратор сервера.',
    denied:
      'Браузер запретил уведомления для этой страницы. Чтобы разрешить: нажмите на значок слева от адреса страницы (замок или «Настройки сайта») → «Уведомления» → «Разрешить», затем снова нажмите «Включить уведомления». На Android это также в настройках телефона: «Приложения» → ваш браузер → «Уведомления».',
    dismissed:
      'Вы не ответили на вопрос браузера об уведомлениях. Нажмите «Включить уведомления» ещё раз и выберите «Разрешить».',
    'push-failed':
      'Служба уведомлений браузера не ответила, и уведомления не включились. Для них нужен интернет и служба уведомлений производителя браузера (Google, Apple, Mozilla). Попробуйте позже или в другом браузере.',
    'register-failed': (message: string) => `Сервер дневника не принял подписку: ${message}`,
    off: 'Уведомления на этом устройстве выключены.',
    on: (label: string | null) =>
      label
        ? `Уведомления включены на этом устройстве («${label}»): новые оценки, отмены уроков и домашние задания придут, даже когда страница закрыта.`
        : 'Уведомления включены на этом устройстве: новые оценки, отмены уроков и домашние задания придут, даже когда страница закрыта.',
  },
  en: {
    checking: 'Checking whether this browser can show notifications…',
    unsupported:
      'This browser cannot receive notifications from websites. Open the page in Chrome, Firefox, Edge or Safari to turn them on.',
    'install-first':
      'On an iPhone or iPad only a page added to the Home Screen receives notifications. In Safari tap Share → Add to Home Screen, open the page from its icon and turn notifications on there.',
    'gateway-off': 'Phone notifications are turned off on the diary server. Its administrator can turn them on.',
    denied:
      'The browser blocks notifications for this page. To allow them: tap the icon left of the address (a lock or “Site settings”) → Notifications → Allow, then press “Turn on notifications” again. On Android it is also in the phone’s settings: Apps → your browser → Notifications.',
    dismissed:
      'The browser’s question about notifications was closed. Press “Turn on notifications” again and choose Allow.',
    'push-failed':
      'The browser’s push service did not answer, so notifications are not on. They need the internet and the browser maker’s push service (Google, Apple, Mozilla). Try again later or in another browser.',
    'register-failed': (message: string) => `The diary server did not take the subscription: ${message}`,
    off: 'Notifications are off on this device.',
    on: (label: string | null) =>
      label
        ? `Notifications are on on this device (“${label}”): new marks, cancelled lessons and homework arrive even when the page is closed.`
        : 'Notifications are on on this device: new marks, cancelled lessons and homework arrive even when the page is closed.',
  },
};

/** What to tell the family about `state`. */
export function pushStateText(state: PushState, language: Language): string {
  const text = TEXT[language];
  switch (state.kind) {
    case 'register-failed':
      return text['register-failed'](state.message);
    case 'on':
      return text.on(state.label);
    default:
      return text[state.kind];
  }
}

/** Whether `state` is a problem the family should notice (shown as an alert, not a calm line). */
export function isPushProblem(state: PushState): boolean {
  return state.kind === 'denied' || state.kind === 'push-failed' || state.kind === 'register-failed';
}

/** Whether «Включить уведомления» may be offered in `state` (the browser can, and they are not on). */
export function canTurnOn(state: PushState): boolean {
  return ['off', 'denied', 'dismissed', 'push-failed', 'register-failed'].includes(state.kind);
}
