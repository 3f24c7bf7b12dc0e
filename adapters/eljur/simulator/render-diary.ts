/**
 * The diary and homework: `getdiary` days keyed `YYYYMMDD` with lessons keyed by number (bell times only
 * with `rings`), vacation days as `alert: "vacation"`, holidays with `holiday_name`, empty collections as
 * `[]`; `gethomework` days with homework keyed by subject **name**.
 */
import type { SeedChild, SeedHomework, SeedLesson } from '../../simulation/seed.js';
import { shiftDate } from '../../simulation/calendar.js';
import {
  dayKey,
  type DiaryDayWire,
  type DiaryLessonWire,
  type DiaryWire,
  type FileWire,
  type HomeworkSubjectWire,
  type HomeworkWire,
  type MarkWire,
} from './wire.js';
import { subjectNameOf, titleOf, weekdayTitle } from './ids.js';
import type { PlacedMark } from './render-marks.js';

/** PHP writes an empty map as `[]`; Eljur's answers show it, so the simulator does too. */
function mapOrEmpty<T>(entries: readonly (readonly [string, T])[]): Record<string, T> | T[] {
  return entries.length === 0 ? [] : Object.fromEntries(entries);
}

function homeworkMap(entries: readonly SeedHomework[]) {
  return mapOrEmpty(
    entries.map((entry) => [String(entry.id), { id: entry.id, value: entry.text, individual: false }] as const),
  );
}

function filesOf(entries: readonly SeedHomework[]): FileWire[] {
  return entries.flatMap((entry) =>
    entry.attachments.map((attachment) => ({ toid: entry.id, filename: attachment.title, link: attachment.url })),
  );
}

/** A mark as `getdiary` shows it inside a lesson: `control_type` instead of `mtype`. */
function assessmentOf(mark: PlacedMark): MarkWire {
  const { mtype, ...rest } = mark.payload;
  return mtype ? { ...rest, control_type: mtype.type ?? '', control_type_short: mtype.short ?? '' } : rest;
}

function lessonPayload(
  child: SeedChild,
  lesson: SeedLesson,
  marks: readonly PlacedMark[],
  rings: boolean,
): DiaryLessonWire {
  const subject = child.subjects.find((candidate) => candidate.id === lesson.subjectId);
  const due = child.homework.filter((entry) => entry.lessonId === lesson.id);
  const assessments = marks.filter((mark) => mark.lessonId === lesson.id).map(assessmentOf);
  const item: DiaryLessonWire = {
    num: String(lesson.number),
    name: subject?.name ?? '',
    room: lesson.room,
    teacher: subject?.teacher ?? '',
    sort: lesson.number * 100,
    lesson_id: String(lesson.subjectId),
    topic: lesson.topic ?? '',
    is_control: assessments.some((mark) => mark.control_type === 'Контрольная работа'),
    grp: '',
    grp_short: '',
    homework: homeworkMap(due),
    files: filesOf(due),
    resources: [],
    assessments,
  };
  return rings ? { ...item, starttime: `${lesson.start}:00`, endtime: `${lesson.end}:00` } : item;
}

/**
 * One day of the diary, or `null` for a day Eljur does not list (a weekend outside a vacation). A
 * cancelled lesson is left out: Eljur has no cancellation flag, and a removed lesson leaves the diary.
 */
function dayPayload(
  child: SeedChild,
  date: string,
  today: string,
  marks: readonly PlacedMark[],
  rings: boolean,
): DiaryDayWire | null {
  const base = { name: dayKey(date), title: weekdayTitle(date), items_extday: [] };
  const dayOff = child.nonSchoolDays.find((day) => day.date === date);
  if (dayOff) {
    return dayOff.kind === 'vacation'
      ? { ...base, alert: 'vacation', holiday_name: dayOff.title, items: [] }
      : { ...base, alert: null, holiday_name: dayOff.title, items: [] };
  }
  const lessons = child.lessons.filter((lesson) => lesson.date === date && !lesson.cancelled);
  if (lessons.length === 0) return null;
  const items = mapOrEmpty(
    lessons.map((lesson) => [String(lesson.number), lessonPayload(child, lesson, marks, rings)] as const),
  );
  return { ...base, alert: date === today ? 'today' : null, items };
}

/** `getdiary`: the child's days from `from` to `to` inclusive. */
export function renderDiary(
  child: SeedChild,
  from: string,
  to: string,
  today: string,
  marks: readonly PlacedMark[],
  rings: boolean,
): DiaryWire {
  const days: Record<string, DiaryDayWire> = {};
  for (let date = from; date <= to; date = shiftDate(date, 1)) {
    const day = dayPayload(child, date, today, marks, rings);
    if (day) days[dayKey(date)] = day;
  }
  return {
    students: {
      [String(child.studentId)]: {
        name: String(child.studentId),
        title: titleOf(child),
        parent_signed: false,
        days: mapOrEmpty(Object.entries(days)),
      },
    },
  };
}

/** `gethomework`: the days within `from…to` that have homework due, keyed by subject name. */
export function renderHomework(child: SeedChild, from: string, to: string): HomeworkWire {
  const due = child.homework.filter((entry) => entry.dueOn >= from && entry.dueOn <= to);
  const days: Record<string, { name: string; title: string; items: Record<string, HomeworkSubjectWire> }> = {};
  for (const date of [...new Set(due.map((entry) => entry.dueOn))].sort()) {
    const onDay = due.filter((entry) => entry.dueOn === date);
    const items: Record<string, HomeworkSubjectWire> = {};
    for (const subjectId of [...new Set(onDay.map((entry) => entry.subjectId))]) {
      const name = subjectNameOf(child, subjectId);
      const entries = onDay.filter((entry) => entry.subjectId === subjectId);
      items[name] = { name, homework: homeworkMap(entries), files: filesOf(entries) };
    }
    days[dayKey(date)] = { name: dayKey(date), title: weekdayTitle(date), items };
  }
  return {
    students: {
      [String(child.studentId)]: {
        name: String(child.studentId),
        title: titleOf(child),
        days: mapOrEmpty(Object.entries(days)),
      },
    },
  };
}
