/**
 * The delay from a change in a diary to a subscriber (issue 16), and the cross-check of the calls an hour.
 *
 * A gateway with detection on polls one family (one account per diary) on the default schedule compressed
 * so that grades fall due every 15 s (every interval in the defaults' proportions; at night or on a day off
 * the configured ones are shorter by the quiet factor, so the effective schedule is the same). Data is read
 * from the diary on every poll (`CACHE_FRESHNESS` 0 for the detected resources): a change is seen within
 * max(interval, fresh window), and the window must not hide it. The structure's windows (profile, periods,
 * subjects, days off) are compressed by the same factor, so it is refreshed behind as in production.
 *
 * A subscriber connected over graphql-ws from the subscribers' process (core 0) follows the family's changes
 * while marks are entered in МЭШ at random moments through the simulator's own data; each mark's delay is
 * from its entry to the subscriber's message.
 * The part after the poll is timed from the last answer the МЭШ account's poll got from its diary (the
 * proxy's timeline) to the message: comparing, appending, the bus, the subscriber's read and the delivery.
 *
 * Cross-check: the data calls the simulators counted in the window against the calls the per-poll costs
 * predict for it (costs × the window ÷ each resource's mean interval at this moment, plus the detector's
 * start lag); the structure's calls (refreshed behind, which the per-poll costs leave out) are counted
 * apart and scaled to an hour of the kind the bench ran in.
 */
import {
  DEFAULT_POLL_INTERVALS,
  DETECTED_RESOURCES,
  WATCHED_RESOURCES,
  type PollIntervals,
} from '../../src/config/change-polling.js';
import {
  pollingFreshness,
  compressedIntervals,
  intervalsVariable,
  meanIntervalMs,
  quietFactor,
} from '../changes-schedule.js';
import {
  CHANGE_GATEWAY_DEFAULTS,
  answerTimes,
  enterMark,
  lastBefore,
  pollsEnded,
  scheduleMoment,
  sleep,
  summarizeDelays,
  type DelaySummary,
  type Subscribers,
} from '../changes-timing.js';
import { readCalls, startGateway, type CallsByProvider, type Harness } from '../harness.js';
import type { BenchProvider } from '../providers.js';
import { splitStructure, totalOf } from '../upstream-calls.js';
import { byRouteTemplate } from './calls.js';
import { callsPerPoll, polledAccounts, type PollCostsResult } from './change-costs.js';

/** How long the delivery run lasts and how many marks it enters. */
export interface DeliverySettings {
  marks: number;
  windowMs: number;
  /** The grades interval the compressed schedule comes out at (the effective one, quiet factor included). */
  gradesEffectiveMs: number;
}

/** The child whose diary gets the marks: Мария, on МЭШ. */
const MARKED_CHILD = 'masha';
const MARKED_PROVIDER: BenchProvider = 'MESH';

/**
 * How long after it is due a poll starts on average: the detector looks for due accounts every 2 s
 * (`tickMs`'s default in `src/changes/detector.ts`), half of that on average.
 */
export const DETECTOR_START_LAG_MS = 1000;

/** Calls in the window by diary: data against the prediction, and the structure refreshed behind. */
export interface CrossCheckRow {
  provider: BenchProvider;
  /** Calls to data routes (`STRUCTURE_ROUTES` in `upstream-calls.ts` names the others). */
  measured: number;
  predicted: number;
  /** Calls to structure routes: the profile, periods, subjects… refreshed behind. */
  structure: number;
}

/** The delivery run's figures. */
export interface DeliveryResult {
  /** The schedule of the run: the configured intervals, their factor from the defaults, and this moment's. */
  intervals: PollIntervals;
  intervalsVariable: string;
  freshness: string;
  /** Defaults ÷ this = the effective intervals (configured × quiet factor). */
  compression: number;
  quietFactor: number;
  /** The mean effective grades interval of the marked child's account at the run's moment, ms. */
  gradesIntervalMs: number;
  marks: number;
  delivered: number;
  /** Marks delivered more than once (each should arrive once). */
  repeated: number;
  enteredToSubscriber: DelaySummary;
  /** From the last answer the poll got from the diary to the subscriber's message. */
  answerToSubscriber: DelaySummary;
  /** Every mark's delays, ms, in the order entered (for the JSON: the shape of the distribution). */
  samples: { enteredToSubscriber: number[]; answerToSubscriber: number[] };
  windowMs: number;
  polls: number;
  crossCheck: CrossCheckRow[];
  /** Calls of the window by diary and route (what the cross-check counted). */
  windowCalls: Partial<Record<BenchProvider, Record<string, number>>>;
}

/** Random offsets in [0, `span`), sorted. */
function randomMoments(count: number, span: number): number[] {
  return Array.from({ length: count }, () => Math.random() * span).sort((a, b) => a - b);
}

/** Runs the delivery scenario on a gateway of its own, with `costs` for the cross-check. */
export async function measureDelivery(
  harness: Harness,
  subscribers: Subscribers,
  costs: PollCostsResult,
  settings: DeliverySettings,
): Promise<DeliveryResult> {
  const moment = scheduleMoment(harness.family, MARKED_CHILD, new Date());
  const quiet = quietFactor(moment);
  const { intervals, factor } = compressedIntervals(DEFAULT_POLL_INTERVALS, settings.gradesEffectiveMs, quiet);
  const variable = intervalsVariable(intervals);
  const freshness = pollingFreshness(factor, DETECTED_RESOURCES);
  harness.progress(
    `changes: delivery, ${settings.marks} marks over ${settings.windowMs / 1000} s, CHANGE_POLL_INTERVALS=${variable} (quiet factor ${quiet})`,
  );
  const gateway = await startGateway(
    harness,
    'gateway-changes-delivery',
    { CHANGE_DETECTION: 'on', CHANGE_POLL_INTERVALS: variable, CACHE_FRESHNESS: freshness },
    { families: 0, defaults: CHANGE_GATEWAY_DEFAULTS },
  );
  try {
    const accounts = polledAccounts(harness);
    const opened = await subscribers.open({
      url: gateway.url,
      tokens: [gateway.probe],
      since: null,
      awaitFirst: false,
      timeoutMs: 10_000,
    });
    if (opened.opened !== 1) throw new Error(`the subscriber could not connect: ${JSON.stringify(opened.failures)}`);
    // The baseline: every account's first poll (within the shortest interval of the start), then a margin.
    const started = Date.now();
    while ((await pollsEnded(gateway)) < accounts.length || Date.now() - started < intervals.grades + 5000)
      await sleep(250);
    const clock = await harness.simulators.call<number>({ type: 'clock' });
    await readCalls(harness);
    const pollsBefore = await pollsEnded(gateway);

    const windowStart = Date.now();
    const entries = randomMoments(settings.marks, settings.windowMs).map(async (offset, index) => {
      await sleep(offset);
      return enterMark(harness, MARKED_CHILD, `bench-delay-${index}`);
    });
    await sleep(settings.windowMs - (Date.now() - windowStart));
    const inWindow = await readCalls(harness, true, true);
    const polls = (await pollsEnded(gateway)) - pollsBefore;
    const entered = await Promise.all(entries);
    // Every mark is seen by the next grades poll: within an interval (plus jitter, lag and the poll) of its entry.
    for (const { tag } of entered) await subscribers.waitFor(tag, 1, 2 * intervals.grades * quiet + 10_000);
    const after = await readCalls(harness, true, true);
    const received = await subscribers.received(true);
    await subscribers.close();

    const answers = answerTimes([inWindow, after], MARKED_PROVIDER, clock);
    const enteredToSubscriber: number[] = [];
    const answerToSubscriber: number[] = [];
    let repeated = 0;
    for (const mark of entered) {
      const messages = received.filter((each) => each.tag === mark.tag);
      if (messages.length > 1) repeated++;
      const first = messages[0];
      if (!first) continue;
      enteredToSubscriber.push(first.at - mark.enteredAt);
      const answer = lastBefore(answers, first.at);
      if (answer !== null) answerToSubscriber.push(first.at - answer);
    }
    return {
      intervals,
      intervalsVariable: variable,
      freshness,
      compression: factor,
      quietFactor: quiet,
      gradesIntervalMs: meanIntervalMs('grades', intervals, moment),
      marks: entered.length,
      delivered: enteredToSubscriber.length,
      repeated,
      enteredToSubscriber: summarizeDelays(enteredToSubscriber),
      answerToSubscriber: summarizeDelays(answerToSubscriber),
      samples: { enteredToSubscriber, answerToSubscriber },
      windowMs: settings.windowMs,
      polls,
      crossCheck: crossCheck(harness, costs, intervals, inWindow, settings.windowMs),
      windowCalls: byRouteTemplate(inWindow),
    };
  } finally {
    await gateway.child.stop();
  }
}

/** Each account's calls in the window against its resources' costs × their polls in the window. */
function crossCheck(
  harness: Harness,
  costs: PollCostsResult,
  intervals: PollIntervals,
  inWindow: CallsByProvider,
  windowMs: number,
): CrossCheckRow[] {
  const now = new Date();
  return polledAccounts(harness).map((account) => {
    const firstChild = harness.family.accounts.find(
      (each) => each.provider === account.provider && each.tenant === undefined,
    )!.childKeys[0]!;
    const moment = scheduleMoment(harness.family, firstChild, now);
    const perPoll = callsPerPoll(costs, account.provider);
    const predicted = WATCHED_RESOURCES.reduce(
      (sum, resource) =>
        sum + (perPoll[resource] * windowMs) / (meanIntervalMs(resource, intervals, moment) + DETECTOR_START_LAG_MS),
      0,
    );
    const split = splitStructure(account.provider, byRouteTemplate(inWindow)[account.provider] ?? {});
    return {
      provider: account.provider,
      measured: totalOf(split.data),
      predicted,
      structure: totalOf(split.structure),
    };
  });
}
