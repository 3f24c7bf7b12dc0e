import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import { startEljurSimulator, type EljurFaultMode, type EljurSimulator } from '../../adapters/eljur/simulator/index.js';
import type { ProviderAccount, ProviderAdapter, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import { addDays } from '../../src/domain/dates.js';
import type { ProviderStudent } from '../../src/domain/model.js';
import type { DemoAccount, DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const generated = generateDemoFamily({ today: TODAY });
const parentAccount = generated.accounts.find((account) => account.provider === 'ELJUR')!;
/** Another family's parent, whose Eljur account shows no child of ours. */
const otherAccount: DemoAccount = {
  provider: 'ELJUR',
  profileId: 48_999,
  token: 'other-family-eljur-token',
  login: 'petrov',
  password: 'other-password',
  childKeys: [],
};
const family: DemoFamily = { ...generated, accounts: [...generated.accounts, otherAccount] };
const lev = family.children.find((child) => child.key === 'lev')!;
const range = { from: addDays(TODAY, -21), to: TODAY };

let simulator: EljurSimulator;
let adapter: ProviderAdapter;
const refreshed: [string, ProviderCredentials][] = [];

const account = (id: string, credentials: ProviderCredentials): ProviderAccount => ({
  id,
  provider: 'ELJUR',
  credentials,
});
const withToken = account('eljur-token', { token: parentAccount.token });
const withPassword = account('eljur-password', { login: parentAccount.login!, password: parentAccount.password! });
const scope = (): UpstreamScope => createRequestScope(10_000);

let student: ProviderStudent;

beforeAll(async () => {
  simulator = await disposedWhenDone(startEljurSimulator({ family, now: () => NOW }));
  adapter = createEljurAdapter({
    transport: createUndiciTransport(),
    baseUrl: simulator.url,
    devkey: simulator.devkey,
    vendor: simulator.vendor,
    timeZone: 'Europe/Samara',
    now: () => NOW,
    onCredentialsRefreshed: async (id, credentials) => void refreshed.push([id, credentials]),
  });
  const profile = await adapter.fetchProfile(withToken, scope());
  student = profile.students.find((candidate) => candidate.externalId === String(lev.studentId))!;
});

afterEach(() => {
  simulator.setFault('none');
  simulator.setLatency(0);
});

describe('Eljur adapter against the simulator: the demo child', () => {
  it('should give subjects Eljur’s own ids', async () => {
    const subjects = await adapter.fetchSubjects(withToken, student, scope());
    expect(subjects.map((subject) => subject.id).sort()).toEqual(
      lev.subjects.map((subject) => `eljur:${subject.id}`).sort(),
    );
  });

  it('should give lesson grades and listed grades the same ids', async () => {
    const request = scope();
    const [lessons, grades] = await Promise.all([
      adapter.fetchSchedule(withToken, student, range, request),
      adapter.fetchGrades(withToken, student, range, request),
    ]);
    const lessonGradeIds = lessons.flatMap((lesson) => lesson.grades.map((grade) => grade.id)).sort();
    expect(lessonGradeIds).toEqual(grades.map((grade) => grade.id).sort());
  });
});

describe('Eljur adapter against the simulator: each child at their own school', () => {
  const mashaArt = family.children.find((child) => child.key === 'masha-art')!;

  it('should list both schools in getrules and name each child’s own in getprofileuserinfo', async () => {
    const get = async (method: string, parameters: Record<string, string> = {}) => {
      const query = new URLSearchParams({
        devkey: simulator.devkey,
        vendor: simulator.vendor,
        out_format: 'json',
        auth_token: parentAccount.token,
        ...parameters,
      });
      return ((await (await fetch(`${simulator.url}/apiv3/${method}?${query.toString()}`)).json()) as any).response
        .result;
    };
    const rules = await get('getrules');
    expect(rules.relations.schools.map((school: { title_full: string }) => school.title_full)).toEqual([
      lev.school.name,
      mashaArt.school.name,
    ]);
    for (const child of [lev, mashaArt]) {
      expect((await get('getprofileuserinfo', { student: String(child.studentId) })).profileUserInfo.schoolName).toBe(
        child.school.name,
      );
    }
  });

  it('should show masha-art at the art school and Лев at his, with different school ids', async () => {
    const profile = await adapter.fetchProfile(withToken, scope());
    const schoolOf = (studentId: number) =>
      profile.students.find((candidate) => candidate.externalId === String(studentId))?.school;
    expect(schoolOf(mashaArt.studentId)).toMatchObject({
      provider: 'ELJUR',
      name: 'МБУ ДО «Детская школа искусств № 7» г. о. Самара',
    });
    expect(schoolOf(lev.studentId)).toMatchObject({ provider: 'ELJUR', name: 'МБОУ «Школа № 132» г. о. Самара' });
    expect(schoolOf(mashaArt.studentId)?.id).not.toBe(schoolOf(lev.studentId)?.id);
    expect(schoolOf(mashaArt.studentId)?.id).toMatch(/^eljur:school:\d+$/);
  });
});

describe('Eljur adapter against the simulator: tokens and refusals', () => {
  it('should sign in with the password, and again once the token expired, handing the tokens back', async () => {
    refreshed.splice(0);
    await adapter.fetchGrades(withPassword, student, range, scope());
    expect(refreshed).toHaveLength(1);
    const [id, credentials] = refreshed[0]!;
    expect(id).toBe('eljur-password');
    expect(credentials.tokenExpiresAt).toMatch(/^2027-02-21T\d{2}:\d{2}:\d{2}\+04:00$/);
    simulator.expireToken(credentials.token!);
    await adapter.fetchGrades(account('eljur-password', credentials), student, range, scope());
    expect(refreshed).toHaveLength(2);
    expect(refreshed[1]![1].token).not.toBe(credentials.token);
  });

  it('should refuse a wrong password with PROVIDER_AUTH_FAILED', async () => {
    const wrong = account('eljur-wrong', { login: parentAccount.login!, password: 'wrong-password' });
    const error = await providerRejection(adapter.fetchProfile(wrong, scope()));
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', upstreamStatus: 400 });
    expect(error.message).toContain('login or password was refused');
    expect(error.message).not.toContain('wrong-password');
  });

  it('should refuse another family’s child to an account that signs in with its password', async () => {
    const signedIn = account('eljur-other-password', { login: otherAccount.login!, password: otherAccount.password! });
    const error = await providerRejection(adapter.fetchHomework(signedIn, student, range, scope()));
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', upstreamStatus: 403 });
  });

  it.each<[EljurFaultMode, ProviderAccount, string, number, RegExp]>([
    ['bad-devkey', withToken, 'PROVIDER_AUTH_FAILED', 403, /access token was refused/],
    [
      'bad-devkey',
      withPassword,
      'PROVIDER_AUTH_FAILED',
      403,
      /developer key or vendor \(auth: HTTP 403\).*configuration/,
    ],
    ['unknown-vendor', withPassword, 'PROVIDER_AUTH_FAILED', 500, /does not know the school \(vendor\)/],
    ['unknown-vendor', withToken, 'PROVIDER_UNAVAILABLE', 500, /getmarks: HTTP 500/],
    ['server-error', withToken, 'PROVIDER_UNAVAILABLE', 500, /getmarks: HTTP 500/],
    ['malformed', withToken, 'PROVIDER_BAD_RESPONSE', 200, /getmarks: the body is not valid JSON/],
  ])('should map the %s fault (%#) to a typed error', async (mode, who, code, status, message) => {
    simulator.setFault(mode);
    const error = await providerRejection(adapter.fetchGrades(who, student, range, scope()));
    expect(error).toMatchObject({ code, provider: 'ELJUR', upstreamStatus: status });
    expect(error.message).toMatch(message);
    for (const secret of [simulator.devkey, parentAccount.token, parentAccount.password!])
      expect(error.message).not.toContain(secret);
  });
});

describe('Eljur adapter against the simulator: linking and SNILS', () => {
  const link = (overrides: Partial<{ login: string; password: string; vendor: string }> = {}) => ({
    provider: 'ELJUR' as const,
    login: parentAccount.login!,
    password: parentAccount.password!,
    vendor: simulator.vendor,
    ...overrides,
  });

  it('should sign in with login, password and vendor, and read the profile with what it stores', async () => {
    const credentials = await adapter.signIn(link(), scope());
    expect(credentials).toEqual({
      login: parentAccount.login,
      password: parentAccount.password,
      vendor: simulator.vendor,
      token: expect.stringMatching(/^eljur-sim-/),
      tokenExpiresAt: expect.stringMatching(/^2027-02-21T/),
    });
    const profile = await adapter.fetchProfile(account('eljur-linked', credentials), scope());
    expect(profile.students.map((child) => child.externalId)).toContain(String(lev.studentId));
  });

  it.each([
    ['a wrong password', { password: 'not-the-password' }, 400, /login or password was refused/],
    ['a vendor the host does not know', { vendor: 'elsewhere' }, 500, /does not know the school \(vendor\)/],
  ])('should refuse %s with PROVIDER_AUTH_FAILED', async (_name, overrides, status, message) => {
    const error = await providerRejection(adapter.signIn(link(overrides), scope()));
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', provider: 'ELJUR', upstreamStatus: status });
    expect(error.message).toMatch(message);
    for (const secret of [parentAccount.password!, 'not-the-password', simulator.devkey])
      expect(error.message).not.toContain(secret);
  });

  it('should read each child’s SNILS as Eljur sends it, one getprofileuserinfo call per child', async () => {
    simulator.clearRequests();
    const profile = await adapter.fetchProfile(withToken, scope());
    const shown = family.children.filter(
      (child) => child.provider === 'ELJUR' && parentAccount.childKeys.includes(child.key),
    );
    expect(profile.students.map((child) => [child.externalId, child.snils]).sort()).toEqual(
      shown.map((child) => [String(child.studentId), child.snils]).sort(),
    );
    const cards = simulator.requests.filter((request) => request.path === '/apiv3/getprofileuserinfo');
    expect(cards.map((request) => request.query.student).sort()).toEqual(
      shown.map((child) => String(child.studentId)).sort(),
    );
    expect(profile.holder.snils).toBeNull();
  });

  it('should leave SNILS out for a child without one, and the adapter read it as null', async () => {
    const withoutSnils: DemoFamily = {
      ...family,
      children: family.children.map((child) => (child.key === 'lev' ? { ...child, snils: '' } : child)),
    };
    const own = await disposedWhenDone(startEljurSimulator({ family: withoutSnils, now: () => NOW }));
    const token = parentAccount.token;
    const answer = await fetch(
      `${own.url}/apiv3/getprofileuserinfo?${new URLSearchParams({ devkey: own.devkey, vendor: own.vendor, out_format: 'json', auth_token: token, student: String(lev.studentId) }).toString()}`,
    );
    const card = ((await answer.json()) as { response: { result: { profileUserInfo: Record<string, unknown> } } })
      .response.result.profileUserInfo;
    expect(card).toMatchObject({ schoolName: lev.school.name });
    expect(card).not.toHaveProperty('snils');
  });
});

describe('Eljur simulator: wire shapes', () => {
  const query = (method: string, parameters: Record<string, string>) =>
    `${simulator.url}/apiv3/${method}?${new URLSearchParams({ devkey: simulator.devkey, vendor: simulator.vendor, out_format: 'json', auth_token: parentAccount.token, ...parameters }).toString()}`;
  const get = async (method: string, parameters: Record<string, string> = {}) => {
    const response = await fetch(query(method, parameters));
    return { status: response.status, body: (await response.json()) as any };
  };
  const student = () => String(lev.studentId);
  const days = `${range.from.replaceAll('-', '')}-${range.to.replaceAll('-', '')}`;

  it('should wrap answers in the envelope, with students an array only in getperiods', async () => {
    const marks = await get('getmarks', { student: student(), days });
    expect(marks.status).toBe(200);
    expect(marks.body.response).toMatchObject({ state: 200, error: null });
    expect(Array.isArray(marks.body.response.result.students)).toBe(false);
    const periods = await get('getperiods', { student: student(), show_disabled: 'true' });
    expect(Array.isArray(periods.body.response.result.students)).toBe(true);
    expect(
      periods.body.response.result.students[0].periods.some((period: { ambigious: boolean }) => period.ambigious),
    ).toBe(true);
  });

  it('should send the split mark, Н, ОП, a phantom and empty collections as []', async () => {
    const marks = (await get('getmarks', { student: student(), days })).body.response.result.students[student()]
      .lessons;
    const values = marks.flatMap((lesson: { marks: { value: string }[] }) => lesson.marks.map((mark) => mark.value));
    expect(values).toEqual(expect.arrayContaining(['3/5', 'Н', 'ОП', '']));
    const split = marks
      .flatMap((lesson: { marks: { value: string }[] }) => lesson.marks)
      .find((mark: { value: string }) => mark.value === '3/5');
    expect(split).toMatchObject({ convert: 4, weight: 3, weight_float: 3, mtype: { type: 'Контрольная работа' } });
    expect(marks.every((lesson: { average: unknown }) => typeof lesson.average === 'string')).toBe(true);
    const rules = (await get('getrules')).body.response.result;
    expect(rules.relations.groups).toEqual([]);
    const diary = (await get('getdiary', { student: student(), days: '20261101-20261108', rings: 'true' })).body
      .response.result.students[student()].days;
    expect(diary['20261102']).toMatchObject({ alert: 'vacation', holiday_name: 'Осенние каникулы', items: [] });
  });

  it('should answer refusals with the envelope and a mirrored status', async () => {
    expect((await fetch(query('getrules', { devkey: 'wrong' }))).status).toBe(403);
    const expired = await fetch(query('getrules', { auth_token: 'nope' }));
    expect(expired.status).toBe(403);
    expect(await expired.json()).toEqual({ response: { state: 403, error: expect.any(String), result: {} } });
    expect((await fetch(query('auth', { vendor: 'elsewhere' }))).status).toBe(500);
    expect((await fetch(query('getmarks', { student: student(), days: 'вчера' }))).status).toBe(400);
    expect((await fetch(`${simulator.url}/apiv3/nothing`)).status).toBe(404);
    expect((await fetch(query('getprofileuserinfo', {}))).status).toBe(400);
    expect((await fetch(query('getprofileuserinfo', { student: `${student()},${student()}` }))).status).toBe(400);
    expect((await fetch(query('getprofileuserinfo', { student: '999999' }))).status).toBe(403);
  });

  it('should send a child’s card with SNILS in the envelope', async () => {
    const card = await get('getprofileuserinfo', { student: student() });
    expect(card.status).toBe(200);
    expect(card.body.response.result.profileUserInfo).toMatchObject({
      snils: lev.snils,
      schoolName: lev.school.name,
      username: parentAccount.login,
    });
  });

  it('should answer getusersvendors unwrapped for any non-empty v_token', async () => {
    const response = await fetch(
      `${simulator.url}/apiv3/getusersvendors?out_format=json&v_token=esia-jwt&auth_token=true`,
    );
    expect(await response.json()).toEqual({
      result: [
        expect.objectContaining({
          vendor: simulator.vendor,
          login: parentAccount.login,
          token: expect.stringMatching(/^eljur-sim-/),
        }),
      ],
    });
    expect((await fetch(`${simulator.url}/apiv3/getusersvendors?out_format=json`)).status).toBe(400);
  });

  it('should record requests with credentials redacted and header names only', async () => {
    simulator.clearRequests();
    await adapter.fetchProfile(withPassword, scope());
    const log = JSON.stringify(simulator.requests);
    for (const secret of [simulator.devkey, parentAccount.password!, parentAccount.login!])
      expect(log).not.toContain(secret);
    expect(simulator.requests[0]).toMatchObject({
      method: 'POST',
      path: '/apiv3/auth',
      query: { devkey: '[redacted]', vendor: simulator.vendor, out_format: 'json' },
    });
    expect(simulator.requests[1]?.query.auth_token).toBe('[redacted]');
    simulator.clearRequests();
    expect(simulator.requests).toEqual([]);
  });

  it('should reject unknown fault modes and negative latency', () => {
    expect(() => simulator.setFault('flaky' as EljurFaultMode)).toThrow(RangeError);
    expect(() => simulator.setLatency(-1)).toThrow(RangeError);
  });

  it('should not wait for a request still in its latency when disposed', async () => {
    const own = await startEljurSimulator({ family, latencyMs: 60_000 });
    const settled = fetch(`${own.url}/apiv3/getrules`).then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(own.requests).toHaveLength(1));
    await own.dispose();
    await own.dispose();
    expect(await settled).toBe('failed');
  });
});
