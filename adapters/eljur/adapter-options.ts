/**
 * The options the Eljur adapter is created with, checked once (`validOptions`), and the endpoint each
 * call goes to: the tenant's host and developer key with the account's vendor (`endpointOf`).
 */
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import { checkedTimeZone } from '../../src/domain/time-zones.js';
import { ProviderAuthError } from '../../src/errors/gateway-error.js';
import type { DriftSink } from '../../src/upstream/tolerant-decode.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import type { EljurEndpoint } from './client.js';

/** Options of {@link createEljurAdapter}. */
export interface EljurAdapterOptions {
  /** How requests reach Eljur: undici in production, `fetch` under nock in unit tests. */
  transport: HttpTransport;
  /** The tenant's host, e.g. `"https://api.eljur.ru"` or a regional one; the adapter appends `/apiv3/{method}`. */
  baseUrl: string;
  /** The developer key Eljur issued to this gateway. Sent in every query; never in messages. */
  devkey: string;
  /**
   * The tenant's default vendor (school subdomain), for accounts whose credentials carry none (those linked
   * before a tenant could serve several schools). A tenant serving several schools may leave it out: each
   * link then carries its own `vendor` (`null` says the same as leaving it out). @default none
   */
  vendor?: string | null | undefined;
  /**
   * Eljur's own redirect sign-in page for partners (it sends the browser back with `?token=&state=`), when
   * Eljur gave the integrator one; the adapter then offers `browserSignIn`. `null` or absent: no such flow.
   * @default null
   */
  redirectSignInUrl?: string | null | undefined;
  /** IANA zone of the tenant's schools: Eljur's naive times are read in it, and children get it. @default "Europe/Moscow" */
  timeZone?: string;
  /**
   * Called after the adapter signed an account in again, with the account's credentials carrying the new
   * `token` and `tokenExpiresAt`, so the store can keep them. A rejection is ignored: the token still
   * serves the request, and the next request signs in again. @default none (tokens are not kept)
   */
  onCredentialsRefreshed?: (
    accountId: string,
    credentials: ProviderCredentials,
    refreshedFrom: ProviderCredentials,
  ) => Promise<void>;
  /** The clock: token expiry and "today" (which period is current). @default () => new Date() */
  now?: () => Date;
  /**
   * Told once per upstream answer of each part left out because its shape drifted (and of an answer that
   * could not be read at all): the gateway counts and logs these. Should not throw. @default none
   */
  onSchemaDrift?: DriftSink;
}

const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** The options checked; messages name the option and `caller`, never a value. */
export function validOptions(options: EljurAdapterOptions, caller: string): { timeZone: string } {
  // Values are not echoed: a base URL may carry credentials, and the developer key is a secret.
  if (!URL.canParse(options.baseUrl)) throw new TypeError(`${caller}: baseUrl must be an absolute URL.`);
  if (options.devkey.trim() === '') throw new TypeError(`${caller}: devkey must not be empty.`);
  if (options.vendor?.trim() === '') throw new TypeError(`${caller}: vendor, when given, must not be empty.`);
  const signInUrl = options.redirectSignInUrl;
  if (signInUrl != null && !(URL.canParse(signInUrl) && /^https?:$/.test(new URL(signInUrl).protocol)))
    throw new TypeError(`${caller}: redirectSignInUrl must be an absolute http(s) URL.`);
  return { timeZone: checkedTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE, `${caller}: timeZone`) };
}

/**
 * Where and as whom a call goes: the tenant's endpoint with the account's `vendor` (or the tenant's default).
 * Throws `PROVIDER_AUTH_FAILED` when neither names a school: linking the account again with its school
 * chosen is what mends it.
 */
export function endpointOf(
  options: EljurAdapterOptions,
  vendor: string | undefined,
  signal: AbortSignal | undefined,
): EljurEndpoint {
  const school = vendor ?? options.vendor;
  if (school == null) throw new ProviderAuthError('ELJUR', 'no school (vendor) is known for this account');
  return {
    transport: options.transport,
    baseUrl: options.baseUrl,
    devkey: options.devkey,
    vendor: school,
    signal,
    onDrift: options.onSchemaDrift,
  };
}
