/**
 * A feed's events as an iCalendar document (RFC 5545), written by `ical-generator`.
 *
 * Why `ical-generator` (10.2): it is maintained (several releases a year), typed, has no dependencies of its
 * own, folds lines at 75 octets without splitting a UTF-8 character, and escapes TEXT values. 10.2 is its
 * newest release that supports Node 20 (11.x needs Node 22). `ics`, the other common choice, brings three
 * dependencies (`yup`, `nanoid`, `runes2`) and validates every event against a `yup` schema on each render,
 * which a feed rendered on every fetch does not need.
 *
 * Time zones: a lesson's start and end are written as UTC instants (`DTSTART:20261123T053000Z`), taken
 * from the diary's times, which carry the school's offset. Every calendar shows a UTC instant at the right
 * local time, with no VTIMEZONE to get wrong, and a parent away from home sees the lesson at the time it
 * is where they are. No `X-WR-TIMEZONE` either: it only changes how floating times read, and there are none
 * (the library would also write it after the events, where RFC 5545 allows no calendar property). Homework
 * and days off are all-day dates (`VALUE=DATE`), which are school days, not instants, and never move.
 */
import { createHash } from 'node:crypto';
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { addDays } from '../domain/dates.js';
import type { FeedEvent } from './feed-events.js';

/** What a feed says about itself. */
export interface FeedCalendarMeta {
  /** The calendar's name in a phone's list (`Школа: Мария`). */
  name: string;
}

/** How often a subscribed calendar is asked to fetch again (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`): hourly. */
export const FEED_REFRESH_SECONDS = 3600;

const PRODUCT = { company: 'diary-gateway', product: 'calendar-feed', language: 'RU' } as const;

/** The midnight (UTC) of a date: ical-generator writes an all-day date from a `Date`'s UTC calendar day. */
const dayOf = (date: string): Date => new Date(`${date}T00:00:00Z`);

/**
 * The iCalendar text of `events`. `generatedAt` is every event's `DTSTAMP` (when this copy was made); it is
 * the only part that changes between two renders of the same events, which {@link feedEtag} leaves out.
 */
export function renderIcs(events: readonly FeedEvent[], meta: FeedCalendarMeta, generatedAt: Date): string {
  const calendar = ical({
    prodId: PRODUCT,
    name: calendarName(meta.name),
    description: 'Уроки и домашние задания из школьного дневника',
    ttl: FEED_REFRESH_SECONDS,
  });
  for (const event of events) {
    const { time } = event;
    calendar.createEvent({
      id: event.uid,
      // A cancelled lesson is a revision of the planned one: calendars that keep events by UID take the
      // higher sequence as the newer state.
      sequence: event.cancelled ? 1 : 0,
      stamp: generatedAt,
      ...(time.kind === 'instant'
        ? { start: new Date(time.start), end: time.end === null ? null : new Date(time.end) }
        : { allDay: true, start: dayOf(time.first), end: dayOf(addDays(time.last, 1)) }),
      summary: event.summary,
      description: event.description,
      location: event.location,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: event.busy ? ICalEventTransparency.OPAQUE : ICalEventTransparency.TRANSPARENT,
      categories: [{ name: event.category }],
    });
  }
  // RFC 5545 ends every content line with CRLF, the last one too; the library leaves the last one bare.
  return `${calendar.toString()}\r\n`;
}

/**
 * The calendar's name as `X-WR-CALNAME` and `NAME` can carry it. The library writes them unescaped, and
 * calendars disagree on whether an `X-` property's `\;` is an escape (ical.js, for one, keeps the backslash),
 * so the characters TEXT would escape are left out rather than escaped: a name reads the same everywhere.
 */
function calendarName(name: string): string {
  return name.replace(/[\\;,\r\n]+/g, ' ').trim();
}

/**
 * A weak ETag of a feed: the same for every render of the same events and meta (their `DTSTAMP` aside), so
 * a calendar that asks again with `If-None-Match` is answered 304 until something it shows has changed.
 */
export function feedEtag(events: readonly FeedEvent[], meta: FeedCalendarMeta): string {
  const digest = createHash('sha256').update(JSON.stringify({ meta, events })).digest('base64url').slice(0, 27);
  return `W/"${digest}"`;
}
