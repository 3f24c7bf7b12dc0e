/**
 * Calls the gateway makes to addresses its users gave (webhook receivers, browsers' push services): an
 * undici `Agent` of their own, so they never share the diaries' connection pools, whose `lookup` resolves
 * the name, refuses it unless every address is public (policy `public`) and hands the connection exactly
 * the address it checked — the name is resolved once per connection and the socket goes to that address,
 * with the URL's host as SNI and `Host`, so a name that resolves elsewhere a moment later (DNS rebinding)
 * changes nothing. Also the class of a failure, for attempt logs that must never show its message.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { isPublicAddress, type WebhookUrlPolicy } from './webhook-address-policy.js';

/** How names are resolved: `dns.lookup`'s shape with `all: true` (tests hand in their own). */
export type ResolveAll = (
  hostname: string,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

/** Why an address was refused: a code the transport turns into the `address_refused` outcome. */
export const ADDRESS_REFUSED = 'WEBHOOK_ADDRESS_REFUSED';

/** The system resolver, every address of the name. */
export const defaultResolve: ResolveAll = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

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

/** Options of {@link policedAgent}. */
export interface PolicedAgentOptions {
  policy: WebhookUrlPolicy;
  /** @default dns.lookup with `all: true` */
  resolve?: ResolveAll;
  /** Cut a connection attempt after this long. @default 5 s */
  connectTimeoutMs?: number;
}

/** An agent for users' addresses: checked lookups, short keep-alive, two connections per origin. */
export function policedAgent(options: PolicedAgentOptions): Agent {
  return new Agent({
    connect: {
      timeout: options.connectTimeoutMs ?? 5_000,
      lookup: checkedLookup(options.resolve ?? defaultResolve, options.policy),
    },
    // A receiver's connection is kept a short while for the next change, never long (they are many).
    keepAliveTimeout: 4_000,
    connections: 2,
  });
}

/** A failure's class for the attempt log: never its message (it may name an address). */
export function failureClass(error: unknown, signal: AbortSignal): string {
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
