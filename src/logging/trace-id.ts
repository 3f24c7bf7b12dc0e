/**
 * The trace a log line belongs to: the active span's trace id when that trace is recorded (sampled), so an
 * operator can go from a line to its trace. With tracing off no span is ever active and this costs one
 * context lookup; the logging room reads it through `@opentelemetry/api` alone, as every room may.
 */
import { context, trace, TraceFlags } from '@opentelemetry/api';

/** The id of the recorded trace being worked on here, or `undefined` (no tracing, not sampled, no request). */
export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  const { traceId, traceFlags } = span.spanContext();
  return (traceFlags & TraceFlags.SAMPLED) !== 0 ? traceId : undefined;
}
