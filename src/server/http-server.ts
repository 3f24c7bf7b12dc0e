/**
 * The gateway's HTTP edge on `node:http`: health and readiness, metrics, the demo token, the offline IDE,
 * browser sign-in (`/auth/*`, and an embedded issuer — the demo's, under `/demo/issuer`), linking diaries from the
 * browser (`/link`, `src/linking`), calendar feeds (`/calendar/<token>.ics`, `calendar-feed-route.ts`), and GraphQL
 * through Apollo's
 * framework-neutral `executeHTTPGraphQLRequest` (no web framework needed for a handful of routes). The
 * limits that need no parsing live here, cheapest first:
 * 0. with `CORS_ORIGINS`, the CORS headers of the API paths, and their preflights answered (`cors.ts`);
 * 1. cross-site refusal of state-changing routes other than `/graphql` (403, see `same-origin.ts`), except
 *    from a listed web app's origin on an API path (a listed app must be able to sign out);
 * 2. the per-address allowance, taken before anything is looked up (429);
 * 3. authentication; a bearer the store does not know is checked at the issuer only after taking one
 *    request from the address's anonymous allowance, so a refused request never costs an issuer call;
 * 4. the per-session (per-user) allowance (429), then the body size (413);
 * 5. a kept answer is sent at once; an execution waits for its turn at the admission gate (`admission.ts`:
 *    503 `SERVER_BUSY` when the queue is full or the wait reaches the request deadline).
 *
 * A store that cannot be reached answers 503 `SERVICE_UNAVAILABLE` with `Retry-After`, never a 500. Logs
 * name the path only: query strings can hold a sign-in's `code` and `state`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH_PATHS, handleAuthRoute } from '../auth/oidc/routes.js';
import { authenticateRequest } from '../auth/sessions.js';
import { ForbiddenError, ServiceUnavailableError } from '../errors/gateway-error.js';
import { negotiateLanguage } from '../errors/language.js';
import { handleLinkRoute, isLinkPath } from '../linking/link-routes.js';
import { newRequestActivity, runInRequest } from '../logging/request-context.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { isFeedPath } from '../feeds/feed-tokens.js';
import { createEdgeAccessLog } from './access-log.js';
import { handleCalendarFeed } from './calendar-feed-route.js';
import { clientAddress } from './client-address.js';
import { createCorsEdge, type CorsEdge } from './cors.js';
import { FAMILY_PAGE_NOT_BUILT, sendFamilyPageFile } from './family-page.js';
import { handleGraphql } from './graphql-route.js';
import { REQUEST_ID_HEADER, requestIdOf, withRequestId } from './request-id.js';
import { loggablePath, pathOf } from './route-template.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import { refusalOf, send, sendGatewayError, sendJson, sendRateLimited } from './http-replies.js';
import { checkReadiness } from './readiness.js';
import { createRequestTracing } from './request-tracing.js';
import { changesState, isCrossSiteRequest } from './same-origin.js';

export type { HttpEdgeOptions } from './http-edge-options.js';

/** Creates the `node:http` request listener. */
export function createRequestListener(options: HttpEdgeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const cors = createCorsEdge(options.corsOrigins ?? []);
  const accessLog = createEdgeAccessLog(options);
  const traceRequest = createRequestTracing(options);
  return (req, res) => {
    const requestId = requestIdOf(req.headers);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // Shutting down: this answer is the connection's last, so a keep-alive client reconnects elsewhere
    // instead of finding the port closed under its next request (src/server/drain.ts).
    if (options.isAcceptingTraffic && !options.isAcceptingTraffic()) res.setHeader('connection', 'close');
    const activity = newRequestActivity();
    runInRequest({ requestId, activity }, () =>
      // In the request's SERVER span when tracing is on: everything it starts, its access-log line included,
      // belongs to the trace.
      traceRequest(req, res, requestId, () => {
        accessLog.watch(req, res, activity);
        serve(req, res, options, maxBodyBytes, cors);
      }),
    );
  };
}

/** Routes one request; answers what escapes the route (the store unavailable: 503; anything else: 500). */
function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
  cors: CorsEdge | null,
): void {
  route(req, res, options, maxBodyBytes, cors).catch((error: unknown) => {
    // The path only, never `req.url`: the callback's query holds the authorization code and state; and a
    // calendar feed's path as its template, never its token.
    const path = loggablePath(pathOf(req.url));
    if (error instanceof ServiceUnavailableError) {
      // Logged once per outage by the store wrapper; here only at debug, or an outage would flood the log.
      options.services.logger.debug({ path, code: error.code }, 'request refused: the store is unavailable');
      const headers = { 'retry-after': String(error.retryAfterSeconds), 'cache-control': 'no-store' };
      const language = negotiateLanguage(req.headers['accept-language']);
      if (!res.headersSent) return sendGatewayError(res, 503, error, options, headers, language);
      return res.destroy();
    }
    options.services.logger.error({ err: error, path }, 'request failed');
    options.metrics?.graphqlErrors.inc({ code: 'INTERNAL_SERVER_ERROR' });
    if (!res.headersSent)
      sendJson(res, 500, {
        errors: [{ message: 'Unexpected error.', extensions: withRequestId({ code: 'INTERNAL_SERVER_ERROR' }) }],
      });
    else res.destroy();
  });
}

/**
 * What the browser routes (sign-in under `/auth`, linking under `/link`) are served with: the services, and
 * `admit`, which takes the address's allowance and, for a step that starts a sign-in, its sign-in allowance.
 */
function browserRoute(options: HttpEdgeOptions, address: string) {
  const { store, now, logger } = options.services;
  const admit = async (signingIn: boolean) =>
    (await refusalOf(options.addressRateLimit, `address:${address}`)) ??
    (signingIn ? await refusalOf(options.signInRateLimit, `sign-in:${address}`) : null);
  return { store, now, logger, admit };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
  cors: CorsEdge | null,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const issuerPath = options.auth?.embeddedIssuerPath ?? null;
  const isEmbeddedIssuer = issuerPath !== null && (path === issuerPath || path.startsWith(`${issuerPath}/`));
  const address = clientAddress(req, options.trustedProxyHops ?? 0);

  // A preflight is answered here, before anything that could cost a lookup: it carries no credentials.
  if (cors?.handle(req, res, path)) return;
  const checksOrigin =
    changesState(method) && path !== '/graphql' && !isEmbeddedIssuer && !cors?.trusts(req.headers, path);
  if (checksOrigin && isCrossSiteRequest(req.headers, options.publicOrigin?.() ?? null)) {
    const refusal = {
      error: { message: CROSS_SITE_REFUSAL.message, ...CROSS_SITE_REFUSAL.toExtensions() },
    };
    return sendJson(res, 403, refusal, { 'cache-control': 'no-store' });
  }
  if (path === '/graphql') return handleGraphql(req, res, url, options, maxBodyBytes, address);
  if (AUTH_PATHS.has(path))
    return handleAuthRoute(req, res, url, { auth: options.auth, ...browserRoute(options, address) });
  if (isLinkPath(path)) {
    return handleLinkRoute(req, res, url, {
      edge: options.linking?.edge,
      ...browserRoute(options, address),
      signInAvailable: () => options.auth?.signIn() != null,
    });
  }
  if (isFeedPath(path)) return handleCalendarFeed(req, res, path, options, address);
  if (isEmbeddedIssuer) {
    const issuer = options.auth?.embeddedIssuer();
    if (issuer) return issuer(req, res);
  }
  if (method !== 'GET' && method !== 'HEAD')
    return sendJson(res, 405, { error: `${method} is not allowed on ${path}` }, { allow: 'GET, HEAD' });
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/auth/session') {
    const refused = await refusalOf(options.addressRateLimit, `address:${address}`);
    if (refused) return sendRateLimited(res, refused, options);
    return handleSessionProbe(req, res, options);
  }
  if (path === '/readyz') return handleReadiness(res, options);
  if (path === '/metrics' && options.metrics) return handleMetrics(res, options.metrics);
  if (path === '/demo/token' && options.demoToken)
    return sendJson(res, 200, { token: options.demoToken }, { 'cache-control': 'no-store' });
  if (path === '/demo/accounts' && options.demoLinkingCredentials) {
    return sendJson(res, 200, options.demoLinkingCredentials(), { 'cache-control': 'no-store' });
  }
  const pageFile = options.familyPage?.files.get(path);
  if (pageFile) return sendFamilyPageFile(res, req.headers, pageFile, method === 'HEAD');
  if (path === '/')
    return send(res, 503, FAMILY_PAGE_NOT_BUILT, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
  if (path === '/graphiql')
    return send(res, 200, options.graphiql.page, { 'content-type': 'text/html; charset=utf-8' });
  const asset = options.graphiql.files.get(path);
  if (asset)
    return send(res, 200, asset.body, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
  return sendJson(res, 404, { error: `nothing at ${path}` });
}

/**
 * `GET /auth/session`: whether the browser's `dg_session` cookie is a live session, and whose — so the
 * IDE can use the cookie instead of the demo token. Reads only the cookie (a page cannot see it: HttpOnly).
 */
async function handleSessionProbe(req: IncomingMessage, res: ServerResponse, options: HttpEdgeOptions): Promise<void> {
  const { store, now } = options.services;
  const { userId } = await authenticateRequest(
    store,
    { authorization: undefined, cookie: req.headers.cookie },
    now().getTime(),
  );
  const user = userId ? await store.getUser(userId) : null;
  const body = user ? { signedIn: true, displayName: user.displayName } : { signedIn: false };
  return sendJson(
    res,
    200,
    { ...body, signInAvailable: options.auth?.signIn() != null },
    { 'cache-control': 'no-store' },
  );
}

async function handleReadiness(res: ServerResponse, options: HttpEdgeOptions): Promise<void> {
  const noStore = { 'cache-control': 'no-store' };
  if (options.isAcceptingTraffic && !options.isAcceptingTraffic())
    return sendJson(res, 503, { status: 'shutting down' }, noStore);
  const { ready, failedChecks } = await checkReadiness(options.readinessChecks ?? [], {
    timeoutMs: options.readinessTimeoutMs ?? 2000,
    logger: options.services.logger,
  });
  if (ready) return sendJson(res, 200, { status: 'ready' }, noStore);
  return sendJson(res, 503, { status: 'not ready', failedChecks }, noStore);
}

async function handleMetrics(res: ServerResponse, metrics: GatewayMetrics): Promise<void> {
  const text = await metrics.registry.metrics();
  send(res, 200, text, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
}

const CROSS_SITE_REFUSAL = new ForbiddenError(
  'This request came from another site and was refused: the gateway accepts sign-out and other changes ' +
    'only from its own pages, or from apps that send a bearer token.',
);
