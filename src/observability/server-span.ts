/**
 * The SERVER span of each request the gateway answers, the root of its part of a trace. Made by hand in
 * the request listener rather than by `@opentelemetry/instrumentation-http`, whose patching of `node:http`
 * needs ESM loader hooks (`--import`), while the gateway owns its one listener: this is as exact, and works
 * however the gateway is started (tests start many in one process).
 *
 * The client's W3C `traceparent` (and `tracestate`) makes the span a child of the client's; without one it
 * starts a trace. Attributes follow the HTTP semantic conventions — method, route template, path, status —
 * plus the request id. Never the query string (it can hold a sign-in's `code`), headers, or a body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import { ATTR_REQUEST_ID } from '../domain/trace-attributes.js';
import { gatewayTracer } from '../upstream/trace-spans.js';
import { tracingEnabled } from './tracing.js';

/** The methods the semantic conventions name; any other is `_OTHER`, so a client cannot invent span names. */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

/** What the edge knows of a request before serving it. */
export interface IncomingRequestFacts {
  /** The request's path, without its query string. */
  path: string;
  /** Its route template (`/graphql`, `/assets/:file`, `(unmatched)`), read only when tracing. */
  route: () => string;
  requestId: string;
}

/**
 * Runs `serve` inside the request's SERVER span, which ends when the answer does (or the client leaves).
 * Without tracing, `serve` simply runs.
 */
export function inServerSpan(
  req: IncomingMessage,
  res: ServerResponse,
  facts: IncomingRequestFacts,
  serve: () => void,
): void {
  if (!tracingEnabled()) return serve();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = KNOWN_METHODS.has(req.method ?? '') ? req.method! : '_OTHER';
  const route = facts.route();
  const span = gatewayTracer().startSpan(
    `${method === '_OTHER' ? 'HTTP' : method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_URL_PATH]: facts.path,
        [ATTR_URL_SCHEME]: 'http',
        [ATTR_REQUEST_ID]: facts.requestId,
      },
    },
    parent,
  );
  res.once('close', () => {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
    // A server span fails on 5xx only: a 4xx is the client's (semantic conventions).
    if (res.statusCode >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(res.statusCode) });
    } else if (!res.writableFinished) {
      span.setAttribute(ATTR_ERROR_TYPE, 'client_closed');
    }
    span.end();
  });
  context.with(trace.setSpan(parent, span), serve);
}
