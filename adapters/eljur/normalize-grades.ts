/**
 * Eljur marks → `Grade`s and attendance. Eljur has no attendance method: absences arrive as marks
 * (`Н` absent, `ОП` late, any case) with `convert: 0, count: false` (providers.md §2.6). They are read
 * here as attendance and never become grades, so they cannot reach an average. Marks with an empty
 * value are phantoms Eljur leaves behind (§2.7 item 4) and are dropped.
 *
 * The same mark arrives from `getmarks` (under its subject) and from `getdiary` (as an assessment of a
 * lesson). Both go through {@link readMarkList}, so a mark reads the same, with the same id, from
 * either method.
 */
import type { AttendanceKind, Grade, GradeScale, GradeValue, Subject } from '../../src/domain/model.js';
import type { Mark, MarksAnswer } from './payloads.js';
import {
  ELJUR,
  eljurId,
  eljurSubject,
  entriesOf,
  isTruthyFlag,
  readNumber,
  requireEljurDate,
  studentPart,
  subjectKey,
  textOrNull,
} from './normalize-common.js';
import { compareRussian } from '../../src/domain/collation.js';

/** Mark values that record attendance, lower-cased: `Н`/`н` absent, `ОП`/`оп` late. */
export const ELJUR_ATTENDANCE_CODES: Readonly<Record<string, AttendanceKind>> = Object.freeze({
  н: 'ABSENCE',
  оп: 'TARDY',
});

/** What a mark value is: a phantom to drop, an attendance record, or a grade. */
export type MarkKind = { kind: 'phantom' } | { kind: 'attendance'; attendance: AttendanceKind } | { kind: 'grade' };

/** Classifies a mark by its value. */
export function classifyMark(value: string | number | null | undefined): MarkKind {
  const raw = textOrNull(value);
  if (raw === null) return { kind: 'phantom' };
  const attendance = ELJUR_ATTENDANCE_CODES[raw.trim().toLowerCase()];
  return attendance ? { kind: 'attendance', attendance } : { kind: 'grade' };
}

/** Pass/fail values as Russian diaries write them (designed for, not observed in Eljur: providers.md §5). */
const PASS_FAIL_VALUES: ReadonlySet<string> = new Set(['зачёт', 'зачет', 'зч', 'незачёт', 'незачет', 'нз', 'осв']);
/**
 * A number with an optional trailing `+`/`-`: `5`, `4-`.
 * `\s*(?:[+-]\s*)?` rather than `\s*[+-]?\s*`: two `\s*` side by side can split a run of spaces every
 * way, polynomial backtracking on a diary's answer.
 */
const MARK_NUMBER = /^\s*(\d+(?:[.,]\d+)?)\s*(?:[+-]\s*)?$/;
/** A split (double) mark: two marks for one piece of work, `3/5`. */
const SPLIT_MARK = /^\s*(\d+(?:[.,]\d+)?)\s*(?:[+-]\s*)?\/\s*(\d+(?:[.,]\d+)?)\s*(?:[+-]\s*)?$/;

function isFivePoint(value: number): boolean {
  return value >= 1 && value <= 5;
}

function numberValue(numeric: number | null, fivePointParts: boolean): { scale: GradeScale; fivePoint: number | null } {
  if (numeric === null || !fivePointParts) return { scale: 'OTHER', fivePoint: null };
  return { scale: 'FIVE_POINT', fivePoint: numeric };
}

/**
 * Reads a mark's value: `raw` exactly as entered. A split mark `"3/5"` takes Eljur's own arithmetic value
 * (`convert`, 4 for `3/5`) as its number, or the mean of its parts when `convert` is missing; a plain mark
 * is read from its text (`"4-"` → 4). Marks between 1 and 5 are on the five-point scale — Eljur sends no
 * scale, and Russian schools mark 1–5 — anything else is OTHER rather than a guess.
 */
export function eljurGradeValue(value: string, convert: string | number | null | undefined): GradeValue {
  if (PASS_FAIL_VALUES.has(value.trim().toLowerCase()))
    return { raw: value, scale: 'PASS_FAIL', numeric: null, fivePoint: null };
  const split = SPLIT_MARK.exec(value);
  if (split) {
    const parts = [Number(split[1]!.replace(',', '.')), Number(split[2]!.replace(',', '.'))];
    const converted = readNumber(convert);
    const numeric = converted !== null && converted > 0 ? converted : (parts[0]! + parts[1]!) / 2;
    return { raw: value, numeric, ...numberValue(numeric, parts.every(isFivePoint) && isFivePoint(numeric)) };
  }
  const match = MARK_NUMBER.exec(value);
  const numeric = match ? Number(match[1]!.replace(',', '.')) : null;
  return { raw: value, numeric, ...numberValue(numeric, numeric !== null && isFivePoint(numeric)) };
}

/** Reads the diary's average (`"4.25"`); `""` and `"0"` (sent when there are no marks) are `null`. */
export function parseEljurAverage(value: string | number | null | undefined): number | null {
  const average = readNumber(value);
  return average === null || average === 0 ? null : average;
}

/** The weight of a mark: `weight_float` when sent (it may be fractional), else `weight`, else 1. */
function markWeight(mark: Mark): number {
  return readNumber(mark.weight_float) ?? readNumber(mark.weight) ?? 1;
}

/** The kind of work: `mtype.type` (`getmarks`), else `control_type` (`getdiary`), else their short forms. */
function workTypeOf(mark: Mark): string | null {
  return (
    textOrNull(mark.mtype?.type) ??
    textOrNull(mark.control_type) ??
    textOrNull(mark.mtype?.short) ??
    textOrNull(mark.control_type_short)
  );
}

/**
 * Gives each mark an id. Eljur marks carry none, so the id is the subject, the day and `nm` (the mark's
 * index within the subject's day): `eljur:mark:501:2026-11-20:1`. Should Eljur repeat one (or send no
 * `nm`), later marks get `~2`, `~3`… in answer order, which `getmarks` and `getdiary` share.
 */
export function createMarkIds(): (subject: string, date: string, nm: string | number | null | undefined) => string {
  const seen = new Map<string, number>();
  return (subject, date, nm) => {
    const base = eljurId('mark', subject, date, textOrNull(nm)?.trim() ?? '');
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}~${count}`;
  };
}

/** An absence or late arrival Eljur recorded as a mark. */
export interface AttendanceMark {
  date: string;
  subject: Subject;
  kind: AttendanceKind;
}

/** Where a list of marks sits and what it belongs to. */
export interface MarkListContext {
  subject: Subject;
  /** The subject's identity for mark ids (`lesson_id` or `name:…`). */
  subjectKey: string;
  /** The lesson day, for diary assessments without a `date`; `null` makes `date` required. */
  fallbackDate: string | null;
  /** The method and path, for messages: `getmarks: lessons[2].marks`. */
  where: string;
  nextId: ReturnType<typeof createMarkIds>;
}

/**
 * Builds a `Grade`. `countsTowardAverage` is Eljur's own `count` flag (absent means it counts), and a
 * mark without a number never counts. Eljur sends neither when a mark was entered nor who entered it
 * (`createdAt`, `teacher` are `null`), and no exam flag: `isExam` is always `false`, since a school's work
 * type name (`mtype.type`, free text such as `Экзамен`) is the school's wording, not the diary's flag.
 */
export function eljurGrade(mark: Mark, id: string, date: string, subject: Subject): Grade {
  const value = eljurGradeValue(String(mark.value), mark.convert);
  const workType = workTypeOf(mark);
  return {
    id,
    date,
    subject,
    value,
    weight: markWeight(mark),
    workType,
    comment: textOrNull(mark.comment),
    isExam: false,
    isPoint: false,
    pointDeadline: null,
    countsTowardAverage: (mark.count == null || isTruthyFlag(mark.count)) && value.numeric !== null,
    createdAt: null,
    teacher: null,
    provider: ELJUR,
  };
}

/** Splits a list of marks into grades and attendance, dropping phantoms. */
export function readMarkList(
  marks: readonly Mark[],
  context: MarkListContext,
): { grades: Grade[]; attendance: AttendanceMark[] } {
  const grades: Grade[] = [];
  const attendance: AttendanceMark[] = [];
  marks.forEach((mark, index) => {
    const kind = classifyMark(mark.value);
    if (kind.kind === 'phantom') return;
    const date =
      context.fallbackDate !== null && textOrNull(mark.date) === null
        ? context.fallbackDate
        : requireEljurDate(mark.date, `${context.where}[${index}].date`);
    const id = context.nextId(context.subjectKey, date, mark.nm);
    if (kind.kind === 'attendance') attendance.push({ date, subject: context.subject, kind: kind.attendance });
    else grades.push(eljurGrade(mark, id, date, context.subject));
  });
  return { grades, attendance };
}

/** One subject of a `getmarks` answer. */
export interface SubjectMarksReading {
  subject: Subject;
  /** The diary's own average over the asked days. */
  providerAverage: number | null;
  grades: Grade[];
  attendance: AttendanceMark[];
}

/** Reads the child's part of a `getmarks` answer, subject by subject. */
export function readMarks(answer: MarksAnswer, studentId: string): SubjectMarksReading[] {
  const nextId = createMarkIds();
  const lessons = entriesOf(studentPart(answer.students, studentId)?.lessons);
  return lessons.map(({ value: entry }, index) => {
    const key = subjectKey(entry.lesson_id, entry.name);
    const subject = eljurSubject(entry.lesson_id, entry.name);
    const where = `getmarks: lessons[${index}].marks`;
    const marks = entriesOf(entry.marks).map((mark) => mark.value);
    return {
      subject,
      providerAverage: parseEljurAverage(entry.average),
      ...readMarkList(marks, { subject, subjectKey: key, fallbackDate: null, where, nextId }),
    };
  });
}

/** The grades of a `getmarks` answer, oldest day first, then by subject name and id. */
export function normalizeGrades(readings: readonly SubjectMarksReading[]): Grade[] {
  return readings
    .flatMap((reading) => reading.grades)
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) || compareRussian(a.subject.name, b.subject.name) || a.id.localeCompare(b.id),
    );
}
