/**
 * Exchanging the one-time code of a browser sign-in for a МЭШ token (providers.md §8.1 B.7–8, §8.2):
 *
 * - Moscow: `POST login.mos.ru/sps/oauth/te` (HTTP Basic client authentication, form `grant_type=authorization_code,
 *   code, redirect_uri, code_verifier`) gives a mos.ru token; `POST school.mos.ru/v3/auth/sudir/auth` trades it
 *   for the МЭШ token.
 * - A regional node: `GET {auth}/v3/auth/token?code&state` gives the МЭШ token directly.
 *
 * These calls go to other hosts than the data routes but through the same transport (its limits, breakers
 * and timeouts). A refusal of the code is `PROVIDER_AUTH_FAILED`; an outage answers as any other route does.
 * No code, verifier, secret or token ever reaches a URL we log, a message or a cause.
 */
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import { ProviderAuthError, ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import { isSuccessStatus } from '../../src/upstream/decode-answer.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../../src/upstream/transport.js';
import { routeUrl } from './client.js';
import { MESH_SIGN_IN_PATHS } from './endpoints.js';
import { decodeMeshAnswer, meshTransportError, MeshUpstreamAnswer, type MeshRoute } from './errors.js';
import { mosRuTokenSchema, regionalTokenOf, regionalTokenSchema, sudirAuthSchema } from './payloads-sign-in.js';

const MESH = 'MESH' as const;

/** How an exchange reaches the platform. */
export interface ExchangeContext {
  transport: HttpTransport;
  signal?: AbortSignal | undefined;
}

/** login.mos.ru and the gateway's client registered there. */
export interface MosRuEndpoint {
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** school.mos.ru, where `/v3/auth/sudir/auth` lives. */
  schoolBaseUrl: string;
}

/** A Moscow code with what login.mos.ru checks it against. */
export interface MosRuGrant {
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

/** A regional code with the state it was issued with. */
export interface RegionalGrant {
  code: string;
  state: string;
}

async function send(context: ExchangeContext, request: Omit<UpstreamRequest, 'signal'>): Promise<UpstreamResponse> {
  try {
    return await context.transport({ ...request, signal: context.signal });
  } catch (error) {
    throw meshTransportError(error);
  }
}

/**
 * A 4xx that refuses the grant itself (a spent, expired or foreign code, a wrong verifier, a client the
 * server does not know). 408 and 429 say "not now", not "no", and are left to the usual mapping.
 */
function isRefusal(status: number): boolean {
  return status >= 400 && status <= 499 && status !== 408 && status !== 429;
}

/**
 * The OAuth `error` of a JSON body (`invalid_grant`), when it has one and none of `tokenFields`; never its
 * description. An error code of an unexpected spelling is named as such rather than quoted.
 */
function oauthErrorOf(body: string, tokenFields: readonly string[]): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return null;
  if (tokenFields.some((field) => field in parsed)) return null;
  const { error } = parsed;
  return typeof error === 'string' && /^[\w.-]{1,64}$/.test(error) ? error : 'an unrecognised error';
}

function refusedGrant(route: MeshRoute, response: UpstreamResponse, oauthError: string | null): ProviderAuthError {
  const what = oauthError === null ? 'a refusal' : `the OAuth error ${oauthError}`;
  return new ProviderAuthError(MESH, `${route}: HTTP ${response.status}, the sign-in code was refused`, {
    cause: new MeshUpstreamAnswer(route, response, what),
    upstreamStatus: response.status,
  });
}

/**
 * Refuses an answer that turns the grant down: a refusing 4xx, or a 2xx carrying an OAuth `error` and no
 * token (some servers answer errors with 200).
 */
function rejectRefusal(route: MeshRoute, response: UpstreamResponse, tokenFields: readonly string[]): void {
  const oauthError = oauthErrorOf(response.body, tokenFields);
  if (isRefusal(response.status)) throw refusedGrant(route, response, oauthError);
  if (isSuccessStatus(response.status) && oauthError !== null) throw refusedGrant(route, response, oauthError);
}

/** The МЭШ token of an answer, checked: every data call carries it in a header. */
function headerSafeToken(route: MeshRoute, token: string, status: number): string {
  if (!isVisibleAscii(token)) {
    throw new ProviderBadResponseError(MESH, `${route}: the token holds characters a header cannot carry`, {
      upstreamStatus: status,
    });
  }
  return token;
}

function basicAuthorization(endpoint: MosRuEndpoint): string {
  return `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`, 'utf8').toString('base64')}`;
}

/** `POST /sps/oauth/te`: the code for a mos.ru access token. */
async function mosRuAccessToken(context: ExchangeContext, endpoint: MosRuEndpoint, grant: MosRuGrant): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  });
  const response = await send(context, {
    method: 'POST',
    url: routeUrl(endpoint.loginBaseUrl, MESH_SIGN_IN_PATHS.mosRuToken),
    headers: {
      Authorization: basicAuthorization(endpoint),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: form.toString(),
  });
  rejectRefusal('sps/oauth/te', response, ['access_token']);
  return decodeMeshAnswer('sps/oauth/te', response, mosRuTokenSchema).value.access_token;
}

/**
 * Exchanges a Moscow code: login.mos.ru's token, then school.mos.ru's МЭШ token. Only the МЭШ access token
 * is kept (`{ token }`, what every МЭШ account stores); the refresh tokens are not, as the adapter has no
 * refresh path yet.
 */
export async function exchangeMosRuCode(
  context: ExchangeContext,
  endpoint: MosRuEndpoint,
  grant: MosRuGrant,
): Promise<ProviderCredentials> {
  const mosAccessToken = await mosRuAccessToken(context, endpoint, grant);
  const response = await send(context, {
    method: 'POST',
    url: routeUrl(endpoint.schoolBaseUrl, MESH_SIGN_IN_PATHS.sudirAuth),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ user_authentication_for_mobile_request: { mos_access_token: mosAccessToken } }),
  });
  // Not a refusal of the code: a 401/403 here is school.mos.ru refusing the mos.ru token, mapped as МЭШ
  // refusals always are (PROVIDER_AUTH_FAILED), and a 400 is a request the gateway built wrong.
  const answer = decodeMeshAnswer('sudir/auth', response, sudirAuthSchema).value;
  const token = answer.user_authentication_for_mobile_response.mesh_access_token;
  return { token: headerSafeToken('sudir/auth', token, response.status) };
}

/** Exchanges a regional node's code (with its state) for the МЭШ token. */
export async function exchangeRegionalCode(
  context: ExchangeContext,
  authBaseUrl: string,
  grant: RegionalGrant,
): Promise<ProviderCredentials> {
  const response = await send(context, {
    method: 'GET',
    url: routeUrl(authBaseUrl, MESH_SIGN_IN_PATHS.regionalToken, { code: grant.code, state: grant.state }),
    headers: { Accept: 'application/json' },
  });
  rejectRefusal('auth/token', response, ['token', 'access_token', 'mesh_access_token']);
  const token = regionalTokenOf(decodeMeshAnswer('auth/token', response, regionalTokenSchema).value);
  if (token === null) {
    throw new ProviderBadResponseError(MESH, 'auth/token: the answer carries no token', {
      cause: new MeshUpstreamAnswer('auth/token', response, 'an answer without a token'),
      upstreamStatus: response.status,
    });
  }
  return { token: headerSafeToken('auth/token', token, response.status) };
}
