/**
 * Upstream calls per query, exactly: dashboard queries sent one at a time, each for a family the
 * gateway has never seen, the simulators' records read after each one; then the same family again
 * (warm cache, within freshness), which must make no call at all. Replay is off here, so every call
 * reaches a simulator, and the proxy's count is checked against the simulator's own record.
 */
import { childrenByKey, enrollmentsOf } from '../dashboard.js';
import { benchAccounts, type BenchProvider } from '../providers.js';
import { postGraphql, readCalls, type CallsByProvider, type GatewayUnderTest, type Harness } from '../harness.js';
import {
  chainDepth,
  formatTimeline,
  minimumCalls,
  routeDifferences,
  routeTemplate,
  splitMinimum,
  totalOf,
  totalOfAll,
  type DashboardAccount,
} from '../upstream-calls.js';
import { linkedChildKeys, type Dashboard } from './golden.js';

/** Calls of one scenario against the minimum. */
export interface CallsResult {
  /** Calls made by each cold query. */
  coldPerQuery: number[];
  /** Calls made by each warm query (same family, again). */
  warmPerQuery: number[];
  /** Latency of each query sent alone (no other load), ms: the unloaded cold and warm figures. */
  coldMs: number[];
  warmMs: number[];
  /** Calls of the first cold query by provider and route template. */
  coldByRoute: Partial<Record<BenchProvider, Record<string, number>>>;
  minimumByRoute: Partial<Record<BenchProvider, Record<string, number>>>;
  minimum: number;
  /** The minimum's calls to structure routes and to data routes (their sum is `minimum`). */
  minimumStructure: number;
  minimumData: number;
  /** `route: measured/minimum` for every route that differs in any sample; empty when all equal. */
  differences: string[];
  /** Identical calls (same route and query) made twice within one query. */
  duplicates: string[];
  /** Answers that were not the golden one. */
  invalid: number;
  /** Every call the proxy counted reached the simulator and was recorded there too (replay is off here). */
  simulatorsAgree: boolean;
  /** The first cold query's calls in time order, and the longest chain of calls that waited for each other. */
  timeline: string[];
  chainDepth: number;
}

/** Calls by provider and route template, from a simulator read. */
export function byRouteTemplate(calls: CallsByProvider): Partial<Record<BenchProvider, Record<string, number>>> {
  const result: Partial<Record<BenchProvider, Record<string, number>>> = {};
  for (const [provider, recorded] of Object.entries(calls) as [
    BenchProvider,
    NonNullable<CallsByProvider[BenchProvider]>,
  ][]) {
    const routes: Record<string, number> = {};
    for (const [path, count] of Object.entries(recorded.byRoute))
      routes[routeTemplate(path)] = (routes[routeTemplate(path)] ?? 0) + count;
    result[provider] = routes;
  }
  return result;
}

/** Total calls over every provider. */
export function totalCalls(calls: CallsByProvider): number {
  return Object.values(calls).reduce((sum, recorded) => sum + (recorded?.total ?? 0), 0);
}

/** The dashboard's diary accounts: which children each shows, and which of them are on the dashboard. */
export function dashboardAccounts(harness: Harness): DashboardAccount[] {
  return harness.providers.map((provider) => {
    // The accounts the benchmark families link (`gateway-process.ts`): their calls are the ones counted.
    const account = benchAccounts(harness.family, [provider])[0];
    if (!account) throw new Error(`the demo family has no ${provider} account`);
    // A dashboard child's other enrollments (Мария's art school on Eljur) are read for the dashboard too.
    const linked = linkedChildKeys(harness);
    const shown = childrenByKey(harness.family, harness.childKeys).flatMap((child) =>
      enrollmentsOf(harness.family, child, linked),
    );
    return {
      provider,
      accountChildren: childrenByKey(harness.family, account.childKeys),
      dashboardChildren: shown.filter((child) => account.childKeys.includes(child.key)),
    };
  });
}

/** Runs the exact count on `sessions` (each used for one cold and one warm query). */
export async function measureCalls(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  sessions: readonly string[],
): Promise<CallsResult> {
  const minimum = minimumCalls(dashboardAccounts(harness), harness.dates);
  const parts = splitMinimum(minimum);
  const result: CallsResult = {
    coldPerQuery: [],
    warmPerQuery: [],
    coldMs: [],
    warmMs: [],
    coldByRoute: {},
    minimumByRoute: minimum,
    minimum: harness.providers.reduce((sum, provider) => sum + totalOf(minimum[provider] ?? {}), 0),
    minimumStructure: totalOfAll(parts.structure),
    minimumData: totalOfAll(parts.data),
    differences: [],
    duplicates: [],
    invalid: 0,
    simulatorsAgree: true,
    timeline: [],
    chainDepth: 0,
  };
  const differences = new Set<string>();
  const duplicates = new Set<string>();
  await readCalls(harness);
  for (const [index, session] of sessions.entries()) {
    for (const phase of ['cold', 'warm'] as const) {
      const answer = await postGraphql(gateway.url, session, dashboard.body);
      if (answer.status !== 200 || answer.text !== dashboard.golden) result.invalid++;
      const calls = await readCalls(harness, true, index === 0 && phase === 'cold');
      if (Object.values(calls).some((recorded) => recorded && recorded.total !== recorded.simulatorTotal))
        result.simulatorsAgree = false;
      if (phase === 'warm') {
        result.warmPerQuery.push(totalCalls(calls));
        result.warmMs.push(answer.ms);
        continue;
      }
      result.coldPerQuery.push(totalCalls(calls));
      result.coldMs.push(answer.ms);
      const byRoute = byRouteTemplate(calls);
      if (index === 0) {
        result.coldByRoute = byRoute;
        const timeline = Object.values(calls).flatMap((recorded) => recorded?.timeline ?? []);
        result.timeline = formatTimeline(timeline);
        result.chainDepth = chainDepth(timeline);
      }
      for (const provider of harness.providers) {
        for (const difference of routeDifferences(byRoute[provider] ?? {}, minimum[provider] ?? {}))
          differences.add(`${provider} ${difference}`);
        for (const [call, count] of Object.entries(calls[provider]?.byCall ?? {}))
          if (count > 1) duplicates.add(`${provider} ${call} ×${count}`);
      }
    }
  }
  result.differences = [...differences].sort();
  result.duplicates = [...duplicates].sort();
  return result;
}
