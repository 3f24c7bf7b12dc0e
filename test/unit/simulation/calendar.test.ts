/**
 * The simulators' own calendar (adapters/simulation/calendar.ts): written apart from the gateway's
 * src/domain/dates.ts so that the two sides of every simulator test do not share a mistake, and checked
 * here against fixed answers and, over many instants and zones, against the gateway's reading.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  instantAt,
  isCalendarDate,
  schoolToday,
  shiftDate,
  zonedTimestamp,
  zoneOffsetMinutes,
} from '../../../adapters/simulation/calendar.js';
import { toZonedIso, zonedToInstant } from '../../../src/domain/dates.js';

const ZONES = ['Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Vladivostok', 'UTC', 'Europe/Berlin'];

describe('the simulators’ calendar', () => {
  it.each([
    ['2026-09-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['01.09.2026', false],
    ['2026-9-1', false],
  ])('should read %s as a calendar date: %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('should shift dates across months, years and leap days', () => {
    expect(shiftDate('2026-08-31', 1)).toBe('2026-09-01');
    expect(shiftDate('2026-01-01', -1)).toBe('2025-12-31');
    expect(shiftDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDate('2026-11-23', -14)).toBe('2026-11-09');
  });

  it('should write instants in the school’s zone with its offset', () => {
    const instant = new Date('2026-09-01T05:30:00Z');
    expect(zonedTimestamp(instant, 'Europe/Moscow')).toBe('2026-09-01T08:30:00+03:00');
    expect(zonedTimestamp(instant, 'Asia/Vladivostok')).toBe('2026-09-01T15:30:00+10:00');
    expect(zonedTimestamp(instant, 'UTC')).toBe('2026-09-01T05:30:00+00:00');
    expect(zoneOffsetMinutes(instant, 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(schoolToday(new Date('2026-08-31T21:30:00Z'), 'Europe/Moscow')).toBe('2026-09-01');
    expect(schoolToday(new Date('2026-08-31T20:30:00Z'), 'Europe/Moscow')).toBe('2026-08-31');
  });

  it('should read a school-local wall clock as its instant, and refuse one that does not exist', () => {
    expect(instantAt('2026-09-01', '08:30', 'Europe/Moscow').toISOString()).toBe('2026-09-01T05:30:00.000Z');
    expect(instantAt('2026-09-01', '00:00', 'Asia/Vladivostok').toISOString()).toBe('2026-08-31T14:00:00.000Z');
    expect(() => instantAt('2026-02-30', '08:30', 'Europe/Moscow')).toThrow(RangeError);
    expect(() => instantAt('2026-09-01', '25:00', 'Europe/Moscow')).toThrow(RangeError);
  });

  it('should agree with the gateway’s own reading of zones, written apart from it', () => {
    const instants = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, fc.constantFrom(...ZONES), (instant, zone) => {
        const whole = new Date(Math.floor(instant.getTime() / 1000) * 1000);
        expect(zonedTimestamp(whole, zone)).toBe(toZonedIso(whole, zone));
        const [date, time] = [toZonedIso(whole, zone).slice(0, 10), toZonedIso(whole, zone).slice(11, 16)];
        expect(instantAt(date, time, zone).getTime()).toBe(zonedToInstant(`${date}T${time}`, zone)!.getTime());
      }),
      { numRuns: 300 },
    );
  });
});
