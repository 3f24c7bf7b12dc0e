/**
 * Where a browser enters the simulated sign-in:
 *
 * - mos.ru: `GET /sps/oauth/ae?response_type=code&client_id&scope&redirect_uri&state&code_challenge&code_challenge_method=S256…`
 *   (providers.md §8.1 B.3). An unknown client or an unregistered redirect URI gets an error page and no
 *   redirect (an OAuth server never redirects to a URI it cannot trust); a wrong `response_type` or a
 *   missing S256 challenge goes back to the client with an OAuth error; otherwise the browser goes on to
 *   the password page, as login.mos.ru's `ae` does.
 * - A regional node: `GET /v3/auth/esia/login?redirect_url&state` (§8.2): an unregistered `redirect_url` or
 *   a missing `state` gets an error page; otherwise the browser goes on to Gosuslugi.
 */
import { redirect } from '../../simulation/replies.js';
import { backToClient, type SignInStep } from './sign-in-flow.js';
import { signInErrorPage, SIGN_IN_PAGE_PATHS, SIGN_IN_TEXTS } from './sign-in-pages.js';

/** Longest `state` taken back, as the gateway bounds it. */
const MAX_STATE_LENGTH = 512;
/** An S256 challenge: 32 bytes of SHA-256 in unpadded base64url. */
const S256_CHALLENGE = /^[\w-]{43}$/;

/** The query value, unless it is missing or blank. */
function present(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  return value === null || value.trim() === '' ? null : value;
}

/** `GET /sps/oauth/ae`: login.mos.ru's authorize endpoint. */
export const authorizeMosRu: SignInStep = (context, { query }) => {
  if (query.get('client_id') !== context.client.id) return signInErrorPage(400, SIGN_IN_TEXTS.unknownClient);
  const redirectUri = query.get('redirect_uri');
  if (redirectUri === null || !context.redirectUris.has(redirectUri))
    return signInErrorPage(400, SIGN_IN_TEXTS.unregisteredRedirect);
  const state = present(query, 'state');
  // A state too long to echo is refused without echoing it.
  if (state !== null && state.length > MAX_STATE_LENGTH)
    return backToClient({ redirectUri, state: null }, { error: 'invalid_request' });
  const back = { redirectUri, state };
  if (query.get('response_type') !== 'code') return backToClient(back, { error: 'unsupported_response_type' });
  const codeChallenge = query.get('code_challenge');
  if (query.get('code_challenge_method') !== 'S256' || codeChallenge === null || !S256_CHALLENGE.test(codeChallenge))
    return backToClient(back, { error: 'invalid_request' });
  const pending = context.book.open({ redirectUri, state, codeChallenge });
  return redirect(`${SIGN_IN_PAGE_PATHS.mosRuPassword}?${new URLSearchParams({ bo: pending.id }).toString()}`);
};

/** `GET /v3/auth/esia/login`: a regional node's Gosuslugi sign-in. */
export const authorizeRegional: SignInStep = (context, { query }) => {
  const redirectUri = query.get('redirect_url');
  if (redirectUri === null || !context.redirectUris.has(redirectUri))
    return signInErrorPage(400, SIGN_IN_TEXTS.unregisteredRedirect);
  const state = present(query, 'state');
  if (state === null || state.length > MAX_STATE_LENGTH) return signInErrorPage(400, SIGN_IN_TEXTS.missingState);
  const pending = context.book.open({ redirectUri, state, codeChallenge: null });
  return redirect(`${SIGN_IN_PAGE_PATHS.gosuslugi}?${new URLSearchParams({ bo: pending.id }).toString()}`);
};
