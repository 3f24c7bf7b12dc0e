/**
 * When each watched resource of an account is read again: a base interval per resource
 * (`CHANGE_POLL_INTERVALS`, `src/config/change-polling.ts`), longer at night and on days without school in
 * the school's own zone, and jittered so that accounts linked together do not poll together forever.
 *
 * At night (22:00–07:00) nobody enters marks and nobody should be woken, so every interval is six times
 * longer; on a weekend or holiday three times. docs/changes.md gives the cost per family.
 */
import type { PolledResource, PollIntervals } from '../config/change-polling.js';
import { wallClock } from '../domain/zone-clock.js';

/** How much longer every interval is at night (22:00–07:00 school-local). */
export const NIGHT_FACTOR = 6;
/** How much longer every interval is on a day without school (a weekend, a holiday the diary names). */
export const DAY_OFF_FACTOR = 3;
/** Each interval is drawn from ±this share around its value. */
const JITTER = 0.1;
/** A resource whose read failed is tried again after this long (or its interval, when shorter). */
export const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/** What decides the next interval of an account's resources. */
export interface PollMoment {
  now: Date;
  /** The school's zone (the account's first child's). */
  timeZone: string;
  /** Whether the school has no lessons today (a weekend, or a non-school day the diary gives). */
  dayOff: boolean;
  /** Whether night and days off lengthen the intervals (`CHANGE_POLL_QUIET`); absent: they do. */
  quiet?: boolean;
}

/** Whether `moment` falls in the school's night. */
export function isNight(now: Date, timeZone: string): boolean {
  const hour = Number(wallClock(now, timeZone).time.slice(0, 2));
  return hour >= 22 || hour < 7;
}

/**
 * The instant (epoch ms) a resource read at `moment` is due again. `random` (0 ≤ r < 1) draws the jitter;
 * `failed` shortens the wait to {@link RETRY_AFTER_FAILURE_MS} at most.
 */
export function nextDue(
  resource: PolledResource,
  intervals: PollIntervals,
  moment: PollMoment,
  failed: boolean,
  random: () => number = Math.random,
): number {
  const base = intervals[resource];
  const quiet =
    moment.quiet === false
      ? 1
      : (isNight(moment.now, moment.timeZone) ? NIGHT_FACTOR : 1) * (moment.dayOff ? DAY_OFF_FACTOR : 1);
  const interval = failed ? Math.min(base, RETRY_AFTER_FAILURE_MS) : base * quiet;
  const jittered = interval * (1 - JITTER + 2 * JITTER * random());
  return moment.now.getTime() + Math.round(jittered);
}
