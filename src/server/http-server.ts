/**
 * The gateway's HTTP edge on `node:http`: health and readiness, metrics, the demo token, the offline IDE,
 * browser sign-in (`/auth/*`, and the demo issuer under `/demo/issuer`), and GraphQL through Apollo's
 * framework-neutral `executeHTTPGraphQLRequest` (no web framework needed for a handful of routes). The
 * limits that need no parsing live here, cheapest first:
 * 1. cross-site refusal of state-changing routes other than `/graphql` (403, see `same-origin.ts`);
 * 2. the per-address allowance, taken before anything is looked up (429);
 * 3. authentication; a bearer the store does not know is checked at the issuer only after taking one
 *    request from the address's anonymous allowance, so a refused request never costs an issuer call;
 * 4. the per-session (per-user) allowance (429), then the body size (413).
 *
 * A store that cannot be reached answers 503 `SERVICE_UNAVAILABLE` with `Retry-After`, never a 500. Logs
 * name the path only: query strings can hold a sign-in's `code` and `state`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { AuthEdge } from '../auth/oidc/gateway-auth.js';
import { AUTH_PATHS, handleAuthRoute } from '../auth/oidc/routes.js';
import { authenticateRequest } from '../auth/sessions.js';
import { DEMO_ISSUER_PATH } from '../demo/identity-provider.js';
import {
  ForbiddenError,
  RateLimitedError,
  RequestTooLargeError,
  ServiceUnavailableError,
  type GatewayError,
} from '../errors/gateway-error.js';
import { createContext, type GatewayContext, type GatewayServices } from '../graphql/context.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { GraphiqlAssets } from './graphiql.js';
import { clientAddress } from './client-address.js';
import { sessionRateKey, type SessionDecision, type SessionRateLimit } from './rate-limit.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';
import { changesState, isCrossSiteRequest } from './same-origin.js';

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
  /**
   * Per-address allowance of `/graphql` and `/auth/*` requests, taken before authenticating
   * (`ADDRESS_RATE_LIMIT_PER_MINUTE`). Absent: unlimited.
   */
  addressRateLimit?: SessionRateLimit;
  /** Per-address allowance of `/auth/login` and `/auth/callback` (`SIGN_IN_RATE_LIMIT_PER_MINUTE`). Absent: unlimited. */
  signInRateLimit?: SessionRateLimit;
  /** Reverse proxies whose `X-Forwarded-For` entries are trusted (`TRUSTED_PROXY_HOPS`). @default 0 */
  trustedProxyHops?: number;
  /**
   * The gateway's origin as browsers see it (`PUBLIC_URL`'s), for the cross-site check; `null` compares
   * `Origin` with the request's `Host`. @default () => null
   */
  publicOrigin?: () => string | null;
  /** Browser sign-in and issuer access tokens. Absent: only gateway session tokens authenticate. */
  auth?: AuthEdge;
}

class BodyTooLargeSignal extends Error {}

/** Creates the `node:http` request listener. */
export function createRequestListener(options: HttpEdgeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return (req, res) => {
    route(req, res, options, maxBodyBytes).catch((error: unknown) => {
      // The path only, never `req.url`: the callback's query holds the authorization code and state.
      const path = pathOf(req.url);
      if (error instanceof ServiceUnavailableError) {
        // Logged once per outage by the store wrapper; here only at debug, or an outage would flood the log.
        options.services.logger.debug({ path, code: error.code }, 'request refused: the store is unavailable');
        const headers = { 'retry-after': String(error.retryAfterSeconds), 'cache-control': 'no-store' };
        if (!res.headersSent) return sendGatewayError(res, 503, error, options, headers);
        return res.destroy();
      }
      options.services.logger.error({ err: error, path }, 'request failed');
      options.metrics?.graphqlErrors.inc({ code: 'INTERNAL_SERVER_ERROR' });
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else res.destroy();
    });
  };
}

/** The path of a request target, without its query; never throws. */
function pathOf(target: string | undefined): string {
  const raw = target ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const isDemoIssuer = path === DEMO_ISSUER_PATH || path.startsWith(`${DEMO_ISSUER_PATH}/`);
  const address = clientAddress(req, options.trustedProxyHops ?? 0);

  const checksOrigin = changesState(method) && path !== '/graphql' && !isDemoIssuer;
  if (checksOrigin && isCrossSiteRequest(req.headers, options.publicOrigin?.() ?? null)) {
    const refusal = { error: { message: CROSS_SITE_REFUSAL.message, ...CROSS_SITE_REFUSAL.toExtensions() } };
    return sendJson(res, 403, refusal, { 'cache-control': 'no-store' });
  }
  if (path === '/graphql') return handleGraphql(req, res, url, options, maxBodyBytes, address);
  if (AUTH_PATHS.has(path)) {
    const { store, now, logger } = options.services;
    return handleAuthRoute(req, res, url, {
      auth: options.auth,
      store,
      now,
      logger,
      admit: async (signingIn) =>
        (await refusalOf(options.addressRateLimit, `address:${address}`)) ??
        (signingIn ? await refusalOf(options.signInRateLimit, `sign-in:${address}`) : null),
    });
  }
  if (isDemoIssuer) {
    const issuer = options.auth?.demoIssuer();
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
  if (path === '/') return send(res, 302, '', { location: '/graphiql' });
  if (path === '/graphiql')
    return send(res, 200, options.graphiql.page, { 'content-type': 'text/html; charset=utf-8' });
  const asset = options.graphiql.files.get(path);
  if (asset)
    return send(res, 200, asset.body, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
  return sendJson(res, 404, { error: `nothing at ${path}` });
}

async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
  address: string,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const { services, sessionRateLimit } = options;
  const flooded = await refusalOf(options.addressRateLimit, `address:${address}`);
  if (flooded) return sendRateLimited(res, flooded, options);

  // A bearer the store does not know is anonymous until the issuer vouches for it: asking costs the
  // address's anonymous allowance first (the same bucket an unauthenticated request is counted in).
  const anonymousKey = sessionRateKey(null, address);
  const gate: { decision: SessionDecision | null } = { decision: null };
  const signIn = options.auth?.signIn();
  const accessTokens = signIn
    ? (token: string) =>
        signIn.authenticateAccessToken(token, {
          admit: async () => {
            if (!sessionRateLimit) return true;
            gate.decision = await sessionRateLimit.check(anonymousKey);
            return gate.decision.allowed;
          },
        })
    : null;
  // Bearer session token, else the `dg_session` cookie, else the issuer's access token. A cookie-only
  // request is still CSRF-safe: Apollo's `csrfPrevention` refuses simple (non-preflighted) requests.
  const identity = await authenticateRequest(
    services.store,
    { authorization: headers.get('authorization'), cookie: headers.get('cookie') },
    services.now().getTime(),
    accessTokens,
  );
  const { userId } = identity;
  if (sessionRateLimit) {
    // Signed in: the user's allowance. Anonymous: the address's, unless the issuer check already took it.
    const decision = userId
      ? await sessionRateLimit.check(sessionRateKey(userId, address))
      : (gate.decision ?? (await sessionRateLimit.check(anonymousKey)));
    if (!decision.allowed)
      return sendRateLimited(
        res,
        new RateLimitedError(sessionRateLimit.perMinute, decision.retryAfterSeconds),
        options,
      );
  }

  let body: unknown;
  try {
    body = parseBody(await readBody(req, maxBodyBytes), headers.get('content-type'));
  } catch (error) {
    if (error instanceof BodyTooLargeSignal)
      return sendGatewayError(res, 413, new RequestTooLargeError(maxBodyBytes), options);
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

/** The refusal of a request over `limit` for `key`, or `null` when it may go on (or there is no limit). */
async function refusalOf(limit: SessionRateLimit | undefined, key: string): Promise<RateLimitedError | null> {
  if (!limit) return null;
  const decision = await limit.check(key);
  return decision.allowed ? null : new RateLimitedError(limit.perMinute, decision.retryAfterSeconds);
}

function sendRateLimited(res: ServerResponse, error: RateLimitedError, options: HttpEdgeOptions): void {
  sendGatewayError(res, 429, error, options, { 'retry-after': String(error.retryAfterSeconds) });
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
