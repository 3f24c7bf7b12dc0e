/**
 * Gateway overhead on the cold path (issue 6): simulators at a fixed latency, dashboard queries for
 * families whose data the gateway has never fetched, a few at a time (no queueing in the gateway),
 * latency compared with the slowest single upstream call of the same run as the fault proxy timed it.
 *
 * Three variants: **cold family** (nothing cached: profile, then data), **cold data** (the family's
 * profile cached by an earlier `viewer { students }`, its data not) and **cold data, structure known**
 * (issue 15: the family's whole structure cached — children, schools, classes, periods, subjects and what
 * the adapters keep besides — by the gateway's own sign-in prefetch, or a query reading it where the build
 * has none) — the difference is the depth of the chain of dependent upstream calls.
 */
import { STUDENTS_QUERY } from '../dashboard.js';
import { STRUCTURE_PRIMING, STRUCTURE_QUERY } from '../settings.js';
import {
  inPool,
  postGraphql,
  readCalls,
  runLoad,
  type CallsByProvider,
  type GatewayUnderTest,
  type Harness,
} from '../harness.js';
import type { LoadResult } from '../load.js';
import { cpuSeconds } from '../processes.js';
import type { BenchProvider } from '../providers.js';
import type { SampleSummary } from '../stats.js';
import { chainDepth, totalOf } from '../upstream-calls.js';
import { totalCalls } from './calls.js';
import { perQuery as callsPerRoute } from './revalidated.js';
import type { Dashboard } from './golden.js';

/** One cold variant's figures. */
export interface ColdResult {
  variant: 'cold family' | 'cold data, cached profile' | 'cold data, structure known';
  /** How the variant's families were primed before their dashboards (nothing for a cold family). */
  primedBy: 'nothing' | 'viewer { students }' | 'prefetchStructure(userId)' | 'structure query';
  load: LoadResult;
  /** Upstream calls over the run divided by the queries. */
  callsPerQuery: number;
  /**
   * Of those, calls to structure routes (`STRUCTURE_ROUTES`): 0 when the priming cached the whole structure,
   * as "structure known" means.
   */
  structureCallsPerQuery: number;
  /** Each route's call durations as the proxy measured them (ms). */
  upstream: Partial<Record<BenchProvider, Record<string, SampleSummary>>>;
  /** The slowest route by median duration: the "slowest single upstream call". */
  slowestCall: { provider: string; route: string; p50: number };
  /** Gateway p50 and p99 ÷ the slowest call's p50. */
  ratioP50: number;
  ratioP99: number;
  /** Calls that waited for each other, in the longest chain, for one query of this variant sent alone. */
  chainDepth: number;
  /** That query's latency alone, ms, and whether its answer was the golden one. */
  aloneMs: number;
  aloneValid: boolean;
  /** Gateway p50 ÷ (chain depth × slowest call p50): 1.0 would mean no time beyond the unavoidable waits. */
  ratioToChain: number;
  /** CPU time per query of the gateway process and of the simulators process (with their proxies), ms. */
  gatewayCpuMsPerQuery: number | null;
  simulatorsCpuMsPerQuery: number | null;
}

/** The route with the highest median duration. */
export function slowestCall(calls: CallsByProvider): ColdResult['slowestCall'] {
  let slowest: ColdResult['slowestCall'] = { provider: '–', route: '–', p50: Number.NaN };
  for (const [provider, recorded] of Object.entries(calls)) {
    for (const [route, summary] of Object.entries(recorded?.durations ?? {})) {
      if (!(summary.p50 <= slowest.p50)) slowest = { provider, route, p50: summary.p50 };
    }
  }
  return slowest;
}

async function measure(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  variant: ColdResult['variant'],
  primedBy: ColdResult['primedBy'],
  sessions: string[],
): Promise<ColdResult> {
  // One query alone first, with every call timed, for the chain of calls this variant must wait through.
  await readCalls(harness);
  const alone = await postGraphql(gateway.url, sessions[0]!, dashboard.body);
  const timeline = Object.values(await readCalls(harness, true, true)).flatMap((recorded) => recorded?.timeline ?? []);
  const depth = chainDepth(timeline);
  sessions = sessions.slice(1);
  const cpuBefore = [cpuSeconds(gateway.child.pid), cpuSeconds(harness.simulators.pid)];
  const load = await runLoad(harness, {
    url: gateway.url,
    body: dashboard.body,
    sessions,
    sessionMode: 'cycle',
    connections: harness.settings.coldConnections,
    amount: sessions.length,
    timeoutS: 30,
    validation: { kind: 'exact', golden: dashboard.golden },
  });
  const cpuAfter = [cpuSeconds(gateway.child.pid), cpuSeconds(harness.simulators.pid)];
  const perQuery = (index: number) => {
    const before = cpuBefore[index];
    const after = cpuAfter[index];
    return before == null || after == null ? null : ((after - before) * 1000) / Math.max(1, load.requests);
  };
  const calls = await readCalls(harness);
  const slowest = slowestCall(calls);
  const upstream: ColdResult['upstream'] = {};
  for (const [provider, recorded] of Object.entries(calls) as [
    BenchProvider,
    NonNullable<CallsByProvider[BenchProvider]>,
  ][]) {
    upstream[provider] = recorded.durations;
  }
  return {
    variant,
    primedBy,
    load,
    callsPerQuery: totalCalls(calls) / Math.max(1, load.requests),
    structureCallsPerQuery: Object.values(callsPerRoute(calls, load.requests)).reduce(
      (sum, each) => sum + totalOf(each.structure),
      0,
    ),
    upstream,
    slowestCall: slowest,
    ratioP50: load.latencyMs.p50 / slowest.p50,
    ratioP99: load.latencyMs.p99 / slowest.p50,
    chainDepth: depth,
    aloneMs: alone.ms,
    aloneValid: alone.status === 200 && alone.text === dashboard.golden,
    ratioToChain: load.latencyMs.p50 / (depth * slowest.p50),
    gatewayCpuMsPerQuery: perQuery(0),
    simulatorsCpuMsPerQuery: perQuery(1),
  };
}

/** Families primed at once: the structure query makes a dashboard's worth of structure calls per family. */
const PRIME_CONCURRENCY = 6;

/**
 * Sends `query` once for each family (priming, not measured). An answer with errors (a deadline missed
 * under the priming's own load) is asked again, at most twice; a family still not primed stops the run.
 */
async function primeWith(gateway: GatewayUnderTest, sessions: readonly string[], query: string): Promise<void> {
  const body = JSON.stringify({ query });
  await inPool(sessions, PRIME_CONCURRENCY, async (session) => {
    let answer: Awaited<ReturnType<typeof postGraphql>> | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      answer = await postGraphql(gateway.url, session, body);
      if (answer.status === 200 && !answer.text.includes('"errors"')) return;
    }
    throw new Error(`priming failed: ${answer?.text.slice(0, 300)}`);
  });
}

/**
 * Caches the families' structure: through the gateway's `prefetchStructure` when the build has it (and
 * {@link STRUCTURE_PRIMING} allows), else with {@link STRUCTURE_QUERY}. Says which it was.
 */
async function primeStructure(gateway: GatewayUnderTest, sessions: readonly string[]): Promise<ColdResult['primedBy']> {
  if (STRUCTURE_PRIMING === 'prefetch-if-available' && (await gateway.prefetch(sessions)))
    return 'prefetchStructure(userId)';
  await primeWith(gateway, sessions, STRUCTURE_QUERY);
  return 'structure query';
}

/** Never-used families for each variant, disjoint. */
export interface ColdFamilies {
  cold: string[];
  coldData: string[];
  coldStructure: string[];
}

/** Runs the three variants on disjoint sets of never-used families. */
export async function measureColdPath(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  families: ColdFamilies,
): Promise<ColdResult[]> {
  harness.progress(
    `cold path: ${families.cold.length} dashboards for never-seen families, ${harness.settings.coldConnections} at a time`,
  );
  const cold = await measure(harness, gateway, dashboard, 'cold family', 'nothing', families.cold);

  harness.progress(`cold data: caching ${families.coldData.length} families' profiles, then their dashboards`);
  await primeWith(gateway, families.coldData, STUDENTS_QUERY);
  const coldData = await measure(
    harness,
    gateway,
    dashboard,
    'cold data, cached profile',
    'viewer { students }',
    families.coldData,
  );

  harness.progress(`cold data: caching ${families.coldStructure.length} families' structure, then their dashboards`);
  const primedBy = await primeStructure(gateway, families.coldStructure);
  const coldStructure = await measure(
    harness,
    gateway,
    dashboard,
    'cold data, structure known',
    primedBy,
    families.coldStructure,
  );
  return [cold, coldData, coldStructure];
}
