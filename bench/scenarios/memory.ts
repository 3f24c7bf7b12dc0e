/**
 * Memory (issue 6; benchmarking.md §8.4 item 5): the gateway's RSS idle, after 1,000 families have
 * been served once (their data now in the cache), and at the peak of 1,000 concurrent sessions — one
 * keep-alive connection per family, each always with a request in flight. autocannon lowers the
 * connection count to the request rate when a rate is set (`-c 1000 -R 100` becomes 100 connections),
 * so the 1,000 sessions run closed-loop: heavier than §8.4's low fixed rate, never lighter.
 */
import { fillFamilies, readCalls, runLoad, type FillOutcome, type GatewayUnderTest, type Harness } from '../harness.js';
import type { MemoryReport } from '../gateway-process.js';
import type { LoadResult } from '../load.js';
import { rssMiB, sampleRss } from '../processes.js';
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
  /** (heap after filling − idle heap) ÷ families, KiB: what the cache keeps per family. */
  cacheKibPerFamily: number;
  /** (peak RSS − RSS after filling) ÷ families, KiB: what a connected session with a request in flight adds. */
  kibPerConcurrentSession: number | null;
  /** The fill pass (every family not yet served, once; partial answers asked again). */
  fill: FillOutcome;
  concurrent: LoadResult;
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
  const served = await gateway.memory(true);

  harness.progress(`memory: ${sessions.length} concurrent sessions (one connection each), ${settings.memoryRunS} s`);
  const sampler = sampleRss(gateway.child.pid);
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
  return {
    families: sessions.length,
    idle,
    served,
    peakRssMiB,
    cacheKibPerFamily: ((served.heapUsedMiB - idle.heapUsedMiB) * 1024) / sessions.length,
    kibPerConcurrentSession: peakRssMiB === null ? null : ((peakRssMiB - served.rssMiB) * 1024) / sessions.length,
    fill,
    concurrent,
  };
}
