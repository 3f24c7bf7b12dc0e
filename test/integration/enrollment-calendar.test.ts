/**
 * Which enrollment a period or day off belongs to, when `provider` cannot say: a child shown by two accounts
 * of the same diary (issue 11 §4). The demo parent gets a second Eljur account beside her own: a proxy in
 * front of the Eljur simulator signs it in as her own login, so both accounts show Лев and Мария, and leaves
 * `1 четверть` out of the first account's `getperiods`. Лев is then two Eljur enrollments that share every
 * term and holiday but `1 четверть`, which only the second gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { createUndiciTransport, type HttpTransport, type UpstreamResponse } from '../../src/upstream/transport.js';
import { seedAccount } from '../support/accounts.js';
import { startTestGateway, testClock, type TestGateway } from '../support/gateway.js';
import { dataOf, idsOf, noErrors, operation, VIEWER_ID } from '../support/graphql.js';

const SECOND_ACCOUNT = { login: 'ivanova.second', password: 'second-account-password' };
const LEFT_OUT = '1 четверть';

/**
 * The real transport, behind a proxy that signs the second account in as the family's own Eljur login
 * (noting the tokens it gets) and leaves {@link LEFT_OUT} out of the other account's `getperiods` answers.
 */
function secondEljurAccount(familyLogin: () => { login: string; password: string }): HttpTransport {
  const upstream = createUndiciTransport();
  const secondTokens = new Set<string>();
  return async (request) => {
    const form = new URLSearchParams(request.body ?? '');
    if (request.url.pathname.endsWith('/apiv3/auth') && form.get('login') === SECOND_ACCOUNT.login) {
      const response = await upstream({ ...request, body: new URLSearchParams(familyLogin()).toString() });
      const token = (JSON.parse(response.body) as { response?: { result?: { token?: unknown } } }).response?.result
        ?.token;
      if (typeof token === 'string') secondTokens.add(token);
      return response;
    }
    const response = await upstream(request);
    const firstAccount = !secondTokens.has(request.url.searchParams.get('auth_token') ?? '');
    return request.url.pathname.endsWith('/apiv3/getperiods') && firstAccount && response.status === 200
      ? withoutPeriod(response, LEFT_OUT)
      : response;
  };
}

function withoutPeriod(response: UpstreamResponse, fullname: string): UpstreamResponse {
  const body = JSON.parse(response.body) as {
    response: { result: { students: { periods: { fullname: string }[] }[] } };
  };
  for (const student of body.response.result.students)
    student.periods = student.periods.filter((period) => period.fullname !== fullname);
  return { ...response, body: JSON.stringify(body) };
}

const CALENDAR = operation<{ viewer: { providerAccounts: { id: string }[]; students: Student[] } }>(/* GraphQL */ `
  query Calendar($from: Date!, $to: Date!) {
    viewer {
      providerAccounts {
        id
      }
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
          provider
          enrollments {
            id
          }
        }
        nonSchoolDays(from: $from, to: $to) {
          date
          enrollments {
            id
          }
        }
      }
    }
  }
`);
const YEAR = { from: '2026-09-01', to: '2027-05-31' };

interface Enrollment {
  id: string;
  provider: string;
}
interface Student {
  id: string;
  firstName: string;
  enrollments: Enrollment[];
  periods: { id: string; title: string; provider: string; enrollments: { id: string }[] }[];
  nonSchoolDays: { date: string; enrollments: { id: string }[] }[];
}

async function calendar(target: TestGateway): Promise<{ accountIds: string[]; students: Student[] }> {
  const answer = await target.graphql(CALENDAR, YEAR);
  const { providerAccounts, students } = noErrors(answer).viewer;
  return { accountIds: idsOf(providerAccounts), students };
}

const named = (students: Student[], firstName: string) => students.find((student) => student.firstName === firstName)!;

const clock = testClock();
let store: GatewayStore;
let first: TestGateway;
let familyLogin: { login: string; password: string };
const start = () =>
  startTestGateway({}, clock.now, { store, transport: secondEljurAccount(() => familyLogin) }).then((target) => {
    const eljur = target.gateway.demo!.family.accounts.find((account) => account.provider === 'ELJUR')!;
    familyLogin = { login: eljur.login!, password: eljur.password! };
    return target;
  });

let lev: Student;
let everyone: Student[];
let accountIds: string[];
beforeAll(async () => {
  store = createMemoryStore();
  first = await start();
  const viewer = await first.graphql(VIEWER_ID);
  // Later than the demo's own accounts: the second account's children are seen after the first's.
  clock.advance(60_000);
  await seedAccount(store, {
    id: 'acc_second_eljur',
    userId: dataOf(viewer).viewer.id,
    provider: 'ELJUR',
    credentials: SECOND_ACCOUNT,
    linkedAt: clock.now().getTime(),
  });
  ({ students: everyone, accountIds } = await calendar(first));
  lev = named(everyone, 'Лев');
});

describe('a child with two enrollments of the same diary', () => {
  it('should be Лев with two Eljur enrollments of different ids (the premise of the other checks)', () => {
    expect(lev.enrollments.map((enrollment) => enrollment.provider)).toEqual(['ELJUR', 'ELJUR']);
    expect(new Set(idsOf(lev.enrollments)).size).toBe(2);
    expect(accountIds).toContain('acc_second_eljur');
  });

  it('should list under each period the enrollments that give it: both for a shared one, one for the other', () => {
    const [firstEnrollment, secondEnrollment] = idsOf(lev.enrollments);
    const leftOut = lev.periods.filter((period) => period.title === LEFT_OUT);
    expect(leftOut).toHaveLength(1);
    expect(idsOf(leftOut[0]!.enrollments)).toEqual([secondEnrollment]);
    const shared = lev.periods.filter((period) => period.title !== LEFT_OUT);
    expect(shared.map((period) => period.title)).toContain('2 четверть');
    for (const period of shared) expect(idsOf(period.enrollments)).toEqual([firstEnrollment, secondEnrollment]);
    expect(lev.nonSchoolDays.length).toBeGreaterThan(0);
    for (const day of lev.nonSchoolDays) expect(idsOf(day.enrollments)).toEqual([firstEnrollment, secondEnrollment]);
  });

  it("should let a client pick one enrollment's periods by its id", () => {
    const periodsOf = (enrollment: Enrollment) =>
      lev.periods.filter((period) => idsOf(period.enrollments).includes(enrollment.id)).map((period) => period.title);
    const [firstEnrollment, secondEnrollment] = lev.enrollments;
    expect(periodsOf(firstEnrollment!)).not.toContain(LEFT_OUT);
    expect(periodsOf(secondEnrollment!)).toContain(LEFT_OUT);
    expect(periodsOf(secondEnrollment!)).toEqual(expect.arrayContaining(periodsOf(firstEnrollment!)));
  });
});

describe('enrollment ids', () => {
  it('should differ between children, also for two children of one account, and reveal no account id', () => {
    const ids = everyone.flatMap((student) => idsOf(student.enrollments));
    expect(new Set(ids).size).toBe(ids.length);
    const maria = named(everyone, 'Мария');
    expect(maria.enrollments.map((enrollment) => enrollment.provider)).toEqual(['MESH', 'ELJUR', 'ELJUR']);
    for (const id of ids) {
      expect(id).toMatch(/^enr_[\w-]{22}$/);
      for (const accountId of accountIds) expect(id).not.toContain(accountId);
    }
  });

  it('should be the same in the next request and after a restart on the same store', async () => {
    const enrollmentIds = (students: Student[]) =>
      Object.fromEntries(students.map((student) => [student.id, idsOf(student.enrollments)]));
    const before = enrollmentIds(everyone);
    expect(enrollmentIds((await calendar(first)).students)).toEqual(before);

    await first.gateway.close();
    const second = await start();
    const after = await calendar(second);
    expect(enrollmentIds(after.students)).toEqual(before);
    // The calendar's references follow: the same periods under the same enrollment ids.
    expect(named(after.students, 'Лев').periods).toEqual(lev.periods);
  });
});
