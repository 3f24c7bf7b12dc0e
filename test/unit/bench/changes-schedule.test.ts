import { describe, expect, it } from 'vitest';
import { parseFreshnessOverrides } from '../../../src/config/cache-freshness.js';
import { DEFAULT_POLL_INTERVALS, parsePollIntervals } from '../../../src/config/change-polling.js';
import {
  callsPerHour,
  compressedIntervals,
  hourMoments,
  intervalsVariable,
  meanIntervalMs,
  pollingFreshness,
  pollsPerHour,
  quietFactor,
} from '../../../bench/changes-schedule.js';
import { answerTimes, lastBefore, summarizeDelays } from '../../../bench/changes-timing.js';

// The change scenarios' schedule arithmetic (issue 16), on fixed moments. No gateway, no timings.

const MINUTE = 60_000;
const moscow = hourMoments('Europe/Moscow');

describe('meanIntervalMs and quietFactor', () => {
  it('should give the defaults on a school day, six times them at night and three times on a day off', () => {
    expect(meanIntervalMs('grades', DEFAULT_POLL_INTERVALS, moscow['school day'])).toBe(10 * MINUTE);
    expect(meanIntervalMs('grades', DEFAULT_POLL_INTERVALS, moscow.night)).toBe(60 * MINUTE);
    expect(meanIntervalMs('homework', DEFAULT_POLL_INTERVALS, moscow['day off'])).toBe(90 * MINUTE);
    expect(quietFactor(moscow['school day'])).toBe(1);
    expect(quietFactor(moscow.night)).toBe(6);
    expect(quietFactor(moscow['day off'])).toBe(3);
    expect(quietFactor({ ...moscow.night, dayOff: true })).toBe(18);
  });

  it("should read the night in the school's own zone", () => {
    // 23:00 UTC is 02:00 in Moscow but 03:00 in Samara: night in both; 18:30 UTC is 21:30 in Moscow, 22:30 in Samara.
    const evening = new Date('2026-12-09T18:30:00Z');
    expect(quietFactor({ now: evening, timeZone: 'Europe/Moscow', dayOff: false })).toBe(1);
    expect(quietFactor({ now: evening, timeZone: 'Europe/Samara', dayOff: false })).toBe(6);
  });
});

describe('pollsPerHour and callsPerHour', () => {
  it('should count polls an hour of each resource at the defaults', () => {
    const polls = pollsPerHour(DEFAULT_POLL_INTERVALS, moscow['school day']);
    expect(polls).toEqual({ grades: 6, homework: 2, schedule: 2, attendance: 2, finals: 1 / 3 });
    expect(pollsPerHour(DEFAULT_POLL_INTERVALS, moscow.night).grades).toBe(1);
  });

  it('should lengthen each interval by the start lag', () => {
    expect(pollsPerHour(DEFAULT_POLL_INTERVALS, moscow['school day'], 10 * MINUTE).grades).toBe(3);
  });

  it('should sum each resource’s calls per poll × its polls', () => {
    const polls = pollsPerHour(DEFAULT_POLL_INTERVALS, moscow['school day']);
    expect(callsPerHour({ grades: 4, homework: 6, schedule: 4, attendance: 6, finals: 3 }, polls)).toBeCloseTo(
      6 * 4 + 2 * 6 + 2 * 4 + 2 * 6 + 1,
    );
  });
});

describe('compressedIntervals', () => {
  it('should keep the defaults’ proportions with grades at the target on a school day', () => {
    const { intervals, factor } = compressedIntervals(DEFAULT_POLL_INTERVALS, 15_000, 1);
    expect(factor).toBe(40);
    expect(intervalsVariable(intervals)).toBe(
      'grades=15s,homework=45s,schedule=45s,attendance=45s,finals=270s,mail=15s',
    );
  });

  it('should shorten the configured intervals at night so the effective grades interval stays near the target', () => {
    const { intervals, factor } = compressedIntervals(DEFAULT_POLL_INTERVALS, 15_000, 6);
    expect(factor).toBe(240);
    expect(intervals.grades).toBe(3000);
    expect(meanIntervalMs('grades', intervals, moscow.night)).toBe(18_000);
  });

  it('should never go under a second, the least CHANGE_POLL_INTERVALS takes', () => {
    const { intervals } = compressedIntervals(DEFAULT_POLL_INTERVALS, 1000, 18);
    expect(intervals.grades).toBe(1000);
    expect(parsePollIntervals(intervalsVariable(intervals))).toEqual(intervals);
  });
});

describe('pollingFreshness', () => {
  it('should read the detected resources fresh and compress the structure’s windows', () => {
    const spec = pollingFreshness(
      40,
      new Set(['grades', 'homework', 'schedule', 'attendance', 'averages', 'messages', 'notices']),
    );
    expect(spec).toBe(
      'profile=15,structure=540,subjects=45,periods=45,averages=0,grades=0,homework=0,schedule=0,attendance=0,' +
        'non-school-days=1080,messages=0,notices=0,recipients=90,remarks=15,signatures=3',
    );
    expect(parseFreshnessOverrides(spec).grades).toEqual({ freshMs: 0, revalidateMs: 0 });
  });

  it('should round to whole seconds, at least one', () => {
    expect(pollingFreshness(240, new Set())).toMatch(/^profile=3,structure=90,/);
    expect(pollingFreshness(1000, new Set())).toMatch(/^profile=1,/);
  });
});

describe('delay helpers', () => {
  it('should summarise delays by nearest rank', () => {
    const delays = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(summarizeDelays(delays)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('should find the last answer at or before a moment, on the machine clock', () => {
    const calls = [
      {
        MESH: {
          timeline: [
            { route: 'MESH /a', at: 10, ms: 5 },
            { route: 'MESH /b', at: 12, ms: 20 },
            { route: 'MESH /c', at: 40, ms: null },
          ],
        },
      },
    ] as unknown as Parameters<typeof answerTimes>[0];
    const times = answerTimes(calls, 'MESH', 1000);
    expect(times).toEqual([1015, 1032]);
    expect(lastBefore(times, 1031)).toBe(1015);
    expect(lastBefore(times, 1032)).toBe(1032);
    expect(lastBefore(times, 1000)).toBeNull();
  });
});
