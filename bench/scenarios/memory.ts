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
 */
import { fillFamilies, readCalls, runLoad, type FillOutcome, type GatewayUnderTest, type Harness } from '../harness.js';
import type { MemoryReport } from '../gateway-process.js';
import type { LoadResult } from '../load.js';
import { rssMiB, sampleRss } from '../processes.js';
import { median } from '../stats.js';
import type { Dashboard } from './golden.js';

/** Families filled at once: enough to keep the gateway's core busy, few enough to stay within the deadline. */
const FILL_CONCURRENCY = 6;

/** The memory figures. */
export interface MemoryResult {
  families: number;
  /** Right after start (families seeded in the store, nothing cached), after a forced GC. */
  idle: MemoryReport;
  /** After every family was served once (cache filled), idle again, after a forced GC. */
  served: MemoryReport;
  /** Highest RSS sampled from /proc while the families were connected at once. */
  peakRssMiB: number | null;
  /** Median of the readings (each after a forced GC) during the second half of the concurrent run. */
  concurrentMedian: MemoryReport;
  /** How many readings each median is of. */
  samples: number;
  /**
   * (heap used + external after filling − the same idle) ÷ families, KiB: what the caches keep per family.
   * External counts too: kept answers are held as gzip Buffers, outside the heap (until session 15 they were
   * strings on it, and external grew by 0.3 KiB per family).
   */
  cacheKibPerFamily: number;
  /** (peak RSS − RSS after filling) ÷ families, KiB: issue 6's figure (one peak, not repeatable). */
  kibPerConcurrentSession: number | null;
  /** (median concurrent RSS − RSS after filling) ÷ sessions, KiB: issue 15's repeatable figure. */
  rssKibPerSession: number;
  /** The same for heap used + external. */
  heapKibPerSession: number;
  /** The fill pass (every family not yet served, once; partial answers asked again). */
  fill: FillOutcome;
  concurrent: LoadResult;
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
  const validation = { kind: 'exact', golden: dashboard.golden } as const;

  harness.progress(`memory: serving ${sessions.length - alreadyWarm} more families once (fills their cache entries)`);
  // Not a measurement: every family must end up fully cached, so that the concurrent run is all warm.
  const filled = await fillFamilies(gateway, dashboard, sessions.slice(alreadyWarm), FILL_CONCURRENCY);
  const fill = { ...filled, families: sessions.length };
  await readCalls(harness);
  // A second apart: the heap shrinks back over the collections after a fill, and the first reading alone
  // would catch it still large.
  const served = await sampleMemory(gateway, settings.memorySamples, 1000);

  harness.progress(`memory: ${sessions.length} concurrent sessions (one connection each), ${settings.memoryRunS} s`);
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
  });
  const peakRssMiB = sampler.stop() ?? rssMiB(gateway.child.pid);
  const concurrentMedian = await during;
  const heapAndExternal = (report: MemoryReport) => report.heapUsedMiB + report.externalMiB;
  return {
    families: sessions.length,
    idle,
    served,
    peakRssMiB,
    concurrentMedian,
    samples: settings.memorySamples,
    cacheKibPerFamily: kibEach(heapAndExternal(served), heapAndExternal(idle), sessions.length),
    kibPerConcurrentSession: peakRssMiB === null ? null : kibEach(peakRssMiB, served.rssMiB, sessions.length),
    rssKibPerSession: kibEach(concurrentMedian.rssMiB, served.rssMiB, sessions.length),
    heapKibPerSession: kibEach(heapAndExternal(concurrentMedian), heapAndExternal(served), sessions.length),
    fill,
    concurrent,
  };
}
