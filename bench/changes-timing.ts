/**
 * Helpers of the change scenarios (issue 16): the subscribers' process and its requests, the detector's
 * poll counter, the moment the bench runs at as the schedule sees it, and delays summarised. The times of
 * every process are epoch milliseconds of this one machine's clock, so they compare across processes.
 */
import type { PollMoment } from '../src/changes/poll-schedule.js';
import type { DemoFamily } from '../src/demo/demo-family.js';
import { dateInZone, isoWeekday } from '../src/domain/dates.js';
import type { CallsByProvider, GatewayUnderTest, Harness } from './harness.js';
import { startChild, type BenchChild } from './processes.js';
import type { BenchProvider } from './providers.js';
import { percentile } from './stats.js';
import type { OpenOutcome, OpenRequest, ReceivedChange } from './subscribers-process.js';
import type { EnteredMark } from './changes-marks.js';

/** p50, p95, p99 and max of a sample of delays, ms. */
export interface DelaySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Summarises delays (nearest-rank percentiles, as the rest of the bench). */
export function summarizeDelays(values: readonly number[]): DelaySummary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** The subscribers' process (core 0), started by a change scenario. */
export interface Subscribers {
  child: BenchChild;
  open(request: OpenRequest): Promise<OpenOutcome>;
  received(clear?: boolean): Promise<ReceivedChange[]>;
  /** Resolves with how many sockets received the change tagged `tag` (waiting for `count`, at most `timeoutMs`). */
  waitFor(tag: string, count: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Starts the subscribers' process beside the load generator. */
export async function startSubscribers(harness: Harness): Promise<Subscribers> {
  const { child } = await startChild({
    name: 'subscribers',
    entry: 'subscribers-process.js',
    role: 'load-and-simulators',
    pinning: harness.pinning,
    options: {},
    logDirectory: harness.logDirectory,
  });
  return {
    child,
    open: (request) => child.call<OpenOutcome>({ type: 'open', request }),
    received: (clear = false) => child.call<ReceivedChange[]>({ type: 'received', clear }),
    waitFor: (tag, count, timeoutMs) => child.call<number>({ type: 'wait', tag, count, timeoutMs }),
    close: () => child.call<void>({ type: 'close' }),
  };
}

/** Enters a tagged mark for `childKey` in its simulator (see `changes-marks.ts`). */
export function enterMark(harness: Harness, childKey: string, tag: string): Promise<EnteredMark> {
  return harness.simulators.call<EnteredMark>({ type: 'enter-mark', childKey, tag });
}

/** Polls the detector has ended by outcome (`ok`, `failed`, `lease-lost`: `diary_gateway_change_polls_total`). */
export async function pollOutcomes(gateway: Pick<GatewayUnderTest, 'url'>): Promise<Record<string, number>> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const outcomes: Record<string, number> = {};
  for (const match of text.matchAll(/^diary_gateway_change_polls_total\{outcome="([^"]+)"\} (\d+)/gm))
    outcomes[match[1]!] = Number(match[2]);
  return outcomes;
}

/** Polls the detector has ended, every outcome. */
export async function pollsEnded(gateway: Pick<GatewayUnderTest, 'url'>): Promise<number> {
  return Object.values(await pollOutcomes(gateway)).reduce((total, count) => total + count, 0);
}

/**
 * The bench's overrides the change scenarios leave at the gateway's defaults: the deadline and upstream
 * timeouts are scaled down 4× for the fault scenario, and a poll's reads end at the deadline; the schedule
 * and the subscriptions are measured as production runs them.
 */
export const CHANGE_GATEWAY_DEFAULTS: readonly string[] = Object.freeze([
  'REQUEST_DEADLINE_MS',
  'UPSTREAM_CONNECT_TIMEOUT_MS',
  'UPSTREAM_HEADERS_TIMEOUT_MS',
  'UPSTREAM_BODY_TIMEOUT_MS',
]);

/** The moment `now` as the schedule sees the school of `childKey`: its zone, and whether today is a day off. */
export function scheduleMoment(family: DemoFamily, childKey: string, now: Date): PollMoment {
  const child = family.children.find((each) => each.key === childKey);
  if (!child) throw new Error(`the demo family has no child ${childKey}`);
  const today = dateInZone(now, child.timeZone);
  const dayOff = isoWeekday(today) >= 6 || child.nonSchoolDays.some((day) => day.date === today);
  return { now, timeZone: child.timeZone, dayOff };
}

/**
 * When each answer of `provider`'s diary left its proxy, epoch ms, sorted: the calls' timeline (the proxies'
 * clock) moved by that clock's epoch (`origin`). Calls never answered are left out.
 */
export function answerTimes(calls: readonly CallsByProvider[], provider: BenchProvider, origin: number): number[] {
  return calls
    .flatMap((each) => each[provider]?.timeline ?? [])
    .flatMap((call) => (call.ms === null ? [] : [origin + call.at + call.ms]))
    .sort((a, b) => a - b);
}

/** The last of the sorted `times` at or before `at`; `null` when none is. */
export function lastBefore(times: readonly number[], at: number): number | null {
  let found: number | null = null;
  for (const time of times) {
    if (time > at) break;
    found = time;
  }
  return found;
}

/** Waits `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
