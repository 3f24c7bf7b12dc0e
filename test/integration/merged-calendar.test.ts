import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AcademicPeriod,
  Enrollment,
  NonSchoolDay,
  ProviderKind,
  Student,
} from '../../src/domain/schema-types.generated.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { idsOf, noErrors, operation } from '../support/graphql.js';

type Ids = { id: string }[];
/** A child as QUERY selects it. */
type CalendarStudent = Pick<Student, 'id' | 'firstName'> & {
  enrollments: Pick<Enrollment, 'id' | 'provider'>[];
  periods: (Pick<AcademicPeriod, 'id' | 'title' | 'start' | 'end' | 'provider'> & { enrollments: Ids })[];
  nonSchoolDays: (Pick<NonSchoolDay, 'date' | 'kind' | 'title' | 'provider'> & { enrollments: Ids })[];
};

// Мария is merged from МЭШ and Eljur (her art school); both diaries give the same terms and holidays.
const QUERY = operation<{ viewer: { students: CalendarStudent[] } }>(/* GraphQL */ `
  query Calendar($from: Date!, $to: Date!) {
    viewer {
      students {
        id
        firstName
        enrollments {
          id
          provider
        }
        periods {
          id
          title
          start
          end
          provider
          enrollments {
            id
          }
        }
        nonSchoolDays(from: $from, to: $to) {
          date
          kind
          title
          provider
          enrollments {
            id
          }
        }
      }
    }
  }
`);

let gateway: TestGateway;
let maria: CalendarStudent;
beforeAll(async () => {
  gateway = await startTestGateway();
  const answer = await gateway.graphql(QUERY, { from: '2026-09-01', to: '2027-05-31' });
  maria = noErrors(answer).viewer.students.find((student) => student.firstName === 'Мария')!;
});

const AVERAGES = operation<{
  student: { averages: { subject: { provider: ProviderKind }; period: { id: string; enrollments: Ids } }[] };
}>(/* GraphQL */ `
  query Averages($id: ID!, $periodId: ID) {
    student(id: $id) {
      averages(periodId: $periodId) {
        subject {
          provider
        }
        period {
          id
          enrollments {
            id
          }
        }
      }
    }
  }
`);

describe('a child merged across diaries', () => {
  it('should be Мария with МЭШ and Eljur enrollments (the premise of the other checks)', () => {
    expect(maria.enrollments.map((enrollment) => enrollment.provider)).toEqual(['MESH', 'ELJUR']);
  });

  it('should list each period once, however many diaries give it', () => {
    const keys = maria.periods.map((period) => `${period.start}|${period.end}|${period.title}`);
    expect(keys.filter((key) => key.startsWith('2026-09-01'))).toEqual(['2026-09-01|2026-11-08|1 четверть']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(maria.periods.map((period) => period.id)).size).toBe(maria.periods.length);
  });

  it('should list each non-school day once, however many diaries give it', () => {
    const keys = maria.nonSchoolDays.map((day) => `${day.date}|${day.kind}|${day.title}`);
    expect(keys.filter((key) => key.startsWith('2026-10-31|'))).toHaveLength(1);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('should say which enrollments give each period and day: both for the shared ones, in enrollment order', () => {
    const both = idsOf(maria.enrollments);
    const firstTerm = maria.periods.find((period) => period.start === '2026-09-01')!;
    expect(idsOf(firstTerm.enrollments)).toEqual(both);
    expect(firstTerm.provider).toBe('MESH');
    const autumnBreak = maria.nonSchoolDays.find((day) => day.date === '2026-10-31')!;
    expect(idsOf(autumnBreak.enrollments)).toEqual(both);
    for (const item of [...maria.periods, ...maria.nonSchoolDays]) {
      const givers = idsOf(item.enrollments);
      expect(givers.length).toBeGreaterThan(0);
      // In enrollment order, each once; the first is the diary whose copy is shown.
      expect(both.filter((id) => givers.includes(id))).toEqual(givers);
      expect(maria.enrollments[both.indexOf(givers[0]!)]!.provider).toBe(item.provider);
    }
  });

  it("should bring every enrollment's averages for a shared period's id, not only the shown copy's diary", async () => {
    const shared = maria.periods.find((period) => period.start === '2026-09-01')!;
    const answer = await gateway.graphql(AVERAGES, { id: maria.id, periodId: shared.id });
    const { averages } = noErrors(answer).student;
    const providers = new Set(averages.map((average) => average.subject.provider));
    expect([...providers].sort()).toEqual(['ELJUR', 'MESH']);
    // Each average names the period as \`periods\` lists it, whichever enrollment it comes from.
    for (const average of averages) {
      expect(average.period.id).toBe(shared.id);
      expect(idsOf(average.period.enrollments)).toEqual(idsOf(maria.enrollments));
    }
  });
});
