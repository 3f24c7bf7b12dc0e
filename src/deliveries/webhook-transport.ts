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
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import type { ListedChange } from '../domain/changes.js';
import type { DeliveryOutcome, DeliveryTarget, DeliveryTransport } from './ports.js';
import { checkWebhookUrl, isPublicAddress, type WebhookUrlPolicy } from './webhook-address-policy.js';
import { renderWebhookBody, WEBHOOK_BODY_VERSION } from './webhook-body.js';
import { signWebhookBody } from './webhook-signature.js';

/** A webhook as the transport needs it: where, and the secret it signs with (opened for this delivery only). */
export interface WebhookTarget extends DeliveryTarget {
  url: string;
  secret: string;
}

/** How names are resolved: `dns.lookup`'s shape with `all: true` (tests hand in their own). */
export type ResolveAll = (
  hostname: string,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

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

/** Why an address was refused: a code the transport turns into the `address_refused` outcome. */
const ADDRESS_REFUSED = 'WEBHOOK_ADDRESS_REFUSED';

const defaultResolve: ResolveAll = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * A `lookup` for `net.connect` that resolves every address of the name and (with `policy` `public`) refuses
 * the name unless all are public; the socket then connects to the address(es) handed back, which are
 * exactly those checked.
 */
export function checkedLookup(resolve: ResolveAll, policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = policy === 'public' && addresses.some((entry) => !isPublicAddress(entry.address));
      if (addresses.length === 0 || refused) {
        const denial = Object.assign(new Error('the receiver resolves to an address webhooks may not reach'), {
          code: ADDRESS_REFUSED,
        });
        return callback(denial, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The webhook transport, with the agent it owns (close it on shutdown). */
export interface WebhookTransport extends DeliveryTransport<WebhookTarget> {
  close(): Promise<void>;
}

/** Creates the webhook transport. */
export function createWebhookTransport(options: WebhookTransportOptions): WebhookTransport {
  const connectTimeout = options.connectTimeoutMs ?? 5_000;
  const agent = new Agent({
    connect: {
      timeout: connectTimeout,
      lookup: checkedLookup(options.resolve ?? defaultResolve, options.policy),
    },
    // A receiver's connection is kept a short while for the next change, never long (they are many).
    keepAliveTimeout: 4_000,
    connections: 2,
  });

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

/** A failure's class for the attempt log: never its message (it may name an address). */
function failureClass(error: unknown, signal: AbortSignal): string {
  const code = (error as { code?: unknown }).code;
  if (signal.aborted) return 'timeout';
  if (code === ADDRESS_REFUSED || (error as { cause?: { code?: unknown } }).cause?.code === ADDRESS_REFUSED)
    return 'address_refused';
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout';
    case 'ECONNREFUSED':
      return 'connection_refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection_reset';
    default:
      return typeof code === 'string' && code.startsWith('ERR_TLS') ? 'tls' : 'network';
  }
}
