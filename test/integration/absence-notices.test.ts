/**
 * Absence notices, end to end: the demo parent tells the school Мария will be ill, through the one of her
 * diaries that takes notices (МЭШ; her art school's Eljur does not), reads the days back as excused, and
 * withdraws some. Through GraphQL over real HTTP against the demo simulators, with a test clock moved
 * past the attendance cache's windows instead of sleeping.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import { DEFAULT_FRESHNESS } from '../../src/config/cache-freshness.js';
import type { AbsenceNoticePayload, AttendanceRecord } from '../../src/domain/schema-types.generated.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { plainUser } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, testClock, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation } from '../support/graphql.js';

// TEST_NOW is Monday 23 November 2026, 12:00 in Moscow (13:00 in Samara, where the art school is).
const TODAY = '2026-11-23';
const PAST_ATTENDANCE_WINDOWS = DEFAULT_FRESHNESS.attendance.revalidateMs + 60_000;

/** A notice's payload as REPORT and WITHDRAW select it. */
type Notice = Pick<AbsenceNoticePayload, 'providers' | 'from' | 'to'> & { student: { id: string } };
type AttendanceRow = Pick<AttendanceRecord, 'date' | 'kind' | 'reason' | 'provider'> & {
  lesson: { id: string } | null;
};

const REPORT = operation<{ reportAbsence: Notice }>(
  `mutation($input: ReportAbsenceInput!) { reportAbsence(input: $input) { student { id } providers from to } }`,
);
const WITHDRAW = operation<{ withdrawAbsence: Notice }>(
  `mutation($input: WithdrawAbsenceInput!) { withdrawAbsence(input: $input) { student { id } providers from to } }`,
);
const ATTENDANCE = operation<{ student: { attendance: AttendanceRow[] } }>(
  `query($id: ID!, $from: Date!, $to: Date!) { student(id: $id) { attendance(from: $from, to: $to) { date kind reason provider lesson { id } } } }`,
);

let target: TestGateway;
let store: GatewayStore;
const clock = testClock();
let mariaId: string;
let sonyaId: string;
let grandmaToken: string;

async function attendance(from: string, to: string): Promise<AttendanceRow[]> {
  const response = await target.graphql(ATTENDANCE, { id: mariaId, from, to });
  return noErrors(response).student.attendance;
}

beforeAll(async () => {
  store = createMemoryStore();
  target = await startTestGateway({}, clock.now, { store });
  const listing = await target.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
    `{ viewer { students { id firstName } } }`,
  );
  const { students } = dataOf(listing).viewer;
  mariaId = students.find((student) => student.firstName === 'Мария')!.id;
  sonyaId = students.find((student) => student.firstName === 'Софья')!.id;

  const grandma = target.gateway.demo!.family.grandmother;
  await store.putUser(
    plainUser('usr_grandma', 'Галина Петровна', {
      lastName: grandma.lastName,
      firstName: grandma.firstName,
      middleName: grandma.middleName,
      birthDate: null,
      snilsHash: null,
    }),
  );
  grandmaToken = await createSession(store, 'usr_grandma', { ttlMs: null, now: TEST_NOW.getTime() });
  const invited = await target.graphql<{ inviteTrustedPerson: { code: string } }>(
    `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { code } }`,
    { id: mariaId },
  );
  const accepted = await target.graphql(
    `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
    { code: dataOf(invited).inviteTrustedPerson.code },
    grandmaToken,
  );
  expect(accepted.body.errors).toBeUndefined();
}, 60_000);

describe('reporting and withdrawing', () => {
  it('should send Мария’s notice through МЭШ only, show the days as excused, and withdraw the later day', async () => {
    expect(await attendance('2026-11-25', '2026-11-27')).toEqual([]);

    const reported = await target.graphql(REPORT, {
      input: { studentId: mariaId, from: '2026-11-25', to: '2026-11-26', reason: 'ILLNESS', comment: 'температура' },
    });
    expect(reported.body).toEqual({
      data: { reportAbsence: { student: { id: mariaId }, providers: ['MESH'], from: '2026-11-25', to: '2026-11-26' } },
    });

    clock.advance(PAST_ATTENDANCE_WINDOWS);
    expect(await attendance('2026-11-25', '2026-11-27')).toEqual([
      { date: '2026-11-25', kind: 'EXCUSED_ABSENCE', reason: 'температура', provider: 'MESH', lesson: null },
      { date: '2026-11-26', kind: 'EXCUSED_ABSENCE', reason: 'температура', provider: 'MESH', lesson: null },
    ]);

    const withdrawn = await target.graphql(WITHDRAW, {
      input: { studentId: mariaId, from: '2026-11-26', to: '2026-11-27' },
    });
    expect(withdrawn.body).toEqual({
      data: {
        withdrawAbsence: { student: { id: mariaId }, providers: ['MESH'], from: '2026-11-26', to: '2026-11-27' },
      },
    });

    clock.advance(PAST_ATTENDANCE_WINDOWS);
    expect(await attendance('2026-11-25', '2026-11-27')).toEqual([
      { date: '2026-11-25', kind: 'EXCUSED_ABSENCE', reason: 'температура', provider: 'MESH', lesson: null },
    ]);
  });

  it('should withdraw a notice for today (school time)', async () => {
    const today = moscowToday();
    const input = { studentId: mariaId, from: today, to: today };
    expect((await target.graphql(REPORT, { input: { ...input, reason: 'FAMILY' } })).body.errors).toBeUndefined();
    const response = await target.graphql(WITHDRAW, { input });
    expect(noErrors(response).withdrawAbsence.providers).toEqual(['MESH']);
  });
});

/** The Moscow date of the test clock (the tests move it). */
function moscowToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(clock.now());
}

describe('refusals', () => {
  it('should refuse to withdraw days before today with BAD_USER_INPUT on `from`', async () => {
    const response = await target.graphql(WITHDRAW, {
      input: { studentId: mariaId, from: '2026-11-20', to: '2026-11-25' },
    });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors![0]!.extensions).toMatchObject({ argument: 'from' });
    expect(response.body.errors![0]!.message).toContain(TODAY);
  });

  it.each([
    ['more than 31 days', REPORT, { from: '2026-11-24', to: '2026-12-25', reason: 'FAMILY' }],
    ['more than 31 days', WITHDRAW, { from: '2026-11-24', to: '2026-12-25' }],
    ['a reversed range', REPORT, { from: '2026-11-26', to: '2026-11-25', reason: 'FAMILY' }],
    ['a reversed range', WITHDRAW, { from: '2026-11-26', to: '2026-11-25' }],
    [
      'a comment over 500 characters',
      REPORT,
      { from: '2026-11-24', to: '2026-11-24', reason: 'OTHER', comment: 'я'.repeat(501) },
    ],
    ['a start more than 30 days back', REPORT, { from: '2026-10-20', to: '2026-10-21', reason: 'ILLNESS' }],
  ])('should refuse %s with BAD_USER_INPUT', async (_case, mutation, input) => {
    const response = await target.graphql(mutation, { input: { studentId: mariaId, ...input } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.body.data).toBeNull();
  });

  it('should answer NOT_SUPPORTED_BY_PROVIDER naming Dnevnik.ru for Софья, whose only diary takes no notices', async () => {
    const response = await target.graphql(REPORT, {
      input: { studentId: sonyaId, from: '2026-11-24', to: '2026-11-24', reason: 'ILLNESS' },
    });
    expect(codeOf(response)).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(response.body.errors![0]!.extensions).toMatchObject({ provider: 'DNEVNIK' });
  });

  it('should refuse a trusted person with FORBIDDEN', async () => {
    const response = await target.graphql(
      REPORT,
      { input: { studentId: mariaId, from: '2026-11-24', to: '2026-11-24', reason: 'ILLNESS' } },
      grandmaToken,
    );
    expect(codeOf(response)).toBe('FORBIDDEN');
  });
});
