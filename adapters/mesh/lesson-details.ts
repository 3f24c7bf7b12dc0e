/**
 * Lesson numbers and teachers for МЭШ lessons. The event calendar (the timetable's source) names
 * neither; the family `schedule` route names both, but answers one day per call. A school's timetable
 * repeats, so a few days teach the rest: bells keep their place in the day (a start time is a lesson
 * number) and a subject keeps its teacher. The adapter therefore reads only the days needed to see every
 * start time and every subject of a month's lessons once (usually two or three days, not twenty), and
 * fills the other lessons from them. Anything it could not learn without guessing stays null: a start
 * time no read day had (a shortened day), a subject taught by two teachers, or the stand-in of a replaced
 * lesson on a day not read.
 */
import type { Lesson, Teacher } from '../../src/domain/model.js';
import type { DaySchedule } from './payloads.js';
import { meshId, textOrNull } from './normalize-common.js';

/** What the read days taught. */
export interface LessonDetails {
  /** By lesson id (`mesh:<schedule_item_id>`): the lessons of the read days, exactly. */
  byLesson: ReadonlyMap<string, { number: number | null; teacher: Teacher | null }>;
  /** By school-local start time `HH:MM`: the lesson number, or `null` where two days disagreed. */
  numberByStart: ReadonlyMap<string, number | null>;
  /** By subject id (`mesh:<subject_id>`): the teacher, or `null` where two teachers were seen. */
  teacherBySubject: ReadonlyMap<string, Teacher | null>;
}

/** The school-local `HH:MM` a lesson starts at (its `startsAt` is written in the school's zone). */
function startTime(lesson: Lesson): string | null {
  return lesson.startsAt === null ? null : lesson.startsAt.slice(11, 16);
}

/** What must be seen once for a lesson to be filled: its start time and its subject. */
export function needsOf(lesson: Lesson): string[] {
  const start = startTime(lesson);
  return [...(start === null ? [] : [`start:${start}`]), `subject:${lesson.subject.id}`];
}

/**
 * The fewest days (greedily) whose lessons show every start time and every subject of `lessons`: each
 * step takes the day that shows the most not yet seen, the earliest on a tie. Sorted by date.
 */
export function daysToRead(lessons: readonly Lesson[]): string[] {
  const byDay = new Map<string, Set<string>>();
  for (const lesson of lessons) {
    const needs = byDay.get(lesson.date) ?? new Set<string>();
    for (const need of needsOf(lesson)) needs.add(need);
    byDay.set(lesson.date, needs);
  }
  const unseen = new Set([...byDay.values()].flatMap((needs) => [...needs]));
  const chosen: string[] = [];
  while (unseen.size > 0) {
    let best: { day: string; gain: number } | null = null;
    for (const [day, needs] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
      const gain = [...needs].filter((need) => unseen.has(need)).length;
      if (gain > (best?.gain ?? 0)) best = { day, gain };
    }
    if (best === null) break;
    chosen.push(best.day);
    for (const need of byDay.get(best.day)!) unseen.delete(need);
  }
  return chosen.sort();
}

/** `"3 урок"` → 3; anything without a leading positive count → null. */
export function lessonNumberOf(info: string | null | undefined): number | null {
  const match = /^\s*(\d{1,2})(?!\d)/.exec(info ?? '');
  const number = match ? Number(match[1]) : 0;
  return number > 0 ? number : null;
}

function teacherOf(
  teacher: { last_name?: string | null; first_name?: string | null; middle_name?: string | null } | null | undefined,
): Teacher | null {
  const parts = [teacher?.last_name, teacher?.first_name, teacher?.middle_name]
    .map(textOrNull)
    .filter((part): part is string => part !== null);
  return parts.length > 0 ? { fullName: parts.join(' ') } : null;
}

/** Keeps a value per key, or `null` once two different values were seen for it. */
function agree<T>(map: Map<string, T | null>, key: string, value: T, same: (a: T, b: T) => boolean): void {
  if (!map.has(key)) map.set(key, value);
  else if (map.get(key) !== null && !same(map.get(key) as T, value)) map.set(key, null);
}

/** What the read days' lessons say. Activities other than lessons (breaks) are skipped. */
export function learnDetails(days: readonly DaySchedule[]): LessonDetails {
  const byLesson = new Map<string, { number: number | null; teacher: Teacher | null }>();
  const numberByStart = new Map<string, number | null>();
  const teacherBySubject = new Map<string, Teacher | null>();
  for (const activity of days.flatMap((day) => day.activities)) {
    if (activity.type.trim().toUpperCase() !== 'LESSON' || !activity.lesson) continue;
    const number = lessonNumberOf(activity.info);
    const teacher = teacherOf(activity.lesson.teacher);
    if (activity.lesson.schedule_item_id != null)
      byLesson.set(meshId(activity.lesson.schedule_item_id), { number, teacher });
    const start = textOrNull(activity.begin_time)?.slice(0, 5);
    if (start && number !== null) agree(numberByStart, start, number, (a, b) => a === b);
    if (activity.lesson.subject_id != null && teacher !== null) {
      agree(teacherBySubject, meshId(activity.lesson.subject_id), teacher, (a, b) => a.fullName === b.fullName);
    }
  }
  return { byLesson, numberByStart, teacherBySubject };
}

/**
 * The lessons with their numbers and teachers: exact for a lesson of a read day, else from its start
 * time and subject. A replaced lesson not read exactly gets no teacher: its subject's usual teacher is
 * precisely the one not teaching it.
 */
export function withDetails(lessons: readonly Lesson[], details: LessonDetails): Lesson[] {
  return lessons.map((lesson) => {
    const exact = details.byLesson.get(lesson.id);
    if (exact) return { ...lesson, number: exact.number, teacher: exact.teacher };
    const start = startTime(lesson);
    return {
      ...lesson,
      number: (start === null ? null : details.numberByStart.get(start)) ?? null,
      teacher: lesson.isReplaced ? null : (details.teacherBySubject.get(lesson.subject.id) ?? null),
    };
  });
}
