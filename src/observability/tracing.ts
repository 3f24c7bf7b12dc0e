/**
 * OpenTelemetry traces, exported over OTLP/HTTP (JSON) when an endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and **off** otherwise: then
 * nothing is registered and the SDK is not even loaded, so `@opentelemetry/api` hands every caller its
 * no-op tracer, no span is ever active, and each place that would make a span costs one context lookup.
 *
 * Packages (the newest lines whose `engines` accept Node 20; the 3.x SDK and 0.30x exporters need 22.15):
 * - `@opentelemetry/api` 1.9: the API the rest of the gateway writes spans with (the SDK 2.x peers want < 1.10);
 * - `@opentelemetry/sdk-trace-node` 2.x: the tracer provider, batching processor, samplers, and the
 *   `AsyncLocalStorage` context manager that carries the active span through a request's awaits;
 * - `@opentelemetry/core` 2.x: the W3C `traceparent` propagator;
 * - `@opentelemetry/resources` 2.x: the `service.name` resource;
 * - `@opentelemetry/exporter-trace-otlp-http` 0.223: OTLP/HTTP JSON, which every collector accepts on :4318;
 * - `@opentelemetry/instrumentation-undici` 0.33: CLIENT spans and `traceparent` on every diary request,
 *   through undici's `diagnostics_channel` events, so it works under ESM without loader hooks (which
 *   `instrumentation-http` would need to patch `node:http`; the incoming side is `server-span.ts`'s);
 * - `@opentelemetry/semantic-conventions`: the standard attribute names.
 *
 * The API is process-global (one tracer provider, propagator and context manager per process). A gateway
 * registers them when it starts with tracing and removes them when it closes, so tests can start and stop
 * traced gateways one after another. Two traced gateways at once in one process cannot each have their
 * own: the second logs a warning and runs with the first one's (its spans go to the first's exporter).
 */
import { randomUUID } from 'node:crypto';
import { context, diag, DiagLogLevel, propagation, trace, type DiagLogFunction } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from '../logging/logger.js';
import { undiciInstrumentationConfig } from './trace-transport.js';

/** How traces are exported (`GatewayConfig.tracing`). */
export interface TracingOptions {
  /** Where spans are POSTed: the full OTLP/HTTP traces URL (`…/v1/traces`). */
  readonly tracesUrl: string;
  /** `service.name` of every span (`OTEL_SERVICE_NAME`). */
  readonly serviceName: string;
  /** Share of new traces recorded, 0–1 (`OTEL_TRACES_SAMPLER_ARG`); a sampled client's trace counts the same. */
  readonly sampleRatio: number;
}

/** A gateway's tracing, as started. */
export interface Tracing {
  /**
   * Exports the spans not yet sent, then unregisters everything registered, so the API is back to its
   * no-ops; resolves even when the collector cannot be reached (after 5 s per batch). Safe to call twice.
   */
  shutdown(): Promise<void>;
}

/** Spans' attribute values are cut here, so no client-sent path can make a span large. */
const ATTRIBUTE_VALUE_LIMIT = 512;

/** Longest one batch of spans may take to reach the collector. */
const EXPORT_TIMEOUT_MS = 5000;

const OFF: Tracing = Object.freeze({ shutdown: async () => {} });

/** Taken (synchronously) by the gateway that registers tracing in this process, until it shuts down. */
let claimed = false;
/** The running registration in this process, if any. */
let running: Tracing | null = null;

/** Whether a gateway in this process has registered tracing (the HTTP edge then makes SERVER spans). */
export function tracingEnabled(): boolean {
  return running !== null;
}

/**
 * Starts exporting traces as `options` say; `null` (no endpoint configured) starts nothing.
 * @example
 * const tracing = await startTracing(config.tracing, logger);
 * // … serve …
 * await tracing.shutdown(); // flushes the last spans
 */
export async function startTracing(options: TracingOptions | null, logger: Logger): Promise<Tracing> {
  if (options === null) return OFF;
  if (claimed) {
    logger.warn('tracing is already running in this process: this gateway exports through the first one');
    return OFF;
  }
  // Claimed before the first await, so two gateways starting at once cannot both register.
  claimed = true;
  try {
    return await register(options, logger);
  } catch (error) {
    claimed = false;
    throw error;
  }
}

/** Loads the SDK and registers it globally (see the module comment); {@link startTracing} has claimed the process. */
async function register(options: TracingOptions, logger: Logger): Promise<Tracing> {
  // Loaded only now: a gateway without tracing never loads the SDK.
  const [{ NodeTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler }, core, resources] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ]);
  const [{ OTLPTraceExporter }, { UndiciInstrumentation }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  diag.setLogger(diagnosticsTo(logger), DiagLogLevel.WARN);
  const ratio = new TraceIdRatioBasedSampler(options.sampleRatio);
  const provider = new NodeTracerProvider({
    resource: resources.resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      // Tells replicas apart (semantic conventions' service.instance.id).
      'service.instance.id': randomUUID(),
    }),
    // A client's sampled flag is honoured only at the gateway's own ratio, so no client can make the
    // gateway record (and export) more than operators asked for; an unsampled client trace stays unsampled.
    sampler: new ParentBasedSampler({ root: ratio, remoteParentSampled: ratio }),
    spanLimits: { attributeValueLengthLimit: ATTRIBUTE_VALUE_LIMIT },
    // A collector that does not answer holds each batch 5 s at most (the default, 30 s, would hold a shutdown).
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: options.tracesUrl }), {
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
      }),
    ],
  });
  // Only W3C trace context: baggage a client sends is not passed on to the diaries.
  provider.register({ propagator: new core.W3CTraceContextPropagator() });
  const undici = new UndiciInstrumentation(undiciInstrumentationConfig());
  undici.setTracerProvider(provider);
  logger.info(
    { tracesUrl: withoutCredentials(options.tracesUrl), sampleRatio: options.sampleRatio },
    'exporting traces over OTLP/HTTP',
  );

  let stopped: Promise<void> | null = null;
  const handle: Tracing = {
    shutdown() {
      stopped ??= (async () => {
        try {
          undici.disable();
          await provider.shutdown();
        } catch (error) {
          logger.warn({ err: { message: (error as Error).message } }, 'the last spans could not be exported');
        } finally {
          // Whatever the export did, the process is left as without tracing: no provider to leak into the
          // next gateway of this process (a test's), no context manager to pay for.
          trace.disable();
          propagation.disable();
          context.disable();
          diag.disable();
          running = null;
          claimed = false;
        }
      })();
      return stopped;
    },
  };
  running = handle;
  return handle;
}

/**
 * The SDK's own complaints (an export the collector refused, a full queue) as warnings in the gateway's
 * log, message only: the SDK may attach what it tried to send.
 */
function diagnosticsTo(logger: Logger) {
  const warn: DiagLogFunction = (message) => logger.warn({ component: 'opentelemetry' }, diagnosticText(message));
  const ignore: DiagLogFunction = () => {};
  return { error: warn, warn, info: ignore, debug: ignore, verbose: ignore };
}

/**
 * A diagnostic's text, bounded: the SDK reports an exception as its JSON (`{"stack":…,"message":"Timeout"}`),
 * of which the message is what an operator needs (the stack names only the SDK's own files).
 */
export function diagnosticText(message: string): string {
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string')
      return parsed.message.slice(0, 300);
  } catch {
    // Not JSON: a message of its own.
  }
  return message.slice(0, 300);
}

/** The URL without a user name or password, for the start-up line. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
