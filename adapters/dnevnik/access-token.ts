/**
 * The token endpoint, `POST /v2/authorizations` (providers.md §1.2): exchanging an authorization code
 * for tokens (`grant_type=AuthorizationCode`, used when a parent links an account) and refreshing an
 * expired access token (`grant_type=RefreshToken`). The form carries `client_id`/`client_secret`, and the
 * same pair goes as HTTP Basic too, as Yandex's Dnevnik.ru provider sends it on refresh.
 *
 * Neither a token nor the client secret ever reaches a URL, a message or a cause.
 */
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import { ProviderAuthError, ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import type { HttpTransport, UpstreamResponse } from '../../src/upstream/transport.js';
import { DEFAULT_DNEVNIK_BASE_URL, routePath, routeUrl } from './endpoints.js';
import { decodeDnevnikAnswer, dnevnikStatusError, dnevnikTransportError } from './errors.js';
import { tokenSchema } from './payloads.js';

const DNEVNIK = 'DNEVNIK' as const;

/** Statuses with which the token endpoint refuses a grant (providers.md §1.2: 401 on a bad refresh token, 403 on a bad client). */
const REFUSALS: ReadonlySet<number> = new Set([400, 401, 403]);

/** Where the token endpoint is and who the gateway is to it. */
export interface DnevnikTokenEndpoint {
  transport: HttpTransport;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  signal?: AbortSignal | undefined;
}

/** Credentials of a Dnevnik.ru account: `{ accessToken, refreshToken? }`. */
export interface DnevnikCredentials {
  accessToken: string;
  refreshToken?: string;
}

type Grant =
  | { grant_type: 'RefreshToken'; refreshToken: string }
  | { grant_type: 'AuthorizationCode'; code: string; redirect_uri?: string; code_verifier?: string };

function basicAuthorization(endpoint: DnevnikTokenEndpoint): string {
  return `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`, 'utf8').toString('base64')}`;
}

/**
 * Posts one grant. Refusals (400, 401, 403, a refusing error type) are `PROVIDER_AUTH_FAILED`: the
 * parent must sign in again. An outage answers as any other route does (`PROVIDER_UNAVAILABLE`), since
 * the account itself may be fine.
 */
async function postGrant(endpoint: DnevnikTokenEndpoint, grant: Grant): Promise<DnevnikCredentials> {
  const form = new URLSearchParams({ ...grant, client_id: endpoint.clientId, client_secret: endpoint.clientSecret });
  let response: UpstreamResponse;
  try {
    response = await endpoint.transport({
      method: 'POST',
      url: routeUrl(endpoint.baseUrl, routePath('authorizations')),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        Authorization: basicAuthorization(endpoint),
      },
      body: form.toString(),
      signal: endpoint.signal,
    });
  } catch (error) {
    throw dnevnikTransportError(error);
  }
  if (REFUSALS.has(response.status)) {
    // On the token endpoint these mean the grant itself was refused (unknown code, spent refresh token,
    // unknown client), whatever the body says; the answer's details stay in the cause.
    const refused = dnevnikStatusError('authorizations', response);
    throw new ProviderAuthError(DNEVNIK, `authorizations: HTTP ${response.status}, the grant was refused`, {
      cause: refused.cause,
      upstreamStatus: response.status,
    });
  }
  // Decoded strictly (credentials): it reads whole or fails, so it carries no drift.
  const token = decodeDnevnikAnswer('authorizations', response, tokenSchema).value;
  // The access token goes into the `Access-Token` header of every later call: one a header cannot carry
  // is a broken answer, refused here rather than stored (the refresh token only ever goes in a form body).
  if (!isVisibleAscii(token.accessToken)) {
    throw new ProviderBadResponseError(
      DNEVNIK,
      'authorizations: the access token holds characters a header cannot carry',
      {
        upstreamStatus: response.status,
      },
    );
  }
  return token.refreshToken
    ? { accessToken: token.accessToken, refreshToken: token.refreshToken }
    : { accessToken: token.accessToken };
}

/** Trades a refresh token for new tokens. A server that does not rotate refresh tokens leaves the old one in place. */
export async function refreshDnevnikToken(
  endpoint: DnevnikTokenEndpoint,
  refreshToken: string,
): Promise<DnevnikCredentials> {
  const fresh = await postGrant(endpoint, { grant_type: 'RefreshToken', refreshToken });
  return { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken ?? refreshToken };
}

/** Options of {@link exchangeDnevnikCode}: the adapter's own options do. */
export interface DnevnikCodeExchangeOptions {
  transport: HttpTransport;
  /** @default "https://api.dnevnik.ru" */
  baseUrl?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * Exchanges the authorization code Dnevnik.ru's login page returned (`response_type=code`) for the
 * account's credentials, to be stored with the linked account. `redirectUri` is the one the login page
 * was opened with, or `undefined` when it was opened without one; `codeVerifier` is the PKCE verifier of
 * the attempt, when the login page was opened with a challenge (sent as the `code_verifier` form field).
 *
 * @throws {ProviderAuthError} when no client id/secret is configured or the code is refused.
 * @example
 * ```ts
 * const credentials = await exchangeDnevnikCode({ transport, clientId, clientSecret }, code, 'https://gateway.example/dnevnik/callback');
 * // { accessToken: '…', refreshToken: '…' }
 * ```
 */
export async function exchangeDnevnikCode(
  options: DnevnikCodeExchangeOptions,
  code: string,
  redirectUri: string | undefined,
  details: { signal?: AbortSignal | undefined; codeVerifier?: string | undefined } = {},
): Promise<ProviderCredentials> {
  if (!options.clientId || !options.clientSecret) {
    throw new ProviderAuthError(
      DNEVNIK,
      'no OAuth client id and secret are configured for Dnevnik.ru, so a sign-in code cannot be exchanged',
    );
  }
  const endpoint: DnevnikTokenEndpoint = {
    transport: options.transport,
    baseUrl: options.baseUrl ?? DEFAULT_DNEVNIK_BASE_URL,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    signal: details.signal,
  };
  // `redirect_uri` and `code_verifier` go only when the login page was opened with them: OAuth servers
  // compare the first with the authorize one and check the second against the challenge.
  const grant: Grant = { grant_type: 'AuthorizationCode', code };
  if (redirectUri !== undefined) grant.redirect_uri = redirectUri;
  if (details.codeVerifier !== undefined) grant.code_verifier = details.codeVerifier;
  const credentials = await postGrant(endpoint, grant);
  return { ...credentials };
}
