/**
 * Memory per open subscription at 1,000 subscribers, and the fan-out of one change to all of them (issue 16).
 *
 * One subscription per socket, four sockets per session (a family's phone, tablet and two browser tabs), so
 * 1,000 sockets come from 250 sessions of one family, whose children every subscriber follows. (Every bench
 * family links the same simulator accounts, so any set of families would follow the same children; one
 * family keeps the detector's polls to its three accounts, so the fan-out is timed on a quiet gateway.) Each
 * subscription takes one request of the family's allowance (`SESSION_RATE_LIMIT_PER_MINUTE`, counted per
 * user: 120 a minute by default, far above what a family's devices open); for one family to open 1,000 the
 * gateway is given 1.2 × that many a minute (the address's allowance follows at ten times that).
 *
 * Memory is read in the gateway after a forced GC (`--expose-gc`, the median of a few readings, as
 * `memory.ts` does), before the sockets open and once all 1,000 subscriptions are live: each has received
 * the one change the feed held, which a subscription without `since` delivers at once. Then one more mark
 * is entered, one grades poll finds it, and each subscriber's delay from the poll's last diary answer to its
 * message is taken: the fan-out.
 */
import {
  CHANGE_GATEWAY_DEFAULTS,
  answerTimes,
  enterMark,
  lastBefore,
  summarizeDelays,
  type DelaySummary,
  type Subscribers,
} from '../changes-timing.js';
import type { MemoryReport } from '../gateway-process.js';
import { postGraphql, readCalls, startGateway, type GatewayUnderTest, type Harness } from '../harness.js';
import { DATA_REVALIDATE } from '../settings.js';
import { kibEach, sampleMemory } from './memory.js';

/** Sizes of the subscribers run. */
export interface SubscribersSettings {
  sockets: number;
  socketsPerSession: number;
  memorySamples: number;
}

/** The subscribers run's figures. */
export interface SubscribersResult {
  sockets: number;
  sessions: number;
  /** Sockets whose subscription went live (received the feed's first change). */
  live: number;
  failures: Record<string, number>;
  openMs: number;
  before: MemoryReport;
  after: MemoryReport;
  /** `SESSION_RATE_LIMIT_PER_MINUTE` of the run (the family's allowance, see above). */
  familyAllowancePerMinute: number;
  /** (after − before) ÷ live subscriptions, KiB: heap used + external, and RSS. */
  heapKibPerSubscription: number;
  rssKibPerSubscription: number;
  /** Subscribers that received the fanned-out change. */
  reached: number;
  /** From the poll's last diary answer to each subscriber's message. */
  fanOut: DelaySummary;
}

const MARKED_CHILD = 'masha';

/** The family's requests a minute the run needs: every subscription and a few queries, with a margin. */
export function familyAllowance(subscriptions: number): number {
  return Math.max(120, Math.ceil(1.2 * subscriptions));
}

/** The cursor of the family's feed as it stands (every session is the same viewer's, so it serves them all). */
async function feedCursor(gateway: Pick<GatewayUnderTest, 'url' | 'probe'>): Promise<string> {
  const answer = await postGraphql(gateway.url, gateway.probe, JSON.stringify({ query: FEED_CURSOR }));
  const cursor = (JSON.parse(answer.text) as { data?: { viewer?: { changes?: { cursor?: string } } } }).data?.viewer
    ?.changes?.cursor;
  if (!cursor) throw new Error(`the feed gave no cursor: ${answer.status} ${answer.text.slice(0, 200)}`);
  return cursor;
}

const FEED_CURSOR = '{ viewer { changes { cursor } } }';

/** Runs the scenario on a gateway of its own. */
export async function measureSubscribers(
  harness: Harness,
  subscribers: Subscribers,
  settings: SubscribersSettings,
): Promise<SubscribersResult> {
  const sessions = Math.ceil(settings.sockets / settings.socketsPerSession);
  harness.progress(
    `changes: ${settings.sockets} subscribers (${sessions} sessions × ${settings.socketsPerSession} sockets), memory and fan-out`,
  );
  const gateway = await startGateway(
    harness,
    'gateway-changes-subscribers',
    {
      CHANGE_DETECTION: 'off',
      CACHE_FRESHNESS: DATA_REVALIDATE,
      SESSION_RATE_LIMIT_PER_MINUTE: String(familyAllowance(settings.sockets)),
    },
    { families: 0, sessionsPerFamily: sessions, defaults: CHANGE_GATEWAY_DEFAULTS },
  );
  try {
    const tokens = [...gateway.sessions, gateway.probe];
    // The baseline poll, then one change in the feed after `since`: a subscription that received it is live.
    await gateway.detect();
    const since = await feedCursor(gateway);
    await enterMark(harness, MARKED_CHILD, 'bench-live');
    await gateway.detect(['grades']);
    const before = await sampleMemory(gateway, settings.memorySamples, 1000);
    const opened = await subscribers.open({
      url: gateway.url,
      tokens: Array.from({ length: settings.sockets }, (_, index) => tokens[index % tokens.length]!),
      since,
      awaitFirst: true,
      timeoutMs: 60_000,
    });
    const after = await sampleMemory(gateway, settings.memorySamples, 1000);
    await subscribers.received(true);

    const clock = await harness.simulators.call<number>({ type: 'clock' });
    await readCalls(harness);
    const tag = 'bench-fan-out';
    await enterMark(harness, MARKED_CHILD, tag);
    await gateway.detect(['grades']);
    const reached = await subscribers.waitFor(tag, opened.opened, 60_000);
    const calls = await readCalls(harness, true, true);
    const received = (await subscribers.received(true)).filter((each) => each.tag === tag);
    await subscribers.close();
    const pollEnd = lastBefore(answerTimes([calls], 'MESH', clock), Math.min(...received.map((each) => each.at)));
    const live = opened.opened;
    return {
      sockets: settings.sockets,
      sessions: tokens.length,
      familyAllowancePerMinute: familyAllowance(settings.sockets),
      live,
      failures: opened.failures,
      openMs: opened.ms,
      before,
      after,
      heapKibPerSubscription: kibEach(
        after.heapUsedMiB + after.externalMiB,
        before.heapUsedMiB + before.externalMiB,
        live,
      ),
      rssKibPerSubscription: kibEach(after.rssMiB, before.rssMiB, live),
      reached,
      fanOut: summarizeDelays(pollEnd === null ? [] : received.map((each) => each.at - pollEnd)),
    };
  } finally {
    await gateway.child.stop();
  }
}
