/**
 * The HTTP edge's part of tracing: each request served inside its SERVER span (`src/observability/
 * server-span.ts`), named by the same route templates as the access log (`route-template.ts`), so a span,
 * a log line and a metric of one request name its route alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inServerSpan } from '../observability/server-span.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import { routeTemplate, type RouteTable } from './route-template.js';

/** Serves one request inside its span: `serve` runs at once, in the span's context when tracing is on. */
export type RequestTracing = (req: IncomingMessage, res: ServerResponse, requestId: string, serve: () => void) => void;

/** The request tracing of the HTTP edge `options` describe (its routes decide the spans' names). */
export function createRequestTracing(options: HttpEdgeOptions): RequestTracing {
  const staticFiles = [options.graphiql.files, options.familyPage?.files];
  const routes: RouteTable = {
    embeddedIssuerPath: options.auth?.embeddedIssuerPath ?? null,
    isStaticFile: (path) => staticFiles.some((files) => files?.has(path) === true),
  };
  return (req, res, requestId, serve) => {
    const path = pathOf(req.url);
    inServerSpan(req, res, { path, route: () => routeTemplate(path, routes), requestId }, serve);
  };
}

/** The path of a request target, without its query; never throws. */
function pathOf(target: string | undefined): string {
  const raw = target ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
