/**
 * Dnevnik.ru's browser sign-in (OAuth 2 authorization code, providers.md §1.2 and §8.3): the gateway sends
 * the parent to `{loginBaseUrl}/oauth2`, the parent signs in on Dnevnik.ru's own page (password, or
 * «Войти через Госуслуги» there), allows the gateway's client, and Dnevnik.ru redirects back with
 * `?code=…&state=…` (or `?error=…`). The code is exchanged by `signIn` (`linking.ts`).
 *
 * The redirect back is read liberally (a repeated parameter: the first wins; surrounding whitespace is
 * dropped), and strictly bounded: nothing longer than a code can be, or holding characters a code cannot
 * hold, is taken for one.
 */
import type { LinkCredentials } from '../../src/domain/adapter.js';
import type { AuthorizationRequest, BrowserSignIn, BrowserSignInResult } from '../../src/domain/browser-sign-in.js';
import { loggableProviderCode } from '../../src/upstream/provider-code.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import { routeUrl } from './endpoints.js';
import { DNEVNIK } from './normalize.js';

/** What the sign-in needs from the adapter's options (checked by `validated`). */
export interface DnevnikSignInSettings {
  loginBaseUrl: string;
  clientId: string;
  /** Comma-separated scopes. */
  scope: string;
  /** Whether to send a PKCE challenge (S256) and, on exchange, its verifier. */
  pkce: boolean;
}

/** The longest code taken from a redirect (the link input's own limit, `LINK_INPUT_LIMITS.code`). */
export const MAX_CALLBACK_CODE = 4096;

const REFUSED_UNREADABLE: BrowserSignInResult = Object.freeze({
  kind: 'refused',
  reason: 'UNREADABLE',
  providerCode: null,
});

/** A query value, trimmed; `null` when absent or blank. A repeated parameter: the first value wins. */
function first(query: URLSearchParams, name: string): string | null {
  return query.get(name)?.trim() || null;
}

function checkedRequest(request: AuthorizationRequest, pkce: boolean): void {
  // The request is the gateway's own: a bad one is a programming error, named without its values.
  if (!URL.canParse(request.redirectUri) || !/^https?:$/.test(new URL(request.redirectUri).protocol)) {
    throw new TypeError('Dnevnik.ru sign-in: redirectUri must be an absolute http(s) URL.');
  }
  if (!isVisibleAscii(request.state)) throw new TypeError('Dnevnik.ru sign-in: state must be visible ASCII.');
  if (pkce && !/^[\w-]{43}$/.test(request.codeChallenge)) {
    throw new TypeError('Dnevnik.ru sign-in: codeChallenge must be an S256 challenge (43 base64url characters).');
  }
}

/** Reads the query of Dnevnik.ru's redirect back to the gateway. */
function readCallback(query: URLSearchParams, pkce: boolean): BrowserSignInResult {
  // An error wins over a code: an answer that says both is not one to link with.
  const error = first(query, 'error');
  if (error !== null) {
    const providerCode = loggableProviderCode(error);
    const denied = providerCode?.toLowerCase() === 'access_denied';
    return { kind: 'refused', reason: denied ? 'DENIED' : 'MISCONFIGURED', providerCode };
  }
  const code = first(query, 'code');
  if (code === null || code.length > MAX_CALLBACK_CODE || !isVisibleAscii(code)) return REFUSED_UNREADABLE;
  return {
    kind: 'code',
    linkCredentials: ({ redirectUri, codeVerifier }): LinkCredentials => ({
      provider: DNEVNIK,
      code,
      redirectUri,
      ...(pkce ? { codeVerifier } : {}),
    }),
  };
}

/**
 * The browser sign-in of a Dnevnik.ru-platform tenant. Give it only with an OAuth client: without one
 * the code could not be exchanged.
 *
 * @example
 * const signIn = dnevnikBrowserSignIn({ loginBaseUrl: 'https://login.dnevnik.ru', clientId: 'id', scope: 'CommonInfo', pkce: false });
 * signIn.authorizationUrl({ redirectUri: 'https://gw.example/link/dnevnik/callback', state: 's', codeChallenge: '' });
 * // 'https://login.dnevnik.ru/oauth2?response_type=code&client_id=id&scope=CommonInfo&redirect_uri=…&state=s'
 */
export function dnevnikBrowserSignIn(settings: DnevnikSignInSettings): BrowserSignIn {
  return {
    usesPkce: settings.pkce,
    needsVendor: false,
    authorizationUrl(request) {
      checkedRequest(request, settings.pkce);
      const query: Record<string, string> = {
        response_type: 'code',
        client_id: settings.clientId,
        scope: settings.scope,
        redirect_uri: request.redirectUri,
        state: request.state,
      };
      if (settings.pkce) {
        query.code_challenge = request.codeChallenge;
        query.code_challenge_method = 'S256';
      }
      return routeUrl(settings.loginBaseUrl, '/oauth2', query).href;
    },
    readCallback: (query) => readCallback(query, settings.pkce),
  };
}
