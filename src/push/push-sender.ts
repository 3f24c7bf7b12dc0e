/**
 * Sending one notification to one browser through its push service (RFC 8030), encrypted for that browser
 * (RFC 8291, `aes128gcm`) and signed with the gateway's VAPID key (RFC 8292). The `web-push` library builds
 * the request — it is the reference implementation of those RFCs, kept by the people who wrote them at
 * Mozilla and Google — and undici sends it, so the gateway's own timeouts, redirect rule and outbound
 * address policy apply as to every other call it makes.
 */
import { request, type Dispatcher } from 'undici';
import webPush from 'web-push';
import type { VapidKeyPair } from '../config/web-push.js';
import type { PushMessage } from './push-message.js';
import type { PushTarget } from './push-registrations.js';

/** How one send ended. */
export type PushSendOutcome =
  | { kind: 'delivered' }
  /**
   * Transient (the push service is busy or down, the network failed): send the same again later. `error`
   * is the network failure, for its class (never shown: it may name an address).
   */
  | { kind: 'retry'; reason: string; afterMs?: number; error?: unknown }
  /** The subscription is no more (unsubscribed, expired, made with another key): forget it. */
  | { kind: 'gone'; reason: string };

/** What sending needs. */
export interface PushSenderOptions {
  vapidKeys: VapidKeyPair;
  /** `VAPID_SUBJECT`: `mailto:…` or an https URL. */
  subject: string;
  /** The longest wait for the push service's answer. */
  timeoutMs: number;
  /** The connection pool (and its address policy); undici's global one when absent. */
  dispatcher?: Dispatcher;
}

/**
 * How long a push service keeps a notification for a browser that is offline: a day. A phone off for
 * longer gets the changes from the feed when the page opens; a day-old "new mark" on its own is noise.
 */
export const PUSH_TIME_TO_LIVE_S = 86_400;

/** Sends `message` to `target`; never throws for what the push service or the network did. */
export async function sendPush(
  target: PushTarget,
  message: PushMessage,
  options: PushSenderOptions,
  signal?: AbortSignal,
): Promise<PushSendOutcome> {
  const details = webPush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(message),
    {
      vapidDetails: { subject: options.subject, ...options.vapidKeys },
      TTL: PUSH_TIME_TO_LIVE_S,
      contentEncoding: 'aes128gcm',
      urgency: 'normal',
    },
  );
  try {
    const response = await request(details.endpoint, {
      method: 'POST',
      headers: details.headers as Record<string, string>,
      body: details.body ?? undefined,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)])
        : AbortSignal.timeout(options.timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    // The answer's body says nothing the status does not: a few KiB are read and dropped so the connection
    // can be reused, and a push service sending more gets its connection closed.
    await response.body.dump({ limit: 4096 });
    return outcomeOf(response.statusCode, response.headers['retry-after']);
  } catch (error) {
    return { kind: 'retry', reason: 'network', error };
  }
}

/** What a push service's status means for the subscription. */
export function outcomeOf(status: number, retryAfter?: string | string[]): PushSendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  // 404/410: unsubscribed or expired (RFC 8030 §7.3); 403: the subscription was made with another VAPID key.
  if (status === 404 || status === 410 || status === 403) return { kind: 'gone', reason: `http_${status}` };
  const afterMs = retryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  return { kind: 'retry', reason: `http_${status}`, ...(afterMs === null ? {} : { afterMs }) };
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds from now; `null` when absent or unreadable. */
function retryAfterMs(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
