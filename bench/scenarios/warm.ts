/**
 * Warm-cache throughput at fixed concurrency (issue 6, benchmarking.md §8.2 and §8.4 item 1): the
 * gateway serving families whose data is cached and fresh — with its answer cache (issue 15, the default)
 * and, as a second gateway process, with `ANSWER_CACHE=off` — against B1h (Apollo Server with in-memory
 * resolvers, same schema, same answer) and B0 (bare `node:http` returning the same bytes). Each variant
 * alone on core 1; rounds interleaved (each round starting one variant later) and reported as the median
 * with min–max; CPU time read from /proc; upstream calls must stay at zero. With a profile folder, each
 * gateway's CPU is profiled over its measured rounds alone (the warm path's profile).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineOptions } from '../baseline-process.js';
import { postGraphql, readCalls, runLoad, type GatewayUnderTest, type Harness } from '../harness.js';
import type { LoadResult } from '../load.js';
import { cpuSeconds, startChild, type BenchChild } from '../processes.js';
import { median } from '../stats.js';
import { totalCalls } from './calls.js';
import type { Dashboard } from './golden.js';

/** A variant of the throughput comparison. */
export type WarmVariant =
  'gateway' | 'gateway, ANSWER_CACHE=off' | 'B1h Apollo, in-memory' | 'B0 node:http, same bytes';

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
  /** Server CPU per answered request, ms (median over rounds): 1000 ÷ {@link rpsPerCpuSecond}. */
  cpuMsPerRequest: number | null;
}

/** The comparison. */
export interface WarmResult {
  variants: WarmVariantResult[];
  /** Upstream calls the gateway made during all its warm rounds (goal: 0). */
  upstreamCalls: number;
  /** Gateway median req/s ÷ B1h's, and ÷ B0's. */
  ratioToApollo: number;
  ratioToBare: number;
  /** Gateway CPU per request ÷ B1h's (issue 15's goal: ≤ 0.8). */
  cpuRatioToApollo: number;
  /** The gateway with `ANSWER_CACHE=off`, req/s ÷ B1h's and CPU per request ÷ B1h's (`null` when not run). */
  answerCacheOff: { ratioToApollo: number; cpuRatioToApollo: number } | null;
  /** Whether this build reads `ANSWER_CACHE` at all (else both gateway variants are the same gateway). */
  answerCacheKnown: boolean;
  /** The warm-only CPU profiles written (one per gateway variant), when profiling. */
  profiles: string[];
}

/** Whether the compiled gateway's configuration reads `ANSWER_CACHE` (issue 15's answer cache). */
export function answerCacheKnown(distRoot: string = join(import.meta.dirname, '..', '..')): boolean {
  const file = join(distRoot, 'src', 'config', 'environment.js');
  return existsSync(file) && /\bANSWER_CACHE\b/.test(readFileSync(file, 'utf8'));
}

/** The gateways of the comparison: the default one and, when started, the one with the answer cache off. */
export interface WarmGateways {
  gateway: GatewayUnderTest;
  answerCacheOff: GatewayUnderTest | null;
}

interface Target {
  variant: WarmVariant;
  url: string;
  pid: number;
  /** The gateway under test, for its warm-only profile; `null` for a baseline. */
  gateway: GatewayUnderTest | null;
  /** The sessions its requests carry: a gateway's own warm families (a baseline takes any token). */
  sessions: string[];
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

async function round(harness: Harness, target: Target, dashboard: Dashboard, seconds: number): Promise<WarmRound> {
  const cpuBefore = cpuSeconds(target.pid);
  const load = await runLoad(harness, {
    url: target.url,
    body: dashboard.body,
    sessions: target.sessions,
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
  const rpsPerCpuSecond = perCpu.length ? median(perCpu) : null;
  return {
    variant,
    rounds,
    medianRps: median(rps),
    minRps: Math.min(...rps),
    maxRps: Math.max(...rps),
    medianP50: median(rounds.map((each) => each.load.latencyMs.p50)),
    medianP99: median(rounds.map((each) => each.load.latencyMs.p99)),
    medianCpuPercent: cpu.length ? median(cpu) : null,
    rpsPerCpuSecond,
    cpuMsPerRequest: rpsPerCpuSecond ? 1000 / rpsPerCpuSecond : null,
  };
}

/** Starts the warm-only profile of every gateway target (nothing without a profile folder). */
async function startProfiles(harness: Harness, targets: readonly Target[]): Promise<void> {
  if (!harness.profileDirectory) return;
  mkdirSync(harness.profileDirectory, { recursive: true });
  for (const target of targets) await target.gateway?.profileStart();
}

/** Stops them, each written as `<variant>.warm-only.cpuprofile`; returns the files. */
async function stopProfiles(harness: Harness, targets: readonly Target[]): Promise<string[]> {
  if (!harness.profileDirectory) return [];
  const files: string[] = [];
  for (const target of targets) {
    if (!target.gateway) continue;
    const name = target.variant.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '');
    const file = join(harness.profileDirectory, `${name}.warm-only.cpuprofile`);
    await target.gateway.profileStop(file);
    files.push(file);
  }
  return files;
}

/** Runs the interleaved comparison over the first `families` families of each gateway (already warm in it). */
export async function measureWarm(
  harness: Harness,
  gateways: WarmGateways,
  dashboard: Dashboard,
  families: number,
): Promise<WarmResult> {
  const { settings } = harness;
  const { gateway, answerCacheOff } = gateways;
  const bare = await startBaseline(harness, dashboard, 'B0');
  const apollo = await startBaseline(harness, dashboard, 'B1h');
  const gatewayTarget = (variant: WarmVariant, sut: GatewayUnderTest): Target => ({
    variant,
    url: sut.url,
    pid: sut.child.pid,
    gateway: sut,
    sessions: sut.sessions.slice(0, families),
  });
  const sessions = gateway.sessions.slice(0, families);
  const targets: Target[] = [
    gatewayTarget('gateway', gateway),
    ...(answerCacheOff ? [gatewayTarget('gateway, ANSWER_CACHE=off', answerCacheOff)] : []),
    { variant: 'B1h Apollo, in-memory', url: apollo.url, pid: apollo.child.pid, gateway: null, sessions },
    { variant: 'B0 node:http, same bytes', url: bare.url, pid: bare.child.pid, gateway: null, sessions },
  ];
  let profiles: string[] = [];
  const rounds = new Map<WarmVariant, WarmRound[]>(targets.map((target) => [target.variant, []]));
  try {
    await readCalls(harness);
    for (const target of targets) {
      harness.progress(`warm-up: ${target.variant}, ${settings.warmWarmupS} s`);
      await round(harness, target, dashboard, settings.warmWarmupS);
    }
    await startProfiles(harness, targets);
    for (let index = 0; index < settings.warmRounds; index++) {
      for (let offset = 0; offset < targets.length; offset++) {
        const target = targets[(index + offset) % targets.length]!;
        harness.progress(
          `warm round ${index + 1}/${settings.warmRounds}: ${target.variant}, ${settings.warmRunS} s at c=${settings.warmConnections}`,
        );
        rounds.get(target.variant)!.push(await round(harness, target, dashboard, settings.warmRunS));
      }
    }
    profiles = await stopProfiles(harness, targets);
  } finally {
    await bare.child.stop();
    await apollo.child.stop();
  }
  const upstreamCalls = totalCalls(await readCalls(harness));
  const variants = targets.map((target) => summarizeVariant(target.variant, rounds.get(target.variant)!));
  const find = (variant: WarmVariant) => variants.find((each) => each.variant === variant);
  const sut = find('gateway')!;
  const b1h = find('B1h Apollo, in-memory')!;
  const b0 = find('B0 node:http, same bytes')!;
  const off = find('gateway, ANSWER_CACHE=off');
  const cpuRatio = (variant: WarmVariantResult) =>
    (variant.cpuMsPerRequest ?? Number.NaN) / (b1h.cpuMsPerRequest ?? Number.NaN);
  return {
    variants,
    upstreamCalls,
    ratioToApollo: sut.medianRps / b1h.medianRps,
    ratioToBare: sut.medianRps / b0.medianRps,
    cpuRatioToApollo: cpuRatio(sut),
    answerCacheOff: off ? { ratioToApollo: off.medianRps / b1h.medianRps, cpuRatioToApollo: cpuRatio(off) } : null,
    answerCacheKnown: answerCacheKnown(),
    profiles,
  };
}
