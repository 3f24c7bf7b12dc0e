/**
 * `getperiods` → grading periods; per-period `getmarks` averages plus `getfinalassessments` → the diary's
 * own averages and final marks; the marks' subjects → the child's subjects.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { AcademicPeriod, GradeValue, ProviderSubjectAverage, Subject } from '../../src/domain/model.js';
import type { FinalAssessmentsAnswer, Periods } from './payloads.js';
import { ELJUR, eljurId, entriesOf, isTruthyFlag, readEljurDate, studentPart, textOrNull } from './normalize-common.js';
import { classifyMark, eljurGradeValue, type SubjectMarksReading } from './normalize-grades.js';
import { compareRussian } from '../../src/domain/collation.js';

/** Id of a grading period: Eljur gives periods no id, so their dates are the identity. */
export function eljurPeriodId(start: string, end: string): string {
  return eljurId('period', `${start}_${end}`);
}

/** A dated period with what the adapter needs beyond the schema type. */
export interface EljurPeriod {
  period: AcademicPeriod;
  /** Eljur's short `name`, which `getfinalassessments` uses to name the period. */
  name: string | null;
  /** Not started yet (`disabled`): no marks to ask for. */
  disabled: boolean;
}

/**
 * Reads the child's periods. `ambigious` periods (no dates: a year, an exam session) and periods whose
 * dates cannot be read are skipped, since they cannot be placed; `disabled` ones (not started yet) are
 * kept and never current. The title is the `fullname`, else the `name`. Sorted by start, de-duplicated.
 */
export function readPeriods(answer: Periods, studentId: string, today: string): EljurPeriod[] {
  const byId = new Map<string, EljurPeriod>();
  for (const { value: period } of entriesOf(studentPart(answer.students, studentId)?.periods)) {
    if (isTruthyFlag(period.ambigious)) continue;
    const start = readEljurDate(period.start);
    const end = readEljurDate(period.end);
    if (start === null || end === null || start > end) continue;
    const id = eljurPeriodId(start, end);
    if (byId.has(id)) continue;
    const disabled = isTruthyFlag(period.disabled);
    const title = textOrNull(period.fullname) ?? textOrNull(period.name) ?? `${start} – ${end}`;
    byId.set(id, {
      period: { id, title, start, end, isCurrent: !disabled && isWithin(today, start, end), provider: ELJUR },
      name: textOrNull(period.name),
      disabled,
    });
  }
  return [...byId.values()].sort(
    (a, b) => a.period.start.localeCompare(b.period.start) || a.period.end.localeCompare(b.period.end),
  );
}

/** The schema's periods of a `getperiods` answer. */
export function normalizePeriods(answer: Periods, studentId: string, today: string): AcademicPeriod[] {
  return readPeriods(answer, studentId, today).map((entry) => entry.period);
}

/** The subjects of one or more `getmarks` answers, once each by id, in Russian collation order. */
export function normalizeSubjects(readings: readonly SubjectMarksReading[]): Subject[] {
  const byId = new Map<string, Subject>();
  for (const { subject } of readings) if (!byId.has(subject.id)) byId.set(subject.id, subject);
  return [...byId.values()].sort((a, b) => compareRussian(a.name, b.name) || a.id.localeCompare(b.id));
}

/** Final marks by subject name, then by period name. */
export type FinalMarks = ReadonlyMap<string, ReadonlyMap<string, GradeValue>>;

/** Reads a `getfinalassessments` answer: phantom (empty) and attendance values are not final marks. */
export function readFinalMarks(answer: FinalAssessmentsAnswer, studentId: string): FinalMarks {
  const bySubject = new Map<string, Map<string, GradeValue>>();
  for (const { value: item } of entriesOf(studentPart(answer.students, studentId)?.items)) {
    const byPeriod = bySubject.get(item.name) ?? new Map<string, GradeValue>();
    for (const { value: assessment } of entriesOf(item.assessments)) {
      const period = textOrNull(assessment.period);
      if (period === null || classifyMark(assessment.value).kind !== 'grade' || byPeriod.has(period)) continue;
      byPeriod.set(period, eljurGradeValue(String(assessment.value), assessment.convert));
    }
    bySubject.set(item.name, byPeriod);
  }
  return bySubject;
}

/** One period's `getmarks` answer, read. */
export interface PeriodMarks {
  period: EljurPeriod;
  subjects: readonly SubjectMarksReading[];
}

/**
 * The diary's own average and final mark for every subject × period: one entry for each subject that
 * has marks, an average or a final mark in the period. Final marks are matched to periods by Eljur's
 * period `name` (or the title) and to subjects by name. Eljur sends no trend.
 */
export function normalizeSubjectAverages(
  periods: readonly PeriodMarks[],
  finals: FinalMarks,
): ProviderSubjectAverage[] {
  return periods.flatMap(({ period, subjects }) =>
    subjects.flatMap((reading): ProviderSubjectAverage[] => {
      const byPeriod = finals.get(reading.subject.name);
      const finalGrade =
        (period.name === null ? undefined : byPeriod?.get(period.name)) ?? byPeriod?.get(period.period.title) ?? null;
      if (reading.providerAverage === null && finalGrade === null && reading.grades.length === 0) return [];
      return [
        {
          subject: reading.subject,
          periodId: period.period.id,
          providerAverage: reading.providerAverage,
          finalGrade,
          trend: null,
        },
      ];
    }),
  );
}
