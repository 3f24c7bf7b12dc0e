/**
 * Dnevnik.ru reporting periods → grading periods; average marks (kebab-case keys, numbers as strings)
 * and side-loaded final marks → the diary's own per-subject figures; subject lists → subjects.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { AcademicPeriod, GradeValue, ProviderSubjectAverage, Subject } from '../../src/domain/model.js';
import type { AverageMark, FinalMarks, ReportingPeriod } from './payloads-diary.js';
import type { SubjectRecord } from './payloads.js';
import { isOtherPerson, subjectIdOf } from './normalize-index.js';
import { dnevnikGradeValue } from './normalize-grades.js';
import { dateOf, DNEVNIK, dnevnikId, dnevnikSubject, preferTwin, reference, textOrNull } from './normalize-common.js';
import { compareRussian } from '../../src/domain/collation.js';

/** Russian names of period types (the vocabulary is not published; these are the likely English names). */
const PERIOD_TYPE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  quarter: 'четверть',
  trimester: 'триместр',
  semester: 'полугодие',
  halfyear: 'полугодие',
});

/**
 * Id of a grading period: `dnevnik:<edu-group>:<reporting period>`. Periods belong to an edu-group in
 * Dnevnik.ru (`/edu-groups/{g}/reporting-periods`) and the averages route needs both ids, so the period
 * id carries both.
 */
export function dnevnikPeriodId(groupId: string, periodId: string): string {
  return dnevnikId(`${groupId}:${periodId}`);
}

/** A period's title: its `name`, else built from number and type (`2 четверть`), else `Период 2`. */
export function periodTitle(period: Pick<ReportingPeriod, 'name' | 'number' | 'type'>): string {
  const name = textOrNull(period.name);
  if (name !== null) return name;
  const typeName = PERIOD_TYPE_NAMES[(period.type ?? '').trim().toLowerCase()];
  if (period.number == null) return typeName ?? 'Период';
  return typeName ? `${period.number} ${typeName}` : `Период ${period.number}`;
}

/**
 * The grading periods of an edu-group: `start`/`finish` date parts are the first and last day; flagged
 * current when `today` (school-local) falls within. Periods without readable dates are left out.
 */
export function normalizePeriods(
  periods: readonly ReportingPeriod[],
  groupId: string,
  today: string,
): AcademicPeriod[] {
  return periods
    .flatMap((period): AcademicPeriod[] => {
      const start = dateOf(period.start);
      const end = dateOf(period.finish);
      if (start === null || end === null) return [];
      const id = dnevnikPeriodId(groupId, preferTwin(period.id_str, period.id));
      return [
        { id, title: periodTitle(period), start, end, isCurrent: isWithin(today, start, end), provider: DNEVNIK },
      ];
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

/** Reads an average the API sends as a string (`"4.56"`, `"4,5"`) or number; `null` when not a number. */
export function parseAverage(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const match = /^\s*(-?\d+(?:[.,]\d+)?)\s*$/.exec(value ?? '');
  return match ? Number(match[1]!.replace(',', '.')) : null;
}

/** The child's per-subject averages from an avg-marks answer (which lists every pupil of the group). */
export function averagesOfPerson(entries: readonly AverageMark[], personId: string): Map<string, number | null> {
  const averages = new Map<string, number | null>();
  const own = entries.find((entry) => reference(entry.person_str, entry.person) === personId);
  for (const subject of own?.['per-subject-averages'] ?? []) {
    averages.set(preferTwin(subject.subject_str, subject.subject), parseAverage(subject['avg-mark-value']));
  }
  return averages;
}

/** A final mark of one subject in one period. */
interface FinalGrade {
  periodId: string;
  subjectId: string;
  value: GradeValue;
}

/**
 * Final marks matched to periods: a final mark's work (`type: "PeriodMark"`) names its `periodNumber`
 * and `periodType`, matched to a period's `number` and `type` (types compared only when both are given).
 * Marks of other persons, without a work, subject or matching period (a year mark) are left out.
 */
export function finalGradesOf(
  finalMarks: FinalMarks,
  periods: readonly ReportingPeriod[],
  personId: string,
): FinalGrade[] {
  const works = new Map((finalMarks.works ?? []).map((work) => [preferTwin(work.id_str, work.id), work]));
  return (finalMarks.marks ?? []).flatMap((mark): FinalGrade[] => {
    if (isOtherPerson(mark, personId)) return [];
    const work = works.get(reference(mark.work_str, mark.work) ?? '');
    const subjectId = reference(null, work?.subjectId);
    if (!work || subjectId === null || work.periodNumber == null) return [];
    const workType = (work.periodType ?? '').trim().toLowerCase();
    const period = periods.find((candidate) => {
      const periodType = (candidate.type ?? '').trim().toLowerCase();
      return (
        candidate.number === work.periodNumber && (workType === '' || periodType === '' || workType === periodType)
      );
    });
    if (!period) return [];
    return [{ periodId: preferTwin(period.id_str, period.id), subjectId, value: dnevnikGradeValue(mark) }];
  });
}

/** What the diary's own figures are built from. */
export interface SubjectAverageSources {
  groupId: string;
  personId: string;
  periods: readonly ReportingPeriod[];
  /** avg-marks answers by reporting period id (periods not yet started are absent). */
  averagesByPeriod: ReadonlyMap<string, readonly AverageMark[]>;
  finalMarks: FinalMarks;
  subjectNames: ReadonlyMap<string, string>;
}

/**
 * The diary's own average and final mark for every subject × period it reports. Dnevnik.ru gives no
 * trend, so `trend` is `null`.
 */
export function normalizeSubjectAverages(sources: SubjectAverageSources): ProviderSubjectAverage[] {
  const byKey = new Map<string, ProviderSubjectAverage>();
  const entryFor = (periodId: string, subjectId: string): ProviderSubjectAverage => {
    const key = `${periodId}|${subjectId}`;
    let entry = byKey.get(key);
    if (!entry) {
      const subject = dnevnikSubject(subjectId, sources.subjectNames.get(subjectId));
      entry = {
        subject,
        periodId: dnevnikPeriodId(sources.groupId, periodId),
        providerAverage: null,
        finalGrade: null,
        trend: null,
      };
      byKey.set(key, entry);
    }
    return entry;
  };
  for (const [periodId, entries] of sources.averagesByPeriod) {
    for (const [subjectId, average] of averagesOfPerson(entries, sources.personId))
      entryFor(periodId, subjectId).providerAverage = average;
  }
  for (const final of finalGradesOf(sources.finalMarks, sources.periods, sources.personId)) {
    entryFor(final.periodId, final.subjectId).finalGrade = final.value;
  }
  return [...byKey.values()];
}

/** Subjects from several lists (the class's and its subgroups'), once each by id, by name in Russian collation. */
export function normalizeSubjects(lists: readonly (readonly SubjectRecord[])[]): Subject[] {
  const byId = new Map<string, Subject>();
  for (const record of lists.flat()) {
    const subject = dnevnikSubject(subjectIdOf(record), record.name);
    if (!byId.has(subject.id)) byId.set(subject.id, subject);
  }
  return [...byId.values()].sort((a, b) => compareRussian(a.name, b.name) || a.id.localeCompare(b.id));
}
