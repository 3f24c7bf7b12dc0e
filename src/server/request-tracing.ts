/**
 * The HTTP edge's part of tracing: each request served inside its SERVER span (`src/observability/
 * server-span.ts`), named by the same route templates as the access log (`route-template.ts`), so a span,
 * a log line and a metric of one request name its route alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inServerSpan } from '../observability/server-span.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import { edgeRouteTable, loggablePath, pathOf, routeTemplate } from './route-template.js';

/** Serves one request inside its span: `serve` runs at once, in the span's context when tracing is on. */
export type RequestTracing = (req: IncomingMessage, res: ServerResponse, requestId: string, serve: () => void) => void;

/** The request tracing of the HTTP edge `options` describe (its routes decide the spans' names). */
export function createRequestTracing(options: HttpEdgeOptions): RequestTracing {
  const routes = edgeRouteTable(options);
  return (req, res, requestId, serve) => {
    const path = pathOf(req.url);
    // The span's `url.path` is exported to the collector: a calendar feed's token never goes with it.
    inServerSpan(req, res, { path: loggablePath(path), route: () => routeTemplate(path, routes), requestId }, serve);
  };
}
