/**
 * Schedule arithmetic of the change scenarios (issue 16), from the detector's own functions
 * (`src/changes/poll-schedule.ts`): how long a resource's interval is at a given moment, how many polls an
 * hour that makes, and the intervals that compress a school-day hour into a couple of minutes. Pure: the
 * unit tests pin them on fixed moments.
 */
import { DEFAULT_FRESHNESS, type CachedResource } from '../src/config/cache-freshness.js';
import {
  POLLED_RESOURCES,
  WATCHED_RESOURCES,
  type PolledResource,
  type PollIntervals,
  type WatchedResource,
} from '../src/config/change-polling.js';
import { nextDue, type PollMoment } from '../src/changes/poll-schedule.js';

const HOUR_MS = 3_600_000;

/**
 * The mean interval of `resource` at `moment`, ms: `nextDue` with the jitter's midpoint (it is drawn
 * uniformly, so that is its mean), minus the moment. The night and day-off factors come from the detector.
 */
export function meanIntervalMs(resource: WatchedResource, intervals: PollIntervals, moment: PollMoment): number {
  return nextDue(resource, intervals, moment, false, () => 0.5) - moment.now.getTime();
}

/** How much longer than on a school day every interval is at `moment` (1, 3, 6 or 18). */
export function quietFactor(moment: PollMoment): number {
  return meanIntervalMs('grades', { grades: HOUR_MS } as PollIntervals, moment) / HOUR_MS;
}

/**
 * Polls an hour of each resource at `moment`: one poll per mean interval, the interval counted from the
 * poll's start (`account-poll.ts` draws it from the poll's own clock), plus `startLagMs` — how long after
 * it is due a poll starts on average (half the detector's tick; nothing at the production intervals, where
 * it is a second in ten minutes, but a twentieth of a compressed interval).
 */
export function pollsPerHour(
  intervals: PollIntervals,
  moment: PollMoment,
  startLagMs = 0,
): Record<WatchedResource, number> {
  const polls = {} as Record<WatchedResource, number>;
  for (const resource of WATCHED_RESOURCES)
    polls[resource] = HOUR_MS / (meanIntervalMs(resource, intervals, moment) + startLagMs);
  return polls;
}

/** Calls an hour: each resource's calls per poll × its polls an hour. */
export function callsPerHour(
  callsPerPoll: Readonly<Record<WatchedResource, number>>,
  polls: Readonly<Record<WatchedResource, number>>,
): number {
  return WATCHED_RESOURCES.reduce((sum, resource) => sum + callsPerPoll[resource] * polls[resource], 0);
}

/** The three kinds of hour the cost is given for. */
export type HourKind = 'school day' | 'night' | 'day off';

/**
 * A moment of each kind of hour in `timeZone`: 11:00 and 02:00 of a Wednesday, 11:00 of a Saturday (a
 * weekend: the day off). A fixed week, so the table does not depend on when the bench runs.
 */
export function hourMoments(timeZone: string): Record<HourKind, PollMoment> {
  // 2026-12-09 is a Wednesday, 2026-12-12 a Saturday; Moscow and Samara have no daylight saving time.
  const at = (iso: string) => new Date(iso);
  return {
    'school day': { now: at('2026-12-09T08:00:00Z'), timeZone, dayOff: false },
    night: { now: at('2026-12-08T23:00:00Z'), timeZone, dayOff: false },
    'day off': { now: at('2026-12-12T08:00:00Z'), timeZone, dayOff: true },
  };
}

/**
 * Intervals keeping the defaults' proportions whose grades interval, times the quiet factor of the moment
 * the bench runs at, comes out near `gradesEffectiveMs`: at night the configured ones are six times
 * shorter, so the effective schedule (what the families would see) is the same compressed school day.
 * Whole seconds, at least one (`CHANGE_POLL_INTERVALS` takes no less).
 */
export function compressedIntervals(
  defaults: PollIntervals,
  gradesEffectiveMs: number,
  quiet: number,
): { intervals: PollIntervals; factor: number } {
  const factor = (defaults.grades * quiet) / gradesEffectiveMs;
  const intervals = {} as Record<PolledResource, number>;
  for (const resource of POLLED_RESOURCES)
    intervals[resource] = Math.max(1000, Math.round(defaults[resource] / factor / 1000) * 1000);
  return { intervals: Object.freeze(intervals), factor };
}

/** Intervals as `CHANGE_POLL_INTERVALS` writes them (`grades=20s,homework=60s,…`). */
export function intervalsVariable(intervals: PollIntervals): string {
  return POLLED_RESOURCES.map((resource) => `${resource}=${Math.round(intervals[resource] / 1000)}s`).join(',');
}

/**
 * `CACHE_FRESHNESS` of a compressed run: the resources in `readFresh` at 0 (read from the diary on every
 * poll), every other one's default fresh window ÷ `factor`, so the structure is refreshed behind as often, in
 * compressed time, as it is in production. Rounded to whole seconds (at least one), unlike the sizing's
 * `compressedFreshness`, which refuses a window that does not divide: the factor here follows the quiet
 * factor of the moment (night: 240), and the profile's 10 minutes ÷ 240 is not whole.
 */
export function pollingFreshness(factor: number, readFresh: ReadonlySet<CachedResource>): string {
  return (Object.keys(DEFAULT_FRESHNESS) as CachedResource[])
    .map((resource) => {
      const seconds = readFresh.has(resource)
        ? 0
        : Math.max(1, Math.round(DEFAULT_FRESHNESS[resource].freshMs / factor / 1000));
      return `${resource}=${seconds}`;
    })
    .join(',');
}
