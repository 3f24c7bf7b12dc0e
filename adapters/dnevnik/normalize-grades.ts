/**
 * Dnevnik.ru marks → `Grade`. A mark carries neither its subject nor its weight (providers.md §1.10):
 * the subject comes from its lesson (or work) in the side-loaded days, the weight and the work's name
 * from its work type. Marks from the marks route and marks inside a day schedule go through the same
 * {@link dnevnikGrade}, so one mark reads the same whichever route it came from.
 */
import type { Grade, GradeScale, GradeValue, Subject, Teacher } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import type { DriftReceiver } from '../../src/upstream/tolerant-decode.js';
import type { Mark } from './payloads-diary.js';
import { isOtherPerson, type DiaryIndex, type IndexedLesson } from './normalize-index.js';
import {
  compareIds,
  dateOf,
  DNEVNIK,
  dnevnikId,
  dnevnikSubject,
  preferTwin,
  reference,
  textOrNull,
} from './normalize-common.js';

/** The fields of a mark that say what it is worth. */
export interface DnevnikMarkValueFields {
  value: string;
  textValue?: string | null | undefined;
  type?: string | null | undefined;
}

/** The subject of a mark whose lesson and work are both unknown to the side-loads. */
export const UNKNOWN_SUBJECT: Subject = Object.freeze({
  id: dnevnikId('unknown-subject'),
  name: 'Предмет не указан',
  provider: DNEVNIK,
});

/** Pass/fail values as Russian diaries write them; both spellings of ё, since teachers type either. */
const PASS_FAIL_VALUES: ReadonlySet<string> = new Set(['зачёт', 'зачет', 'зч', 'незачёт', 'незачет', 'нз', 'осв']);

/**
 * A number with an optional trailing `+`/`-` modifier: `5`, `4-`, `85`, `4,5`.
 * `\s*(?:[+-]\s*)?` rather than `\s*[+-]?\s*`: two `\s*` side by side can split a run of spaces every
 * way, polynomial backtracking on a diary's answer.
 */
const MARK_NUMBER = /^\s*(\d+(?:[.,]\d+)?)\s*(?:[+-]\s*)?$/;

/**
 * `Work.type` of an exam: the one exam value of the published `Work.type` enumeration. A school's own
 * work-type title or `kind` (free text, vocabulary not published) is never read as an exam flag.
 */
const EXAM_WORK = 'lessonexamination';

/** `Work.type` of a period (final) mark: those are final grades, not grades of a day. */
const PERIOD_MARK_WORK = 'periodmark';

/** True when a mark is a pass/fail mark (зачёт, нз…). */
export function isPassFailMark(raw: string): boolean {
  return PASS_FAIL_VALUES.has(raw.trim().toLowerCase());
}

/** The number in a mark, ignoring a trailing `+`/`-` modifier (`"4-"` → 4); `null` when not a number. */
export function readMarkNumber(raw: string | null | undefined): number | null {
  const match = MARK_NUMBER.exec(raw ?? '');
  return match ? Number(match[1]!.replace(',', '.')) : null;
}

/**
 * The scale a mark's `type` names. The enumeration is not published (`mark5` is all clients show), so
 * the digits decide: 5, 10 and 100 are the five-, ten- and hundred-point scales; pass/fail words make a
 * pass/fail mark. `null` when the type says nothing readable.
 */
function scaleOfType(type: string | null | undefined): GradeScale | null {
  const lower = (type ?? '').trim().toLowerCase();
  if (lower === '') return null;
  if (/pass|fail|credit|зач/.test(lower)) return 'PASS_FAIL';
  const digits = /\d+/.exec(lower)?.[0];
  if (digits === '5') return 'FIVE_POINT';
  if (digits === '10') return 'TEN_POINT';
  if (digits === '100') return 'HUNDRED_POINT';
  return digits === undefined ? null : 'OTHER';
}

/**
 * Reads a mark's value. `raw` is `textValue` (what the diary shows), else `value`. The scale comes from
 * `type`; without a readable type, a number from 1 to 5 is taken as the five-point scale every Russian
 * school uses by default, anything else is OTHER. A pass/fail value wins over the type.
 */
export function dnevnikGradeValue(mark: DnevnikMarkValueFields): GradeValue {
  const raw = textOrNull(mark.textValue) ?? mark.value;
  if (isPassFailMark(raw) || isPassFailMark(mark.value))
    return { raw, scale: 'PASS_FAIL', numeric: null, fivePoint: null };
  const numeric = readMarkNumber(raw) ?? readMarkNumber(mark.value);
  const scale = scaleOfType(mark.type) ?? (numeric !== null && numeric >= 1 && numeric <= 5 ? 'FIVE_POINT' : 'OTHER');
  if (scale === 'PASS_FAIL') return { raw, scale, numeric: null, fivePoint: null };
  return { raw, scale, numeric, fivePoint: scale === 'FIVE_POINT' ? numeric : null };
}

/** Whether the diary itself says the work is an exam (see {@link EXAM_WORK}). */
function isExamWork(workKind: string | null | undefined): boolean {
  return (workKind ?? '').trim().toLowerCase() === EXAM_WORK;
}

/** The lesson a mark belongs to, when the side-loads know it. */
function lessonOf(mark: Mark, index: DiaryIndex): IndexedLesson | undefined {
  const lessonId = reference(mark.lesson_str ?? mark.lessonStr, mark.lesson);
  return lessonId === null ? undefined : index.lessons.get(lessonId);
}

/** The subject of a lesson or work by id, named from the side-loads. */
export function subjectFromIndex(subjectId: string | null, index: DiaryIndex): Subject {
  return subjectId === null ? UNKNOWN_SUBJECT : dnevnikSubject(subjectId, index.subjectNames.get(subjectId));
}

/** The teacher of a lesson: its first teacher the side-loads name. */
export function teacherOf(lesson: IndexedLesson | undefined, index: DiaryIndex): Teacher | null {
  for (const teacherId of lesson?.lesson.teachers ?? []) {
    const name = index.teachers.get(teacherId);
    if (name) return { fullName: name };
  }
  return null;
}

/**
 * Builds a `Grade`, or `null` for a period (final) mark, which is reported as a final grade instead.
 * The date is the lesson's day when the lesson is known, else the date part of `mark.date`; the API
 * gives no time of entry it is known to mean, so `createdAt` is `null`. `mood` is not exposed.
 *
 * @throws {ProviderBadResponseError} when the mark has no date at all (`where` names the path).
 */
export function dnevnikGrade(mark: Mark, index: DiaryIndex, where: string): Grade | null {
  const workId = reference(mark.work_str, mark.work);
  const work = workId === null ? undefined : index.works.get(workId);
  const workTypeId = reference(null, mark.workType) ?? reference(null, work?.workType);
  const workType = workTypeId === null ? undefined : index.workTypes.get(workTypeId);
  if ((work?.type ?? '').trim().toLowerCase() === PERIOD_MARK_WORK || workType?.isFinal) return null;
  const lesson = lessonOf(mark, index);
  const date = lesson?.date ?? dateOf(mark.date);
  if (date === null) throw new ProviderBadResponseError(DNEVNIK, `${where}.date: expected a date`);
  return {
    id: dnevnikId(preferTwin(mark.id_str, mark.id)),
    date,
    subject: subjectFromIndex(lesson?.subjectId ?? reference(null, work?.subjectId), index),
    value: dnevnikGradeValue(mark),
    weight: workType?.weight ?? 1,
    workType: workType?.title ?? null,
    // Dnevnik.ru marks carry no comment.
    comment: null,
    isExam: isExamWork(work?.type),
    isPoint: false,
    pointDeadline: null,
    countsTowardAverage: mark.use_avg_calc !== false,
    createdAt: null,
    teacher: teacherOf(lesson, index),
    provider: DNEVNIK,
  };
}

/**
 * Normalises the child's marks (other persons' are skipped), oldest lesson day first, then by id. A mark
 * that cannot be dated (no date of its own, and a lesson the day schedules do not know) is left out
 * alone and reported to `drift` as `[].date` of `route`, rather than failing every other mark.
 */
export function normalizeMarks(
  marks: readonly Mark[],
  index: DiaryIndex,
  route = 'personMarks',
  drift?: DriftReceiver,
): Grade[] {
  let undated = 0;
  const grades = marks.flatMap((mark, position) => {
    if (isOtherPerson(mark, index.personId)) return [];
    try {
      const grade = dnevnikGrade(mark, index, `${route}: [${position}]`);
      return grade ? [grade] : [];
    } catch (error) {
      if (!(error instanceof ProviderBadResponseError)) throw error;
      undated += 1;
      return [];
    }
  });
  if (undated > 0) drift?.reportDrift?.({ provider: DNEVNIK, route, schemaPath: '[].date', dropped: undated });
  return grades.sort((a, b) => a.date.localeCompare(b.date) || compareIds(a.id, b.id));
}
