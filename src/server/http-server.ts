/**
 * The gateway's HTTP edge on `node:http`: health and readiness, metrics, the demo token, the offline IDE,
 * browser sign-in (`/auth/*`, and the demo issuer under `/demo/issuer`), and GraphQL through Apollo's
 * framework-neutral `executeHTTPGraphQLRequest` (no web framework needed for a handful of routes). The
 * limits that need no parsing live here: the per-session request allowance (429 before the body is read)
 * and the body size (413).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { AuthEdge } from '../auth/oidc/gateway-auth.js';
import { AUTH_PATHS, handleAuthRoute } from '../auth/oidc/routes.js';
import { authenticateRequest } from '../auth/sessions.js';
import { DEMO_ISSUER_PATH } from '../demo/identity-provider.js';
import { RateLimitedError, RequestTooLargeError, type GatewayError } from '../errors/gateway-error.js';
import { createContext, type GatewayContext, type GatewayServices } from '../graphql/context.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { GraphiqlAssets } from './graphiql.js';
import { sessionRateKey, type SessionRateLimit } from './rate-limit.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';

/** What the HTTP edge needs. */
export interface HttpEdgeOptions {
  apollo: ApolloServer<GatewayContext>;
  services: GatewayServices;
  graphiql: GraphiqlAssets;
  /** The demo parent's bearer token; `null` outside demo mode, where `/demo/token` does not exist. */
  demoToken: string | null;
  /** In demo mode, the simulators' credentials for the link mutations (`GET /demo/accounts`); else `null`. */
  demoLinkingCredentials?: (() => unknown) | null;
  /** Largest request body accepted (`MAX_BODY_BYTES`). @default 1 MiB */
  maxBodyBytes?: number;
  /** The registry `/metrics` serves; the edge also counts the errors it answers itself. Absent: no `/metrics`. */
  metrics?: GatewayMetrics;
  /** Checks behind `/readyz`, read on every probe (so checks added after start count). @default [] */
  readinessChecks?: readonly ReadinessCheck[];
  /** Longest a readiness check may take before it counts as failed. @default 2000 */
  readinessTimeoutMs?: number;
  /** `false` once the gateway is shutting down, which makes `/readyz` answer 503. @default () => true */
  isAcceptingTraffic?: () => boolean;
  /** Per-session allowance of GraphQL requests (`SESSION_RATE_LIMIT_PER_MINUTE`). Absent: unlimited. */
  sessionRateLimit?: SessionRateLimit;
  /** Browser sign-in and issuer access tokens. Absent: only gateway session tokens authenticate. */
  auth?: AuthEdge;
}

class BodyTooLargeSignal extends Error {}

/** Creates the `node:http` request listener. */
export function createRequestListener(options: HttpEdgeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return (req, res) => {
    route(req, res, options, maxBodyBytes).catch((error: unknown) => {
      options.services.logger.error({ err: error, url: req.url }, 'request failed');
      options.metrics?.graphqlErrors.inc({ code: 'INTERNAL_SERVER_ERROR' });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, options: HttpEdgeOptions, maxBodyBytes: number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const method = req.method ?? 'GET';
  const path = url.pathname;

  if (path === '/graphql') return handleGraphql(req, res, url, options, maxBodyBytes);
  if (AUTH_PATHS.has(path)) {
    const { store, now, logger } = options.services;
    return handleAuthRoute(req, res, url, { auth: options.auth, store, now, logger });
  }
  if (path === DEMO_ISSUER_PATH || path.startsWith(`${DEMO_ISSUER_PATH}/`)) {
    const issuer = options.auth?.demoIssuer();
    if (issuer) return issuer(req, res);
  }
  if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: `${method} is not allowed on ${path}` }, { allow: 'GET, HEAD' });
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/auth/session') return handleSessionProbe(req, res, options);
  if (path === '/readyz') return handleReadiness(res, options);
  if (path === '/metrics' && options.metrics) return handleMetrics(res, options.metrics);
  if (path === '/demo/token' && options.demoToken) return sendJson(res, 200, { token: options.demoToken }, { 'cache-control': 'no-store' });
  if (path === '/demo/accounts' && options.demoLinkingCredentials) {
    return sendJson(res, 200, options.demoLinkingCredentials(), { 'cache-control': 'no-store' });
  }
  if (path === '/') return send(res, 302, '', { location: '/graphiql' });
  if (path === '/graphiql') return send(res, 200, options.graphiql.page, { 'content-type': 'text/html; charset=utf-8' });
  const asset = options.graphiql.files.get(path);
  if (asset) return send(res, 200, asset.body, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
  return sendJson(res, 404, { error: `nothing at ${path}` });
}

async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const { services, sessionRateLimit } = options;
  // Bearer session token, else the `dg_session` cookie, else the issuer's access token. A cookie-only
  // request is still CSRF-safe: Apollo's `csrfPrevention` refuses simple (non-preflighted) requests.
  const identity = await authenticateRequest(
    services.store,
    { authorization: headers.get('authorization'), cookie: headers.get('cookie') },
    services.now().getTime(),
    options.auth?.signIn()?.authenticateAccessToken,
  );
  const { userId } = identity;
  if (sessionRateLimit) {
    const decision = await sessionRateLimit.check(sessionRateKey(userId, req.socket.remoteAddress));
    if (!decision.allowed) {
      const error = new RateLimitedError(sessionRateLimit.perMinute, decision.retryAfterSeconds);
      return sendGatewayError(res, 429, error, options, { 'retry-after': String(decision.retryAfterSeconds) });
    }
  }

  let body: unknown;
  try {
    body = parseBody(await readBody(req, maxBodyBytes), headers.get('content-type'));
  } catch (error) {
    if (error instanceof BodyTooLargeSignal) return sendGatewayError(res, 413, new RequestTooLargeError(maxBodyBytes), options);
    options.metrics?.graphqlErrors.inc({ code: 'BAD_REQUEST' });
    return sendGraphqlError(res, 400, 'The request body is not valid JSON.');
  }

  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    // The edge has already resolved the session; the context reuses it rather than asking the store again.
    context: () => createContext(services, headers.get('authorization'), identity),
  });
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return JSON.parse(raw);
  // Apollo answers other media types with its own 400 (and its CSRF prevention relies on seeing them).
  return raw;
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLargeSignal();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `GET /auth/session`: whether the browser's `dg_session` cookie is a live session, and whose — so the
 * IDE can use the cookie instead of the demo token. Reads only the cookie (a page cannot see it: HttpOnly).
 */
async function handleSessionProbe(req: IncomingMessage, res: ServerResponse, options: HttpEdgeOptions): Promise<void> {
  const { store, now } = options.services;
  const { userId } = await authenticateRequest(store, { authorization: undefined, cookie: req.headers.cookie }, now().getTime());
  const user = userId ? await store.getUser(userId) : null;
  const body = user ? { signedIn: true, displayName: user.displayName } : { signedIn: false };
  return sendJson(res, 200, { ...body, signInAvailable: options.auth?.signIn() != null }, { 'cache-control': 'no-store' });
}

async function handleReadiness(res: ServerResponse, options: HttpEdgeOptions): Promise<void> {
  const noStore = { 'cache-control': 'no-store' };
  if (options.isAcceptingTraffic && !options.isAcceptingTraffic()) return sendJson(res, 503, { status: 'shutting down' }, noStore);
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

/** Answers a request the edge refuses itself, in the GraphQL error shape, counting it like any other. */
function sendGatewayError(
  res: ServerResponse,
  status: number,
  error: GatewayError,
  options: HttpEdgeOptions,
  headers: Record<string, string> = {},
): void {
  options.metrics?.graphqlErrors.inc({ code: error.code });
  sendJson(res, status, { errors: [{ message: error.message, extensions: error.toExtensions() }] }, headers);
}

function sendGraphqlError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end(body);
}
