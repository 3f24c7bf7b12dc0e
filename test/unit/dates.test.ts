import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateInZone,
  daysBetween,
  isIsoDate,
  isoWeekday,
  localOrOffsetToIso,
  naiveLocalToIso,
  offsetIsoToZoned,
  readDate,
  toZonedIso,
} from '../../src/domain/dates.js';

describe('calendar dates', () => {
  it.each([
    ['2026-09-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['01.09.2026', false],
    ['2026-9-1', false],
  ])('should say whether %s is a YYYY-MM-DD date (%s)', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-11-23', 14, '2026-12-07'],
  ])('should add days: %s + %i = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('should number weekdays from Monday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });

  it.each([
    ['2026-09-01', '2026-09-01'],
    ['2026-09-01T10:02:00', '2026-09-01'],
    ['01.09.2026', '2026-09-01'],
    ['31.02.2026', null],
    ['', null],
    [null, null],
  ])('should read %j as %j', (value, expected) => {
    expect(readDate(value)).toBe(expected);
  });
});

describe('time zones', () => {
  it('should find the school-local day of an instant', () => {
    const lateUtc = new Date('2026-09-01T22:30:00Z');
    expect(dateInZone(lateUtc, 'Europe/Moscow')).toBe('2026-09-02');
    expect(dateInZone(lateUtc, 'Europe/London')).toBe('2026-09-01');
    expect(dateInZone(lateUtc, 'Asia/Vladivostok')).toBe('2026-09-02');
  });

  it.each([
    ['2026-09-15T10:02:00', 'Europe/Moscow', '2026-09-15T10:02:00+03:00'],
    ['2026-09-15 10:02', 'Asia/Yekaterinburg', '2026-09-15T10:02:00+05:00'],
    ['2026-01-15T08:30:00', 'Europe/London', '2026-01-15T08:30:00+00:00'],
    ['2026-07-15T08:30:00', 'Europe/London', '2026-07-15T08:30:00+01:00'],
    ['2026-09-15', 'Europe/Moscow', null],
    ['garbage', 'Europe/Moscow', null],
    ['2026-09-15T25:61:00', 'Europe/Moscow', null],
    ['2026-09-15T23:59:60', 'Europe/Moscow', null],
  ])('should read naive %s in %s as %s', (naive, zone, expected) => {
    expect(naiveLocalToIso(naive, zone)).toBe(expected);
  });

  it.each([
    ['2026-09-15T05:30:00Z', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15T08:30:00+03:00', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15T10:30:00+05:00', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15T08:30:00', null],
  ])('should rewrite %s in Moscow time as %s', (value, expected) => {
    expect(offsetIsoToZoned(value, 'Europe/Moscow')).toBe(expected);
  });

  it.each([
    ['2026-09-15T08:30:00', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15 08:30', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15T10:30:00+05:00', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15T05:30:00Z', '2026-09-15T08:30:00+03:00'],
    ['2026-09-15T25:61:00', null],
    ['2026-09-15T23:59:60+03:00', null],
    ['2026-09-15', null],
    ['15.09.2026 08:30', null],
  ])('should read %s, naive or with an offset, in Moscow time as %s', (value, expected) => {
    expect(localOrOffsetToIso(value, 'Europe/Moscow')).toBe(expected);
  });

  it('should write instants with the zone offset to the second', () => {
    expect(toZonedIso(new Date('2026-03-01T00:00:00.900Z'), 'Asia/Kolkata')).toBe('2026-03-01T05:30:00+05:30');
  });
});
