import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AcademicPeriod,
  AttendanceRecord,
  Grade,
  GradeValue,
  Lesson,
  ProviderKind,
  SubjectAverage,
} from '../../src/domain/schema-types.generated.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { noErrors, operation } from '../support/graphql.js';

// One query, three diaries: the demo family's Moscow (МЭШ), St. Petersburg (Dnevnik.ru) and Samara
// (Eljur) children come back in the same normalised shapes, through the real simulators over HTTP.

/** What the tests read of a child in a QUERY answer. */
interface FamilyStudent {
  firstName: string;
  enrollments: { provider: ProviderKind; school: { name: string } }[];
  periods: Pick<AcademicPeriod, 'id' | 'isCurrent'>[];
  grades: (Pick<Grade, 'id' | 'weight' | 'provider'> & {
    subject: { name: string };
    value: Pick<GradeValue, 'raw' | 'numeric'>;
  })[];
  homework: unknown[];
  schedule: (Pick<Lesson, 'id' | 'startsAt' | 'provider'> & { subject: { name: string } })[];
  attendance: Pick<AttendanceRecord, 'kind'>[];
  averages: Pick<SubjectAverage, 'average'>[];
}

const QUERY = operation<{ viewer: { students: FamilyStudent[] } }>(/* GraphQL */ `
  query Family($from: Date!, $to: Date!, $weekFrom: Date!) {
    viewer {
      students {
        id
        firstName
        className
        enrollments {
          provider
          school {
            id
            name
          }
        }
        periods {
          id
          title
          start
          end
          isCurrent
        }
        subjects {
          id
          name
        }
        grades(from: $from, to: $to) {
          id
          date
          weight
          workType
          countsTowardAverage
          isExam
          provider
          subject {
            id
            name
          }
          value {
            raw
            numeric
            scale
            fivePoint
          }
        }
        homework(from: $weekFrom, to: $to) {
          id
          dueOn
          text
          provider
        }
        schedule(from: $weekFrom, to: $to) {
          id
          date
          startsAt
          endsAt
          room
          isCancelled
          provider
          subject {
            name
          }
          absence {
            kind
          }
        }
        attendance(from: $from, to: $to) {
          date
          kind
          provider
          lesson {
            id
          }
        }
        averages {
          subject {
            name
          }
          period {
            id
          }
          average
          providerAverage
          gradeCount
        }
      }
    }
  }
`);

let gateway: TestGateway;
let students: FamilyStudent[];
beforeAll(async () => {
  gateway = await startTestGateway();
  const answer = await gateway.graphql(QUERY, { from: '2026-09-01', to: '2026-11-22', weekFrom: '2026-11-16' });
  students = noErrors(answer).viewer.students;
});

const child = (firstName: string) => students.find((student) => student.firstName === firstName)!;

describe('one query over three diaries', () => {
  it.each([
    ['Мария', 'MESH'],
    ['Софья', 'DNEVNIK'],
    ['Лев', 'ELJUR'],
    // The second МЭШ installation (the Moscow region's «Моя школа»), in the same query.
    ['Полина', 'MESH'],
  ])('should give %s (%s) grades with weights, homework, a timetable, attendance and averages', (name, provider) => {
    const student = child(name);
    expect(student.enrollments[0]).toEqual(expect.objectContaining({ provider }));
    const own = <T extends { provider: string }>(items: T[]) => items.filter((item) => item.provider === provider);
    expect(own(student.grades).length).toBeGreaterThan(10);
    expect(own(student.grades).every((grade) => grade.weight > 0 && grade.subject.name)).toBe(true);
    expect(new Set(own(student.grades).map((grade) => grade.weight)).size).toBeGreaterThan(1);
    expect(student.homework.length).toBeGreaterThan(3);
    expect(own(student.schedule).length).toBeGreaterThan(10);
    expect(student.schedule.every((lesson) => /[+-]\d{2}:\d{2}$/.test(lesson.startsAt!))).toBe(true);
    expect(student.attendance.length).toBeGreaterThan(0);
    // One current term each; Мария's two diaries give the same one, listed once (merged-calendar.test.ts).
    expect(student.periods.filter((period) => period.isCurrent)).toHaveLength(1);
    expect(student.averages.some((average) => average.average !== null)).toBe(true);
  });

  it('should merge Мария’s art school (Eljur) into her by SNILS: one student, two enrollments, items from both', () => {
    const marias = students.filter((student) => student.firstName === 'Мария');
    expect(marias).toHaveLength(1);
    const maria = marias[0]!;
    expect(maria.enrollments.map((enrollment) => enrollment.provider)).toEqual(['MESH', 'ELJUR']);
    expect(maria.enrollments[1]!.school.name).toMatch(/Детская школа искусств № 7/);
    expect(new Set(maria.grades.map((grade) => grade.provider))).toEqual(new Set(['MESH', 'ELJUR']));
    expect(maria.schedule.filter((lesson) => lesson.provider === 'ELJUR').map((lesson) => lesson.subject.name)).toEqual(
      expect.arrayContaining(['Рисунок']),
    );
  });

  it('should carry Dnevnik.ru ids above 2^53 digit for digit', () => {
    const sonya = child('Софья');
    expect(sonya.periods.some((period) => period.id.includes('2421882773904846063'))).toBe(true);
    const ids: string[] = [...sonya.grades.map((g) => g.id), ...sonya.schedule.map((l) => l.id)];
    const bigIds = ids.map((id) => /(\d{16,})/.exec(id)?.[1]).filter((digits): digits is string => !!digits);
    expect(bigIds.length).toBeGreaterThan(0);
    expect(bigIds.some((digits) => BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it('should keep Eljur absences under attendance and out of grades, and show split marks as entered', () => {
    const lev = child('Лев');
    expect(lev.grades.some((grade) => /^(н|оп)$/i.test(grade.value.raw))).toBe(false);
    expect(lev.attendance.some((record) => record.kind === 'TARDY')).toBe(true);
    expect(lev.attendance.some((record) => record.kind !== 'TARDY')).toBe(true);
    expect(lev.grades.find((grade) => grade.value.raw === '3/5')).toMatchObject({
      value: { raw: '3/5', numeric: 4 },
    });
    expect(lev.schedule.every((lesson) => lesson.startsAt!.endsWith('+04:00'))).toBe(true);
  });

  it('should show each school in its own time zone', () => {
    expect(child('Мария').schedule[0]!.startsAt).toMatch(/\+03:00$/);
    expect(child('Софья').schedule[0]!.startsAt).toMatch(/\+03:00$/);
  });
});
