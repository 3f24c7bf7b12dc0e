import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MESH_PATHS } from '../../adapters/mesh/endpoints.js';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import { awareJournalsSchema, noticeFeedSchema } from '../../adapters/mesh/payloads-messaging.js';
import { startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import type { ProviderAccount, ProviderAdapter } from '../../src/domain/adapter.js';
import type { ProviderStudent } from '../../src/domain/model.js';
import { addDays } from '../../src/domain/dates.js';
import type { DemoAccount, DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createUpstreamScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { disposedWhenDone } from '../support/teardown.js';

/** A Monday, so "this week" starts today. */
const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T09:00:00+03:00`);
const generated = generateDemoFamily({ today: TODAY });
const parentAccount = generated.accounts[0]!;
/** A second parent whose account shows only Артём. */
const otherAccount: DemoAccount = {
  provider: 'MESH',
  profileId: 40_100_200,
  token: 'other-parent-token-5e1b',
  childKeys: ['artem'],
};
const family: DemoFamily = { ...generated, accounts: [parentAccount, otherAccount] };
const masha = family.children.find((child) => child.key === 'masha')!;
const artem = family.children.find((child) => child.key === 'artem')!;

type Headers = Record<string, string>;
const appHeaders = (account = parentAccount): Headers => ({
  Authorization: `Bearer ${account.token}`,
  'Profile-Id': String(account.profileId),
  'X-Mes-Subsystem': 'familymp',
  'Client-Type': 'diary-mobile',
  Accept: 'application/json',
});
const jsonHeaders = (account = parentAccount): Headers => ({
  ...appHeaders(account),
  'Content-Type': 'application/json',
});

let simulator: MeshSimulator;

beforeAll(async () => {
  simulator = await disposedWhenDone(startMeshSimulator({ family, now: () => NOW }));
});

afterEach(() => {
  simulator.setFault('none');
  simulator.clearMessaging();
  simulator.clearRequests();
});

async function call(path: string, headers: Headers, method = 'GET', body?: string) {
  const response = await fetch(`${simulator.url}${path}`, { method, headers, body });
  return { status: response.status, text: await response.text() };
}

async function feed(query = 'page=1&npp=100', headers = appHeaders()) {
  const { status, text } = await call(`${MESH_PATHS.instantMessages}?${query}`, headers);
  expect(status, text).toBe(200);
  return noticeFeedSchema.parse(JSON.parse(text)).data;
}

const signedWeeksPath = (studentIds: string, from?: string, to?: string) =>
  `${MESH_PATHS.awareJournals}?student_profile_ids=${studentIds}` +
  (from ? `&week_from=${from}` : '') +
  (to ? `&week_to=${to}` : '');

async function signedWeeks(studentId: number, from?: string, to?: string) {
  const { status, text } = await call(signedWeeksPath(String(studentId), from, to), appHeaders());
  expect(status, text).toBe(200);
  return awareJournalsSchema.parse(JSON.parse(text));
}

const signature = (week: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    parent_profile_id: parentAccount.profileId,
    student_profile_id: masha.studentId,
    week,
    ...overrides,
  });

describe('МЭШ simulator: the notice feed', () => {
  it('should serve the seeded feed newest first in the adapter’s wire shape, the same on every start', async () => {
    const items = await feed();
    const times = items.map((item) => Date.parse(item.created_at!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const meetings = items.filter((item) => item.title === 'Родительское собрание');
    expect(meetings.map((item) => item.child_id).sort()).toEqual([masha.studentId, artem.studentId].sort());
    expect(meetings.every((item) => item.is_new && item.is_important)).toBe(true);
    const news = items.filter((item) => item.child_id === null);
    expect(news).toHaveLength(new Set([masha.school.id, artem.school.id]).size);
    expect(news.every((item) => item.is_new === false)).toBe(true);
    expect(items.some((item) => item.title === 'Новая оценка' && item.child_id === masha.studentId)).toBe(true);

    const again = await disposedWhenDone(startMeshSimulator({ family, now: () => NOW }));
    const response = await fetch(`${again.url}${MESH_PATHS.instantMessages}?page=1&npp=100`, {
      headers: appHeaders(),
    });
    expect(noticeFeedSchema.parse(await response.json()).data).toEqual(items);
  });

  it('should page with page and npp, and narrow to one child with filter', async () => {
    const all = await feed();
    const first = await feed('page=1&npp=2');
    const second = await feed('page=2&npp=2');
    expect([...first, ...second]).toEqual(all.slice(0, 4));
    const filter = encodeURIComponent(JSON.stringify({ child_id: String(artem.studentId) }));
    const artemOnly = await feed(`page=1&npp=100&filter=${filter}`);
    expect(artemOnly.length).toBeGreaterThan(0);
    expect(artemOnly.every((item) => item.child_id === artem.studentId)).toBe(true);
  });

  it('should show a posted notice first and unread, only to accounts showing the child, until it is read', async () => {
    const id = simulator.postNotice({ childKey: 'masha', title: 'Экскурсия', text: 'В пятницу — музей.' });
    const [first] = await feed();
    expect(first).toMatchObject({ id, title: 'Экскурсия', is_new: true, child_id: masha.studentId });
    // Reading the feed changes nothing: only the parent reading it in the official app does.
    expect((await feed())[0]).toMatchObject({ id, is_new: true });
    expect((await feed('page=1&npp=100', appHeaders(otherAccount))).some((item) => item.id === id)).toBe(false);
    simulator.markNoticeRead(id);
    expect((await feed())[0]).toMatchObject({ id, is_new: false });
    expect(() => simulator.postNotice({ childKey: 'sonya', title: 'x', text: 'y' })).toThrow(TypeError);
  });

  it('should refuse bad paging, another family’s child, missing headers and the maintenance mode', async () => {
    expect((await call(`${MESH_PATHS.instantMessages}?page=0&npp=10`, appHeaders())).status).toBe(400);
    expect((await call(`${MESH_PATHS.instantMessages}?page=1&npp=101`, appHeaders())).status).toBe(400);
    expect((await call(`${MESH_PATHS.instantMessages}?filter=%7Bx`, appHeaders())).status).toBe(400);
    const masha403 = encodeURIComponent(JSON.stringify({ child_id: masha.studentId }));
    const refused = await call(`${MESH_PATHS.instantMessages}?filter=${masha403}`, appHeaders(otherAccount));
    expect(refused.status).toBe(403);
    const { 'Profile-Id': _dropped, ...withoutProfile } = appHeaders();
    expect((await call(MESH_PATHS.instantMessages, withoutProfile)).status).toBe(403);
    expect((await call(MESH_PATHS.instantMessages, { ...appHeaders(), Authorization: 'Bearer nobody' })).status).toBe(
      401,
    );
    simulator.setFault('down');
    expect((await call(MESH_PATHS.instantMessages, appHeaders())).status).toBe(503);
  });
});

describe('МЭШ simulator: diary signatures', () => {
  it('should show the seeded weeks: eight to two weeks back, a gap four back for an odd student id', async () => {
    const weeksOf = async (studentId: number) => (await signedWeeks(studentId)).map((record) => record.week);
    const back = (weeks: number) => addDays(TODAY, -7 * weeks);
    expect(await weeksOf(masha.studentId)).toEqual([8, 7, 6, 5, 4, 3, 2].map(back));
    expect(masha.studentId % 2).toBe(0);
    expect(artem.studentId % 2).toBe(1);
    expect(await weeksOf(artem.studentId)).toEqual([8, 7, 6, 5, 3, 2].map(back));
    expect(await signedWeeks(masha.studentId, back(3), addDays(back(2), 6))).toHaveLength(2);
  });

  it('should sign a week that has begun, once, and refuse a week to come', async () => {
    const thisWeek = TODAY;
    const first = await call(MESH_PATHS.awareJournals, jsonHeaders(), 'POST', signature(thisWeek));
    expect(first.status, first.text).toBe(200);
    const again = await call(MESH_PATHS.awareJournals, jsonHeaders(), 'POST', signature(thisWeek));
    expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
    expect((await signedWeeks(masha.studentId, thisWeek)).map((record) => record.week)).toEqual([thisWeek]);
    const future = await call(MESH_PATHS.awareJournals, jsonHeaders(), 'POST', signature(addDays(TODAY, 7)));
    expect(future.status).toBe(400);
    expect(JSON.parse(future.text)).toEqual({ message: expect.stringContaining('has not begun') });
  });

  it('should refuse a day that is no Monday, another profile, another family’s child and a bad body', async () => {
    const post = (body: string, account = parentAccount) =>
      call(MESH_PATHS.awareJournals, jsonHeaders(account), 'POST', body);
    expect((await post(signature(addDays(TODAY, -5)))).status).toBe(400);
    expect((await post(signature(TODAY, { parent_profile_id: otherAccount.profileId }))).status).toBe(403);
    const artemFromOther = signature(TODAY, { parent_profile_id: otherAccount.profileId });
    expect((await post(artemFromOther, otherAccount)).status).toBe(403);
    expect((await post('{"week":"2026-11-23"}')).status).toBe(400);
    expect((await call(signedWeeksPath(String(masha.studentId)), appHeaders(otherAccount))).status).toBe(403);
    expect((await call(signedWeeksPath('x'), appHeaders())).status).toBe(400);
    expect((await call(signedWeeksPath(String(masha.studentId), '2026-13-01'), appHeaders())).status).toBe(400);
  });

  it('should forget signatures once cleared', async () => {
    await call(MESH_PATHS.awareJournals, jsonHeaders(), 'POST', signature(TODAY));
    simulator.clearMessaging();
    expect(await signedWeeks(masha.studentId, TODAY)).toEqual([]);
  });
});

describe('МЭШ adapter over the simulator: notices and signatures', () => {
  let adapter: ProviderAdapter;
  let account: ProviderAccount;
  let students: ProviderStudent[];
  const scope = () => createUpstreamScope();
  const studentFor = (studentId: number) => students.find((child) => child.externalId === String(studentId))!;

  beforeAll(async () => {
    adapter = createMeshAdapter({
      transport: createUndiciTransport(),
      hosts: { schoolBaseUrl: simulator.url, aclBaseUrl: simulator.url },
      now: () => NOW,
    });
    account = { id: 'mesh-account', provider: 'MESH', credentials: { token: parentAccount.token } };
    students = (await adapter.fetchProfile(account, scope())).students;
  });

  const request = (overrides = {}) => ({
    students,
    unreadOnly: false,
    page: 1,
    pageSize: 50,
    timeZone: 'Europe/Moscow',
    ...overrides,
  });

  it('should list the feed as plain-text notices of the right child, and only unread ones when asked', async () => {
    const { notices, hasMore } = await adapter.messaging!.listNotices(account, request(), scope());
    expect(hasMore).toBe(false);
    const meeting = notices.find(
      (notice) =>
        notice.title === 'Родительское собрание' && notice.studentExternalIds?.[0] === String(masha.studentId),
    );
    expect(meeting).toMatchObject({ isRead: false, isImportant: true, author: 'Электронный журнал' });
    expect(meeting!.preview).toMatch(/^Уважаемые родители учащихся 7-Б! \d\d\.\d\d в 18:00/);
    expect(meeting!.preview).not.toMatch(/[<>]|&\w+;/);
    expect(notices.filter((notice) => notice.studentExternalIds === null).length).toBeGreaterThan(0);
    const unread = await adapter.messaging!.listNotices(account, request({ unreadOnly: true }), scope());
    expect(unread.notices.length).toBeGreaterThan(0);
    expect(unread.notices.every((notice) => notice.isRead === false)).toBe(true);
  });

  it('should open a posted notice without marking it read, asking МЭШ only to read', async () => {
    const id = simulator.postNotice({
      childKey: 'artem',
      title: 'Справка',
      text: 'Принесите справку&nbsp;до пятницы.',
    });
    const opened = await adapter.messaging!.openNotice(
      account,
      { externalId: id, timeZone: 'Europe/Moscow', markRead: false },
      scope(),
    );
    expect(opened).toMatchObject({
      externalId: id,
      title: 'Справка',
      text: 'Принесите справку до пятницы.',
      isRead: false,
      studentExternalIds: [String(artem.studentId)],
      publishedAt: '2026-11-23T09:00:00+03:00',
    });
    expect(simulator.requests.every((logged) => logged.method === 'GET')).toBe(true);
    expect(simulator.requests.some((logged) => logged.headerNames.includes('auth-token'))).toBe(true);
    expect(
      simulator.requests
        .filter((logged) => logged.path === MESH_PATHS.instantMessages)
        .every((logged) => !logged.headerNames.includes('auth-token')),
    ).toBe(true);
    expect((await feed()).find((item) => item.id === id)).toMatchObject({ is_new: true });
  });

  it('should answer MESSAGE_NOT_FOUND for a notice the feed does not hold', async () => {
    const missing = adapter.messaging!.openNotice(
      account,
      { externalId: 'no-such-notice', timeZone: 'Europe/Moscow', markRead: true },
      scope(),
    );
    expect((await providerRejection(missing, 'MESH')).toExtensions()).toMatchObject({ reason: 'MESSAGE_NOT_FOUND' });
  });

  it('should read weeks signed or not, sign this week, and leave a signed week alone', async () => {
    const artemStudent = studentFor(artem.studentId);
    const range = { from: addDays(TODAY, -28), to: TODAY };
    const before = await adapter.messaging!.fetchWeekSignatures(account, artemStudent, range, scope());
    expect(before.map(({ weekStart, signed }) => [weekStart, signed])).toEqual([
      [addDays(TODAY, -28), false],
      [addDays(TODAY, -21), true],
      [addDays(TODAY, -14), true],
      [addDays(TODAY, -7), false],
      [TODAY, false],
    ]);
    expect(before[1]!.signedAt).toBe(`${addDays(TODAY, -15)}T19:30:00+03:00`);

    await adapter.messaging!.signWeek(account, artemStudent, addDays(TODAY, 2), scope());
    const after = await adapter.messaging!.fetchWeekSignatures(
      account,
      artemStudent,
      { from: TODAY, to: TODAY },
      scope(),
    );
    expect(after).toEqual([{ weekStart: TODAY, signed: true, signedAt: '2026-11-23T09:00:00+03:00' }]);

    simulator.clearRequests();
    await adapter.messaging!.signWeek(account, artemStudent, TODAY, scope());
    expect(simulator.requests.filter((logged) => logged.method === 'POST')).toEqual([]);
  });

  it('should take МЭШ’s refusal of a week to come as PROVIDER_REFUSED, and a diary down as unavailable', async () => {
    const mashaStudent = studentFor(masha.studentId);
    const future = adapter.messaging!.signWeek(account, mashaStudent, addDays(TODAY, 7), scope());
    const refused = await providerRejection(future, 'MESH', [parentAccount.token]);
    expect(refused.toExtensions()).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'OTHER', upstreamStatus: 400 });

    simulator.setFault('down');
    const down = adapter.messaging!.fetchWeekSignatures(account, mashaStudent, { from: TODAY, to: TODAY }, scope());
    expect((await providerRejection(down, 'MESH')).code).toBe('PROVIDER_UNAVAILABLE');
    const list = adapter.messaging!.listNotices(account, request(), scope());
    expect((await providerRejection(list, 'MESH')).code).toBe('PROVIDER_UNAVAILABLE');
  });
});
