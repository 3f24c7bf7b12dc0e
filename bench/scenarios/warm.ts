/**
 * Warm-cache throughput at fixed concurrency (issue 6, benchmarking.md §8.2 and §8.4 item 1): the
 * gateway serving families whose data is cached and fresh, against B1h (Apollo Server with in-memory
 * resolvers, same schema, same answer) and B0 (bare `node:http` returning the same bytes). Each variant
 * alone on core 1; rounds interleaved (gateway, B1h, B0, then the next round starting one later) and
 * reported as the median with min–max; CPU time read from /proc; upstream calls must stay at zero.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineOptions } from '../baseline-process.js';
import { postGraphql, readCalls, runLoad, type GatewayUnderTest, type Harness } from '../harness.js';
import type { LoadResult } from '../load.js';
import { cpuSeconds, startChild, type BenchChild } from '../processes.js';
import { median } from '../stats.js';
import { totalCalls } from './calls.js';
import type { Dashboard } from './golden.js';

/** A variant of the throughput comparison. */
export type WarmVariant = 'gateway' | 'B1h Apollo, in-memory' | 'B0 node:http, same bytes';

/** One measured round of one variant. */
export interface WarmRound {
  load: LoadResult;
  /** CPU of the server process over the round, % of one core. */
  serverCpuPercent: number | null;
}

/** All rounds of one variant. */
export interface WarmVariantResult {
  variant: WarmVariant;
  rounds: WarmRound[];
  medianRps: number;
  minRps: number;
  maxRps: number;
  medianP50: number;
  medianP99: number;
  medianCpuPercent: number | null;
  /** Answered requests per CPU-second of the server (median over rounds). */
  rpsPerCpuSecond: number | null;
}

/** The comparison. */
export interface WarmResult {
  variants: WarmVariantResult[];
  /** Upstream calls the gateway made during all its warm rounds (goal: 0). */
  upstreamCalls: number;
  /** Gateway median req/s ÷ B1h's, and ÷ B0's. */
  ratioToApollo: number;
  ratioToBare: number;
}

interface Target {
  variant: WarmVariant;
  url: string;
  pid: number;
}

async function startBaseline(
  harness: Harness,
  dashboard: Dashboard,
  kind: BaselineOptions['kind'],
): Promise<{ child: BenchChild; url: string }> {
  const goldenFile = join(harness.logDirectory, 'golden.json');
  writeFileSync(goldenFile, dashboard.golden);
  const options: BaselineOptions = { kind, goldenFile, contentType: dashboard.contentType };
  const { child, ready } = await startChild<{ url: string }>({
    name: `baseline-${kind}`,
    entry: 'baseline-process.js',
    role: 'system-under-test',
    pinning: harness.pinning,
    options,
    logDirectory: harness.logDirectory,
  });
  // A baseline that does not give the golden answer would make every ratio meaningless: refuse to go on.
  const answer = await postGraphql(ready.url, 'baseline', dashboard.body);
  if (answer.text !== dashboard.golden) {
    await child.stop();
    throw new Error(`baseline ${kind} does not answer the golden bytes: ${answer.text.slice(0, 300)}`);
  }
  return { child, url: ready.url };
}

async function round(
  harness: Harness,
  target: Target,
  dashboard: Dashboard,
  sessions: string[],
  seconds: number,
): Promise<WarmRound> {
  const cpuBefore = cpuSeconds(target.pid);
  const load = await runLoad(harness, {
    url: target.url,
    body: dashboard.body,
    sessions,
    sessionMode: 'cycle',
    connections: harness.settings.warmConnections,
    durationS: seconds,
    timeoutS: 30,
    validation: { kind: 'exact', golden: dashboard.golden },
  });
  const cpuAfter = cpuSeconds(target.pid);
  const serverCpuPercent =
    cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) / load.durationS) * 100;
  return { load, serverCpuPercent };
}

function summarizeVariant(variant: WarmVariant, rounds: WarmRound[]): WarmVariantResult {
  const rps = rounds.map((each) => each.load.rps);
  const cpu = rounds.map((each) => each.serverCpuPercent).filter((each): each is number => each !== null);
  const perCpu = rounds
    .filter((each) => each.serverCpuPercent)
    .map((each) => each.load.rps / (each.serverCpuPercent! / 100));
  return {
    variant,
    rounds,
    medianRps: median(rps),
    minRps: Math.min(...rps),
    maxRps: Math.max(...rps),
    medianP50: median(rounds.map((each) => each.load.latencyMs.p50)),
    medianP99: median(rounds.map((each) => each.load.latencyMs.p99)),
    medianCpuPercent: cpu.length ? median(cpu) : null,
    rpsPerCpuSecond: perCpu.length ? median(perCpu) : null,
  };
}

/** Runs the interleaved comparison over `sessions` (families already warm in `gateway`). */
export async function measureWarm(
  harness: Harness,
  gateway: GatewayUnderTest,
  dashboard: Dashboard,
  sessions: string[],
): Promise<WarmResult> {
  const { settings } = harness;
  const bare = await startBaseline(harness, dashboard, 'B0');
  const apollo = await startBaseline(harness, dashboard, 'B1h');
  const targets: Target[] = [
    { variant: 'gateway', url: gateway.url, pid: gateway.child.pid },
    { variant: 'B1h Apollo, in-memory', url: apollo.url, pid: apollo.child.pid },
    { variant: 'B0 node:http, same bytes', url: bare.url, pid: bare.child.pid },
  ];
  const rounds = new Map<WarmVariant, WarmRound[]>(targets.map((target) => [target.variant, []]));
  try {
    await readCalls(harness);
    for (const target of targets) {
      harness.progress(`warm-up: ${target.variant}, ${settings.warmWarmupS} s`);
      await round(harness, target, dashboard, sessions, settings.warmWarmupS);
    }
    for (let index = 0; index < settings.warmRounds; index++) {
      for (let offset = 0; offset < targets.length; offset++) {
        const target = targets[(index + offset) % targets.length]!;
        harness.progress(
          `warm round ${index + 1}/${settings.warmRounds}: ${target.variant}, ${settings.warmRunS} s at c=${settings.warmConnections}`,
        );
        rounds.get(target.variant)!.push(await round(harness, target, dashboard, sessions, settings.warmRunS));
      }
    }
  } finally {
    await bare.child.stop();
    await apollo.child.stop();
  }
  const upstreamCalls = totalCalls(await readCalls(harness));
  const variants = targets.map((target) => summarizeVariant(target.variant, rounds.get(target.variant)!));
  const [sut, b1h, b0] = variants as [WarmVariantResult, WarmVariantResult, WarmVariantResult];
  return {
    variants,
    upstreamCalls,
    ratioToApollo: sut.medianRps / b1h.medianRps,
    ratioToBare: sut.medianRps / b0.medianRps,
  };
}
