/**
 * One access-log line per HTTP request (`ACCESS_LOG`, on by default), written when its answer ends — or when
 * the client goes away first (status 499, `aborted: true`, as nginx logs it) — and the request histograms
 * (`diary_gateway_http_request_duration_seconds`, `diary_gateway_graphql_operation_duration_seconds`), which
 * count whether or not the line is written.
 *
 * The line holds the method, the route template (never the raw path, never the query string, which can
 * carry a sign-in's `code` and `state`), the operation's name (bounded) and type, the status, the duration,
 * what the request cost (HTTP attempts to diaries; cache hits, misses and old copies served) and a short
 * non-reversible id of the session (`sessionLogId`); the request id comes with every line from the logger's
 * mixin. Never variables, query text, headers, tokens, cookies or anything of the person.
 *
 * Health, readiness and metrics probes are logged at `debug`, not `info`: a load balancer and Prometheus ask
 * every few seconds, and at `info` their lines would bury the requests of people. They still count in the
 * histogram.
 */
import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.js';
import type { RequestActivity } from '../logging/request-context.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import { createOperationLabels, loggableOperationName, type OperationLabels } from './operation-labels.js';
import { edgeRouteTable, pathOf, routeTemplate, type RouteTable } from './route-template.js';

/** What the HTTP edge is told of the access log (`HttpEdgeOptions.accessLog`). */
export interface AccessLogSettings {
  /** `ACCESS_LOG`: write a line per request. */
  readonly enabled: boolean;
  /** How operation names become metric labels. @default names learned as they come (no manifest) */
  readonly operationLabels?: OperationLabels;
}

/** Watches requests until their answers end. */
export interface AccessLog {
  /** Call at the start of a request, inside its request context (the line's `requestId` comes from it). */
  watch(req: IncomingMessage, res: ServerResponse, activity: RequestActivity): void;
}

/** Status logged for a request whose client left before any answer was sent (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

/** Routes polled by machines: logged at `debug`. */
const PROBE_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** The access log of the HTTP edge `options` describe: its logger, metrics, settings and routes. */
export function createEdgeAccessLog(options: HttpEdgeOptions): AccessLog {
  return createAccessLog({
    logger: options.services.logger,
    metrics: options.metrics,
    settings: options.accessLog,
    routes: edgeRouteTable(options),
  });
}

/** An access log (see the module comment); `settings` absent: no lines, the histograms still count. */
export function createAccessLog(parts: {
  logger: Logger;
  metrics?: GatewayMetrics | undefined;
  settings?: AccessLogSettings | undefined;
  routes: RouteTable;
}): AccessLog {
  const { logger, metrics, routes } = parts;
  const enabled = parts.settings?.enabled ?? false;
  const labels = parts.settings?.operationLabels ?? createOperationLabels({ registered: [] });
  return {
    watch(req, res, activity) {
      const startedAt = performance.now();
      let ended = false;
      // Bound to the request's context, so the line carries its request id whichever socket event ends it.
      const end = AsyncResource.bind((finished: boolean) => {
        if (ended) return;
        ended = true;
        const line = accessLine(req, res, activity, { finished, routes, durationMs: performance.now() - startedAt });
        observe(metrics, labels, line, activity);
        if (enabled) logger[PROBE_ROUTES.has(line.route) ? 'debug' : 'info'](line, 'access');
      });
      res.once('finish', () => end(true));
      res.once('close', () => end(res.writableFinished));
    },
  };
}

/** The fields of one access-log line. */
export interface AccessLine {
  /** The HTTP method. */
  method: string;
  /** The route template (`route-template.ts`). */
  route: string;
  /** The status sent, or 499 when the client left before any was. */
  status: number;
  /** From the request's arrival to the end of its answer (or the client's leaving), to 0.1 ms. */
  durationMs: number;
  /** `/graphql` only: the operation's name, bounded (`loggableOperationName`). */
  operation?: string;
  /** `/graphql` only, once Apollo resolved the operation: `query`, `mutation` or `subscription`. */
  operationType?: string;
  /** HTTP attempts to diaries made while the request was served. */
  upstreamCalls: number;
  /** Upstream-cache lookups answered fresh. */
  cacheHits: number;
  /** Lookups that asked a diary. */
  cacheMisses: number;
  /** Lookups answered by an old copy. */
  cacheStale: number;
  /** `/graphql` only, when the answer cache was asked: `hit` (a kept answer was sent), `renewed` (sent after its data was renewed) or `miss`. */
  answerCache?: 'hit' | 'renewed' | 'miss';
  /** The session's short id (`sessionLogId`), when the request came with one. */
  sessionHash?: string;
  /** Present when the answer did not end normally (the client left, or the connection was cut). */
  aborted?: true;
}

function accessLine(
  req: IncomingMessage,
  res: ServerResponse,
  activity: RequestActivity,
  ending: { finished: boolean; routes: RouteTable; durationMs: number },
): AccessLine {
  const { operation, sessionHash } = activity;
  return {
    // Node's parser accepts only the methods it knows, so the method is from a closed set.
    method: req.method ?? 'GET',
    route: routeTemplate(pathOf(req.url), ending.routes),
    status: ending.finished || res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST,
    durationMs: Math.round(ending.durationMs * 10) / 10,
    ...(operation ? { operation: loggableOperationName(operation.name) } : {}),
    ...(operation?.type ? { operationType: operation.type } : {}),
    upstreamCalls: activity.upstreamCalls,
    cacheHits: activity.cacheHits,
    cacheMisses: activity.cacheMisses,
    cacheStale: activity.cacheStale,
    ...(activity.answerCache ? { answerCache: activity.answerCache } : {}),
    ...(sessionHash ? { sessionHash } : {}),
    ...(ending.finished ? {} : { aborted: true as const }),
  };
}

/** The request histograms; an operation only once Apollo resolved it (it has a type then). */
function observe(
  metrics: GatewayMetrics | undefined,
  labels: OperationLabels,
  line: AccessLine,
  activity: RequestActivity,
): void {
  if (!metrics) return;
  const seconds = line.durationMs / 1000;
  const statusClass = `${Math.floor(line.status / 100)}xx`;
  metrics.httpRequestDuration.observe({ route: line.route, status_class: statusClass }, seconds);
  const operation = activity.operation;
  if (operation?.type)
    metrics.graphqlOperationDuration.observe(
      { operation: labels.labelOf(operation.name), type: operation.type },
      seconds,
    );
}
