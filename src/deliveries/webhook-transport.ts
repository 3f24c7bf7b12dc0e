/**
 * Webhooks as a delivery transport: one signed `POST` per change (docs/webhooks.md). Through undici (the
 * gateway's HTTP client already): its own `Agent`, so receivers never share the diaries' connection pools,
 * with a `lookup` that resolves the receiver's name, refuses it unless every address is public (policy
 * `public`) and hands the connection exactly the address it checked: the name is resolved once per
 * connection and the socket goes to that address, with the URL's host as SNI and `Host`, so a name that
 * resolves elsewhere a moment later (DNS rebinding) changes nothing. Redirects are never followed (undici's
 * `request` does not); an answer's body is read up to 64 KiB and thrown away.
 *
 * Outcomes: 2xx delivered; 410 gone (the receiver says the webhook is no more); anything else, a timeout,
 * or a refused address: tried again later (429 and 503 no sooner than their `Retry-After`).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { ListedChange } from '../domain/changes.js';
import type { DeliveryOutcome, DeliveryTarget, DeliveryTransport } from './ports.js';
import { failureClass, policedAgent, type ResolveAll } from './outbound.js';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-address-policy.js';
import { renderWebhookBody, WEBHOOK_BODY_VERSION } from './webhook-body.js';
import { signWebhookBody } from './webhook-signature.js';

/** A webhook as the transport needs it: where, and the secret it signs with (opened for this delivery only). */
export interface WebhookTarget extends DeliveryTarget {
  url: string;
  secret: string;
}

/** Options of {@link createWebhookTransport}. */
export interface WebhookTransportOptions {
  policy: WebhookUrlPolicy;
  /** Unix time source for the signature's timestamp. */
  now: () => number;
  /** @default dns.lookup with `all: true` */
  resolve?: ResolveAll;
  /** Cut a connection attempt after this long. @default 5 s */
  connectTimeoutMs?: number;
}

/** The most of an answer's body read (and thrown away), so a receiver cannot make the gateway read forever. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The webhook transport, with the agent it owns (close it on shutdown). */
export interface WebhookTransport extends DeliveryTransport<WebhookTarget> {
  close(): Promise<void>;
}

/** Creates the webhook transport. */
export function createWebhookTransport(options: WebhookTransportOptions): WebhookTransport {
  const connectTimeout = options.connectTimeoutMs ?? 5_000;
  const agent = policedAgent({ policy: options.policy, resolve: options.resolve, connectTimeoutMs: connectTimeout });

  let closing: Promise<void> | null = null;

  const deliverOne = async (
    target: WebhookTarget,
    change: ListedChange,
    signal: AbortSignal,
  ): Promise<DeliveryOutcome> => {
    // The URL is checked again here: the policy may have changed since it was registered, and an IP
    // literal is connected to without a lookup.
    const checked = checkWebhookUrl(target.url, options.policy);
    if ('refused' in checked) return { kind: 'retry', reason: 'address_refused' };
    const body = renderWebhookBody(change);
    const timestamp = Math.floor(options.now() / 1000);
    try {
      const answer = await request(checked.url, {
        method: 'POST',
        dispatcher: agent,
        signal,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'diary-gateway-webhooks/1',
          'idempotency-key': change.id,
          'webhook-id': change.id,
          'webhook-delivery': randomUUID(),
          'webhook-timestamp': String(timestamp),
          'webhook-version': String(WEBHOOK_BODY_VERSION),
          'webhook-signature': signWebhookBody(target.secret, timestamp, body),
        },
      });
      await answer.body.dump({ limit: MAX_ANSWER_BYTES }).catch(() => {});
      return outcomeOf(answer.statusCode, answer.headers['retry-after']);
    } catch (error) {
      return { kind: 'retry', reason: failureClass(error, signal) };
    }
  };

  return {
    name: 'webhook',
    maxBatch: 1,
    async deliver(target, changes, signal) {
      // One POST per change: the engine hands one at a time (`maxBatch`), in order.
      let outcome: DeliveryOutcome = { kind: 'delivered' };
      for (const change of changes) {
        outcome = await deliverOne(target, change, signal);
        if (outcome.kind !== 'delivered') return outcome;
      }
      return outcome;
    },
    // Once: a gateway may be closed twice (a restart, then the test's teardown).
    close: () => (closing ??= agent.close()),
  };
}

/** What a receiver's status means. */
export function outcomeOf(status: number, retryAfter?: string | string[]): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) return { kind: 'gone', reason: 'http_410', status };
  const afterMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : undefined;
  return { kind: 'retry', reason: `http_${status}`, status, ...(afterMs === undefined ? {} : { afterMs }) };
}

/** `Retry-After` in seconds (a date is ignored), at most an hour. */
function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Math.min(Number(value) * 1000, 3_600_000);
}
