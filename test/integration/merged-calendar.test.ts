import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeAll, startTestGateway, type TestGateway } from '../support/gateway.js';

// Мария is merged from МЭШ and Eljur (her art school); both diaries give the same terms and holidays.
const QUERY = /* GraphQL */ `
  query Calendar($from: Date!, $to: Date!) {
    viewer {
      students {
        firstName
        enrollments {
          provider
        }
        periods {
          id
          title
          start
          end
          provider
        }
        nonSchoolDays(from: $from, to: $to) {
          date
          kind
          title
          provider
        }
      }
    }
  }
`;

let gateway: TestGateway;
let maria: any;
beforeAll(async () => {
  gateway = await startTestGateway();
  const answer = await gateway.graphql(QUERY, { from: '2026-09-01', to: '2027-05-31' });
  expect(answer.body.errors).toBeUndefined();
  maria = answer.body.data.viewer.students.find((student: any) => student.firstName === 'Мария');
});
afterAll(disposeAll);

describe('a child merged across diaries', () => {
  it('should be Мария with МЭШ and Eljur enrollments (the premise of the other checks)', () => {
    expect(maria.enrollments.map((enrollment: any) => enrollment.provider)).toEqual(['MESH', 'ELJUR']);
  });

  it('should list each period once, however many diaries give it', () => {
    const keys = maria.periods.map((period: any) => `${period.start}|${period.end}|${period.title}`);
    expect(keys.filter((key: string) => key.startsWith('2026-09-01'))).toEqual(['2026-09-01|2026-11-08|1 четверть']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(maria.periods.map((period: any) => period.id)).size).toBe(maria.periods.length);
  });

  it('should list each non-school day once, however many diaries give it', () => {
    const keys = maria.nonSchoolDays.map((day: any) => `${day.date}|${day.kind}|${day.title}`);
    expect(keys.filter((key: string) => key.startsWith('2026-10-31|'))).toHaveLength(1);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
