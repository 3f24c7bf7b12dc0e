/**
 * CORS for web apps on origins of their own (`CORS_ORIGINS`, issue 14): which origins a browser may let
 * read the gateway's answers, with credentials, and the preflights that ask.
 *
 * Only the API paths ({@link CORS_PATHS}) take part. `/link*`, `/auth/login` and `/auth/callback` are
 * top-level navigations (a browser never asks them for CORS), and `/metrics`, `/readyz` and the demo
 * issuer are not a web app's business (oidc-provider answers its own CORS).
 *
 * - A listed origin gets `Access-Control-Allow-Origin: <origin>` and `-Allow-Credentials: true` on every
 *   answer, and its preflight the allowed methods, headers and a max-age. Credentials are granted to each
 *   listed origin by name, never to `*` (the configuration refuses it).
 * - Any other origin gets no CORS header at all, so its browser keeps the answer from the page; its
 *   preflight is answered 204 without allow headers, which the browser takes as a refusal.
 * - Every answer on these paths carries `Vary: Origin`, since it depends on the `Origin` it was asked from.
 *
 * A preflight carries no credentials and changes nothing, so it is answered first: before the cross-site
 * check (which would have nothing to check) and before any rate limit or store lookup.
 *
 * The header work is the `cors` package's (a small, widely used implementation that works on bare
 * `node:http` requests as `cors(options)(req, res, next)`), so the gateway does not keep its own copy of
 * the rules for reflecting an origin, merging `Vary` and ending a preflight.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import { addVary } from './http-replies.js';

/** The paths a web app on a listed origin calls: GraphQL, the session probe, sign-out, and the demo's helpers. */
export const CORS_PATHS: ReadonlySet<string> = new Set([
  '/graphql',
  '/auth/session',
  '/auth/logout',
  '/demo/token',
  '/demo/accounts',
]);

/** Request headers a web app may send: Apollo Client's (its CSRF-prevention ones included) and the language. */
const ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name',
  'Accept-Language',
  'X-Request-Id',
];
/** Seconds a browser may reuse a preflight's answer: short, so removing an origin takes effect soon. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The CORS side of the HTTP edge; `null` from {@link createCorsEdge} when no origin is listed. */
export interface CorsEdge {
  /**
   * Adds the CORS headers of a request to a {@link CORS_PATHS} path, and answers it when it is a preflight.
   * @returns `true` when the request has been answered (a preflight), `false` when the edge goes on.
   */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  /** Whether the request comes from a listed origin to a {@link CORS_PATHS} path (it passes the cross-site check). */
  trusts(headers: IncomingHttpHeaders, path: string): boolean;
}

/**
 * The CORS edge for `origins` (as `parseCorsOrigins` returns them: exactly as browsers send `Origin`), or
 * `null` when there are none: the edge then behaves as before CORS existed.
 */
export function createCorsEdge(origins: readonly string[]): CorsEdge | null {
  if (origins.length === 0) return null;
  const listed: ReadonlySet<string> = new Set(origins);
  const isListed = (headers: IncomingHttpHeaders) => {
    const origin = headers.origin;
    return typeof origin === 'string' && listed.has(origin);
  };
  const middleware = cors({
    // Called with the request's `Origin`: the listed origin itself (reflected), else `false`, which makes
    // `cors` add nothing at all; a list here would still add the credentials and preflight headers.
    origin: (origin, decide) => decide(null, origin !== undefined && listed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    // `Retry-After` lets an app wait out a 429 or 503, `X-Request-Id` names the request in a support ticket;
    // nothing secret is ever in a header.
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  return {
    handle(req, res, path) {
      if (!CORS_PATHS.has(path)) return false;
      const preflight = isPreflight(req);
      // A plain `OPTIONS` asks nothing of CORS: the route answers it as before.
      if (!preflight && req.method?.toUpperCase() === 'OPTIONS') return false;
      // Before `cors` runs: it ends a listed origin's preflight, after which no header can be added.
      addVary(res, 'Origin');
      let passedOn = false;
      // `cors` decides synchronously: when it returns it has either answered a listed origin's preflight or
      // called `next` (every other request, an unlisted origin's preflight included).
      middleware(req, res, () => {
        passedOn = true;
      });
      if (!preflight) return false;
      if (passedOn) {
        // An unlisted origin's preflight, answered without allow headers: the browser refuses the request
        // it asked about, which is then never sent.
        res.statusCode = 204;
        res.setHeader('Content-Length', '0');
        res.end();
      }
      return true;
    },
    trusts: (headers, path) => CORS_PATHS.has(path) && isListed(headers),
  };
}

/** A CORS preflight: `OPTIONS` asking, with `Access-Control-Request-Method`, whether a request may follow. */
function isPreflight(req: IncomingMessage): boolean {
  return req.method?.toUpperCase() === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}
