/**
 * The life of an Eljur access token. `auth` issues a token for about three months (providers.md §2.2);
 * an account that stores its login and password is signed in again a week before the token lapses, or
 * when there is none, and once more if a data method refuses the token. Each sign-in happens at most once
 * per GraphQL request (through `scope.once`), and the new token is handed to `onCredentialsRefreshed` so
 * the store keeps it. An account linked through Eljur's redirect sign-in holds a token and no password: it
 * is used until Eljur refuses it, and then the refusal stands as `PROVIDER_AUTH_FAILED` (the account needs
 * a new link), never a sign-in attempt without a password.
 */
import type { ProviderAccount, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import { ProviderAuthError } from '../../src/errors/gateway-error.js';
import { authenticate, type EljurEndpoint } from './client.js';
import { ELJUR, readEljurDateTime, textOrNull } from './normalize-common.js';

/** Credentials of a linked Eljur account, as stored (every value a string). */
export interface EljurCredentials {
  login?: string;
  password?: string;
  /** The account's school, when it differs from the tenant's default vendor. */
  vendor?: string;
  /** `auth_token`. */
  token?: string;
  /** When the token lapses, ISO 8601 with offset. */
  tokenExpiresAt?: string;
}

/** A token is renewed this long before it lapses (when a password is stored). */
export const TOKEN_RENEWAL_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The Eljur fields of stored credentials; blank values count as absent. */
export function readCredentials(credentials: ProviderCredentials): EljurCredentials {
  const read: EljurCredentials = {};
  for (const field of ['login', 'password', 'vendor', 'token', 'tokenExpiresAt'] as const) {
    const value = textOrNull(credentials[field]);
    if (value !== null) read[field] = value;
  }
  return read;
}

/** True when the account can sign in by itself. */
export function canSignIn(
  credentials: EljurCredentials,
): credentials is EljurCredentials & { login: string; password: string } {
  return credentials.login !== undefined && credentials.password !== undefined;
}

/**
 * True when the stored token should be replaced before use: there is none, or it lapses within
 * {@link TOKEN_RENEWAL_WINDOW_MS}. A token without a known expiry is used until Eljur refuses it.
 */
export function tokenNeedsRenewal(credentials: EljurCredentials, now: Date): boolean {
  if (credentials.token === undefined) return true;
  const expiresAt = credentials.tokenExpiresAt === undefined ? Number.NaN : Date.parse(credentials.tokenExpiresAt);
  return !Number.isNaN(expiresAt) && expiresAt - now.getTime() < TOKEN_RENEWAL_WINDOW_MS;
}

/** A fresh sign-in: the token and its expiry (`null` when Eljur's `expires` was missing or unreadable). */
export interface EljurSignIn {
  token: string;
  tokenExpiresAt: string | null;
}

/** Signs in with login and password; `expires` (school-local, no offset) is read in `timeZone`. */
export async function signIn(
  endpoint: EljurEndpoint,
  login: string,
  password: string,
  timeZone: string,
): Promise<EljurSignIn> {
  const answer = await authenticate(endpoint, login, password);
  return { token: answer.token, tokenExpiresAt: readEljurDateTime(answer.expires, timeZone) };
}

/** Stored credentials with a new token; a stale expiry is dropped when the new one is unknown. */
export function credentialsWithToken(credentials: ProviderCredentials, signedIn: EljurSignIn): ProviderCredentials {
  const { tokenExpiresAt: _stale, ...rest } = credentials;
  return signedIn.tokenExpiresAt === null
    ? { ...rest, token: signedIn.token }
    : { ...rest, token: signedIn.token, tokenExpiresAt: signedIn.tokenExpiresAt };
}

/** The token a request uses, and whether it was issued during this request. */
export interface EljurSession {
  token: string;
  fresh: boolean;
}

/** What the sessions need from the adapter. */
export interface SessionOptions {
  endpointFor(account: ProviderAccount, scope: UpstreamScope): EljurEndpoint;
  timeZone: string;
  now: () => Date;
  /** Given the new credentials and those they were renewed from (the store writes them only over those). */
  onCredentialsRefreshed?:
    | ((accountId: string, credentials: ProviderCredentials, renewedFrom: ProviderCredentials) => Promise<void>)
    | undefined;
}

/** Per-request tokens of Eljur accounts. */
export interface EljurSessions {
  /** The token to use: the stored one, or a new one when it is missing or about to lapse. */
  current(account: ProviderAccount, scope: UpstreamScope): Promise<EljurSession>;
  /** A new token after Eljur refused the current one (one sign-in per request, shared by every caller). */
  renewed(account: ProviderAccount, scope: UpstreamScope): Promise<EljurSession>;
}

/** Creates the sessions of an adapter. */
export function createSessions(options: SessionOptions): EljurSessions {
  async function signInAgain(account: ProviderAccount, scope: UpstreamScope): Promise<EljurSession> {
    const credentials = readCredentials(account.credentials);
    if (!canSignIn(credentials)) throw new ProviderAuthError(ELJUR, 'no password is stored to sign in again');
    const signedIn = await signIn(
      options.endpointFor(account, scope),
      credentials.login,
      credentials.password,
      options.timeZone,
    );
    try {
      await options.onCredentialsRefreshed?.(
        account.id,
        credentialsWithToken(account.credentials, signedIn),
        account.credentials,
      );
    } catch {
      // Keeping the token is best effort: it still serves this request, and without it the next request
      // simply signs in again. A failing store must not fail a parent's request.
    }
    return { token: signedIn.token, fresh: true };
  }

  return {
    current(account, scope) {
      return scope.once(`${account.id}:eljur:session`, async () => {
        const credentials = readCredentials(account.credentials);
        const renew = tokenNeedsRenewal(credentials, options.now());
        if (credentials.token !== undefined && (!renew || !canSignIn(credentials)))
          return { token: credentials.token, fresh: false };
        if (!canSignIn(credentials))
          throw new ProviderAuthError(ELJUR, 'no access token or password is stored for this account');
        return signInAgain(account, scope);
      });
    },
    renewed(account, scope) {
      return scope.once(`${account.id}:eljur:session:renewed`, () => signInAgain(account, scope));
    },
  };
}
