/**
 * Demo marks: about two in five attended past lessons get a mark, mostly 3–5 with a few 2s, from the
 * work types МЭШ schools use with their usual weights. On top of that each child can have the marks the
 * gateway must handle specially: a "точка" (point mark with a deadline), an exam mark and a
 * hundred-point mark.
 *
 * Scale conversions (the demo's choice; МЭШ sends both equivalents with every mark):
 * - five → hundred: 5 → 100, 4 → 75, 3 → 50, 2 → 25 (the pairs МЭШ itself shows for 5 and 4);
 * - hundred → five: 0–49 → 2, 50–69 → 3, 70–85 → 4, 86–100 → 5.
 */
import type { DemoLesson, DemoMark } from '../demo-family.js';
import { addDays } from '../../domain/dates.js';
import { markIdOf } from './ids.js';
import { chance, intBetween, pick, pickWeighted, randomFor, type Random } from './random.js';

/** A kind of work and its weight in the weighted average. */
export interface WorkType {
  name: string;
  weight: number;
}

/** The work types МЭШ schools use, with their usual weights; only `Экзамен` marks are exam marks. */
export const WORK_TYPES = Object.freeze({
  classwork: { name: 'Работа на уроке', weight: 1 },
  homework: { name: 'Домашняя работа', weight: 1 },
  independent: { name: 'Самостоятельная работа', weight: 2 },
  check: { name: 'Проверочная работа', weight: 2 },
  test: { name: 'Контрольная работа', weight: 3 },
  exam: { name: 'Экзамен', weight: 5 },
} satisfies Record<string, WorkType>);

const ORDINARY_WORK: readonly (readonly [WorkType, number])[] = [
  [WORK_TYPES.classwork, 45],
  [WORK_TYPES.homework, 25],
  [WORK_TYPES.independent, 14],
  [WORK_TYPES.check, 10],
  [WORK_TYPES.test, 6],
];
const FIVE_POINT_SPREAD: readonly (readonly [number, number])[] = [
  [5, 36],
  [4, 37],
  [3, 20],
  [2, 7],
];
const HUNDRED_BANDS: Readonly<Record<number, readonly [number, number]>> = {
  5: [86, 100],
  4: [70, 85],
  3: [50, 69],
  2: [30, 49],
};
const COMMENTS: Readonly<Record<number, readonly string[]>> = {
  5: ['Отличная работа!', 'Молодец, всё верно'],
  4: ['Есть небольшие недочёты', 'Хорошо, но проверь вычисления'],
  3: ['Нужно повторить правило', 'Много исправлений, будь внимательнее'],
  2: ['Работа не выполнена', 'Не выучено правило'],
};
const MARKED_SHARE = 0.4;
const SECOND_MARK_SHARE = 0.12;
const COMMENT_SHARE = 0.15;

/** The hundred-point equivalent of a five-point mark. */
export function fiveToHundred(five: number): number {
  return Math.max(0, (five - 1) * 25);
}

/** The five-point equivalent of a hundred-point mark. */
export function hundredToFive(hundred: number): number {
  if (hundred >= 86) return 5;
  if (hundred >= 70) return 4;
  if (hundred >= 50) return 3;
  return 2;
}

/** Which subjects (by id) carry a child's special marks; `null` leaves the feature out. */
export interface SpecialMarksPlan {
  /** Every mark of this subject is on the hundred-point scale; the latest one is exactly 85. */
  hundredPointSubjectId: number | null;
  /** The latest mark of this subject is a "точка" 2 with a deadline. */
  pointSubjectId: number | null;
  /** The latest mark of this subject is an exam mark. */
  examSubjectId: number | null;
  /** The latest mark of this subject is a split mark `"3/5"` (Eljur's double mark for one piece of work). */
  splitSubjectId?: number | null;
  /**
   * The subject's latest lesson before today always gets an ordinary mark. A club meeting twice a week
   * would otherwise often show no mark in the last week, and the demo would look abandoned.
   */
  recentlyMarkedSubjectId?: number | null;
}

interface MarkContext {
  key: string;
  slot: number;
  today: string;
  lessons: readonly DemoLesson[];
  plan: SpecialMarksPlan;
}

/** Marks for all attended lessons up to and including `today` (the lesson list covers the school year). */
export function buildMarks(
  key: string,
  slot: number,
  lessons: readonly DemoLesson[],
  today: string,
  plan: SpecialMarksPlan,
): DemoMark[] {
  const context: MarkContext = { key, slot, today, lessons, plan };
  const attended = lessons.filter(
    (lesson) => lesson.date <= today && !lesson.cancelled && (!lesson.missed || lesson.missed.late),
  );
  const special = new Map<DemoLesson, (lesson: DemoLesson) => DemoMark>();
  // Special marks go on the subject's latest lesson before today, so they are already entered whatever
  // the time of day; only when there is none (the first days of September) on today's.
  const latestOf = (subjectId: number | null) => {
    const ofSubject = attended.filter((lesson) => lesson.subjectId === subjectId);
    return ofSubject.filter((lesson) => lesson.date < today).at(-1) ?? ofSubject.at(-1);
  };
  const pointLesson = latestOf(plan.pointSubjectId);
  const examLesson = latestOf(plan.examSubjectId);
  const hundredLesson = latestOf(plan.hundredPointSubjectId);
  const splitLesson = latestOf(plan.splitSubjectId ?? null);
  if (splitLesson) special.set(splitLesson, (lesson) => splitMark(context, lesson));
  if (pointLesson) special.set(pointLesson, (lesson) => pointMark(context, lesson));
  if (examLesson) special.set(examLesson, (lesson) => examMark(context, lesson));
  if (hundredLesson)
    special.set(hundredLesson, (lesson) => hundredPointMark(context, lesson, 85, WORK_TYPES.check, null));
  const recentLesson = latestOf(plan.recentlyMarkedSubjectId ?? null);
  return attended.flatMap((lesson) => {
    const makeSpecial = special.get(lesson);
    return makeSpecial ? [makeSpecial(lesson)] : ordinaryMarks(context, lesson, lesson === recentLesson);
  });
}

/** Ordinary marks of a lesson; `always` marks it even when the dice say no (the same draws either way). */
function ordinaryMarks(context: MarkContext, lesson: DemoLesson, always = false): DemoMark[] {
  const random = randomFor(context.key, 'marks', lesson.id);
  const marked = chance(random, MARKED_SHARE);
  if (!marked && !always) return [];
  const count = chance(random, SECOND_MARK_SHARE) ? 2 : 1;
  return Array.from({ length: count }, (_, index) => ordinaryMark(context, lesson, index, random));
}

function ordinaryMark(context: MarkContext, lesson: DemoLesson, index: number, random: Random): DemoMark {
  const five = pickWeighted(random, FIVE_POINT_SPREAD);
  const workType = pickWeighted(random, ORDINARY_WORK);
  const comment = chance(random, COMMENT_SHARE) ? pick(random, COMMENTS[five] ?? []) : null;
  if (lesson.subjectId === context.plan.hundredPointSubjectId) {
    const [low, high] = HUNDRED_BANDS[five] ?? [50, 69];
    return hundredPointMark(context, lesson, intBetween(random, low, high), workType, comment, index);
  }
  return fivePointMark(context, lesson, five, workType, comment, index);
}

function fivePointMark(
  context: MarkContext,
  lesson: DemoLesson,
  five: number,
  workType: WorkType,
  comment: string | null,
  index = 0,
): DemoMark {
  return {
    id: markIdOf(context.slot, lesson.date, lesson.number, index),
    lessonId: lesson.id,
    date: lesson.date,
    subjectId: lesson.subjectId,
    value: String(five),
    scale: 'five',
    five,
    hundred: fiveToHundred(five),
    weight: workType.weight,
    workType: workType.name,
    comment,
    isExam: workType === WORK_TYPES.exam,
    isPoint: false,
    pointDeadline: null,
    createdAt: createdAfter(context, lesson, index),
  };
}

function hundredPointMark(
  context: MarkContext,
  lesson: DemoLesson,
  hundred: number,
  workType: WorkType,
  comment: string | null,
  index = 0,
): DemoMark {
  return {
    ...fivePointMark(context, lesson, hundredToFive(hundred), workType, comment, index),
    value: String(hundred),
    scale: 'hundred',
    hundred,
  };
}

/** A "точка": a provisional 2 the child must fix by the subject's next lesson (or within a week). */
function pointMark(context: MarkContext, lesson: DemoLesson): DemoMark {
  const nextLesson = context.lessons.find(
    (other) => other.subjectId === lesson.subjectId && other.date > context.today && !other.cancelled,
  );
  const deadline =
    nextLesson && nextLesson.date <= addDays(context.today, 14) ? nextLesson.date : addDays(context.today, 7);
  const mark = fivePointMark(context, lesson, 2, WORK_TYPES.independent, 'Работа не сдана — исправить до срока');
  return { ...mark, isPoint: true, pointDeadline: deadline };
}

/** A split mark: two marks for one piece of work (content / literacy), entered as `"3/5"`. */
function splitMark(context: MarkContext, lesson: DemoLesson): DemoMark {
  const mark = fivePointMark(context, lesson, 4, WORK_TYPES.test, 'Содержание 3, грамотность 5');
  return { ...mark, value: '3/5' };
}

function examMark(context: MarkContext, lesson: DemoLesson): DemoMark {
  const five = pick(randomFor(context.key, 'exam', lesson.id), [4, 5]);
  return fivePointMark(context, lesson, five, WORK_TYPES.exam, 'Промежуточная аттестация');
}

/** Teachers enter marks after the lesson, the same day: between five minutes and four hours later. */
function createdAfter(context: MarkContext, lesson: DemoLesson, index: number): string {
  const random = randomFor(context.key, 'created', lesson.id, index);
  const [hours, minutes] = lesson.end.split(':').map(Number);
  const total = Math.min((hours ?? 9) * 60 + (minutes ?? 0) + intBetween(random, 5, 240), 21 * 60 + 30);
  const clock = [Math.floor(total / 60), total % 60, intBetween(random, 0, 59)].map((part) =>
    String(part).padStart(2, '0'),
  );
  return `${lesson.date}T${clock.join(':')}`;
}
