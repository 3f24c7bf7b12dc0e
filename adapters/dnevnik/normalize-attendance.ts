/**
 * Dnevnik.ru lesson log entries → absences and `AttendanceRecord`s. A log entry records how the child
 * attended one lesson; its `status` vocabulary is not published (providers.md §6), so the reader accepts
 * the English words the simulator sends (`Absent`, `Ill`, `Late`…), plausible synonyms, and the journal's
 * Russian letters (`Н`, `Б`, `УП`, `ОП`), and treats any other non-empty status as a plain absence:
 * a status the gateway cannot read still says the lesson was not attended normally.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { AttendanceKind, AttendanceRecord, DateRange, Lesson, LessonAbsence } from '../../src/domain/model.js';
import type { LogEntry } from './payloads-diary.js';
import { isOtherPerson } from './normalize-index.js';
import { dateOf, DNEVNIK, dnevnikId, preferTwin, textOrNull } from './normalize-common.js';

/** The reason an illness status implies when the teacher wrote no comment. */
export const ILLNESS_REASON = 'болезнь';

type StatusMeaning = { kind: AttendanceKind; illness?: boolean } | 'present';

/** Log entry statuses, lower-cased. */
const STATUS_MEANINGS: Readonly<Record<string, StatusMeaning>> = Object.freeze<Record<string, StatusMeaning>>({
  present: 'present',
  attend: 'present',
  attended: 'present',
  presence: 'present',
  absent: { kind: 'ABSENCE' },
  notattend: { kind: 'ABSENCE' },
  н: { kind: 'ABSENCE' },
  ill: { kind: 'EXCUSED_ABSENCE', illness: true },
  sick: { kind: 'EXCUSED_ABSENCE', illness: true },
  illness: { kind: 'EXCUSED_ABSENCE', illness: true },
  б: { kind: 'EXCUSED_ABSENCE', illness: true },
  excused: { kind: 'EXCUSED_ABSENCE' },
  pass: { kind: 'EXCUSED_ABSENCE' },
  уп: { kind: 'EXCUSED_ABSENCE' },
  п: { kind: 'EXCUSED_ABSENCE' },
  unexcused: { kind: 'UNEXCUSED_ABSENCE' },
  truancy: { kind: 'UNEXCUSED_ABSENCE' },
  нп: { kind: 'UNEXCUSED_ABSENCE' },
  late: { kind: 'TARDY' },
  tardy: { kind: 'TARDY' },
  оп: { kind: 'TARDY' },
});

/**
 * What a log entry says about the lesson: `null` when the child attended (or nothing is recorded),
 * else the kind and reason. The reason is the teacher's comment; an illness status without a comment
 * gives "болезнь".
 */
export function logEntryAbsence(entry: Pick<LogEntry, 'status' | 'comment'> | undefined): LessonAbsence | null {
  const status = (entry?.status ?? '').trim().toLowerCase();
  if (status === '') return null;
  const meaning = STATUS_MEANINGS[status] ?? { kind: 'ABSENCE' };
  if (meaning === 'present') return null;
  const reason = textOrNull(entry?.comment) ?? (meaning.illness ? ILLNESS_REASON : null);
  return { kind: meaning.kind, reason };
}

/**
 * Attendance over a range from the log entries route: one record per lesson with an absence or late
 * arrival, the lesson (from the day schedules) carrying the same absence. An entry whose lesson the
 * schedules do not know becomes a record without a lesson, on the day it was made. Sorted by date, then
 * lesson start.
 */
export function buildAttendance(
  entries: readonly LogEntry[],
  lessons: readonly Lesson[],
  personId: string,
  range: DateRange,
): AttendanceRecord[] {
  const lessonsById = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const records = new Map<string, AttendanceRecord>();
  for (const entry of entries) {
    if (isOtherPerson(entry, personId)) continue;
    const absence = logEntryAbsence(entry);
    const lessonId = preferTwin(entry.lesson_str, entry.lesson);
    if (absence === null || records.has(lessonId)) continue;
    const lesson = lessonsById.get(dnevnikId(lessonId));
    const date = lesson?.date ?? dateOf(entry.createdDate);
    if (date === null || !isWithin(date, range.from, range.to)) continue;
    records.set(lessonId, { date, lesson: lesson ? { ...lesson, absence } : null, ...absence, provider: DNEVNIK });
  }
  return [...records.values()].sort(compareRecords);
}

function startOf(record: AttendanceRecord): number {
  const startsAt = record.lesson?.startsAt;
  return startsAt ? Date.parse(startsAt) : 0;
}

function compareRecords(a: AttendanceRecord, b: AttendanceRecord): number {
  return a.date.localeCompare(b.date) || startOf(a) - startOf(b) || (a.lesson?.number ?? 0) - (b.lesson?.number ?? 0);
}
