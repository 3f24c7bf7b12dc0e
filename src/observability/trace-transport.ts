/**
 * Traces of diary calls. Each call through a guarded transport gets a span of its own
 * ({@link traceUpstreamCalls}, outermost: provider, tenant, route template, final status, how many attempts
 * and how each ended, the host's circuit breaker before and after), and each HTTP attempt under it a
 * CLIENT span made by `@opentelemetry/instrumentation-undici`, which also puts the W3C `traceparent` on
 * the request, so a diary that traces sees its part of the same trace. {@link countUpstreamAttempts} sits
 * innermost, under retries, breaker and rate limit, where each attempt really leaves.
 *
 * Nothing identifying leaves in a span: routes are templates (`UpstreamRequest.route`, else the path, which
 * for МЭШ and Eljur holds no ids), and every query value is replaced by `REDACTED` (Eljur's `auth_token` and
 * `devkey` travel in the query; so do children's ids). Header values are never recorded.
 */
import { context, createContextKey, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { UndiciInstrumentationConfig, UndiciRequest } from '@opentelemetry/instrumentation-undici';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
} from '@opentelemetry/semantic-conventions';
import type { ProviderKind } from '../domain/model.js';
import {
  ATTR_BREAKER_STATE,
  ATTR_BREAKER_STATE_AFTER,
  ATTR_PROVIDER,
  ATTR_TENANT,
  ATTR_UPSTREAM_ATTEMPT_OUTCOMES,
  ATTR_UPSTREAM_ATTEMPTS,
  ATTR_URL_TEMPLATE,
} from '../domain/trace-attributes.js';
import { errorTypeOf, gatewayTracer, markFailed, recordingSpan } from '../upstream/trace-spans.js';
import type { HttpTransport, UpstreamRequest } from '../upstream/transport.js';

/** What is known of the diary call in progress, for the attempts and the CLIENT spans under it. */
interface CallTrace {
  readonly template: string;
  attempts: number;
  readonly outcomes: string[];
}

const CALL_KEY = createContextKey('diary-gateway upstream call');

/** What {@link traceUpstreamCalls} names each call's span by. */
export interface UpstreamCallTraceOptions {
  provider: ProviderKind;
  /** The tenant the transport serves; `null` for a transport shared by a provider's tenants. */
  tenant: string | null;
  /** The circuit breaker's state for a host now (`closed`, `open`, `half-open`); `undefined` before its first call. */
  breakerState: (host: string) => string | undefined;
}

/** The path template a request is named by: its `route`, else its path (which then holds no ids). */
export function routeTemplateOf(request: Pick<UpstreamRequest, 'route' | 'url'>): string {
  return request.route ?? request.url.pathname;
}

/**
 * Wraps a guarded transport so each call made within a traced request gets a span (see the module
 * comment). Outside one (no tracing, start-up, an unsampled trace) the call goes through untouched.
 */
export function traceUpstreamCalls(transport: HttpTransport, options: UpstreamCallTraceOptions): HttpTransport {
  const { provider, tenant } = options;
  // Not `async`: off the traced path the transport's own promise is handed back, with no extra hop.
  return (request) => (recordingSpan() === null ? transport(request) : traced(request));
  async function traced(request: UpstreamRequest) {
    const call: CallTrace = { template: routeTemplateOf(request), attempts: 0, outcomes: [] };
    const host = request.url.host;
    const before = options.breakerState(host) ?? 'closed';
    const attributes = {
      [ATTR_PROVIDER]: provider,
      ...(tenant === null ? {} : { [ATTR_TENANT]: tenant }),
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_URL_TEMPLATE]: call.template,
      [ATTR_SERVER_ADDRESS]: request.url.hostname,
      [ATTR_BREAKER_STATE]: before,
    };
    const name = `${provider} ${request.method} ${call.template}`;
    const parent = context.active().setValue(CALL_KEY, call);
    return gatewayTracer().startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent, async (span) => {
      try {
        const response = await transport(request);
        describeStatus(span, response.status);
        return response;
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.setAttribute(ATTR_UPSTREAM_ATTEMPTS, call.attempts);
        if (call.outcomes.length > 0) span.setAttribute(ATTR_UPSTREAM_ATTEMPT_OUTCOMES, call.outcomes);
        const after = options.breakerState(host) ?? before;
        if (after !== before) span.setAttribute(ATTR_BREAKER_STATE_AFTER, after);
        span.end();
      }
    });
  }
}

/**
 * Wraps the base transport (innermost) so each HTTP attempt of a traced call is counted with its outcome:
 * the status, or the network failure. Costs one context lookup outside a traced call.
 */
export function countUpstreamAttempts(transport: HttpTransport): HttpTransport {
  return (request) => {
    const call = context.active().getValue(CALL_KEY) as CallTrace | undefined;
    return call === undefined ? transport(request) : counted(request, call);
  };
  async function counted(request: UpstreamRequest, call: CallTrace) {
    call.attempts += 1;
    try {
      const response = await transport(request);
      call.outcomes.push(String(response.status));
      return response;
    } catch (error) {
      call.outcomes.push(errorTypeOf(error));
      throw error;
    }
  }
}

/**
 * The undici instrumentation's settings: spans only under a traced request (the test client's or a
 * start-up call's requests stay untraced, and carry no `traceparent`), each named `GET {template}` with
 * the URL redacted as the module comment says and, on a retry, `http.request.resend_count`.
 */
export function undiciInstrumentationConfig(): UndiciInstrumentationConfig {
  return { requireParentforSpans: true, requestHook: describeClientSpan };
}

function describeClientSpan(span: Span, request: UndiciRequest): void {
  if (!span.isRecording()) return;
  const call = context.active().getValue(CALL_KEY) as CallTrace | undefined;
  const url = new URL(request.path, request.origin);
  const template = call?.template ?? url.pathname;
  const query = redactedQuery(url.searchParams);
  span.updateName(`${request.method} ${template}`);
  span.setAttribute(ATTR_URL_TEMPLATE, template);
  span.setAttribute(ATTR_URL_PATH, template);
  span.setAttribute(ATTR_URL_QUERY, query);
  span.setAttribute(ATTR_URL_FULL, `${url.origin}${template}${query === '' ? '' : `?${query}`}`);
  if (call !== undefined && call.attempts > 1) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, call.attempts - 1);
}

/** `student_id=REDACTED&from=REDACTED`: the parameters' names (the diary's API, bounded), never their values. */
export function redactedQuery(parameters: URLSearchParams): string {
  return [...parameters.keys()].map((name) => `${encodeURIComponent(name)}=REDACTED`).join('&');
}

function describeStatus(span: Span, status: number): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  if (status < 400) return;
  span.setAttribute(ATTR_ERROR_TYPE, String(status));
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(status) });
}
