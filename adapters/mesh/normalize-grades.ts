/**
 * МЭШ marks → `Grade`. The same mark arrives from two places: the marks list route (with its date and
 * subject) and inside an event of the calendar (without them: the event supplies both). Both go through
 * {@link meshGrade}, so one mark reads the same whichever route it came from.
 */
import { readDate } from '../../src/domain/dates.js';
import type { Grade, GradeScale, GradeValue, Subject } from '../../src/domain/model.js';
import type { EventMark, Mark } from './payloads.js';
import { MESH, meshId, meshSubject, readInstant, requireDate, textOrNull } from './normalize-common.js';

type MarkValueEntry = NonNullable<EventMark['values']>[number];

/** The fields of a mark that say what it is worth. */
export interface MeshMarkValueFields {
  value: string;
  values?: readonly MarkValueEntry[] | null | undefined;
  original_grade_system_type?: string | null | undefined;
}

/** МЭШ `grade_system_type` values the gateway knows (seen: five, hundred; ten is designed for). */
const SCALE_BY_SYSTEM_TYPE: Readonly<Record<string, GradeScale>> = Object.freeze({
  five: 'FIVE_POINT',
  hundred: 'HUNDRED_POINT',
  ten: 'TEN_POINT',
});

/**
 * Pass/fail values as Russian diaries write them (not observed in МЭШ, designed for: providers.md §5).
 * Both spellings of ё are accepted because teachers type either.
 */
const PASS_FAIL_VALUES: ReadonlySet<string> = new Set(['зачёт', 'зачет', 'зч', 'незачёт', 'незачет', 'нз', 'осв']);

/**
 * A number with an optional trailing `+`/`-` modifier: `5`, `4-`, `85`, `4,5`.
 * `\s*(?:[+-]\s*)?` rather than `\s*[+-]?\s*`: two `\s*` side by side can split a run of spaces every
 * way, polynomial backtracking on a diary's answer.
 */
const MARK_NUMBER = /^\s*(\d+(?:[.,]\d+)?)\s*(?:[+-]\s*)?$/;

/** True when a mark is a pass/fail mark (зачёт, нз…). */
export function isPassFailMark(raw: string): boolean {
  return PASS_FAIL_VALUES.has(raw.trim().toLowerCase());
}

/** The number in a mark, ignoring a trailing `+`/`-` modifier (`"4-"` → 4); `null` when not a number. */
export function readMarkNumber(raw: string): number | null {
  const match = MARK_NUMBER.exec(raw);
  return match ? Number(match[1]!.replace(',', '.')) : null;
}

function scaleOfSystemType(type: string | null | undefined): GradeScale | null {
  return type ? (SCALE_BY_SYSTEM_TYPE[type.trim().toLowerCase()] ?? null) : null;
}

/**
 * The scale of a mark. The mark's own `original_grade_system_type` decides when МЭШ sends one (an
 * unknown type is OTHER, not a guess from `values`, because `values` lists the mark's *equivalents* on
 * other scales); only without it does the first `values[]` entry decide. A pass/fail value wins over
 * both: "зачёт" on a "five" system is still not a number.
 */
function scaleOf(mark: MeshMarkValueFields): GradeScale {
  if (isPassFailMark(mark.value)) return 'PASS_FAIL';
  if (textOrNull(mark.original_grade_system_type) !== null) {
    return scaleOfSystemType(mark.original_grade_system_type) ?? 'OTHER';
  }
  return scaleOfSystemType(mark.values?.[0]?.grade_system_type) ?? 'OTHER';
}

/**
 * The five-point reading: МЭШ's own equivalent (`values[].grade.five`, preferring the entry of the mark's
 * own system), else the number itself on the five-point scale. Pass/fail marks have none, whatever
 * `values` says, so that a "зачёт" never enters a five-point average.
 */
function fivePointOf(mark: MeshMarkValueFields, scale: GradeScale, numeric: number | null): number | null {
  if (scale === 'PASS_FAIL') return null;
  const entries = mark.values ?? [];
  const ownType = mark.original_grade_system_type?.trim().toLowerCase();
  const own = entries.find(
    (entry) => ownType && entry.grade_system_type?.trim().toLowerCase() === ownType && entry.grade?.five != null,
  );
  const equivalent = own ?? entries.find((entry) => entry.grade?.five != null);
  if (equivalent?.grade?.five != null) return equivalent.grade.five;
  return scale === 'FIVE_POINT' ? numeric : null;
}

/** Reads a МЭШ mark's value: `raw` exactly as sent, its scale, its number and its five-point reading. */
export function meshGradeValue(mark: MeshMarkValueFields): GradeValue {
  const scale = scaleOf(mark);
  const numeric = scale === 'PASS_FAIL' ? null : readMarkNumber(mark.value);
  return { raw: mark.value, scale, numeric, fivePoint: fivePointOf(mark, scale, numeric) };
}

/**
 * Reads a final period mark (`subject_marks` `fixed_value`), which comes without any grade-system field.
 * The route reports on the five-point scale, so a number from 1 to 5 is read as five-point; anything
 * else numeric is OTHER rather than a guess. `null` for an absent or blank value.
 */
export function meshFinalGradeValue(fixedValue: string | null | undefined): GradeValue | null {
  const raw = textOrNull(fixedValue);
  if (raw === null) return null;
  if (isPassFailMark(raw)) return { raw, scale: 'PASS_FAIL', numeric: null, fivePoint: null };
  const numeric = readMarkNumber(raw);
  const fivePoint = numeric !== null && numeric >= 1 && numeric <= 5 ? numeric : null;
  return { raw, scale: fivePoint !== null ? 'FIVE_POINT' : 'OTHER', numeric, fivePoint };
}

/**
 * Builds a `Grade` from a mark of either route, given the lesson day and subject it belongs to.
 * `countsTowardAverage` is `!isPoint`: a "точка" is a provisional debt mark to be settled by its
 * deadline, so МЭШ is taken not to average it until then. This is an inference from the field's
 * description (providers.md §3.4), not documented МЭШ behaviour.
 */
export function meshGrade(mark: EventMark, date: string, subject: Subject, timeZone: string): Grade {
  const isPoint = mark.is_point ?? false;
  return {
    id: meshId(mark.id),
    date,
    subject,
    value: meshGradeValue(mark),
    weight: mark.weight ?? 1,
    workType: textOrNull(mark.control_form_name),
    comment: textOrNull(mark.comment),
    isExam: mark.is_exam ?? false,
    isPoint,
    pointDeadline: readDate(mark.point_date),
    countsTowardAverage: !isPoint,
    createdAt: readInstant(mark.created_at, timeZone),
    // The list route does not name the teacher (only `marks/{id}` does), and one call per mark is not worth it.
    teacher: null,
    provider: MESH,
  };
}

/**
 * Normalises the marks route's payload (`created_at` is naive Moscow time, read in `timeZone`), oldest
 * lesson day first, then by entry time and id so the order is stable.
 */
export function normalizeMarks(marks: readonly Mark[], timeZone: string): Grade[] {
  const grades = marks.map((mark, index) =>
    meshGrade(
      mark,
      requireDate(mark.date, `marks: payload[${index}].date`),
      meshSubject(mark.subject_id, mark.subject_name),
      timeZone,
    ),
  );
  return grades.sort(compareGrades);
}

function compareGrades(a: Grade, b: Grade): number {
  return a.date.localeCompare(b.date) || instantMs(a.createdAt) - instantMs(b.createdAt) || a.id.localeCompare(b.id);
}

function instantMs(value: string | null): number {
  return value === null ? 0 : Date.parse(value);
}
