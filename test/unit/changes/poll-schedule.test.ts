import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_INTERVALS } from '../../../src/config/change-polling.js';
import {
  DAY_OFF_FACTOR,
  isNight,
  nextDue,
  NIGHT_FACTOR,
  RETRY_AFTER_FAILURE_MS,
} from '../../../src/changes/poll-schedule.js';

/** Monday 23 November 2026, 12:00 in Moscow (09:00 UTC). */
const NOON_MOSCOW = new Date('2026-11-23T09:00:00Z');
const MINUTE = 60_000;
const middle = () => 0.5;

describe('when a resource is read again', () => {
  it('should wait its interval on a school day, jittered within ±10%', () => {
    const moment = { now: NOON_MOSCOW, timeZone: 'Europe/Moscow', dayOff: false };
    expect(nextDue('grades', DEFAULT_POLL_INTERVALS, moment, false, middle) - NOON_MOSCOW.getTime()).toBe(10 * MINUTE);
    expect(nextDue('grades', DEFAULT_POLL_INTERVALS, moment, false, () => 0) - NOON_MOSCOW.getTime()).toBe(9 * MINUTE);
    expect(nextDue('grades', DEFAULT_POLL_INTERVALS, moment, false, () => 0.999_999)).toBeLessThanOrEqual(
      NOON_MOSCOW.getTime() + 11 * MINUTE,
    );
    expect(nextDue('finals', DEFAULT_POLL_INTERVALS, moment, false, middle) - NOON_MOSCOW.getTime()).toBe(180 * MINUTE);
  });

  it('should wait longer at night and on a day off, in the school`s own zone', () => {
    // 13:00 in Moscow is 22:00 in Kamchatka: night there.
    const afternoon = new Date('2026-11-23T10:00:00Z');
    expect(isNight(afternoon, 'Europe/Moscow')).toBe(false);
    expect(isNight(afternoon, 'Asia/Kamchatka')).toBe(true);
    expect(isNight(NOON_MOSCOW, 'Asia/Kamchatka')).toBe(false); // 21:00
    expect(isNight(new Date('2026-11-23T03:59:00Z'), 'Europe/Moscow')).toBe(true); // 06:59
    expect(isNight(new Date('2026-11-23T04:00:00Z'), 'Europe/Moscow')).toBe(false); // 07:00
    const wait = (timeZone: string, dayOff: boolean) =>
      nextDue('grades', DEFAULT_POLL_INTERVALS, { now: afternoon, timeZone, dayOff }, false, middle) -
      afternoon.getTime();
    expect(wait('Asia/Kamchatka', false)).toBe(10 * MINUTE * NIGHT_FACTOR);
    expect(wait('Europe/Moscow', true)).toBe(10 * MINUTE * DAY_OFF_FACTOR);
    expect(wait('Asia/Kamchatka', true)).toBe(10 * MINUTE * NIGHT_FACTOR * DAY_OFF_FACTOR);
    // CHANGE_POLL_QUIET=off: the same interval around the clock.
    const steady = { now: afternoon, timeZone: 'Asia/Kamchatka', dayOff: true, quiet: false };
    expect(nextDue('grades', DEFAULT_POLL_INTERVALS, steady, false, middle) - afternoon.getTime()).toBe(10 * MINUTE);
    expect(nextDue('mail', DEFAULT_POLL_INTERVALS, steady, false, middle) - afternoon.getTime()).toBe(10 * MINUTE);
  });

  it('should try a failed read again soon, but never later than its own interval', () => {
    const night = { now: new Date('2026-11-23T10:00:00Z'), timeZone: 'Asia/Kamchatka', dayOff: true };
    expect(nextDue('finals', DEFAULT_POLL_INTERVALS, night, true, middle) - night.now.getTime()).toBe(
      RETRY_AFTER_FAILURE_MS,
    );
    const quick = { ...DEFAULT_POLL_INTERVALS, grades: 2 * MINUTE };
    expect(nextDue('grades', quick, night, true, middle) - night.now.getTime()).toBe(2 * MINUTE);
  });
});
