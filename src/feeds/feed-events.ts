/**
 * What a calendar feed shows, as plain events: each lesson at its time (a cancelled one marked cancelled,
 * not dropped, so a phone shows it struck through or removes it, as it does with cancellations), each
 * homework as an all-day event on its due day, and each run of days off as one all-day event. Pure: the
 * same items always make the same events, in the same order, so a feed's ETag changes only with its content.
 *
 * Homework is an all-day VEVENT rather than a VTODO: Google Calendar and Apple's calendars ignore tasks in
 * a subscribed calendar, and a parent wants the homework on the day it is due.
 *
 * UIDs are stable across fetches and say nothing personal: a hash of the feed's child id and the diary's own
 * id of the item (a lesson's, a homework's; a day off's date, kind and title). The child id is in it so that
 * two siblings in one class, subscribed on one phone, do not share their lessons' UIDs (a calendar app
 * would take them for one event).
 */
import { createHash } from 'node:crypto';
import type { Homework, Lesson, NonSchoolDay, NonSchoolDayKind, StudentEnrollment } from '../domain/model.js';
import { addDays } from '../domain/dates.js';
import { PROVIDER_NAMES_RU } from '../errors/phrases-ru.js';
import type { FeedCalendar, FromEnrollment } from './feed-calendar.js';

/** When an event happens: between two instants, or over whole school-local days. */
export type FeedEventTime =
  /** Epoch milliseconds; `end` `null` when the diary gives no end time. */
  | { kind: 'instant'; start: number; end: number | null }
  /** Inclusive `YYYY-MM-DD` dates. */
  | { kind: 'days'; first: string; last: string };

/** What kind of thing an event is, as a calendar's category. */
export type FeedEventCategory = 'Урок' | 'Домашнее задание' | 'Нет уроков';

/** One event of a feed. */
export interface FeedEvent {
  /** Stable across fetches; nothing personal in it (see the module comment). */
  uid: string;
  time: FeedEventTime;
  summary: string;
  description: string | null;
  location: string | null;
  /** A lesson the diary marks cancelled. */
  cancelled: boolean;
  /** Lessons take the time (busy); homework and days off leave it free. */
  busy: boolean;
  category: FeedEventCategory;
}

/** The longest title kept: a phone shows a line of it. */
const MAX_SUMMARY = 200;
/** The longest description kept: a homework text can be long, but a calendar is not where it is read in full. */
const MAX_DESCRIPTION = 4000;

const DAY_OFF_TITLES: Readonly<Record<NonSchoolDayKind, string>> = {
  HOLIDAY: 'Праздник',
  VACATION: 'Каникулы',
  OTHER: 'Нет уроков',
};

/** The events of what a fetch read of the child whose feed names it `feedStudentId`, sorted by time. */
export function feedEvents(
  feedStudentId: string,
  calendar: Pick<FeedCalendar, 'lessons' | 'homework' | 'daysOff'>,
): FeedEvent[] {
  const uid = (kind: string, parts: readonly string[]) => uidOf(feedStudentId, kind, parts);
  const events = [
    ...calendar.lessons.map(({ item, enrollment }) => lessonEvent(item, uid('lesson', itemParts(item, enrollment)))),
    ...calendar.homework.map(({ item, enrollment }) =>
      homeworkEvent(item, uid('homework', itemParts(item, enrollment))),
    ),
    ...dayOffRuns(calendar.daysOff).map((run) =>
      dayOffEvent(run, uid('day-off', [run.first, run.kind, run.title ?? ''])),
    ),
  ];
  // The same lesson or homework from two enrollments of one diary (two accounts showing one child) is one event.
  const unique = new Map<string, FeedEvent>();
  for (const event of events) if (!unique.has(event.uid)) unique.set(event.uid, event);
  return [...unique.values()].sort((a, b) => compare(sortKey(a), sortKey(b)) || compare(a.uid, b.uid));
}

/** What identifies a diary's item among every installation: its diary, tenant and own id. */
function itemParts(item: { id: string; provider: string }, enrollment: StudentEnrollment): string[] {
  return [item.provider, enrollment.student.tenant ?? '', item.id];
}

/** `<kind>-<32 characters of SHA-256>@diary-gateway`. */
function uidOf(feedStudentId: string, kind: string, parts: readonly string[]): string {
  const digest = createHash('sha256')
    .update([feedStudentId, kind, ...parts].join('\u0000'))
    .digest('base64url')
    .slice(0, 32);
  return `${kind}-${digest}@diary-gateway`;
}

function lessonEvent(lesson: Lesson, uid: string): FeedEvent {
  const start = lesson.startsAt === null ? Number.NaN : Date.parse(lesson.startsAt);
  const end = lesson.endsAt === null ? Number.NaN : Date.parse(lesson.endsAt);
  const base = `${lesson.number !== null ? `${lesson.number}. ` : ''}${lesson.subject.name}`;
  const summary = lesson.isCancelled ? `${base} — отменён` : lesson.isReplaced ? `${base} — замена` : base;
  const lines = [
    lesson.isCancelled ? 'Урок отменён.' : null,
    !lesson.isCancelled && lesson.isReplaced ? 'Замена: не тот учитель или предмет, что в расписании.' : null,
    lesson.topic ? `Тема: ${lesson.topic}` : null,
    lesson.teacher ? `Учитель: ${lesson.teacher.fullName}` : null,
    `Дневник: ${PROVIDER_NAMES_RU[lesson.provider]}`,
  ];
  return {
    uid,
    // A lesson the diary gives no time for stays on its day, as an all-day event, rather than vanish.
    time: Number.isNaN(start)
      ? { kind: 'days', first: lesson.date, last: lesson.date }
      : { kind: 'instant', start, end: end > start ? end : null },
    summary: clean(summary, MAX_SUMMARY),
    description: describe(lines),
    location: lesson.room
      ? clean(/^\d+\S?$/u.test(lesson.room) ? `каб. ${lesson.room}` : lesson.room, MAX_SUMMARY)
      : null,
    cancelled: lesson.isCancelled,
    busy: !lesson.isCancelled,
    category: 'Урок',
  };
}

function homeworkEvent(homework: Homework, uid: string): FeedEvent {
  const attachments = homework.attachments.map(
    (attachment) =>
      `Вложение: ${attachment.title}${attachment.url && /^https?:\/\//i.test(attachment.url) ? ` — ${attachment.url}` : ''}`,
  );
  return {
    uid,
    time: { kind: 'days', first: homework.dueOn, last: homework.dueOn },
    summary: clean(`ДЗ: ${homework.subject.name}${homework.isDone === true ? ' — сделано' : ''}`, MAX_SUMMARY),
    description: describe([homework.text, ...attachments, `Дневник: ${PROVIDER_NAMES_RU[homework.provider]}`]),
    location: null,
    cancelled: false,
    busy: false,
    category: 'Домашнее задание',
  };
}

/** Consecutive days off of one kind and title. */
interface DayOffRun {
  first: string;
  last: string;
  kind: NonSchoolDayKind;
  title: string | null;
}

function dayOffEvent(run: DayOffRun, uid: string): FeedEvent {
  return {
    uid,
    time: { kind: 'days', first: run.first, last: run.last },
    summary: clean(run.title ?? DAY_OFF_TITLES[run.kind], MAX_SUMMARY),
    description: null,
    location: null,
    cancelled: false,
    busy: false,
    category: 'Нет уроков',
  };
}

/**
 * Days off joined into runs: the same day from several enrollments once, and consecutive days of one kind and
 * title (a week of «Осенние каникулы») as one span, as a calendar shows a vacation.
 */
function dayOffRuns(days: readonly FromEnrollment<NonSchoolDay>[]): DayOffRun[] {
  const groups = new Map<string, { kind: NonSchoolDayKind; title: string | null; dates: Set<string> }>();
  for (const { item } of days) {
    const key = `${item.kind}\u0000${item.title ?? ''}`;
    const group = groups.get(key) ?? { kind: item.kind, title: item.title, dates: new Set<string>() };
    group.dates.add(item.date);
    groups.set(key, group);
  }
  const runs: DayOffRun[] = [];
  for (const { kind, title, dates } of groups.values()) {
    let run: DayOffRun | null = null;
    for (const date of [...dates].sort(compare)) {
      if (run && addDays(run.last, 1) === date) run.last = date;
      else runs.push((run = { first: date, last: date, kind, title }));
    }
  }
  return runs;
}

/** An event's place in time, for sorting: a day's all-day events before its timed ones. */
function sortKey(event: FeedEvent): string {
  return event.time.kind === 'days' ? event.time.first : new Date(event.time.start).toISOString();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The lines that are there, joined; `null` when none is. */
function describe(lines: readonly (string | null)[]): string | null {
  const text = lines.filter((line): line is string => line !== null && line.trim() !== '').join('\n');
  return text === '' ? null : clean(text, MAX_DESCRIPTION);
}

/**
 * Diary text made fit for an iCalendar TEXT value: line breaks as `\n` (the library escapes them), no other
 * control character (RFC 5545 allows none but tab in TEXT, and some calendars drop a feed that has one),
 * trimmed, and cut to `max` characters without splitting a character in two.
 */
export function clean(text: string, max: number): string {
  const plain = text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\t\n]/gu, '')
    .trim();
  if (plain.length <= max) return plain;
  return `${[...plain].slice(0, max - 1).join('')}…`;
}
