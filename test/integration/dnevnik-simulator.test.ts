import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDnevnikAdapter, exchangeDnevnikCode } from '../../adapters/dnevnik/index.js';
import {
  DNEVNIK_SIMULATOR_CLIENT,
  startDnevnikSimulator,
  type DnevnikFaultMode,
  type DnevnikSimulator,
} from '../../adapters/dnevnik/simulator/index.js';
import type { ProviderAccount, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import { addDays } from '../../src/domain/dates.js';
import type { ProviderStudent } from '../../src/domain/model.js';
import type { DemoAccount, DemoFamily, DemoMark } from '../../src/demo/family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { ProviderError } from '../../src/errors/gateway-error.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T12:00:00+03:00`);
/** The class id of the demo's Dnevnik.ru child: above 2^53, as seen in the wild. */
const CLASS_ID = '2421882773904846063';
const generated = generateDemoFamily({ today: TODAY });
const parentAccount = generated.accounts.find((account) => account.provider === 'DNEVNIK')!;
/** A parent of another family: a Dnevnik.ru account that shows none of this family's children. */
const otherAccount: DemoAccount = {
  provider: 'DNEVNIK',
  profileId: 1_000_014_999_001,
  token: 'other-family-dnevnik-token-5e1a',
  childKeys: [],
};
/** Accounts the token tests may spoil without touching the others. */
const expiringAccount: DemoAccount = {
  provider: 'DNEVNIK',
  profileId: 1_000_014_999_002,
  token: 'expiring-dnevnik-token-77c1',
  refreshToken: 'expiring-dnevnik-refresh-2b9e',
  childKeys: ['sonya'],
};
const noRefreshAccount: DemoAccount = {
  provider: 'DNEVNIK',
  profileId: 1_000_014_999_003,
  token: 'no-refresh-dnevnik-token-41d0',
  childKeys: ['sonya'],
};
const family: DemoFamily = {
  ...generated,
  accounts: [...generated.accounts, otherAccount, expiringAccount, noRefreshAccount],
};
const sonya = family.children.find((child) => child.key === 'sonya')!;
/** The children the parent's Dnevnik.ru account shows (Софья, and any other enrollment the demo adds). */
const accountChildren = family.children.filter(
  (child) => child.provider === 'DNEVNIK' && parentAccount.childKeys.includes(child.key),
);

const linked = (demo: DemoAccount, id = `acc-${demo.profileId}`): ProviderAccount => ({
  id,
  provider: 'DNEVNIK',
  credentials: demo.refreshToken
    ? { accessToken: demo.token, refreshToken: demo.refreshToken }
    : { accessToken: demo.token },
});
const account = linked(parentAccount);
const scope = (): UpstreamScope => createRequestScope(15_000);
const twoWeeks = { from: addDays(TODAY, -14), to: addDays(TODAY, 7) };

let simulator: DnevnikSimulator;
let student: ProviderStudent;
const refreshed = vi.fn<(accountId: string, credentials: ProviderCredentials) => Promise<void>>(async () => {});

function adapter() {
  return createDnevnikAdapter({
    transport: createUndiciTransport(),
    baseUrl: simulator.url,
    clientId: DNEVNIK_SIMULATOR_CLIENT.id,
    clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret,
    onCredentialsRefreshed: refreshed,
    now: () => NOW,
  });
}

async function raw(path: string, token: string | null = parentAccount.token, init: RequestInit = {}) {
  const headers: Record<string, string> = token ? { 'Access-Token': token } : {};
  const response = await fetch(`${simulator.url}${path}`, {
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string>) },
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function rejectionOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** The demo's weighted average of marks, written as Dnevnik.ru writes averages. */
function demoAverage(marks: readonly DemoMark[]): number {
  const total = marks.reduce((sum, mark) => sum + mark.weight, 0);
  return Number((marks.reduce((sum, mark) => sum + mark.five * mark.weight, 0) / total).toFixed(2));
}

beforeAll(async () => {
  simulator = await startDnevnikSimulator({ family, now: () => NOW });
  const profile = await adapter().fetchProfile(account, scope());
  student = profile.students.find((candidate) => candidate.externalId === String(sonya.studentId))!;
});

afterAll(async () => {
  await simulator.dispose();
});

afterEach(() => {
  simulator.setFault('none');
  simulator.setLatency(0);
  refreshed.mockClear();
});

describe('Dnevnik.ru adapter against the simulator', () => {
  it('should read the parent and the demo child with her class id intact', async () => {
    const profile = await adapter().fetchProfile(account, scope());
    expect(profile.holder).toEqual({
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: 'Сергеевна',
      birthDate: '1986-03-14',
      snils: null,
    });
    expect(profile.students.map((child) => child.externalId).sort()).toEqual(
      accountChildren.map((child) => String(child.studentId)).sort(),
    );
    expect(profile.students.find((child) => child.externalId === String(sonya.studentId))).toEqual({
      provider: 'DNEVNIK',
      externalId: String(sonya.studentId),
      providerIds: { personId: String(sonya.studentId), schoolId: String(sonya.school.id), eduGroupId: CLASS_ID },
      firstName: 'Софья',
      lastName: 'Иванова',
      middleName: 'Олеговна',
      birthDate: null,
      snils: null,
      school: { id: `dnevnik:${sonya.school.id}`, name: sonya.school.name, provider: 'DNEVNIK' },
      className: '9-А',
      timeZone: 'Europe/Moscow',
    });
  });

  it('should list her subjects', async () => {
    const subjects = await adapter().fetchSubjects(account, student, scope());
    expect(subjects.map((subject) => subject.name).sort()).toEqual(
      sonya.subjects.map((subject) => subject.name).sort(),
    );
  });

  it('should list her terms, with the class id in every period id', async () => {
    const periods = await adapter().fetchPeriods(account, student, scope());
    expect(periods.map((period) => [period.title, period.start, period.end])).toEqual(
      sonya.periods.map((period) => [period.title, period.start, period.end]),
    );
    expect(periods.filter((period) => period.isCurrent)).toHaveLength(1);
    expect(periods.every((period) => period.id.startsWith(`dnevnik:${CLASS_ID}:`))).toBe(true);
  });

  it('should return every mark of the school year so far with its subject, weight and work type', async () => {
    const range = { from: sonya.periods[0]!.start, to: TODAY };
    const grades = await adapter().fetchGrades(account, student, range, scope());
    const expected = sonya.marks.filter((mark) => mark.date <= TODAY);
    expect(grades).toHaveLength(expected.length);
    const subjectName = (id: number) => sonya.subjects.find((subject) => subject.id === id)?.name;
    const byValue = (items: string[]) => [...items].sort();
    expect(
      byValue(
        grades.map(
          (grade) => `${grade.date} ${grade.subject.name} ${grade.value.raw} ${grade.weight} ${grade.workType}`,
        ),
      ),
    ).toEqual(
      byValue(
        expected.map(
          (mark) => `${mark.date} ${subjectName(mark.subjectId)} ${mark.value} ${mark.weight} ${mark.workType}`,
        ),
      ),
    );
    expect(grades.filter((grade) => grade.isExam).map((grade) => grade.subject.name)).toEqual(['Алгебра']);
    expect(grades.every((grade) => grade.countsTowardAverage && grade.value.scale === 'FIVE_POINT')).toBe(true);
  });

  it('should return her timetable with bells, disruptions, topics, teachers, homework and marks', async () => {
    const lessons = await adapter().fetchSchedule(account, student, twoWeeks, scope());
    const expected = sonya.lessons.filter((lesson) => lesson.date >= twoWeeks.from && lesson.date <= twoWeeks.to);
    expect(lessons).toHaveLength(expected.length);
    const first = expected[0]!;
    expect(lessons[0]).toMatchObject({
      date: first.date,
      number: first.number,
      startsAt: `${first.date}T${first.start}:00+03:00`,
      endsAt: `${first.date}T${first.end}:00+03:00`,
      room: first.room,
    });
    expect(lessons.filter((lesson) => lesson.isReplaced)).toHaveLength(1);
    expect(lessons.filter((lesson) => lesson.isCancelled)).toHaveLength(1);
    expect(lessons.map((lesson) => lesson.topic)).toEqual(expected.map((lesson) => lesson.topic));
    const algebraTeacher = sonya.subjects.find((subject) => subject.name === 'Алгебра')!.teacher;
    expect(lessons.find((lesson) => lesson.subject.name === 'Алгебра')?.teacher).toEqual({ fullName: algebraTeacher });
    expect(lessons.flatMap((lesson) => lesson.homework)).toHaveLength(
      sonya.homework.filter((entry) => expected.some((lesson) => lesson.id === entry.lessonId)).length,
    );
    expect(lessons.flatMap((lesson) => lesson.grades)).toHaveLength(
      sonya.marks.filter((mark) => expected.some((lesson) => lesson.id === mark.lessonId)).length,
    );
  });

  it('should return her homework by due date, done or not', async () => {
    const homework = await adapter().fetchHomework(account, student, twoWeeks, scope());
    const expected = sonya.homework.filter((entry) => entry.dueOn >= twoWeeks.from && entry.dueOn <= twoWeeks.to);
    expect(homework.map((entry) => [entry.dueOn, entry.text, entry.isDone, entry.attachments.length])).toEqual(
      expected
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id)
        .map((entry) => [entry.dueOn, entry.text, entry.isDone, entry.attachments.length]),
    );
  });

  it('should return her absences: the sick day excused, the other one not', async () => {
    const records = await adapter().fetchAttendance(account, student, twoWeeks, scope());
    const missed = sonya.lessons.filter(
      (lesson) => lesson.missed && lesson.date >= twoWeeks.from && lesson.date <= twoWeeks.to,
    );
    expect(records.map((record) => [record.date, record.kind, record.reason])).toEqual(
      missed.map((lesson) => [
        lesson.date,
        lesson.missed!.reasonId === 6 ? 'EXCUSED_ABSENCE' : 'ABSENCE',
        lesson.missed!.reasonId === 6 ? 'болезнь' : null,
      ]),
    );
    expect(records.every((record) => record.lesson?.absence?.kind === record.kind)).toBe(true);
  });

  it('should return the diary’s averages and the first term’s final marks', async () => {
    const averages = await adapter().fetchSubjectAverages(account, student, scope());
    const [first] = sonya.periods;
    const firstId = `dnevnik:${CLASS_ID}:`;
    const finals = averages.filter((average) => average.finalGrade !== null);
    expect(finals.map((average) => [average.subject.name, average.finalGrade?.raw]).sort()).toEqual(
      sonya.finalMarks
        .map((final) => [sonya.subjects.find((subject) => subject.id === final.subjectId)?.name, final.value])
        .sort(),
    );
    const algebra = sonya.subjects.find((subject) => subject.name === 'Алгебра')!;
    const firstTermAlgebra = sonya.marks.filter(
      (mark) => mark.subjectId === algebra.id && mark.date >= first!.start && mark.date <= first!.end,
    );
    const reported = averages.find(
      (average) =>
        average.subject.name === 'Алгебра' && average.periodId.startsWith(firstId) && average.finalGrade !== null,
    );
    expect(reported?.providerAverage).toBe(demoAverage(firstTermAlgebra));
  });

  it('should announce no non-school days: Dnevnik.ru v2 has no route for them', async () => {
    await expect(adapter().fetchNonSchoolDays(account, student, twoWeeks, scope())).resolves.toEqual([]);
  });
});

describe('Dnevnik.ru 64-bit ids, from the wire to the adapter', () => {
  it('should carry an id JSON.parse would round, digit for digit', async () => {
    const path = `/v2/persons/${sonya.studentId}/groups/${CLASS_ID}/schedules?startDate=${TODAY}&endDate=${TODAY}`;
    const { text } = await raw(path);
    const lessonIds = [...text.matchAll(/"lessons":\[\{"id":(\d+),/g)].map((match) => match[1]!);
    expect(lessonIds).toHaveLength(1);
    const [lessonId] = lessonIds;
    expect(BigInt(lessonId!) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(String((JSON.parse(text) as { days: { lessons: { id: number }[] }[] }).days[0]!.lessons[0]!.id)).not.toBe(
      lessonId,
    );
    const lessons = await adapter().fetchSchedule(account, student, { from: TODAY, to: TODAY }, scope());
    expect(lessons[0]?.id).toBe(`dnevnik:${lessonId}`);
  });

  it('should send the class id as a bare number without a twin in the context, and keep it', async () => {
    const { text } = await raw('/v2/users/me/context');
    expect(text).toContain(`"groupIds":[${CLASS_ID}]`);
    expect(text).not.toContain('groupIds_str');
    const periods = await adapter().fetchPeriods(account, student, scope());
    expect(periods[0]?.id).toContain(CLASS_ID);
  });

  it('should send the API’s key styles: kebab-case averages as strings, PascalCase timetables', async () => {
    const periods = await raw(`/v2/edu-groups/${CLASS_ID}/reporting-periods`);
    const [, firstPeriod] = /"id":(\d+),"id_str":"\1"/.exec(periods.text) ?? [];
    const averages = await raw(`/v2/edu-groups/${CLASS_ID}/reporting-periods/${firstPeriod}/avg-marks/${TODAY}`);
    expect(averages.text).toMatch(
      /"per-subject-averages":\[\{"subject":\d+,"subject_str":"\d+","avg-mark-value":"\d\.\d\d"\}/,
    );
    const timetables = await raw(`/v2/edu-groups/${CLASS_ID}/timetables`);
    expect(timetables.text).toMatch(
      /"Items":\[\{"Id":\d+,"Start":"[^"]+","Finish":"[^"]+","Name":"1 урок","Type":"Lesson","DaysOfWeek":\["Monday"/,
    );
  });
});

describe('Dnevnik.ru simulator faults and refusals through the adapter', () => {
  it.each<[DnevnikFaultMode, string, number]>([
    ['html-error', 'PROVIDER_UNAVAILABLE', 500],
    ['maintenance', 'PROVIDER_UNAVAILABLE', 550],
    ['server-error', 'PROVIDER_UNAVAILABLE', 500],
    ['error-in-200', 'PROVIDER_UNAVAILABLE', 200],
    ['malformed', 'PROVIDER_BAD_RESPONSE', 200],
  ])('should map the %s mode to %s', async (mode, code, status) => {
    simulator.setFault(mode);
    const error = await rejectionOf(adapter().fetchPeriods(account, student, scope()));
    expect([error.code, error.provider, error.upstreamStatus]).toEqual([code, 'DNEVNIK', status]);
    expect(error.message).not.toContain(parentAccount.token);
  });

  it('should refresh an expired token transparently and hand the new tokens over', async () => {
    const expiring = linked(expiringAccount);
    simulator.expireToken(expiringAccount.token);
    const periods = await adapter().fetchPeriods(expiring, student, scope());
    expect(periods).toHaveLength(sonya.periods.length);
    expect(refreshed).toHaveBeenCalledTimes(1);
    const [accountId, credentials] = refreshed.mock.calls[0]!;
    expect(accountId).toBe(expiring.id);
    expect(credentials.accessToken).not.toBe(expiringAccount.token);
    expect(credentials.refreshToken).not.toBe(expiringAccount.refreshToken);
    await expect(adapter().fetchPeriods({ ...expiring, credentials }, student, scope())).resolves.toHaveLength(
      sonya.periods.length,
    );
    expect(refreshed).toHaveBeenCalledTimes(1);
    // The spent refresh token is refused now (rotation): a gateway that lost the new one must re-link.
    const error = await rejectionOf(adapter().fetchPeriods(expiring, student, scope()));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it('should report an expired token without a refresh token as PROVIDER_AUTH_FAILED', async () => {
    simulator.expireToken(noRefreshAccount.token);
    const error = await rejectionOf(adapter().fetchPeriods(linked(noRefreshAccount), student, scope()));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
    expect(refreshed).not.toHaveBeenCalled();
  });

  it('should refuse another family’s child', async () => {
    const other = linked(otherAccount);
    await expect(adapter().fetchProfile(other, scope())).resolves.toMatchObject({ students: [] });
    for (const read of [
      () => adapter().fetchGrades(other, student, twoWeeks, scope()),
      () => adapter().fetchSchedule(other, student, twoWeeks, scope()),
      () => adapter().fetchPeriods(other, student, scope()),
    ]) {
      const error = await rejectionOf(read());
      expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 403]);
    }
  });

  it('should exchange a sign-in code once', async () => {
    const code = simulator.issueCode(parentAccount.profileId);
    const options = {
      transport: createUndiciTransport(),
      baseUrl: simulator.url,
      clientId: DNEVNIK_SIMULATOR_CLIENT.id,
      clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret,
    };
    const credentials = await exchangeDnevnikCode(options, code, 'https://gateway.test/callback');
    const profile = await adapter().fetchProfile({ id: 'acc-new', provider: 'DNEVNIK', credentials }, scope());
    expect(profile.students.map((child) => child.firstName).sort()).toEqual(
      accountChildren.map((child) => child.firstName).sort(),
    );
    const error = await rejectionOf(exchangeDnevnikCode(options, code, 'https://gateway.test/callback'));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });
});

describe('Dnevnik.ru adapter against the simulator: linking', () => {
  it('should link with a sign-in code through signIn, and refuse the spent code', async () => {
    const code = simulator.issueCode(parentAccount.profileId);
    const credentials = await adapter().signIn(
      { provider: 'DNEVNIK', code, redirectUri: 'https://gateway.test/callback' },
      scope(),
    );
    expect(credentials).toEqual({
      accessToken: expect.stringMatching(/^dn-access-/),
      refreshToken: expect.stringMatching(/^dn-refresh-/),
    });
    const profile = await adapter().fetchProfile({ id: 'acc-linked', provider: 'DNEVNIK', credentials }, scope());
    expect(profile.holder).toMatchObject({ firstName: family.parent.firstName, snils: null });
    const error = await rejectionOf(adapter().signIn({ provider: 'DNEVNIK', code }, scope()));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
    expect(error.message).not.toContain(code);
  });

  it('should link with an access token, verified by fetchProfile, and fail an unknown one there', async () => {
    const credentials = await adapter().signIn({ provider: 'DNEVNIK', accessToken: parentAccount.token }, scope());
    await expect(
      adapter().fetchProfile({ id: 'acc-token', provider: 'DNEVNIK', credentials }, scope()),
    ).resolves.toMatchObject({
      holder: { lastName: family.parent.lastName },
    });
    const unknown = await adapter().signIn({ provider: 'DNEVNIK', accessToken: 'not-a-dnevnik-token' }, scope());
    const error = await rejectionOf(
      adapter().fetchProfile({ id: 'acc-unknown', provider: 'DNEVNIK', credentials: unknown }, scope()),
    );
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it('should send no birthday or SNILS for any child, whether or not the diary hides the birth date', async () => {
    // Dnevnik.ru persons carry neither (providers.md §1.5), so a child whose birth date the demo hides
    // and one whose it does not look the same; the adapter reads birthDate null for both.
    const relatives = JSON.parse((await raw('/v2/users/me/relatives')).text) as { person: Record<string, unknown> }[];
    expect(relatives.length).toBe(accountChildren.length);
    for (const { person } of relatives) {
      expect(Object.keys(person).filter((key) => /birth|snils/i.test(key))).toEqual([]);
    }
    const profile = await adapter().fetchProfile(account, scope());
    expect(profile.students.map((child) => [child.birthDate, child.snils])).toEqual(
      accountChildren.map(() => [null, null]),
    );
  });
});

describe('Dnevnik.ru simulator gates', () => {
  it.each([
    ['no token', null],
    ['an unknown token', 'not-a-token'],
  ])('should answer %s with 401 and an empty body', async (_name, token) => {
    expect(await raw('/v2/users/me/context', token)).toMatchObject({ status: 401, text: '' });
  });

  it('should serve /v2.0/ as an alias of /v2/', async () => {
    expect((await raw('/v2.0/users/me')).status).toBe(200);
  });

  it.each([
    [
      'a malformed date',
      `/v2/persons/${sonya.studentId}/schools/${sonya.school.id}/marks/01.11.2026/${TODAY}`,
      400,
      'parameterInvalid',
    ],
    [
      'a missing endDate',
      `/v2/persons/${sonya.studentId}/lesson-log-entries?startDate=${TODAY}`,
      400,
      'parameterInvalid',
    ],
    ['a malformed person id', '/v2/persons/abc/edu-groups', 400, 'parameterInvalid'],
    ['an unknown person', '/v2/persons/123/edu-groups', 403, 'authorizationFailed'],
    [
      'another child’s class',
      `/v2/persons/${sonya.studentId}/groups/123/schedules?startDate=${TODAY}&endDate=${TODAY}`,
      403,
      'authorizationFailed',
    ],
    ['an unknown path', '/v2/users/me/nothing', 404, 'resourceNotFound'],
  ])('should refuse %s with %i {type}', async (_name, path, status, type) => {
    const answer = await raw(path);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.text)).toEqual({ type, description: expect.any(String) });
  });

  it('should refuse other methods on data routes and GET on the token endpoint', async () => {
    expect((await raw('/v2/users/me', parentAccount.token, { method: 'DELETE' })).status).toBe(405);
    expect((await raw('/v2/authorizations')).status).toBe(405);
  });

  it.each([
    [
      'a wrong client',
      'grant_type=RefreshToken&refreshToken=x&client_id=someone&client_secret=else',
      'application/x-www-form-urlencoded',
      403,
      'invalid_client',
    ],
    ['a JSON body', '{"grant_type":"RefreshToken"}', 'application/json', 400, 'parameterInvalid'],
  ])('should refuse a token request with %s', async (_name, body, contentType, status, type) => {
    const answer = await raw('/v2/authorizations', null, {
      method: 'POST',
      body,
      headers: { 'Content-Type': contentType },
    });
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.text)).toMatchObject({ type });
  });

  it('should answer every route in maintenance mode with 550 and an HTML page', async () => {
    simulator.setFault('maintenance');
    const answer = await raw('/v2/users/me');
    expect([answer.status, answer.type]).toEqual([550, 'text/html; charset=utf-8']);
    expect(answer.text).toContain('Технические работы');
  });

  it('should reject unknown fault modes and negative latency', () => {
    expect(() => simulator.setFault('flaky' as DnevnikFaultMode)).toThrow(RangeError);
    expect(() => simulator.setLatency(-1)).toThrow(RangeError);
    expect(() => simulator.issueCode(42)).toThrow(RangeError);
  });

  it('should wait the configured latency before answering', async () => {
    const latencyMs = 30;
    simulator.setLatency(latencyMs);
    const started = performance.now();
    expect((await raw('/v2/users/me')).status).toBe(200);
    // A lower bound only: the delay must have been applied (timers may fire up to a millisecond early).
    expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - 1);
  });

  it('should record method, path, query and header names but never a token', async () => {
    simulator.clearRequests();
    await adapter().fetchAttendance(account, student, { from: TODAY, to: TODAY }, scope());
    const paths = simulator.requests.map((request) => request.path);
    expect(paths).toContain(`/v2/persons/${sonya.studentId}/lesson-log-entries`);
    const entries = simulator.requests.find((request) => request.path.endsWith('/lesson-log-entries'));
    expect(entries).toMatchObject({ method: 'GET', query: { startDate: TODAY, endDate: TODAY } });
    expect(entries?.headerNames).toEqual(expect.arrayContaining(['access-token', 'accept']));
    expect(entries?.headerNames).not.toContain('authorization');
    expect(JSON.stringify(simulator.requests)).not.toContain(parentAccount.token);
    simulator.clearRequests();
    expect(simulator.requests).toEqual([]);
  });
});

describe('Dnevnik.ru simulator lifecycle', () => {
  it('should close keep-alive connections on dispose and refuse connections afterwards', async () => {
    const own = await startDnevnikSimulator({ family });
    const first = await fetch(`${own.url}/v2/users/me`, { headers: { 'Access-Token': parentAccount.token } });
    expect(first.status).toBe(200);
    await first.text();
    await own.dispose();
    await own.dispose();
    await expect(
      fetch(`${own.url}/v2/users/me`, { headers: { 'Access-Token': parentAccount.token } }),
    ).rejects.toThrow();
  });

  it('should not wait for a request still in its latency when disposed', async () => {
    const own = await startDnevnikSimulator({ family, latencyMs: 60_000 });
    const settled = fetch(`${own.url}/v2/users/me`, { headers: { 'Access-Token': parentAccount.token } }).then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(own.requests).toHaveLength(1));
    await own.dispose();
    expect(await settled).toBe('failed');
  });
});
