/** The options the Dnevnik.ru adapter is created with, and their check (`validated`). */
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import { checkedTimeZone } from '../../src/domain/time-zones.js';
import type { DriftSink } from '../../src/upstream/tolerant-decode.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import { DEFAULT_DNEVNIK_BASE_URL } from './endpoints.js';

/** Host of Dnevnik.ru's login page (`/oauth2`), the start of the browser sign-in (providers.md §8.3). */
export const DEFAULT_DNEVNIK_LOGIN_BASE_URL = 'https://login.dnevnik.ru';

/**
 * What the browser sign-in asks for: the profile, the contacts, the relatives (a parent's children) and
 * the school data (marks, timetable, homework). Scope names as providers.md §1.2 lists them.
 */
export const DEFAULT_DNEVNIK_SCOPE = 'CommonInfo,ContactInfo,FriendsAndRelatives,EducationalInfo';

/** Options of {@link createDnevnikAdapter}. */
export interface DnevnikAdapterOptions {
  /** How requests reach Dnevnik.ru: undici in production, `fetch` under nock in unit tests. */
  transport: HttpTransport;
  /** API host of the tenant (white labels: `https://api.kundelik.kz`, `https://api.emaktab.uz`). @default "https://api.dnevnik.ru" */
  baseUrl?: string;
  /**
   * Host of the tenant's login page, where the browser sign-in sends the parent (white labels:
   * `https://login.kundelik.kz`, `https://login.emaktab.uz`). @default "https://login.dnevnik.ru"
   */
  loginBaseUrl?: string;
  /** OAuth scopes the browser sign-in asks for, comma-separated. @default DEFAULT_DNEVNIK_SCOPE */
  scope?: string;
  /**
   * Whether the browser sign-in sends a PKCE challenge (S256) and the code exchange its verifier.
   * Dnevnik.ru does not document PKCE, so it is off unless a tenant is known to take it. @default false
   */
  pkce?: boolean;
  /**
   * OAuth client id: needed to refresh expired tokens, to exchange sign-in codes and for the browser
   * sign-in. Give both or neither.
   */
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

/** The options as the adapter uses them: checked, with their defaults. */
export interface ValidatedDnevnikOptions {
  baseUrl: string;
  loginBaseUrl: string;
  /** Comma-separated, without spaces. */
  scope: string;
  pkce: boolean;
  defaultTimeZone: string;
}

/** More scopes than Dnevnik.ru has (providers.md §1.2 lists 13): a longer list is a configuration mistake. */
const MAX_SCOPES = 32;
const MAX_SCOPE_NAME = 64;

/** `CommonInfo, EducationalInfo` → `CommonInfo,EducationalInfo`; scope names are ASCII letters only. */
function checkedScope(scope: string): string {
  const names = scope.split(',', MAX_SCOPES + 1).map((name) => name.trim());
  const wellFormed =
    names.length <= MAX_SCOPES &&
    names.every((name) => name.length > 0 && name.length <= MAX_SCOPE_NAME && /^[A-Za-z]+$/.test(name));
  // The value is not echoed: a misplaced secret may have landed in the wrong variable.
  if (!wellFormed) {
    throw new TypeError(
      `createDnevnikAdapter: scope must be a comma-separated list of at most ${MAX_SCOPES} scope names (letters only).`,
    );
  }
  return names.join(',');
}

/** An absolute http(s) URL, or a `TypeError` naming the option (a URL may carry credentials: no value is echoed). */
function checkedUrl(value: string, option: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new TypeError(`createDnevnikAdapter: ${option} must be an absolute http(s) URL.`);
  }
  return value;
}

/** The options checked, with their defaults; messages name the option, never a value. */
export function validated(options: DnevnikAdapterOptions): ValidatedDnevnikOptions {
  const baseUrl = options.baseUrl ?? DEFAULT_DNEVNIK_BASE_URL;
  // The value is not echoed: a base URL may carry credentials (`https://user:pass@host`).
  if (!URL.canParse(baseUrl)) throw new TypeError('createDnevnikAdapter: baseUrl must be an absolute URL.');
  const loginBaseUrl = checkedUrl(options.loginBaseUrl ?? DEFAULT_DNEVNIK_LOGIN_BASE_URL, 'loginBaseUrl');
  if (!options.clientId !== !options.clientSecret) {
    throw new TypeError('createDnevnikAdapter: clientId and clientSecret go together; give both or neither.');
  }
  const defaultTimeZone = checkedTimeZone(
    options.defaultTimeZone ?? 'Europe/Moscow',
    'createDnevnikAdapter: defaultTimeZone',
  );
  return {
    baseUrl,
    loginBaseUrl,
    scope: checkedScope(options.scope ?? DEFAULT_DNEVNIK_SCOPE),
    pkce: options.pkce ?? false,
    defaultTimeZone,
  };
}
