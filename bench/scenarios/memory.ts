/**
 * Memory (issue 6; benchmarking.md §8.4 item 5): the gateway's RSS idle, after 1,000 families have
 * been served once (their data now in the cache), and at the peak of 1,000 concurrent sessions — one
 * keep-alive connection per family, each always with a request in flight. autocannon lowers the
 * connection count to the request rate when a rate is set (`-c 1000 -R 100` becomes 100 connections),
 * so the 1,000 sessions run closed-loop: heavier than §8.4's low fixed rate, never lighter.
 *
 * Single readings were not repeatable (72 vs 293 KiB per session in two runs: one RSS peak caught at a
 * different moment of the collector's cycle), so every figure is the median of `memorySamples` readings:
 * idle and filled after a forced GC each, and the concurrent point read during the run's second half,
 * each after a forced GC too, as RSS and as heap used + external (what the JavaScript side holds).
 *
 * The sessions run twice, by clients taking gzip (browsers, `fetch`) and by clients taking none (curl, load
 * generators): the answer in flight is one shared gzip Buffer for the first, an unzipped copy per session for
 * the second, and that copy was most of what a session held (session 16).
 */
import { fillFamilies, readCalls, runLoad, type FillOutcome, type GatewayUnderTest, type Harness } from '../harness.js';
import type { MemoryReport } from '../gateway-process.js';
import type { LoadResult } from '../load.js';
import { rssMiB, sampleRss } from '../processes.js';
import { median } from '../stats.js';
import type { Dashboard } from './golden.js';

/** Families filled at once: enough to keep the gateway's core busy, few enough to stay within the deadline. */
const FILL_CONCURRENCY = 6;

/**
 * The 1,000 sessions at once, by one kind of client: `gzip` takes gzip as browsers and `fetch` do (a kept
 * answer then goes out as the one gzip Buffer every session shares); `plain` takes no gzip as curl and load
 * generators send, and each answer in flight is an unzipped copy of its own (49 KB for the bench dashboard).
 */
export interface SessionsRun {
  client: 'gzip' | 'plain';
  /** Highest RSS sampled from /proc while the families were connected at once. */
  peakRssMiB: number | null;
  /** Median of the readings (each after a forced GC) during the second half of the run. */
  concurrentMedian: MemoryReport;
  /** (peak RSS − RSS after filling) ÷ sessions, KiB: issue 6's figure (one peak, not repeatable). */
  kibPerConcurrentSession: number | null;
  /** (median concurrent RSS − RSS after filling) ÷ sessions, KiB: issue 15's figure (not repeatable at 1,000 sessions after a fill's peak: docs/performance.md). */
  rssKibPerSession: number;
  /** The same for heap used + external. */
  heapKibPerSession: number;
  /**
   * Answers of the run sent as kept (answer-cache hits) and run (misses), from the gateway's own counters: the
   * run is meant warm, and an answer run again (its copies past a window, a quarter hour crossed) holds far more.
   */
  answers: { kept: number; run: number };
  concurrent: LoadResult;
}

/** The memory figures. */
export interface MemoryResult {
  families: number;
  /** Right after start (families seeded in the store, nothing cached), after a forced GC. */
  idle: MemoryReport;
  /** After every family was served once (cache filled), idle again, after a forced GC. */
  served: MemoryReport;
  /** How many readings each median is of. */
  samples: number;
  /**
   * (heap used + external after filling − the same idle) ÷ families, KiB: what the caches keep per family.
   * External counts too: kept answers are held as gzip Buffers, outside the heap (until session 15 they were
   * strings on it, and external grew by 0.3 KiB per family).
   */
  cacheKibPerFamily: number;
  /** The fill pass (every family not yet served, once; partial answers asked again). */
  fill: FillOutcome;
  /**
   * The sessions at once, clients taking gzip first: RSS the allocator took for a first run stays with the
   * process, so a second run's figure over the same baseline can only be overstated, and the plain clients'
   * (the larger) goes second.
   */
  sessions: { gzip: SessionsRun; plain: SessionsRun };
}

/** The median of each field over several readings. */
export function medianReport(reports: readonly MemoryReport[]): MemoryReport {
  if (reports.length === 0) throw new RangeError('no memory readings');
  const of = (field: keyof MemoryReport) => median(reports.map((report) => report[field]));
  return {
    rssMiB: of('rssMiB'),
    heapUsedMiB: of('heapUsedMiB'),
    heapTotalMiB: of('heapTotalMiB'),
    externalMiB: of('externalMiB'),
  };
}

/** `samples` readings after a forced GC each, `gapMs` apart; their median. */
export async function sampleMemory(
  gateway: Pick<GatewayUnderTest, 'memory'>,
  samples: number,
  gapMs: number,
): Promise<MemoryReport> {
  const reports: MemoryReport[] = [];
  for (let index = 0; index < samples; index++) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    reports.push(await gateway.memory(true));
  }
  return medianReport(reports);
}

/** What the JavaScript side holds at a reading, MiB: heap used and external (Buffers, the gzip forms). */
function heapAndExternal(report: MemoryReport): number {
  return report.heapUsedMiB + report.externalMiB;
}

/** KiB per unit of `count` between two readings in MiB. */
export function kibEach(afterMiB: number, beforeMiB: number, count: number): number {
  return ((afterMiB - beforeMiB) * 1024) / Math.max(1, count);
}

/**
 * Measures memory; `idle` must have been read before the gateway served anything, and the first
 * `alreadyWarm` sessions must be families the earlier scenarios already served.
 */
export async function measureMemory(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  idle: MemoryReport,
  alreadyWarm: number,
): Promise<MemoryResult> {
  const { settings } = harness;
  const sessions = gateway.sessions.slice(0, settings.memoryConnections);

  harness.progress(`memory: serving ${sessions.length - alreadyWarm} more families once (fills their cache entries)`);
  // Not a measurement: every family must end up fully cached, so that the concurrent run is all warm.
  const filled = await fillFamilies(gateway, dashboard, sessions.slice(alreadyWarm), FILL_CONCURRENCY);
  const fill = { ...filled, families: sessions.length };
  // A family's first answer is not kept (it read copies being fetched and wrote its first decisions to the
  // store); its second is. Without this pass the sessions would start with 1,000 executions at once, a burst
  // the admission gate sheds, not the steady state of 1,000 sessions this scenario measures.
  harness.progress(`memory: serving the ${sessions.length} families once more (their answers kept)`);
  await fillFamilies(gateway, dashboard, sessions, FILL_CONCURRENCY);
  await readCalls(harness);
  // A second apart: the heap shrinks back over the collections after a fill, and the first reading alone
  // would catch it still large.
  const served = await sampleMemory(gateway, settings.memorySamples, 1000);

  const gzip = await runSessions(harness, gateway, dashboard, sessions, served, 'gzip');
  const plain = await runSessions(harness, gateway, dashboard, sessions, served, 'plain');
  return {
    families: sessions.length,
    idle,
    served,
    samples: settings.memorySamples,
    cacheKibPerFamily: kibEach(heapAndExternal(served), heapAndExternal(idle), sessions.length),
    fill,
    sessions: { gzip, plain },
  };
}

/** Every session at once, closed loop, by one kind of client; figures over `served` (the filled, idle reading). */
async function runSessions(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  sessions: string[],
  served: MemoryReport,
  client: SessionsRun['client'],
): Promise<SessionsRun> {
  const { settings } = harness;
  const validation = { kind: 'exact', golden: dashboard.golden } as const;
  harness.progress(
    `memory: ${sessions.length} concurrent sessions (one connection each, ${client === 'gzip' ? 'taking gzip' : 'no gzip'}), ${settings.memoryRunS} s`,
  );
  const before = await answerCounts(gateway);
  const sampler = sampleRss(gateway.child.pid);
  // The readings start half-way through the run, when every session has long had its request in flight.
  const runMs = settings.memoryRunS * 1000;
  const during = new Promise((resolve) => setTimeout(resolve, runMs / 2)).then(() =>
    sampleMemory(gateway, settings.memorySamples, runMs / (4 * settings.memorySamples)),
  );
  const concurrent = await runLoad(harness, {
    url: gateway.url,
    body: dashboard.body,
    sessions,
    sessionMode: 'per-connection',
    connections: sessions.length,
    durationS: settings.memoryRunS,
    timeoutS: 60,
    validation,
    acceptGzip: client === 'gzip',
  });
  const peakRssMiB = sampler.stop() ?? rssMiB(gateway.child.pid);
  const concurrentMedian = await during;
  const after = await answerCounts(gateway);
  return {
    client,
    answers: { kept: after.kept - before.kept, run: after.run - before.run },
    peakRssMiB,
    concurrentMedian,
    kibPerConcurrentSession: peakRssMiB === null ? null : kibEach(peakRssMiB, served.rssMiB, sessions.length),
    rssKibPerSession: kibEach(concurrentMedian.rssMiB, served.rssMiB, sessions.length),
    heapKibPerSession: kibEach(heapAndExternal(concurrentMedian), heapAndExternal(served), sessions.length),
    concurrent,
  };
}

/** The gateway's answer-cache counters (`diary_gateway_answer_cache_events_total`), read from its `/metrics`. */
async function answerCounts(gateway: Pick<GatewayUnderTest, 'url'>): Promise<{ kept: number; run: number }> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const count = (outcome: string) =>
    Number(
      new RegExp(`^diary_gateway_answer_cache_events_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0,
    );
  return { kept: count('hit'), run: count('miss') };
}
