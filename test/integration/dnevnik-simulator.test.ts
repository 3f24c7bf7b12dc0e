import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDnevnikAdapter, exchangeDnevnikCode } from '../../adapters/dnevnik/index.js';
import {
  DNEVNIK_SIMULATOR_CLIENT,
  startDnevnikSimulator,
  type DnevnikFaultMode,
  type DnevnikSimulator,
} from '../../adapters/dnevnik/simulator/index.js';
import type { ProviderAccount, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import type { ProviderStudent } from '../../src/domain/model.js';
import type { DemoAccount, DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T12:00:00+03:00`);
/** The class id of the demo's Dnevnik.ru child: above 2^53, as seen in the wild. */
const CLASS_ID = '2421882773904846063';
const generated = generateDemoFamily({ today: TODAY });
const parentAccount = generated.accounts.find((account) => account.provider === 'DNEVNIK')!;
/** An account the token test may spoil without touching the others. */
const expiringAccount: DemoAccount = {
  provider: 'DNEVNIK',
  profileId: 1_000_014_999_002,
  token: 'expiring-dnevnik-token-77c1',
  refreshToken: 'expiring-dnevnik-refresh-2b9e',
  childKeys: ['sonya'],
};
const family: DemoFamily = {
  ...generated,
  accounts: [...generated.accounts, expiringAccount],
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

beforeAll(async () => {
  simulator = await disposedWhenDone(startDnevnikSimulator({ family, now: () => NOW }));
  const profile = await adapter().fetchProfile(account, scope());
  student = profile.students.find((candidate) => candidate.externalId === String(sonya.studentId))!;
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

  it('should put her class id in every period id', async () => {
    const periods = await adapter().fetchPeriods(account, student, scope());
    expect(periods).toHaveLength(sonya.periods.length);
    expect(periods.every((period) => period.id.startsWith(`dnevnik:${CLASS_ID}:`))).toBe(true);
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
    ['server-error', 'PROVIDER_UNAVAILABLE', 500],
    ['error-in-200', 'PROVIDER_UNAVAILABLE', 200],
  ])('should map the %s mode to %s', async (mode, code, status) => {
    simulator.setFault(mode);
    const error = await providerRejection(adapter().fetchPeriods(account, student, scope()));
    expect([error.code, error.provider, error.upstreamStatus]).toEqual([code, 'DNEVNIK', status]);
    expect(error.message).not.toContain(parentAccount.token);
  });

  it('should rotate the refresh token: once renewed, the spent one is refused', async () => {
    const expiring = linked(expiringAccount);
    simulator.expireToken(expiringAccount.token);
    await adapter().fetchPeriods(expiring, student, scope());
    expect(refreshed).toHaveBeenCalledTimes(1);
    expect(refreshed.mock.calls[0]![1].refreshToken).not.toBe(expiringAccount.refreshToken);
    // A gateway that lost the new refresh token must re-link.
    const error = await providerRejection(adapter().fetchPeriods(expiring, student, scope()));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
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
    const error = await providerRejection(exchangeDnevnikCode(options, code, 'https://gateway.test/callback'));
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
    const error = await providerRejection(adapter().signIn({ provider: 'DNEVNIK', code }, scope()));
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
    const error = await providerRejection(
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
    const own = await disposedWhenDone(startDnevnikSimulator({ family }));
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
    const own = await disposedWhenDone(startDnevnikSimulator({ family, latencyMs: 60_000 }));
    const settled = fetch(`${own.url}/v2/users/me`, { headers: { 'Access-Token': parentAccount.token } }).then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(own.requests).toHaveLength(1));
    await own.dispose();
    expect(await settled).toBe('failed');
  });
});
