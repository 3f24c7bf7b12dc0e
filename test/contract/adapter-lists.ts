/**
 * The adapter contract's lists: for every child the account shows, each list an adapter serves, read
 * over a range that crosses a month, a term boundary and the autumn holidays and reaches a week past
 * today, compared whole with what the seed family says (see `adapter-expectations.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { SeedChild, SeedFamily } from '../../adapters/simulation/seed.js';
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../src/domain/adapter.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import type { ContractDiary } from './adapter-contract.js';
import {
  attendanceRows,
  expectWellFormed,
  finalRows,
  gradeRows,
  homeworkRows,
  lessonRows,
  nonSchoolDayRows,
  periodRows,
  providerAverage,
  rowsOf,
  type Expect,
} from './adapter-expectations.js';

/** What the list scenarios read with, once the simulator runs. */
export interface ListReader {
  adapter: ProviderAdapter;
  account: ProviderAccount;
  /** The account's children as its profile gives them, by external id. */
  students: ReadonlyMap<string, ProviderStudent>;
  scope(): UpstreamScope;
}

/** The list scenarios' setting. */
export interface ListContext {
  family: SeedFamily;
  /** The children the account shows. */
  shown: readonly SeedChild[];
  on: Expect;
  range: DateRange;
  read(): ListReader;
}

const TRENDS = [null, 'UP', 'DOWN', 'STABLE'];

/** Declares the list scenarios for each child the account shows. */
export function describeListContract(diary: ContractDiary, context: ListContext): void {
  const { on, range, shown } = context;
  const open = (child: SeedChild) => {
    const reader = context.read();
    const student = reader.students.get(String(child.studentId));
    expect(student, `the profile shows ${child.key}`).toBeDefined();
    return { ...reader, student: student!, scope: reader.scope() };
  };
  /** Reads a list and checks it is well formed before the scenario compares it. */
  const listed = async <T>(read: () => Promise<T>): Promise<T> => {
    const result = await read();
    expectWellFormed(result, diary.provider);
    return result;
  };
  /** A list whose every item names one of the subjects the diary lists for the child. */
  const listedWithSubjects = async <T extends { subject: { id: string } }>(
    reader: ReturnType<typeof open>,
    read: () => Promise<T[]>,
  ): Promise<T[]> => {
    const { adapter, account, student, scope } = reader;
    const [items, subjects] = await Promise.all([listed(read), adapter.fetchSubjects(account, student, scope)]);
    const known = new Set(subjects.map((subject) => subject.id));
    expect(items.filter((item) => !known.has(item.subject.id))).toEqual([]);
    return items;
  };
  const children = shown.map((child) => [child.key, child] as const);

  describe.each(children)('lists of %s', (_key, child) => {
    it('should list the subjects', async () => {
      const { adapter, account, student, scope } = open(child);
      const subjects = await listed(() => adapter.fetchSubjects(account, student, scope));
      expect(subjects.map((subject) => subject.name).sort()).toEqual(
        child.subjects.map((subject) => subject.name).sort(),
      );
      expect(new Set(subjects.map((subject) => subject.id)).size).toBe(subjects.length);
    });

    it('should list the child’s periods in order, the current one holding today', async () => {
      const { adapter, account, student, scope } = open(child);
      const periods = await listed(() => adapter.fetchPeriods(account, student, scope));
      expect(periods.map(({ title, start, end }) => ({ title, start, end }))).toEqual(periodRows(child, on));
      const current = periods.filter((period) => period.isCurrent);
      expect(current.map((period) => period.start <= on.today && on.today <= period.end)).toEqual([true]);
    });

    it('should list the grades of the range', async () => {
      const reader = open(child);
      const { adapter, account, student, scope } = reader;
      const grades = await listedWithSubjects(reader, () => adapter.fetchGrades(account, student, range, scope));
      const rows = grades.map((grade) => [
        grade.date,
        grade.subject.name,
        grade.value.raw,
        grade.value.scale,
        grade.value.numeric,
        grade.value.fivePoint,
        grade.weight,
        grade.workType,
        grade.isExam,
        grade.isPoint,
        grade.pointDeadline,
        grade.comment,
        grade.countsTowardAverage,
      ]);
      expect(rowsOf(rows)).toEqual(gradeRows(child, range, on));
      expect(new Set(grades.map((grade) => grade.id)).size).toBe(grades.length);
    });

    it('should list the homework due in the range', async () => {
      const reader = open(child);
      const { adapter, account, student, scope } = reader;
      const homework = await listedWithSubjects(reader, () => adapter.fetchHomework(account, student, range, scope));
      const rows = homework.map((entry) => [
        entry.dueOn,
        entry.subject.name,
        entry.text,
        entry.assignedOn,
        entry.isDone,
        on.lacks('homework.attachmentLinks')
          ? entry.attachments.length
          : entry.attachments.map((attachment) => [attachment.title, attachment.url]),
      ]);
      expect(rowsOf(rows)).toEqual(homeworkRows(child, range, on));
    });

    it('should list the lessons of the range, with their homework, grades and absences', async () => {
      const reader = open(child);
      const { adapter, account, student, scope } = reader;
      const [lessons, grades] = await Promise.all([
        listedWithSubjects(reader, () => adapter.fetchSchedule(account, student, range, scope)),
        adapter.fetchGrades(account, student, range, scope),
      ]);
      const rows = lessons.map((lesson) => [
        lesson.date,
        lesson.number,
        lesson.startsAt,
        lesson.endsAt,
        lesson.subject.name,
        lesson.isReplaced ? 'substitute' : (lesson.teacher?.fullName ?? null),
        lesson.room,
        lesson.topic,
        lesson.isCancelled,
        lesson.isReplaced,
        lesson.homework.length,
        lesson.grades.length,
        lesson.absence?.kind ?? null,
      ]);
      expect(rowsOf(rows)).toEqual(lessonRows(child, range, on));
      const listedIds = new Set(grades.map((grade) => grade.id));
      expect(lessons.flatMap((lesson) => lesson.grades).filter((grade) => !listedIds.has(grade.id))).toEqual([]);
    });

    it('should list the absences of the range, each with its lesson', async () => {
      const { adapter, account, student, scope } = open(child);
      const records = await listed(() => adapter.fetchAttendance(account, student, range, scope));
      const rows = records.map((record) => ({
        date: record.date,
        lesson: record.lesson?.number ?? null,
        kind: record.kind,
        reason: record.reason,
      }));
      expect(rowsOf(rows)).toEqual(attendanceRows(child, range, on));
      expect(records.filter((record) => record.lesson?.absence?.kind !== record.kind)).toEqual([]);
    });

    it('should list the announced days without lessons in the range', async () => {
      const { adapter, account, student, scope } = open(child);
      const days = await listed(() => adapter.fetchNonSchoolDays(account, student, range, scope));
      expect(rowsOf(days.map((day) => [day.date, day.kind, day.title]))).toEqual(nonSchoolDayRows(child, range, on));
    });

    it('should give the diary’s averages of the listed periods and the final marks set in them', async () => {
      const { adapter, account, student, scope } = open(child);
      const [averages, periods, subjects] = await Promise.all([
        listed(() => adapter.fetchSubjectAverages(account, student, scope)),
        adapter.fetchPeriods(account, student, scope),
        adapter.fetchSubjects(account, student, scope),
      ]);
      expect(averages.length).toBeGreaterThan(0);
      const rows = averages.map((average) => {
        const period = periods.find((candidate) => candidate.id === average.periodId);
        expect(period, `the period of ${average.subject.name}`).toBeDefined();
        expect(subjects.map((subject) => subject.id)).toContain(average.subject.id);
        expect(TRENDS).toContain(average.trend);
        expect(average.providerAverage).toBe(providerAverage(child, average.subject.name, period!, on));
        return [average.subject.name, period!.title, average.finalGrade?.raw ?? null];
      });
      const finals = rows.filter((row) => row[2] !== null);
      expect(rowsOf(finals)).toEqual(finalRows(child, [...new Set(periods.map((period) => period.title))]));
    });
  });
}
