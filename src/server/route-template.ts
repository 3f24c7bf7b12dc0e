/**
 * The route a request path belongs to, as the access log and `diary_gateway_http_request_duration_seconds`
 * name it: the gateway's fixed paths as they are, and each family of paths whose members are unbounded —
 * the family page's hashed `/assets/<file>`, the embedded issuer's interaction ids, calendar feeds' tokens — as one
 * template. A path
 * that names nothing the gateway serves is `(unmatched)`: scanners send any path, and neither a log line nor
 * a metric label should hold (or be multiplied by) what a stranger typed.
 */
import { AUTH_PATHS } from '../auth/oidc/routes.js';
import { FEED_ROUTE_TEMPLATE, isFeedPath } from '../feeds/feed-tokens.js';
import { parseLinkPath, PLATFORM_SEGMENTS } from '../linking/link-query.js';
import type { HttpEdgeOptions } from './http-edge-options.js';

/** What, besides the fixed paths, the gateway serves. */
export interface RouteTable {
  /** The embedded issuer's mount point (`/demo/issuer` in demo mode); `null` without one. */
  readonly embeddedIssuerPath: string | null;
  /** Whether a path is one of the static files loaded at start (the IDE's, the family page's). */
  isStaticFile(path: string): boolean;
}

/** The template of anything unmatched. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The family page's build output: content-hashed names, a new set with every build. */
const ASSETS_TEMPLATE = '/assets/:file';

/** Paths served as they are; all bounded (the sign-in paths come from `AUTH_PATHS`). */
const FIXED_ROUTES: ReadonlySet<string> = new Set([
  '/',
  '/graphql',
  '/graphiql',
  '/healthz',
  '/readyz',
  '/metrics',
  '/auth/session',
  '/demo/token',
  '/demo/accounts',
  ...AUTH_PATHS,
]);

const LINK_SEGMENTS: ReadonlySet<string> = new Set(Object.values(PLATFORM_SEGMENTS));

/** The route template of `path` (a path without its query string). */
export function routeTemplate(path: string, table: RouteTable): string {
  if (FIXED_ROUTES.has(path)) return path;
  if (path.startsWith('/assets/')) return ASSETS_TEMPLATE;
  const issuer = table.embeddedIssuerPath;
  if (issuer !== null && (path === issuer || path.startsWith(`${issuer}/`))) return `${issuer}/*`;
  if (path === '/link' || path.startsWith('/link/')) return linkTemplate(path);
  // Its token is a credential: every path under /calendar/ is one template, never the path itself.
  if (isFeedPath(path)) return FEED_ROUTE_TEMPLATE;
  if (table.isStaticFile(path)) return path;
  return UNMATCHED_ROUTE;
}

/** `/link`, `/link/<platform>`, `/link/<platform>/callback` (the platforms are a closed set), else `/link/*`. */
function linkTemplate(path: string): string {
  const parsed = parseLinkPath(path);
  const segment = path.split('/')[2] ?? '';
  if (parsed === null || (parsed.route !== 'overview' && !LINK_SEGMENTS.has(segment))) return '/link/*';
  if (parsed.route === 'overview') return '/link';
  return parsed.route === 'start' ? `/link/${segment}` : `/link/${segment}/callback`;
}

/**
 * The route table of the HTTP edge `options` describe: its embedded issuer and the static files it loaded.
 * The access log and the request's trace span both name routes by it.
 */
export function edgeRouteTable(options: Pick<HttpEdgeOptions, 'graphiql' | 'familyPage' | 'auth'>): RouteTable {
  const staticFiles = [options.graphiql.files, options.familyPage?.files];
  return {
    embeddedIssuerPath: options.auth?.embeddedIssuerPath ?? null,
    isStaticFile: (path) => staticFiles.some((files) => files?.has(path) === true),
  };
}

/**
 * A path as a log line or a trace may hold it: a calendar feed's path as its route template (its token opens
 * the child's calendar to whoever reads it), any other path as it is.
 */
export function loggablePath(path: string): string {
  return isFeedPath(path) ? FEED_ROUTE_TEMPLATE : path;
}

/** The path of a request target (`req.url`), without its query or fragment; never throws. */
export function pathOf(target: string | undefined): string {
  const raw = target ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
