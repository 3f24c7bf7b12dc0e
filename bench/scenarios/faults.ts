/**
 * Under faults (issue 6): one diary first flaky (5% of calls answered 5xx, 1% never answered, so the
 * gateway's timeout fires), then fully down, the other healthy. The gateway here revalidates every data
 * resource on every request (freshness 0; the family's profile keeps its default windows), so each
 * dashboard asks the failing diary and has to fall back to the last good copy — the situation of every
 * request once cached data has aged out.
 * Figures: share of answers carrying the healthy diary's data (goal 100%), p99 latency against the
 * deadline (goal ≤ deadline + 10%), and how the failing diary's child was served (fresh, stale copy,
 * or with lists missing).
 */
import type { FaultPlan } from '../fault-proxy.js';
import {
  fillFamilies,
  readCalls,
  runLoad,
  setPlan,
  type CallsByProvider,
  type FillOutcome,
  type GatewayUnderTest,
  type Harness,
} from '../harness.js';
import type { LoadResult } from '../load.js';
import type { BenchProvider } from '../providers.js';
import type { Validation } from '../validate.js';
import type { Dashboard } from './golden.js';

/** One phase of the fault scenario. */
export interface FaultPhase {
  phase: 'healthy' | 'flaky: 5% 5xx, 1% hang' | 'down';
  load: LoadResult;
  /** Attempts at the failing diary (the proxy's counts: forwarded, 5xx injected, hung, refused). */
  failingAttempts: NonNullable<CallsByProvider[BenchProvider]>['proxy'] | null;
  /** Attempts at the failing diary per query sent (retries included). */
  failingAttemptsPerQuery: number | null;
}

/** The fault scenario's result. */
export interface FaultsResult {
  failingProvider: BenchProvider;
  /** Aliases of the children on the healthy and on the failing diary. */
  healthy: string[];
  failing: string[];
  deadlineMs: number;
  /** Every family served once while healthy, so each has a last good copy. */
  prime: FillOutcome;
  phases: FaultPhase[];
}

/** Codes a failing diary may legitimately put in `errors[]`. */
export const FAULT_CODES = ['PROVIDER_UNAVAILABLE', 'PROVIDER_TIMEOUT'] as const;

const PLANS: readonly { phase: FaultPhase['phase']; plan: FaultPlan; seconds: (harness: Harness) => number }[] = [
  { phase: 'healthy', plan: { kind: 'none' }, seconds: (harness) => harness.settings.faultHealthyS },
  {
    phase: 'flaky: 5% 5xx, 1% hang',
    plan: { kind: 'flaky', errorRate: 0.05, hangRate: 0.01 },
    seconds: (harness) => harness.settings.faultFlakyS,
  },
  { phase: 'down', plan: { kind: 'down' }, seconds: (harness) => harness.settings.faultDownS },
];

/** Runs the phases against a gateway started with freshness 0. */
export async function measureFaults(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  failingProvider: BenchProvider,
  deadlineMs: number,
): Promise<FaultsResult> {
  const { settings } = harness;
  const providerOf = (key: string) => harness.family.children.find((child) => child.key === key)!.provider;
  const failing = harness.childKeys.filter((key) => providerOf(key) === failingProvider);
  const healthy = harness.childKeys.filter((key) => providerOf(key) !== failingProvider);
  const sessions = gateway.sessions.slice(0, settings.faultFamilies);
  const common = {
    url: gateway.url,
    body: dashboard.body,
    sessions,
    sessionMode: 'cycle' as const,
    connections: settings.faultConnections,
    timeoutS: 30,
  };

  harness.progress(`faults: priming ${sessions.length} families (their last good copies)`);
  const prime = await fillFamilies(gateway, dashboard, sessions, settings.faultConnections);

  const validation: Validation = {
    kind: 'degraded',
    golden: dashboard.golden,
    healthy,
    failing,
    allowedCodes: FAULT_CODES,
  };
  const phases: FaultPhase[] = [];
  for (const { phase, plan, seconds } of PLANS) {
    harness.progress(`faults: ${failingProvider} ${phase}, ${seconds(harness)} s at c=${settings.faultConnections}`);
    await readCalls(harness);
    await setPlan(harness, failingProvider, plan);
    try {
      const load = await runLoad(harness, { ...common, durationS: seconds(harness), validation });
      // Requests still in flight when the run stopped finish their upstream calls within the deadline.
      await new Promise((resolve) => setTimeout(resolve, deadlineMs + 500));
      const attempts = (await readCalls(harness))[failingProvider]?.proxy ?? null;
      const total = attempts
        ? attempts.forwarded + attempts.replayed + attempts.errors + attempts.hung + attempts.down
        : null;
      phases.push({
        phase,
        load,
        failingAttempts: attempts,
        failingAttemptsPerQuery: total === null ? null : total / Math.max(1, load.sent),
      });
    } finally {
      await setPlan(harness, failingProvider, { kind: 'none' });
    }
  }
  return { failingProvider, healthy, failing, deadlineMs, prime, phases };
}
