/**
 * Child spans of the work that reaches diaries (a cached read, one diary call), made through the
 * OpenTelemetry API alone. With no tracer provider registered (`OTEL_EXPORTER_OTLP_ENDPOINT` unset) the API
 * hands out no-op tracers and no context manager, so no span is ever active and {@link inChildSpan} costs one
 * context lookup before it runs the work as it is. Only work done inside a traced request (or a background
 * refresh it started) gets spans: start-up calls, such as the demo linking its accounts, stay untraced.
 */
import { context, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { CodedError } from '../domain/coded-error.js';
import { UpstreamNetworkError } from './transport.js';

/** The instrumentation scope of every span the gateway makes itself. */
export const GATEWAY_TRACER_NAME = 'diary-gateway';

/**
 * The gateway's tracer, asked for each time rather than kept: a tracer taken from the global provider holds
 * on to the provider registered at that moment, and a gateway's tracing is started and stopped with the
 * gateway (several times in one test process), so a kept one would outlive its provider.
 */
export function gatewayTracer(): Tracer {
  return trace.getTracer(GATEWAY_TRACER_NAME);
}

/** The span active here when it records (a sampled trace), else `null`: no tracing, no request, or not sampled. */
export function recordingSpan(): Span | null {
  const span = trace.getSpan(context.active());
  return span?.isRecording() ? span : null;
}

/**
 * Runs `work` in a child span of the active one, ended when `work` settles and marked failed (with
 * `error.type`) when it throws. Without a recording span here, `work` runs alone and is handed `null`.
 */
export function inChildSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | null) => Promise<T>,
): Promise<T> {
  // Not `async`: untraced, `work`'s own promise is handed back, with no extra hop.
  if (recordingSpan() === null) return work(null);
  return gatewayTracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Marks `span` failed by `error`'s stable type only. The message is never recorded: a diary's error text
 * or a library's may quote what it was sent.
 */
export function markFailed(span: Span, error: unknown): void {
  const type = errorTypeOf(error);
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** A bounded name for a failure: a gateway error's code, a network failure's kind, else the error's class. */
export function errorTypeOf(error: unknown): string {
  if (error instanceof CodedError) return String(error.code);
  if (error instanceof UpstreamNetworkError) return error.failure;
  return error instanceof Error ? error.name : 'unknown';
}
