/**
 * What notifications on this device need, as pure logic (test/web/device-push-support.test.ts): whether the
 * browser can receive Web Push at all (and on an iPhone, whether the page must be installed first), a name
 * for this device the family recognises, the gateway's key as bytes for `PushManager.subscribe`, and the
 * browser's subscription as the gateway's `PushSubscriptionInput`, bounded as the schema says.
 */
import type { PushSubscriptionInput } from '@diary-gateway/client';
import type { Language } from '../i18n.js';

/** What the browser offers for notifications. */
export interface PushEnvironment {
  readonly hasServiceWorker: boolean;
  readonly hasPushManager: boolean;
  readonly hasNotification: boolean;
  readonly userAgent: string;
  /** The page runs installed (from the home screen): `display-mode: standalone` or iOS's `navigator.standalone`. */
  readonly standalone: boolean;
}

/** Whether notifications can be turned on here. */
export type PushSupport = 'supported' | 'install-first' | 'unsupported';

const APPLE_MOBILE = /\b(?:iPhone|iPad|iPod)\b/;

/** Whether `userAgent` is an iPhone's or an iPad's (an iPad may say «Macintosh» with touch: not told apart here). */
export function isAppleMobile(userAgent: string): boolean {
  return APPLE_MOBILE.test(userAgent);
}

/**
 * Whether notifications can be turned on: all of service workers, `PushManager` and `Notification` are
 * needed. Safari on an iPhone or iPad offers them only to a page added to the home screen (iOS 16.4 and
 * later), so there a missing piece outside the installed page means «install first».
 */
export function pushSupportOf(environment: PushEnvironment): PushSupport {
  if (environment.hasServiceWorker && environment.hasPushManager && environment.hasNotification) return 'supported';
  return isAppleMobile(environment.userAgent) && !environment.standalone ? 'install-first' : 'unsupported';
}

const SYSTEMS: readonly [RegExp, string][] = [
  [/\b(?:iPhone|iPod)\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'Mac'],
  [/\bCrOS\b/, 'Chromebook'],
  [/\bLinux\b/, 'Linux'],
];

// Order matters: Edge, Opera and Yandex say «Chrome» too, Chrome says «Safari».
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bYaBrowser\//, 'Яндекс Браузер'],
  [/\bOPR\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(?:Headless)?Chrome\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

const firstMatch = (table: readonly [RegExp, string][], text: string) =>
  table.find(([pattern]) => pattern.test(text))?.[1] ?? null;

/** The most characters of a label (`PushSubscriptionInput.label`). */
export const MAX_LABEL_LENGTH = 60;

/** A name for this device from its browser's user agent: «Android, Chrome»; «Это устройство» when unknown. */
export function defaultDeviceLabel(userAgent: string, language: Language): string {
  const parts = [firstMatch(SYSTEMS, userAgent), firstMatch(BROWSERS, userAgent)].filter((part) => part !== null);
  if (parts.length > 0) return parts.join(', ');
  return language === 'ru' ? 'Это устройство' : 'This device';
}

/** The label the family typed, trimmed and cut to {@link MAX_LABEL_LENGTH}; `fallback` when empty. */
export function deviceLabel(typed: string, fallback: string): string {
  const trimmed = typed.trim().replace(/\s+/g, ' ');
  return (trimmed === '' ? fallback : trimmed).slice(0, MAX_LABEL_LENGTH);
}

/**
 * The gateway's key (base64url, no padding) as bytes: what `PushManager.subscribe` takes everywhere (some
 * browsers refuse the string form).
 * @throws Error when `key` is not base64url.
 */
export function applicationServerKeyOf(key: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error('the gateway’s Web Push key is not base64url');
  const base64 = key.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (key.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** What `PushSubscription.toJSON()` gives. */
export interface SubscriptionJson {
  readonly endpoint?: string | null;
  readonly keys?: Readonly<Record<string, string>> | null;
}

/**
 * The browser's subscription as the gateway takes it; `null` when the browser gave no endpoint or keys
 * (then there is nothing the gateway could send to).
 */
export function subscriptionInputOf(json: SubscriptionJson, label: string): PushSubscriptionInput | null {
  const endpoint = json.endpoint ?? '';
  const p256dh = json.keys?.p256dh ?? '';
  const auth = json.keys?.auth ?? '';
  if (endpoint === '' || p256dh === '' || auth === '') return null;
  return { endpoint, p256dh, auth, label: deviceLabel(label, '') || null };
}
