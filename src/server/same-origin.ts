/**
 * Cross-site request refusal for the edge's own state-changing routes (`POST /auth/logout`, and any
 * POST/PUT/PATCH/DELETE added later outside `/graphql`). `SameSite=Lax` already keeps the session cookie
 * off cross-site POSTs, but only in browsers that implement it and only for that cookie; checking where
 * the request came from does not depend on either.
 *
 * What a browser sends decides:
 * - `Sec-Fetch-Site` (set by the browser itself, never by a page): `same-origin` and `none` (typed by the
 *   person) pass; `same-site` (a sibling subdomain) and `cross-site` are refused;
 * - else `Origin`: it must be the gateway's own (`PUBLIC_URL`'s origin when configured, else the host the
 *   request was sent to); `Origin: null` (sandboxed frames, some redirects) is refused;
 * - neither: not a browser acting for a page (current browsers send `Origin` on every POST), so the
 *   request passes: API clients send a bearer token, which no page can attach to a cross-site request.
 *
 * Not checked: a web app's origin listed in `CORS_ORIGINS`, on the API paths (`cors.ts`): the operator
 * vouched for it, and it must be able to sign out (`POST /auth/logout`). Every other origin is judged
 * here as before.
 *
 * `/graphql` is not checked here: Apollo's CSRF prevention refuses requests a page could send without a
 * preflight. The demo issuer's routes (`/demo/issuer/…`) are not either: oidc-provider's POST endpoints
 * authenticate the client (token, revocation, introspection) or carry the authorization request's own
 * `state`, and its sign-in page's POSTs need the interaction cookie together with the unguessable
 * interaction id in the path.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Methods that never change anything; everything else is checked. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether `method` may change state (and so needs {@link isCrossSiteRequest} checked). */
export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * True when a browser sent this request on behalf of another site.
 * @param publicOrigin the gateway's origin as browsers see it (`PUBLIC_URL`), or `null` to compare the
 *   `Origin` with the `Host` the request was sent to.
 */
export function isCrossSiteRequest(headers: IncomingHttpHeaders, publicOrigin: string | null): boolean {
  const fetchSite = single(headers['sec-fetch-site'])?.trim().toLowerCase();
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = single(headers.origin)?.trim();
  if (origin === undefined || origin === '') return false;
  if (origin === 'null') return true;
  let sent: URL;
  try {
    sent = new URL(origin);
  } catch {
    return true; // not an origin a browser would send
  }
  if (publicOrigin !== null) return sent.origin !== publicOrigin;
  // Without PUBLIC_URL the gateway does not know its scheme (TLS may end at a proxy); the host is what a
  // page on another site cannot fake, since the browser sets `Host` from the URL it sends to.
  const host = single(headers.host)?.trim().toLowerCase();
  return host === undefined || sent.host !== host;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
