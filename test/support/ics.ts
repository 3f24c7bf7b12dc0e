/**
 * Reading a calendar feed back as a phone calendar would: ical.js (Mozilla's iCalendar parser, behind
 * Thunderbird's calendar) parses the text, and each VEVENT becomes a plain object a test can compare. Also
 * the framing rules RFC 5545 sets that a parser forgives: CRLF line ends, lines of at most 75 octets, one
 * UID and one DTSTAMP per event, no UID twice.
 */
import ICAL from 'ical.js';
import { expect } from 'vitest';

/** One VEVENT as read back. */
export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  status: string | null;
  transparency: string | null;
  sequence: number;
  categories: string[];
  /** An all-day event's date (`YYYY-MM-DD`), or a timed event's instant (epoch ms); `end` as written (a date: exclusive). */
  start: { date: string } | { instant: number };
  end: { date: string } | { instant: number } | null;
}

/** A feed as read back: the calendar's own properties and its events. */
export interface ParsedCalendar {
  name: string | null;
  refresh: string | null;
  events: ParsedEvent[];
}

/**
 * A date, or an instant. A time of day must be UTC (`…Z`): the feed writes no VTIMEZONE, so a `TZID` or a
 * floating time would be read in whatever zone the phone is in, and land at the wrong hour.
 */
const when = (time: ICAL.Time): { date: string } | { instant: number } => {
  if (time.isDate) return { date: time.toString() };
  expect(time.zone?.tzid).toBe('UTC');
  return { instant: time.toJSDate().getTime() };
};

const text = (component: ICAL.Component, name: string): string | null => {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
};

/** Parses `ics`, checking the framing rules above first. */
export function parseIcs(ics: string): ParsedCalendar {
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  const lines = ics.split('\r\n');
  for (const line of lines) {
    expect(line).not.toContain('\n');
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  }
  // The calendar's own properties come before its first component, and nothing follows the last one.
  const firstComponent = lines.findIndex((line, index) => index > 0 && line.startsWith('BEGIN:'));
  if (firstComponent > 0) expect(lines.slice(lines.lastIndexOf('END:VEVENT') + 1)).toEqual(['END:VCALENDAR', '']);
  const calendar = ICAL.Component.fromString(ics);
  const events = calendar.getAllSubcomponents('vevent').map((vevent): ParsedEvent => {
    expect(vevent.getAllProperties('uid')).toHaveLength(1);
    expect(vevent.getAllProperties('dtstamp')).toHaveLength(1);
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: text(vevent, 'description'),
      location: text(vevent, 'location'),
      status: text(vevent, 'status'),
      transparency: text(vevent, 'transp'),
      sequence: event.sequence,
      categories: vevent.getAllProperties('categories').flatMap((property) => property.getValues().map(String)),
      start: when(event.startDate),
      end: vevent.hasProperty('dtend') ? when(event.endDate) : null,
    };
  });
  expect(new Set(events.map((event) => event.uid)).size).toBe(events.length);
  return {
    name: text(calendar, 'x-wr-calname'),
    refresh: text(calendar, 'refresh-interval'),
    events,
  };
}

/** The wall-clock time (`HH:MM`) and date of an instant in a zone, as a phone set to that zone shows it. */
export function localTime(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((each) => each.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
