/**
 * One fetch of a calendar feed, from the child to the document: the window in the school's zone, the read
 * through the loaders, the events, and their ETag. The HTTP edge (`src/server/calendar-feed-route.ts`) only
 * decides how to answer.
 */
import type { StudentRecord } from '../domain/model.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { CalendarFeedRecord } from '../store/store.js';
import { readFeedCalendar, type FeedReader } from './feed-calendar.js';
import { feedEvents } from './feed-events.js';
import { feedWindow } from './feed-window.js';
import { feedEtag, renderIcs, type FeedCalendarMeta } from './ics-calendar.js';

/** What a fetch made of a feed. */
export type FeedDocument =
  /** No lesson of the child could be read (every diary failed without a copy): nothing worth sending. */
  | { ready: false; failures: readonly GatewayError[] }
  | {
      ready: true;
      /** A weak ETag of the content (`feedEtag`). */
      etag: string;
      /** Diary failures behind parts left out or old copies served; empty when everything was read. */
      failures: readonly GatewayError[];
      /** The iCalendar text, stamped `generatedAt`. */
      render(generatedAt: Date): string;
    };

/**
 * Builds the feed `feed` of `student` (the child as the feed's maker sees it now) at `now`. The school's zone
 * is the primary enrollment's: it decides which day is "today".
 */
export async function buildFeedDocument(
  feed: Pick<CalendarFeedRecord, 'studentId'>,
  student: StudentRecord,
  reader: FeedReader,
  now: Date,
): Promise<FeedDocument> {
  const primary = student.enrollments[0]!.student;
  const calendar = await readFeedCalendar(student, reader, feedWindow(now, primary.timeZone));
  if (!calendar.lessonsRead) return { ready: false, failures: calendar.failures };
  const events = feedEvents(feed.studentId, calendar);
  // The first name only: enough to tell two children's calendars apart on one phone.
  const meta: FeedCalendarMeta = { name: `Школа: ${primary.firstName}` };
  return {
    ready: true,
    etag: feedEtag(events, meta),
    failures: calendar.failures,
    render: (generatedAt) => renderIcs(events, meta, generatedAt),
  };
}
