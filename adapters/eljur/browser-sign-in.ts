/**
 * Eljur's own redirect sign-in for partner apps (providers.md §8.4): the gateway sends the parent's browser
 * to the sign-in page Eljur gave the integrator, with the developer key, the school (vendor), the gateway's
 * callback and the attempt's `state`; the parent signs in there (a password or Gosuslugi) and Eljur sends
 * the browser back with `?token=…&state=…`. That token is linked as it is (`{ provider: 'ELJUR', token, vendor }`).
 *
 * The page's address and its parameters are not public: `devkey`, `vendor`, `redirect_uri` and `state` are
 * what the gateway assumes (eljur.ru/api describes the flow, not its URL). Eljur's redirect may not echo the
 * vendor, so the school is the one the parent chose when the attempt started, never one the query names.
 */
import type { AuthorizationRequest, BrowserSignIn, BrowserSignInResult } from '../../src/domain/browser-sign-in.js';
import { BadUserInputError } from '../../src/errors/gateway-error.js';
import { loggableProviderCode } from '../../src/upstream/provider-code.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import type { EljurAdapterOptions } from './adapter-options.js';
import { checkedVendor, ELJUR_LINK_LIMITS } from './linking.js';
import { ELJUR } from './normalize.js';

/** The redirect's token when it can be one: within the limit and visible ASCII; `null` otherwise. */
function readableToken(value: string | null): string | null {
  const token = value?.trim() ?? '';
  return token.length <= ELJUR_LINK_LIMITS.token && isVisibleAscii(token) ? token : null;
}

/**
 * Reads Eljur's redirect to the gateway's callback. An `error` wins over a token (as in OAuth); the token is
 * read from `token` (or `auth_token`, should Eljur name it as its API does). Repeated parameters: the first counts.
 */
export function readEljurCallback(query: URLSearchParams, defaultVendor?: string | null): BrowserSignInResult {
  const error = query.get('error');
  if (error !== null) {
    const providerCode = loggableProviderCode(error.trim());
    return { kind: 'refused', reason: providerCode === 'access_denied' ? 'DENIED' : 'MISCONFIGURED', providerCode };
  }
  const raw = query.get('token') ?? query.get('auth_token');
  if (raw === null) return { kind: 'refused', reason: 'UNREADABLE', providerCode: null };
  const token = readableToken(raw);
  if (token === null) return { kind: 'refused', reason: 'UNREADABLE', providerCode: null };
  return {
    kind: 'code',
    // An empty vendor (no choice and no default) is refused by `signIn` as BAD_USER_INPUT naming `vendor`.
    linkCredentials: ({ vendor }) => ({ provider: ELJUR, token, vendor: vendor ?? defaultVendor ?? '' }),
  };
}

/** The address of Eljur's sign-in page for one attempt: the configured page with the four parameters set. */
export function eljurAuthorizationUrl(
  signInUrl: string,
  devkey: string,
  defaultVendor: string | null | undefined,
  request: AuthorizationRequest,
): string {
  const vendor = request.vendor ?? defaultVendor;
  if (vendor == null) throw new BadUserInputError('Choose the school (vendor) to sign in to Eljur with.', 'vendor');
  // `set`, not `append`: a query the page already has is kept, and ours replace any of the same names.
  const url = new URL(signInUrl);
  url.searchParams.set('devkey', devkey);
  url.searchParams.set('vendor', checkedVendor(vendor));
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('state', request.state);
  return url.toString();
}

/** The adapter's `browserSignIn`, when the tenant has Eljur's redirect sign-in page; `undefined` otherwise. */
export function eljurBrowserSignIn(options: EljurAdapterOptions): BrowserSignIn | undefined {
  const signInUrl = options.redirectSignInUrl;
  if (signInUrl == null) return undefined;
  return {
    // The page takes no PKCE challenge (none is described) and serves one school at a time.
    usesPkce: false,
    needsVendor: true,
    authorizationUrl: (request) => eljurAuthorizationUrl(signInUrl, options.devkey, options.vendor, request),
    readCallback: (query) => readEljurCallback(query, options.vendor),
  };
}
