/**
 * The МЭШ platform's browser sign-in for linking (`BrowserSignIn`, src/domain/browser-sign-in.ts): where to
 * send the parent's browser, and how to read what the platform sends back. Two kinds of tenant:
 *
 * - Moscow: login.mos.ru (СУДИР, Blitz Identity Provider) with the gateway's registered client and PKCE,
 *   `GET {loginBaseUrl}/sps/oauth/ae?...` (providers.md §8.1 B.3); «Войти через Госуслуги» is a choice on
 *   mos.ru's own page, so it ends in the same code.
 * - A regional node («Моя школа»): `GET {authBaseUrl}/v3/auth/esia/login?redirect_url=&state=`, which sends
 *   the parent to Gosuslugi and back with `?code=&state=` (§8.2). No client, no PKCE; the node wants the
 *   `state` again with the code.
 *
 * The option types mirror `MosRuSignIn` and `RegionalMeshSignIn` of src/tenants/tenant.ts field for field:
 * adapters may not import src/tenants, so the shapes are declared here and stay structurally identical.
 */
import type { LinkCredentials } from '../../src/domain/adapter.js';
import type {
  AuthorizationRequest,
  BrowserSignIn,
  BrowserSignInRefusal,
  BrowserSignInResult,
} from '../../src/domain/browser-sign-in.js';
import { loggableProviderCode, MAX_PROVIDER_CODE_LENGTH } from '../../src/upstream/provider-code.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import { routeUrl } from './client.js';
import { MESH_SIGN_IN_PATHS } from './endpoints.js';

/** Sign-in through login.mos.ru (Moscow): the shape of `MosRuSignIn` in src/tenants/tenant.ts. */
export interface MosRuSignInOptions {
  kind: 'mos-ru';
  /** `https://login.mos.ru` */
  loginBaseUrl: string;
  /** The client registered with СУДИР; `null` turns the flow off. */
  clientId: string | null;
  /** Its secret (never printed); `null` turns the flow off. */
  clientSecret: string | null;
  /** Space-separated scopes. */
  scope: string;
}

/** Sign-in on a regional МЭШ node: the shape of `RegionalMeshSignIn` in src/tenants/tenant.ts. */
export interface RegionalSignInOptions {
  kind: 'regional';
  /** The node's auth host, e.g. `https://authedu.mosreg.ru`. */
  authBaseUrl: string;
}

/** How parents of the adapter's tenant sign in for linking. */
export type MeshSignInOptions = MosRuSignInOptions | RegionalSignInOptions;

/**
 * Longest values read from the platform's redirect. The code and state limits are the ones linking applies
 * to what a parent hands in (src/accounts/credential-shape.ts); an OAuth error code is a short word.
 */
export const MESH_CALLBACK_LIMITS = Object.freeze({ code: 4096, state: 512, providerCode: MAX_PROVIDER_CODE_LENGTH });

/** A query value, present and non-blank, or `null`. `get` returns the first of repeated parameters. */
function queryValue(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  return value === null || value.trim() === '' ? null : value;
}

/** A value the platform issued (a code, a state): visible ASCII within `max` characters, else `null`. */
function issuedValue(value: string | null, max: number): string | null {
  return value !== null && value.length <= max && isVisibleAscii(value) ? value : null;
}

function refused(reason: BrowserSignInRefusal, providerCode: string | null): BrowserSignInResult {
  return { kind: 'refused', reason, providerCode: providerCode === null ? null : loggableProviderCode(providerCode) };
}

/**
 * Reads the platform's redirect back. An `error` wins over a `code` sent beside it: a platform that says it
 * failed is believed, and nothing is linked on a half-refusal. `access_denied` is the parent's «Отмена»;
 * any other error means the gateway's set-up (client, redirect URI) is wrong.
 */
function readCallback(kind: MeshSignInOptions['kind'], query: URLSearchParams): BrowserSignInResult {
  const error = queryValue(query, 'error');
  if (error !== null) return refused(error === 'access_denied' ? 'DENIED' : 'MISCONFIGURED', error);
  const code = issuedValue(queryValue(query, 'code'), MESH_CALLBACK_LIMITS.code);
  if (code === null) return refused('UNREADABLE', null);
  if (kind === 'mos-ru') {
    return {
      kind: 'code',
      linkCredentials: ({ redirectUri, codeVerifier }): LinkCredentials => ({
        provider: 'MESH',
        code,
        redirectUri,
        codeVerifier,
      }),
    };
  }
  // A regional node wants the state back with the code; without a usable one the code cannot be exchanged.
  const state = issuedValue(queryValue(query, 'state'), MESH_CALLBACK_LIMITS.state);
  if (state === null) return refused('UNREADABLE', null);
  return {
    kind: 'code',
    // No PKCE on regional nodes: the attempt has no verifier to pass on.
    linkCredentials: ({ redirectUri }): LinkCredentials => ({ provider: 'MESH', code, redirectUri, state }),
  };
}

function mosRuSignIn(options: MosRuSignInOptions, clientId: string): BrowserSignIn {
  return {
    usesPkce: true,
    needsVendor: false,
    authorizationUrl: (request: AuthorizationRequest) =>
      routeUrl(options.loginBaseUrl, MESH_SIGN_IN_PATHS.mosRuAuthorize, {
        response_type: 'code',
        client_id: clientId,
        scope: options.scope,
        access_type: 'offline',
        redirect_uri: request.redirectUri,
        state: request.state,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
        // Ask for the password even when the browser holds a mos.ru session: the parent chooses which
        // account to link, not whoever signed in to mos.ru last on this device.
        prompt: 'login',
      }).toString(),
    readCallback: (query) => readCallback('mos-ru', query),
  };
}

function regionalSignIn(options: RegionalSignInOptions): BrowserSignIn {
  return {
    usesPkce: false,
    needsVendor: false,
    authorizationUrl: (request: AuthorizationRequest) =>
      routeUrl(options.authBaseUrl, MESH_SIGN_IN_PATHS.regionalLogin, {
        redirect_url: request.redirectUri,
        state: request.state,
      }).toString(),
    readCallback: (query) => readCallback('regional', query),
  };
}

/**
 * The tenant's browser sign-in, or `undefined` when it has none: no sign-in configured, or mos.ru without
 * a registered client (id and secret), whose codes the gateway could not exchange.
 *
 * @example
 * ```ts
 * const signIn = meshBrowserSignIn({ kind: 'regional', authBaseUrl: 'https://authedu.mosreg.ru' });
 * signIn?.authorizationUrl({ redirectUri: 'https://gw.example/link/mesh/callback', state: 's', codeChallenge: '' });
 * // 'https://authedu.mosreg.ru/v3/auth/esia/login?redirect_url=https%3A%2F%2Fgw.example%2Flink%2Fmesh%2Fcallback&state=s'
 * ```
 */
export function meshBrowserSignIn(options: MeshSignInOptions | null | undefined): BrowserSignIn | undefined {
  if (!options) return undefined;
  if (options.kind === 'regional') return regionalSignIn(options);
  return options.clientId && options.clientSecret ? mosRuSignIn(options, options.clientId) : undefined;
}
