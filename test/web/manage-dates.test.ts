import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  endOfDayInstant,
  grantEndBounds,
  noticeBounds,
  offsetText,
  withdrawableRange,
} from '../../web/src/manage/manage-dates.js';

describe('offsetText', () => {
  it('writes minutes east of Greenwich as ISO 8601 does', () => {
    expect(offsetText(180)).toBe('+03:00');
    expect(offsetText(0)).toBe('+00:00');
    expect(offsetText(-210)).toBe('-03:30');
    expect(offsetText(345)).toBe('+05:45');
  });
});

describe('endOfDayInstant', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is the last second of the day on the phone’s clock, with its offset', () => {
    vi.stubEnv('TZ', 'Europe/Moscow');
    expect(endOfDayInstant('2027-03-01')).toBe('2027-03-01T23:59:59+03:00');
    vi.stubEnv('TZ', 'Asia/Vladivostok');
    expect(endOfDayInstant('2027-03-01')).toBe('2027-03-01T23:59:59+10:00');
  });

  it('takes the offset of that evening, not of today', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(endOfDayInstant('2027-01-15')).toBe('2027-01-15T23:59:59+01:00');
    expect(endOfDayInstant('2027-07-15')).toBe('2027-07-15T23:59:59+02:00');
  });
});

describe('grantEndBounds', () => {
  it('runs from today to 365 days ahead, within the gateway’s 366', () => {
    expect(grantEndBounds('2026-12-08')).toEqual({ min: '2026-12-08', max: '2027-12-08' });
    expect(grantEndBounds('2027-03-01')).toEqual({ min: '2027-03-01', max: '2028-02-29' });
  });
});

describe('noticeBounds', () => {
  it('starts at most 30 days back and lasts at most 31 days', () => {
    expect(noticeBounds('2026-12-08', '2026-12-09')).toEqual({
      fromMin: '2026-11-08',
      toMin: '2026-12-09',
      toMax: '2027-01-08',
    });
  });
});

describe('withdrawableRange', () => {
  it('keeps a notice that starts today or later as it is', () => {
    expect(withdrawableRange({ from: '2026-12-09', to: '2026-12-11' }, '2026-12-08')).toEqual({
      from: '2026-12-09',
      to: '2026-12-11',
    });
    expect(withdrawableRange({ from: '2026-12-08', to: '2026-12-08' }, '2026-12-08')).toEqual({
      from: '2026-12-08',
      to: '2026-12-08',
    });
  });

  it('drops the days before today, which the school has recorded', () => {
    expect(withdrawableRange({ from: '2026-12-01', to: '2026-12-10' }, '2026-12-08')).toEqual({
      from: '2026-12-08',
      to: '2026-12-10',
    });
  });

  it('is null for a notice that ended before today', () => {
    expect(withdrawableRange({ from: '2026-12-01', to: '2026-12-07' }, '2026-12-08')).toBeNull();
  });
});
