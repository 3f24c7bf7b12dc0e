/**
 * The gateway's Prometheus metrics, served at `GET /metrics`. Each gateway owns its `Registry` (never
 * prom-client's global one), so several gateways in one process (tests, or a blue/green swap) keep
 * separate counts and never clash on metric names.
 *
 * Label values are bounded: providers and outcomes come from closed sets, hosts from configuration,
 * error codes from `GatewayErrorCode`. No label ever holds a user, a token or a URL path.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What happened to one upstream-cache lookup. `renewed`: a refresh found every diary answer behind a copy
 * unchanged and kept the copy instead of building it again (src/upstream/call-journal.ts).
 */
export type CacheEventOutcome = 'hit' | 'miss' | 'stale_served' | 'refresh_failed' | 'renewed';

/** Numeric values of {@link GatewayMetrics.breakerState}. */
export const BREAKER_STATE_VALUES = { closed: 0, open: 1, 'half-open': 2 } as const;

/** The gateway's metrics. */
export interface GatewayMetrics {
  /** The registry `/metrics` serves. */
  readonly registry: Registry;
  /**
   * `diary_gateway_upstream_request_duration_seconds{provider,outcome}`: one observation per HTTP attempt
   * to a diary (retries are separate attempts). `outcome` is the status class (`2xx` … `5xx`) or the
   * network failure (`headers-timeout`, `connection`, …).
   */
  readonly upstreamDuration: Histogram<'provider' | 'outcome'>;
  /**
   * `diary_gateway_upstream_errors_total{provider,code}`: failed attempts. `code` is the HTTP status
   * (`503`, `550`, …) for an error answer, the network failure for no answer, `circuit_open` for a call
   * the breaker refused and `throttled` for one the outbound rate limit refused.
   */
  readonly upstreamErrors: Counter<'provider' | 'code'>;
  /** `diary_gateway_upstream_retries_total{provider,reason}`: repeated attempts; `reason` as in `upstreamErrors`. */
  readonly upstreamRetries: Counter<'provider' | 'reason'>;
  /** `diary_gateway_upstream_circuit_state{provider,host}`: 0 closed, 1 open, 2 half-open. */
  readonly breakerState: Gauge<'provider' | 'host'>;
  /** `diary_gateway_graphql_errors_total{code}`: errors sent to clients, by `extensions.code`. */
  readonly graphqlErrors: Counter<'code'>;
  /**
   * `diary_gateway_cache_events_total{provider,resource,outcome}`: upstream-cache lookups; `outcome` is a
   * {@link CacheEventOutcome}. For the cache to call, e.g.
   * `metrics.cacheEvents.inc({ provider: 'MESH', resource: 'grades', outcome: 'hit' })`.
   */
  readonly cacheEvents: Counter<'provider' | 'resource' | 'outcome'>;
  /**
   * `diary_gateway_answer_cache_events_total{outcome}`: lookups of the answer cache (src/answers), `hit` (the
   * kept answer was sent) or `miss` (the request ran); requests it does not apply to (anonymous, too large,
   * `ANSWER_CACHE=off`) are not counted.
   */
  readonly answerCacheEvents: Counter<'outcome'>;
  /**
   * `diary_gateway_schema_drift_total{provider,route,schema_path}`: diary answers in which a part had a
   * shape the gateway does not read, counted once per upstream answer and path (a cached copy does not
   * count again). `schema_path` is a template built from the schema (`days[].teachers`, `(root)` for an
   * answer unreadable as a whole), so it never holds a value or an id and its set is bounded by the schemas.
   */
  readonly schemaDrift: Counter<'provider' | 'route' | 'schema_path'>;
  /**
   * `diary_gateway_prefetch_runs_total{outcome}`: structure prefetches after a sign-in or a link (src/prefetch):
   * `ok`, `failed` (some read, or the prefetch itself, failed) or `skipped` (too many waiting).
   */
  readonly prefetchRuns: Counter<'outcome'>;
  /**
   * `diary_gateway_change_polls_total{outcome}`: polls of a linked account by the change detector
   * (src/changes): `ok`, `failed` (some read, or the poll itself, failed) or `lease-lost` (another replica took
   * the account over; nothing was stored).
   */
  readonly changePolls: Counter<'outcome'>;
  /** `diary_gateway_changes_detected_total`: changes the detector appended to the children's feeds. */
  readonly changesDetected: Counter;
  /**
   * `diary_gateway_deliveries_total{transport,outcome}`: delivery attempts (`src/deliveries`) by transport
   * (`webhook`) and outcome (`delivered`, `retry`, `gone`, `timeout`).
   */
  readonly deliveries: Counter<'transport' | 'outcome'>;
  /** `diary_gateway_delivery_duration_seconds{transport}`: how long each delivery attempt took. */
  readonly deliveryDuration: Histogram<'transport'>;
  /**
   * `diary_gateway_graphql_operation_duration_seconds{operation,type}`: each `/graphql` request whose
   * operation Apollo resolved, from its arrival to the end of its answer. `operation` is bounded by
   * src/server/operation-labels.ts (registered names, then the first few others, then `other`); `type` is
   * `query`, `mutation` or `subscription`.
   */
  readonly graphqlOperationDuration: Histogram<'operation' | 'type'>;
  /**
   * `diary_gateway_http_request_duration_seconds{route,status_class}`: every HTTP request, by route template
   * (src/server/route-template.ts: `/assets/:file`, never a raw path) and status class (`2xx` … `5xx`; a
   * request the client gave up on counts as `4xx`, logged as 499).
   */
  readonly httpRequestDuration: Histogram<'route' | 'status_class'>;
  /** `diary_gateway_cache_entries`: entries in the in-process cache tier (read at each scrape). */
  readonly cacheEntries: Gauge;
  /**
   * `diary_gateway_cache_bytes`: bytes the in-process tier holds (keys, packed values and per-entry bookkeeping,
   * as `CACHE_MAX_BYTES` counts them).
   */
  readonly cacheBytes: Gauge;
  /** Where the two cache gauges read from at each scrape; until called they stay 0. */
  reportCacheSize(read: () => CacheSize): void;
  /**
   * `diary_gateway_executions_in_flight` and `diary_gateway_executions_queued`: GraphQL executions running and
   * waiting for a turn at the admission gate (src/server/admission.ts; read at each scrape).
   */
  readonly executionsInFlight: Gauge;
  readonly executionsQueued: Gauge;
  /** Where the two admission gauges read from at each scrape; until called they stay 0. */
  reportAdmissionLoad(read: () => AdmissionLoadReading): void;
}

/** What the admission gate holds, as {@link GatewayMetrics.reportAdmissionLoad} reads it. */
export interface AdmissionLoadReading {
  readonly inFlight: number;
  readonly queued: number;
}

/** The in-process cache tier's size, as {@link GatewayMetrics.reportCacheSize} reads it. */
export interface CacheSize {
  /** Entries held (expired ones not yet evicted included: they still take memory). */
  readonly entries: number;
  /** Bytes held: keys, packed values and per-entry bookkeeping, computed once per write. */
  readonly bytes: number;
}

/** Options of {@link createGatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Also export prom-client's process metrics (CPU, memory, event-loop lag, GC), prefixed `diary_gateway_`. @default true */
  processMetrics?: boolean;
}

/** Seconds; diaries answer in tens to hundreds of milliseconds, and give up after a few seconds. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Creates a gateway's metrics in a registry of their own. */
export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'diary_gateway_' });
  return {
    registry,
    upstreamDuration: new Histogram({
      name: 'diary_gateway_upstream_request_duration_seconds',
      help: 'Duration of each HTTP attempt to a diary, by provider and outcome (status class or network failure).',
      labelNames: ['provider', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    upstreamErrors: new Counter({
      name: 'diary_gateway_upstream_errors_total',
      help: 'Failed calls to a diary, by provider and code (HTTP status, network failure, circuit_open or throttled).',
      labelNames: ['provider', 'code'],
      registers,
    }),
    upstreamRetries: new Counter({
      name: 'diary_gateway_upstream_retries_total',
      help: 'Repeated attempts of idempotent diary reads, by provider and reason (HTTP status or network failure).',
      labelNames: ['provider', 'reason'],
      registers,
    }),
    breakerState: new Gauge({
      name: 'diary_gateway_upstream_circuit_state',
      help: 'Circuit breaker state per diary host: 0 closed, 1 open, 2 half-open.',
      labelNames: ['provider', 'host'],
      registers,
    }),
    graphqlErrors: new Counter({
      name: 'diary_gateway_graphql_errors_total',
      help: 'Errors sent to clients, by extensions.code.',
      labelNames: ['code'],
      registers,
    }),
    cacheEvents: new Counter({
      name: 'diary_gateway_cache_events_total',
      help: 'Upstream cache lookups, by provider, resource and outcome (hit, miss, stale_served, refresh_failed, renewed).',
      labelNames: ['provider', 'resource', 'outcome'],
      registers,
    }),
    answerCacheEvents: new Counter({
      name: 'diary_gateway_answer_cache_events_total',
      help: 'Answer cache lookups of signed-in GraphQL requests, by outcome (hit: the kept answer was sent; renewed: sent after its diary data was asked again and found unchanged; miss: the request ran).',
      labelNames: ['outcome'],
      registers,
    }),
    schemaDrift: new Counter({
      name: 'diary_gateway_schema_drift_total',
      help: 'Diary answers with a part in an unexpected shape, by provider, route and schema path (a template, never a value).',
      labelNames: ['provider', 'route', 'schema_path'],
      registers,
    }),
    prefetchRuns: new Counter({
      name: 'diary_gateway_prefetch_runs_total',
      help: 'Structure prefetches after a sign-in or a link, by outcome (ok, failed, skipped).',
      labelNames: ['outcome'],
      registers,
    }),
    changePolls: new Counter({
      name: 'diary_gateway_change_polls_total',
      help: 'Polls of a linked diary account by the change detector, by outcome (ok, failed, lease-lost).',
      labelNames: ['outcome'],
      registers,
    }),
    changesDetected: new Counter({
      name: 'diary_gateway_changes_detected_total',
      help: 'Changes the change detector appended to the children`s change feeds.',
      registers,
    }),
    deliveries: new Counter({
      name: 'diary_gateway_deliveries_total',
      help: 'Delivery attempts of changes to webhooks, by transport and outcome (delivered, retry, gone, timeout).',
      labelNames: ['transport', 'outcome'],
      registers,
    }),
    deliveryDuration: new Histogram({
      name: 'diary_gateway_delivery_duration_seconds',
      help: 'How long each delivery attempt took, by transport.',
      labelNames: ['transport'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    ...createServingMetrics(registers),
  };
}

/**
 * Seconds of a whole request: a warm answer takes milliseconds, a cold dashboard waits for diaries, and a
 * request stops at its deadline (`REQUEST_DEADLINE_MS`, 8 s by default; up to 120 s).
 */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type ServingMetrics = Pick<
  GatewayMetrics,
  | 'graphqlOperationDuration'
  | 'httpRequestDuration'
  | 'cacheEntries'
  | 'cacheBytes'
  | 'reportCacheSize'
  | 'executionsInFlight'
  | 'executionsQueued'
  | 'reportAdmissionLoad'
>;

/** A gauge whose value is `read` at each scrape (prom-client calls `collect` before each `/metrics`). */
function scrapedGauge(name: string, help: string, read: () => number, registers: Registry[]): Gauge {
  return new Gauge({
    name,
    help,
    registers,
    collect() {
      this.set(read());
    },
  });
}

/** The metrics of serving requests and of the cache's size (see {@link GatewayMetrics}). */
function createServingMetrics(registers: Registry[]): ServingMetrics {
  // Read at scrape time (prom-client calls `collect` before each `/metrics`), so nothing is kept up to date
  // between scrapes; a replaced source is read from the next scrape on.
  let readCacheSize: () => CacheSize = () => ({ entries: 0, bytes: 0 });
  let readAdmissionLoad: () => AdmissionLoadReading = () => ({ inFlight: 0, queued: 0 });
  return {
    graphqlOperationDuration: new Histogram({
      name: 'diary_gateway_graphql_operation_duration_seconds',
      help: 'Duration of each GraphQL request from arrival to the end of its answer, by operation name (bounded) and type.',
      labelNames: ['operation', 'type'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'diary_gateway_http_request_duration_seconds',
      help: 'Duration of each HTTP request, by route template and status class.',
      labelNames: ['route', 'status_class'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    cacheEntries: scrapedGauge(
      'diary_gateway_cache_entries',
      'Entries in the in-process upstream cache tier.',
      () => readCacheSize().entries,
      registers,
    ),
    cacheBytes: scrapedGauge(
      'diary_gateway_cache_bytes',
      "Bytes held by the in-process upstream cache tier (keys, packed values and per-entry bookkeeping; bounded by CACHE_MAX_BYTES; Redis' own memory is in its INFO).",
      () => readCacheSize().bytes,
      registers,
    ),
    reportCacheSize(read) {
      readCacheSize = read;
    },
    executionsInFlight: scrapedGauge(
      'diary_gateway_executions_in_flight',
      'GraphQL executions running now (at most MAX_EXECUTIONS_IN_FLIGHT; kept answers are not executions).',
      () => readAdmissionLoad().inFlight,
      registers,
    ),
    executionsQueued: scrapedGauge(
      'diary_gateway_executions_queued',
      'GraphQL requests waiting for a turn to execute (at most MAX_EXECUTIONS_QUEUED; past it, or past the request deadline, SERVER_BUSY).',
      () => readAdmissionLoad().queued,
      registers,
    ),
    reportAdmissionLoad(read) {
      readAdmissionLoad = read;
    },
  };
}
