/**
 * Pure: the teachers' comments on a child's lessons in the app's diary (`payloads-mobile.ts`) → the port's
 * remarks. Dnevnik.ru keeps one comment per lesson and child and says nothing of its kind, so every one is
 * a `NOTE` (the schema's "neither praise nor a remark"), dated on the lesson's school day.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { ProviderRemark } from '../../src/domain/messaging.js';
import type { DateRange } from '../../src/domain/model.js';
import { compareIds, fullName, textOrNull } from './normalize-common.js';
import { instantDate } from './normalize-notices.js';
import type { MobileDay, MobileDiary, MobileLesson } from './payloads-mobile.js';
import { plainText } from './plain-text.js';

/** The school day of a lesson: its day's date, else its start's. */
function lessonDate(day: MobileDay, lesson: MobileLesson, timeZone: string): string | null {
  return (
    instantDate(day.date, timeZone) ??
    instantDate(day.dateTime, timeZone) ??
    instantDate(lesson.startDateTime, timeZone)
  );
}

function remarkOf(day: MobileDay, lesson: MobileLesson, timeZone: string): ProviderRemark | null {
  const text = plainText(lesson.comment?.text);
  const date = lessonDate(day, lesson, timeZone);
  if (text === null || date === null) return null;
  return {
    externalId: lesson.id,
    date,
    kind: 'NOTE',
    text,
    subjectName: textOrNull(lesson.subject?.name)?.trim() ?? null,
    teacherName: fullName(lesson.comment?.author ?? {}) ?? fullName(lesson.teacher ?? {}),
  };
}

/**
 * The remarks of the weeks read that fall within `range`, newest first, one per lesson (weeks read for
 * neighbouring ranges may repeat a lesson).
 */
export function normalizeRemarks(weeks: readonly MobileDiary[], range: DateRange, timeZone: string): ProviderRemark[] {
  const byLesson = new Map<string, ProviderRemark>();
  for (const answer of weeks) {
    for (const week of answer.weeks ?? []) {
      for (const day of week.days ?? []) {
        for (const lesson of day.lessons ?? []) {
          const remark = remarkOf(day, lesson, timeZone);
          if (remark && isWithin(remark.date, range.from, range.to)) byLesson.set(remark.externalId, remark);
        }
      }
    }
  }
  return [...byLesson.values()].sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? 1 : -1) : compareIds(b.externalId, a.externalId),
  );
}
