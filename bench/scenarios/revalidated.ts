/**
 * The revalidated dashboard (issue 15): a gateway with every data resource at freshness 0 (grades,
 * homework, schedule, attendance, averages; the structure — profile, subjects, periods, days off — at its
 * default windows), healthy simulators. Each family is served twice — the first reads its structure, the second
 * builds its data on the kept structure, as every later refresh does (a copy built while its structure was being
 * read keeps no journal to renew it by: src/loaders/renewing-fetch.ts) — then dashboards go one at a time and a
 * few at a time: the gateway's CPU per query from /proc, the upstream
 * calls per query by diary and route with the structure routes apart (with the structure cached, any call
 * to one is a miss of the goal "none for structure that is cached"), the latency, and every body checked:
 * a revalidated answer must equal the golden one once every `freshness` list is left out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  fillFamilies,
  readCalls,
  runLoad,
  setVary,
  type CallsByProvider,
  type FillOutcome,
  type GatewayUnderTest,
  type Harness,
} from '../harness.js';
import type { LoadResult } from '../load.js';
import { cpuSeconds } from '../processes.js';
import type { BenchProvider } from '../providers.js';
import { minimumCalls, splitMinimum, splitStructure, totalOf } from '../upstream-calls.js';
import { byRouteTemplate, dashboardAccounts, totalCalls } from './calls.js';
import type { Dashboard } from './golden.js';

/** Calls per query of one diary, its structure routes apart from its data routes. */
export interface CallsPerQuery {
  structure: Record<string, number>;
  data: Record<string, number>;
}

/** One run at one concurrency. */
export interface RevalidatedRun {
  connections: number;
  load: LoadResult;
  gatewayCpuMsPerQuery: number | null;
  callsPerQuery: number;
  structureCallsPerQuery: number;
  byProvider: Partial<Record<BenchProvider, CallsPerQuery>>;
}

/**
 * Which case of the scenario: copies renewed when the diaries answer as before (`CACHE_RENEWAL` on, the
 * default), rebuilt on every refresh (`CACHE_RENEWAL=off`: the gateway before renewal), or renewal on while
 * every answer changes its bytes on every call (the proxies' `vary`: what renewal costs when it never applies).
 */
export type RevalidatedCase = 'renewed' | 'rebuilt' | 'answers changing' | 'answer run';

/** The scenario's result. */
export interface RevalidatedResult {
  case: RevalidatedCase;
  /** `CACHE_FRESHNESS` of the gateway under test. */
  freshness: string;
  prime: FillOutcome;
  runs: RevalidatedRun[];
  /** The dashboard's data calls (the theoretical minimum without its structure routes), per query. */
  dataMinimum: number;
  dataMinimumByRoute: Partial<Record<BenchProvider, Record<string, number>>>;
}

/** Divides a read of the simulators into calls per query by diary and route, structure apart. */
export function perQuery(calls: CallsByProvider, queries: number): Partial<Record<BenchProvider, CallsPerQuery>> {
  const result: Partial<Record<BenchProvider, CallsPerQuery>> = {};
  for (const [provider, byRoute] of Object.entries(byRouteTemplate(calls)) as [
    BenchProvider,
    Record<string, number>,
  ][]) {
    const per = Object.fromEntries(
      Object.entries(byRoute).map(([route, count]) => [route, count / Math.max(1, queries)]),
    );
    result[provider] = splitStructure(provider, per);
  }
  return result;
}

/** The minimum's data routes only (a revalidated dashboard's structure should come from the cache). */
export function dataOnly(
  minimum: Partial<Record<BenchProvider, Record<string, number>>>,
): Partial<Record<BenchProvider, Record<string, number>>> {
  return splitMinimum(minimum).data;
}

async function run(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  sessions: string[],
  connections: number,
  amount: number,
): Promise<RevalidatedRun> {
  harness.progress(`revalidated dashboard: ${amount} queries at c=${connections}`);
  await readCalls(harness);
  const cpuBefore = cpuSeconds(gateway.child.pid);
  const load = await runLoad(harness, {
    url: gateway.url,
    body: dashboard.body,
    sessions,
    sessionMode: 'cycle',
    connections,
    amount,
    timeoutS: 30,
    validation: { kind: 'revalidating', golden: dashboard.golden },
  });
  const cpuAfter = cpuSeconds(gateway.child.pid);
  const calls = await readCalls(harness);
  const queries = Math.max(1, load.requests);
  const byProvider = perQuery(calls, queries);
  const structureCallsPerQuery = Object.values(byProvider).reduce((sum, each) => sum + totalOf(each.structure), 0);
  return {
    connections,
    load,
    gatewayCpuMsPerQuery: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / queries,
    callsPerQuery: totalCalls(calls) / queries,
    structureCallsPerQuery,
    byProvider,
  };
}

/** Runs the scenario against a gateway started with `freshness` (see `settings.ts`'s `DATA_REVALIDATE`). */
export async function measureRevalidated(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  freshness: string,
  scenarioCase: RevalidatedCase = 'renewed',
): Promise<RevalidatedResult> {
  const { settings } = harness;
  const sessions = gateway.sessions.slice(0, settings.revalidatedFamilies);
  harness.progress(
    `revalidated dashboard (${scenarioCase}): serving ${sessions.length} families twice (structure, then data)`,
  );
  await fillFamilies(gateway, dashboard, sessions, settings.revalidatedConnections);
  const prime = await fillFamilies(gateway, dashboard, sessions, settings.revalidatedConnections);
  if (scenarioCase === 'answers changing') await setVary(harness, true);
  const profiling = harness.profileDirectory !== null && !harness.profileWholeRun;
  if (profiling) await gateway.profileStart();
  const runs = [
    await run(harness, gateway, dashboard, sessions, 1, settings.revalidatedSerialQueries),
    await run(
      harness,
      gateway,
      dashboard,
      sessions,
      settings.revalidatedConnections,
      settings.revalidatedConcurrentQueries,
    ),
  ];
  if (profiling && harness.profileDirectory) {
    mkdirSync(harness.profileDirectory, { recursive: true });
    const name = `revalidated-${scenarioCase.replace(/[^A-Za-z0-9]+/g, '-')}.cpuprofile`;
    await gateway.profileStop(join(harness.profileDirectory, name));
  }
  if (scenarioCase === 'answers changing') await setVary(harness, false);
  const dataMinimumByRoute = dataOnly(minimumCalls(dashboardAccounts(harness), harness.dates));
  const dataMinimum = Object.values(dataMinimumByRoute).reduce((sum, byRoute) => sum + totalOf(byRoute), 0);
  return { case: scenarioCase, freshness, prime, runs, dataMinimum, dataMinimumByRoute };
}
