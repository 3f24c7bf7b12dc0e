import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_INTERVALS, parsePollIntervals } from '../../src/config/change-polling.js';
import { loadConfig } from '../../src/config/config.js';

const MINUTE = 60_000;

describe('CHANGE_POLL_INTERVALS', () => {
  it('should read minutes by default, seconds and hours by their unit, and keep the defaults of the others', () => {
    expect(parsePollIntervals('grades=5, finals = 2h, homework=45s,')).toEqual({
      ...DEFAULT_POLL_INTERVALS,
      grades: 5 * MINUTE,
      finals: 120 * MINUTE,
      homework: 45_000,
    });
    expect(parsePollIntervals('')).toEqual(DEFAULT_POLL_INTERVALS);
  });

  it('should refuse an unknown resource, a missing or fractional value and a value out of range, naming the entry', () => {
    expect(() => parsePollIntervals('marks=5')).toThrow(/entry 1 must start with a resource/);
    expect(() => parsePollIntervals('grades=5,homework')).toThrow(/entry 2 \(homework\) needs a whole number/);
    expect(() => parsePollIntervals('grades=2.5')).toThrow(/whole number/);
    expect(() => parsePollIntervals('grades=5d')).toThrow(/whole number/);
    expect(() => parsePollIntervals('grades=0s')).toThrow(/between 1s and 24h/);
    expect(() => parsePollIntervals('grades=25h')).toThrow(/between 1s and 24h/);
  });
});

describe('the change settings', () => {
  it('should detect changes and keep them 30 days by default', () => {
    const { changes } = loadConfig({});
    expect(changes).toEqual({
      detection: true,
      pollIntervals: DEFAULT_POLL_INTERVALS,
      pollQuiet: true,
      retentionDays: 30,
    });
  });

  it('should read CHANGE_DETECTION, CHANGE_POLL_INTERVALS, CHANGE_POLL_QUIET and CHANGE_FEED_RETENTION_DAYS', () => {
    const { changes } = loadConfig({
      CHANGE_DETECTION: 'off',
      CHANGE_POLL_INTERVALS: 'grades=2,mail=5',
      CHANGE_POLL_QUIET: 'off',
      CHANGE_FEED_RETENTION_DAYS: '7',
    });
    expect(changes).toEqual({
      detection: false,
      pollIntervals: { ...DEFAULT_POLL_INTERVALS, grades: 2 * MINUTE, mail: 5 * MINUTE },
      pollQuiet: false,
      retentionDays: 7,
    });
    expect(() => loadConfig({ CHANGE_POLL_QUIET: 'sometimes' })).toThrow(/CHANGE_POLL_QUIET/);
    expect(() => loadConfig({ CHANGE_POLL_INTERVALS: 'grades=x' })).toThrow(/CHANGE_POLL_INTERVALS/);
    expect(() => loadConfig({ CHANGE_FEED_RETENTION_DAYS: '0' })).toThrow(/CHANGE_FEED_RETENTION_DAYS/);
    expect(() => loadConfig({ CHANGE_DETECTION: 'sometimes' })).toThrow(/CHANGE_DETECTION/);
  });
});
