/**
 * Turning notifications on and off in this browser, in the order the platform asks for: the service worker
 * (`/sw.js`), the permission (asked only here, when the parent presses «Включить уведомления»), the
 * browser's push subscription made with the gateway's key, and the gateway told of it
 * (`registerPushSubscription`); off is the reverse. Each outcome is a {@link PushState} the section words.
 *
 * The gateway's id of this browser's subscription is kept in `localStorage`, to turn it off later.
 */
import {
  RegisterPushSubscriptionDocument,
  RemovePushSubscriptionDocument,
  type PushSubscriptionItemFragment,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import type { Language } from '../i18n.js';
import { failureText } from '../manage/manage-wording.js';
import { applicationServerKeyOf, pushSupportOf, subscriptionInputOf, type PushEnvironment } from './push-support.js';
import { remember, rememberedSubscription } from './push-memory.js';
import type { PushState } from './push-words.js';

/** The service worker's address; its scope is the whole page. */
export const SERVICE_WORKER_URL = '/sw.js';

/**
 * How long the browser's push service may take to give a subscription. Chromium without a reachable push
 * service refuses at once (`AbortError`), but a phone on a poor network can wait on it for minutes: past
 * this, the family is told it failed rather than left looking at «Включаем…».
 */
export const PUSH_SERVICE_TIMEOUT_MS = 20_000;

/** What this browser offers, read from the page's globals. */
export function browserPushEnvironment(): PushEnvironment {
  return {
    hasServiceWorker: 'serviceWorker' in navigator,
    hasPushManager: 'PushManager' in window,
    hasNotification: 'Notification' in window,
    userAgent: navigator.userAgent,
    standalone:
      window.matchMedia?.('(display-mode: standalone)').matches === true ||
      (navigator as { standalone?: boolean }).standalone === true,
  };
}

/** The browser's subscription on the page's service worker, if any (asks nothing of the family). */
async function browserSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Where notifications stand on this device now, without asking for anything: `webPushPublicKey` is the
 * gateway's key (`null`: off there).
 */
export async function currentPushState(webPushPublicKey: string | null): Promise<PushState> {
  const support = pushSupportOf(browserPushEnvironment());
  if (support !== 'supported') return { kind: support };
  if (webPushPublicKey === null) return { kind: 'gateway-off' };
  if (Notification.permission === 'denied') return { kind: 'denied' };
  const subscription = Notification.permission === 'granted' ? await browserSubscription() : null;
  const remembered = rememberedSubscription();
  return subscription && remembered ? { kind: 'on', label: remembered.label } : { kind: 'off' };
}

/** `promise`, or a rejection after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Whether `subscription` was made with `key` (a subscription is bound to the key it was made with). */
function madeWith(subscription: PushSubscription, key: Uint8Array): boolean {
  const own = subscription.options.applicationServerKey;
  if (!own) return false;
  const bytes = new Uint8Array(own);
  return bytes.length === key.length && bytes.every((byte, index) => byte === key[index]);
}

/** The browser's push subscription for `key`: the one it has, or a new one from its push service. */
async function subscribe(key: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' });
  const registration = await within(navigator.serviceWorker.ready, PUSH_SERVICE_TIMEOUT_MS);
  const existing = await registration.pushManager.getSubscription();
  if (existing && madeWith(existing, key)) return existing;
  // Made with another key (the gateway's pair changed): the push service would refuse the gateway's sends.
  await existing?.unsubscribe();
  return within(
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
    PUSH_SERVICE_TIMEOUT_MS,
  );
}

/**
 * Turns notifications on: asks for the permission (the only place the page does), subscribes with
 * `webPushPublicKey` and registers the subscription at the gateway as `label`.
 */
export async function turnOn(webPushPublicKey: string, label: string, language: Language): Promise<PushState> {
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return { kind: 'denied' };
  if (permission !== 'granted') return { kind: 'dismissed' };
  let subscription: PushSubscription;
  try {
    subscription = await subscribe(applicationServerKeyOf(webPushPublicKey));
  } catch {
    return { kind: 'push-failed' };
  }
  const input = subscriptionInputOf(subscription.toJSON(), label);
  if (!input) return { kind: 'push-failed' };
  let registered: PushSubscriptionItemFragment;
  try {
    registered = (await clientFor(language).request(RegisterPushSubscriptionDocument, { input })).data
      .registerPushSubscription;
  } catch (error) {
    // Not kept by the gateway: nothing would arrive, so the browser's subscription goes too.
    await subscription.unsubscribe().catch(() => undefined);
    return { kind: 'register-failed', message: failureText(error, language) };
  }
  remember({ id: registered.id, label: registered.label });
  return { kind: 'on', label: registered.label };
}

/**
 * Turns notifications off on this device: the gateway forgets the subscription, then the browser drops it.
 * @throws the client's error when the gateway could not be told (nothing is changed then).
 */
export async function turnOff(language: Language): Promise<PushState> {
  const remembered = rememberedSubscription();
  if (remembered) await clientFor(language).request(RemovePushSubscriptionDocument, { id: remembered.id });
  remember(null);
  await (await browserSubscription())?.unsubscribe();
  return { kind: 'off' };
}

/**
 * Turns notifications off on the device the gateway knows as `id` (this one or another).
 * @returns whether it was this device.
 */
export async function removeDevice(id: string, language: Language): Promise<boolean> {
  await clientFor(language).request(RemovePushSubscriptionDocument, { id });
  if (rememberedSubscription()?.id !== id) return false;
  remember(null);
  await (await browserSubscription())?.unsubscribe();
  return true;
}
