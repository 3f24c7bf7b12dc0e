/**
 * How long and how hard each scenario runs (`npm run bench` vs `npm run bench:quick`), and the gateway
 * configuration under test. Every setting that differs from the gateway's defaults is listed, with the
 * reason, in {@link GATEWAY_OVERRIDES} and printed with the results.
 */
import { randomBytes } from 'node:crypto';

/** Sizes and durations of one run. */
export interface BenchSettings {
  name: 'full' | 'quick';
  /** Fixed upstream latency of every simulator during the latency-sensitive scenarios, ms. */
  upstreamLatencyMs: number;
  /** Families (user + accounts + session) seeded in the gateway; 1,000 for the memory figure. */
  families: number;
  /** Dashboard queries sent one at a time, each for a new family, to count calls per query exactly. */
  callSamples: number;
  /** Cold path: queries, each for a family the gateway has never seen. */
  coldQueries: number;
  /** Cold data, warm profile: queries for families whose profile (only) is cached. */
  coldDataQueries: number;
  /** Cold data, structure known: queries for families whose structure (children, schools, periods, subjects…) is cached. */
  coldStructureQueries: number;
  coldConnections: number;
  /** Warm throughput: closed loop at this concurrency. */
  warmConnections: number;
  warmWarmupS: number;
  warmRunS: number;
  /** Rounds of B0 / B1h / gateway, interleaved. */
  warmRounds: number;
  /** Memory: one keep-alive connection per family, all at once. */
  memoryConnections: number;
  memoryRunS: number;
  /** Memory: readings per figure, the median reported (single readings varied 72 vs 293 KiB per session). */
  memorySamples: number;
  /** Revalidated dashboard: families served once (structure cached), then dashboards at concurrency 1 and N. */
  revalidatedFamilies: number;
  revalidatedSerialQueries: number;
  revalidatedConcurrentQueries: number;
  revalidatedConnections: number;
  /** Faults: families cycled through, concurrency, and the length of each phase. */
  faultFamilies: number;
  faultConnections: number;
  faultHealthyS: number;
  faultFlakyS: number;
  faultDownS: number;
  /** Sizing: families served one dashboard each (one at a time) before their Redis keys are measured. */
  sizingFamilies: number;
  /** Sizing: families viewing the dashboard together on each cadence (their calls are summed, then ÷ families). */
  sizingHourFamilies: number;
  /**
   * Sizing: views per family at one every second (a view a minute, time compressed 60×) and at one every 10 s
   * (a view every 10 minutes). 60 and 6 make a compressed hour; fewer make a shorter window, scaled to the hour.
   */
  sizingViewsEveryMinute: number;
  sizingViewsEvery10Minutes: number;
  /** Changes (issue 16): marks entered at random moments while a subscriber follows, over this window. */
  changeMarks: number;
  changeWindowS: number;
  /** Changes: the effective grades interval of the compressed schedule (defaults 10 min), seconds. */
  changeGradesIntervalS: number;
  /** Changes: open subscriptions (one per socket) for memory and fan-out, and sockets per session. */
  changeSubscribers: number;
  changeSocketsPerSession: number;
  /** Worst-case name inputs: attacking run at 1× (then 10× and 100×), timed batches, and each batch's length. */
  inputsBaseLength: number;
  inputsBatches: number;
  inputsBatchMs: number;
}

/** The full run (about eight minutes on 2 cores). */
export const FULL: BenchSettings = {
  name: 'full',
  upstreamLatencyMs: 100,
  families: 1000,
  callSamples: 10,
  coldQueries: 300,
  coldDataQueries: 200,
  coldStructureQueries: 200,
  coldConnections: 4,
  warmConnections: 50,
  warmWarmupS: 5,
  warmRunS: 10,
  warmRounds: 5,
  memoryConnections: 1000,
  memoryRunS: 20,
  memorySamples: 3,
  revalidatedFamilies: 20,
  revalidatedSerialQueries: 100,
  revalidatedConcurrentQueries: 200,
  revalidatedConnections: 4,
  faultFamilies: 40,
  faultConnections: 4,
  faultHealthyS: 10,
  faultFlakyS: 30,
  faultDownS: 15,
  sizingFamilies: 10,
  sizingHourFamilies: 4,
  sizingViewsEveryMinute: 60,
  sizingViewsEvery10Minutes: 6,
  changeMarks: 40,
  changeWindowS: 180,
  changeGradesIntervalS: 15,
  changeSubscribers: 1000,
  changeSocketsPerSession: 4,
  inputsBaseLength: 1000,
  inputsBatches: 5,
  inputsBatchMs: 100,
};

/**
 * The smoke run (about two minutes with the compile): same scenarios, small numbers, 100 sessions instead
 * of 1,000 for memory, compressed windows of 10 and 20 minutes instead of an hour for the sizing calls. Its
 * figures are not for citing.
 */
export const QUICK: BenchSettings = {
  ...FULL,
  name: 'quick',
  callSamples: 3,
  coldQueries: 24,
  coldDataQueries: 12,
  coldStructureQueries: 12,
  warmWarmupS: 1,
  warmRunS: 2,
  warmRounds: 1,
  memoryConnections: 100,
  memoryRunS: 3,
  revalidatedFamilies: 4,
  revalidatedSerialQueries: 8,
  revalidatedConcurrentQueries: 16,
  faultFamilies: 8,
  faultHealthyS: 2,
  faultFlakyS: 4,
  faultDownS: 2,
  sizingFamilies: 3,
  sizingHourFamilies: 2,
  sizingViewsEveryMinute: 10,
  sizingViewsEvery10Minutes: 2,
  changeMarks: 10,
  changeWindowS: 45,
  changeSubscribers: 100,
  inputsBatches: 3,
  inputsBatchMs: 50,
};

/** The deadline the fault goal is measured against (`REQUEST_DEADLINE_MS`). */
export const BENCH_DEADLINE_MS = 2000;

/** Gateway settings that differ from the defaults, and why. */
export const GATEWAY_OVERRIDES: Readonly<Record<string, { value: string; why: string }>> = Object.freeze({
  LOG_LEVEL: { value: 'warn', why: 'benchmarking.md §8.1: production logging, no per-request lines' },
  REQUEST_DEADLINE_MS: {
    value: String(BENCH_DEADLINE_MS),
    why: 'default 8000 scaled down 4× with the timeouts below, so fault phases collect enough answers in seconds',
  },
  UPSTREAM_CONNECT_TIMEOUT_MS: { value: '750', why: 'default 3000, scaled down 4×' },
  UPSTREAM_HEADERS_TIMEOUT_MS: { value: '1250', why: 'default 5000, scaled down 4× (a hung call fails after 1.25 s)' },
  UPSTREAM_BODY_TIMEOUT_MS: { value: '1250', why: 'default 5000, scaled down 4×' },
  UPSTREAM_RATE_LIMIT_PER_SECOND: {
    value: '100000',
    why: 'the per-replica limit (default 50/s per diary) would cap a benchmark that plays 1,000 families from one box',
  },
  SESSION_RATE_LIMIT_PER_MINUTE: {
    value: '1000000',
    why: 'the per-session limit (default 120/min) would cap the closed-loop throughput runs',
  },
  CACHE_FRESHNESS: {
    value: 'profile=3600,averages=3600,grades=3600,homework=3600,attendance=3600',
    why: 'keeps every entry fresh for the whole run, so "warm" means warm in every round (defaults: 2–10 min)',
  },
  CHANGE_DETECTION: {
    value: 'off',
    why: 'the change detector would poll the seeded families behind the scenarios (default on), adding diary calls they count',
  },
});

/**
 * Freshness 0 for every data resource: every request asks the diaries again (the fault scenario). The
 * profile (the family's children) keeps its default windows, as in production: it is almost always
 * cached, and a listing that waits for a failing diary would hold up the other diaries' children.
 */
export const ALWAYS_REVALIDATE =
  'subjects=0,periods=0,averages=0,grades=0,homework=0,schedule=0,attendance=0,non-school-days=0';

/**
 * Freshness 0 for every data resource, the structure (profile, subjects, periods, days off) at its default
 * windows: the revalidated dashboard of issue 15, where every request asks the diaries for its data and
 * a call for structure the cache holds is a miss.
 */
export const DATA_REVALIDATE = 'averages=0,grades=0,homework=0,schedule=0,attendance=0';

/**
 * How "cold data, structure known" primes a family's structure. `prefetch-if-available` uses the gateway's
 * `prefetchStructure(userId)` (issue 15's sign-in prefetch) when the build has it and falls back to the
 * GraphQL query {@link STRUCTURE_QUERY} otherwise; `graphql-query` always uses the query. The run prints
 * which one primed.
 */
export const STRUCTURE_PRIMING: 'prefetch-if-available' | 'graphql-query' = 'prefetch-if-available';

/** Reads what the family's structure is made of: children (with schools and classes), subjects and periods. */
export const STRUCTURE_QUERY =
  '{ viewer { students { id className school { name } enrollments { provider } subjects { id } periods { id } } } }';

/**
 * The gateway variable of issue 15's in-process answer cache (`on` by default); the warm rounds run a
 * second gateway with it `off`. A build that does not know it ignores it (loadConfig drops unknown
 * variables), and the run says so (`answerCacheKnown` in `scenarios/warm.ts`).
 */
export const ANSWER_CACHE_OFF: Readonly<Record<string, string>> = Object.freeze({ ANSWER_CACHE: 'off' });

/** A fresh id key per run: student ids are opaque anyway, and answers are compared within a run only. */
export function runIdSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The gateway environment of the run: `DEMO=off`, the overrides, the simulators' URLs. */
export function gatewayEnvironment(
  idSecret: string,
  providerUrls: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const overrides = Object.fromEntries(Object.entries(GATEWAY_OVERRIDES).map(([name, { value }]) => [name, value]));
  return {
    DEMO: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
    ID_SECRET: idSecret,
    // Per-run keys too: nothing sealed or hashed outlives the run.
    PERSONAL_DATA_SECRET: `${idSecret}-personal-data`,
    CREDENTIAL_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    STORE: 'memory',
    ...overrides,
    ...providerUrls,
    ...extra,
  };
}
