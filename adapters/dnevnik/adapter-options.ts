/** The options the Dnevnik.ru adapter is created with, and their check (`validated`). */
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import { checkedTimeZone } from '../../src/domain/time-zones.js';
import type { DriftSink } from '../../src/upstream/tolerant-decode.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import { DEFAULT_DNEVNIK_BASE_URL } from './endpoints.js';

/** Options of {@link createDnevnikAdapter}. */
export interface DnevnikAdapterOptions {
  /** How requests reach Dnevnik.ru: undici in production, `fetch` under nock in unit tests. */
  transport: HttpTransport;
  /** API host of the tenant (white labels: `https://api.kundelik.kz`, `https://api.emaktab.uz`). @default "https://api.dnevnik.ru" */
  baseUrl?: string;
  /** OAuth client id: needed to refresh expired tokens (and to exchange sign-in codes). Give both or neither. */
  clientId?: string;
  /** OAuth client secret; never logged or put in a message. */
  clientSecret?: string;
  /**
   * Called once per refresh with the account's new credentials `{ accessToken, refreshToken }`, to store
   * them (the old refresh token may no longer work). Should not throw; if it does, the call fails with
   * `INTERNAL_SERVER_ERROR`.
   */
  onCredentialsRefreshed?: (
    accountId: string,
    credentials: ProviderCredentials,
    refreshedFrom: ProviderCredentials,
  ) => Promise<void>;
  /** IANA zone of a school whose `timeZone` the API does not give. @default "Europe/Moscow" */
  defaultTimeZone?: string;
  /** The clock, for "today" (the current period, averages up to today). @default () => new Date() */
  now?: () => Date;
  /**
   * Told once per upstream answer of each part left out because its shape drifted (and of an answer that
   * could not be read at all): the gateway counts and logs these. Should not throw. @default none
   */
  onSchemaDrift?: DriftSink;
}

/** The options checked, with their defaults; messages name the option, never a value. */
export function validated(options: DnevnikAdapterOptions): { baseUrl: string; defaultTimeZone: string } {
  const baseUrl = options.baseUrl ?? DEFAULT_DNEVNIK_BASE_URL;
  // The value is not echoed: a base URL may carry credentials (`https://user:pass@host`).
  if (!URL.canParse(baseUrl)) throw new TypeError('createDnevnikAdapter: baseUrl must be an absolute URL.');
  if (!options.clientId !== !options.clientSecret) {
    throw new TypeError('createDnevnikAdapter: clientId and clientSecret go together; give both or neither.');
  }
  const defaultTimeZone = checkedTimeZone(
    options.defaultTimeZone ?? 'Europe/Moscow',
    'createDnevnikAdapter: defaultTimeZone',
  );
  return { baseUrl, defaultTimeZone };
}
