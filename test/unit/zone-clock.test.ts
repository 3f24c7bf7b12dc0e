import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dateInZone, isIsoDate, offsetMinutes, toZonedIso, zonedToInstant } from '../../src/domain/dates.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The implementations the fast paths replaced, kept here as the reference they must equal. */
const reference = {
  isIsoDate(value: string): boolean {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return false;
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.toISOString().slice(0, 10) === value;
  },
  wallClock(instant: Date, timeZone: string) {
    const formatter =
      formatters.get(timeZone) ??
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    formatters.set(timeZone, formatter);
    const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const time = `${parts.hour}:${parts.minute}:${parts.second}`;
    return { date, time, asUtcMs: Date.parse(`${date}T${time}Z`) };
  },
  offsetMinutes(instant: Date, timeZone: string): number {
    const wholeSeconds = new Date(Math.floor(instant.getTime() / 1000) * 1000);
    return Math.round((reference.wallClock(wholeSeconds, timeZone).asUtcMs - wholeSeconds.getTime()) / 60_000);
  },
  toZonedIso(instant: Date, timeZone: string): string {
    const { date, time } = reference.wallClock(instant, timeZone);
    const minutes = reference.offsetMinutes(instant, timeZone);
    const abs = Math.abs(minutes);
    const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${date}T${time}${offset}`;
  },
};

/** Russian zones, zones with DST (whole-hour, half-hour and 45-minute), and fractional offsets. */
const ZONES = [
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Vladivostok',
  'Asia/Kamchatka',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'UTC',
];

/** 1890–2110: the Moscow zone's mean-time and historic offsets as well as the years diaries use. */
const instants = fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2110, 0, 1) }).map((ms) => new Date(ms));

function expectSameClock(instant: Date, zone: string): void {
  expect(toZonedIso(instant, zone)).toBe(reference.toZonedIso(instant, zone));
  expect(dateInZone(instant, zone)).toBe(reference.wallClock(instant, zone).date);
  expect(offsetMinutes(instant, zone)).toBe(reference.offsetMinutes(instant, zone));
}

describe('isIsoDate without a Date per value', () => {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');

  it('should agree with the Date-based check on every date-shaped string', () => {
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string()), (value) => isIsoDate(value) === reference.isIsoDate(value)),
      {
        numRuns: 20_000,
      },
    );
  });

  it.each([
    '0000-01-01',
    '0050-06-15',
    '0099-12-31',
    '0100-02-29',
    '0104-02-29',
    '1900-02-29',
    '2000-02-29',
    '2024-02-29',
  ])('should agree on the edge %s', (value) => {
    expect(isIsoDate(value)).toBe(reference.isIsoDate(value));
  });
});

describe('wall clock from a per-hour offset memo', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('should write every instant as Intl does, in every zone', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(...ZONES), (instant, zone) => expectSameClock(instant, zone)),
      { numRuns: 5_000 },
    );
  });

  it('should write instants of any year as Intl does (years Intl spells its own way included)', () => {
    const anyInstant = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
    const nearEdges = fc
      .tuple(
        fc.constantFrom(Date.UTC(1000, 0, 1), Date.UTC(10000, 0, 1)),
        fc.integer({ min: -172_800_000, max: 172_800_000 }),
      )
      .map(([edge, ms]) => new Date(edge + ms));
    fc.assert(
      fc.property(fc.oneof(anyInstant, nearEdges), fc.constantFrom(...ZONES), (instant, zone) =>
        expectSameClock(instant, zone),
      ),
      { numRuns: 2_000 },
    );
  });

  it.each([
    // Moscow's last change (+04:00 → +03:00), London's and New York's DST, Lord Howe's half-hour DST.
    ['Europe/Moscow', '2014-10-25T22:00:00Z'],
    ['Europe/Moscow', '2011-03-26T23:00:00Z'],
    ['Europe/London', '2026-03-29T01:00:00Z'],
    ['Europe/London', '2026-10-25T01:00:00Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
  ])('should read each second around a transition in %s at %s as Intl does', (zone, at) => {
    const transition = Date.parse(at);
    // Every 7.919 s over the two hours around it (odd steps reach every minute's odd seconds), and each
    // second of the two minutes at it.
    for (let ms = transition - 3_700_000; ms <= transition + 3_700_000; ms += 7_919)
      expectSameClock(new Date(ms), zone);
    for (let ms = transition - 60_000; ms <= transition + 60_000; ms += 1000) expectSameClock(new Date(ms), zone);
  });

  it('should read naive school times across a transition as before', () => {
    for (let minute = 0; minute < 240; minute += 7) {
      const naive = `2026-03-29T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
      const instant = zonedToInstant(naive, 'Europe/London');
      const asUtc = Date.parse(`${naive}Z`);
      let expected = asUtc - reference.offsetMinutes(new Date(asUtc), 'Europe/London') * 60_000;
      expected = asUtc - reference.offsetMinutes(new Date(expected), 'Europe/London') * 60_000;
      expect(instant?.getTime()).toBe(expected);
    }
  });

  it('should keep Intl failures: an invalid instant and an unknown zone throw RangeError', () => {
    expect(() => toZonedIso(new Date(Number.NaN), 'Europe/Moscow')).toThrow(RangeError);
    expect(() => toZonedIso(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('should ask Intl a few times per zone and hour, not once per instant', () => {
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    // An hour no other test touches, so the memo starts empty for it.
    const hour = Date.UTC(2031, 4, 6, 7);
    for (let second = 0; second < 3600; second += 3) toZonedIso(new Date(hour + second * 1000), 'Asia/Yekaterinburg');
    expect(formatToParts.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
