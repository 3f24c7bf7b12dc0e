import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDnevnikAdapter } from '../../adapters/dnevnik/index.js';
import {
  DNEVNIK_SIMULATOR_CLIENT,
  startDnevnikSimulator,
  type DnevnikSimulator,
} from '../../adapters/dnevnik/simulator/index.js';
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import type { ProviderMessaging } from '../../src/domain/messaging.js';
import type { ProviderStudent } from '../../src/domain/model.js';
import type { DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T12:00:00+03:00`);
const family: DemoFamily = generateDemoFamily({ today: TODAY });
const parentAccount = family.accounts.find((candidate) => candidate.provider === 'DNEVNIK')!;
const sonya = family.children.find((child) => child.key === 'sonya')!;
const account: ProviderAccount = {
  id: `acc-${parentAccount.profileId}`,
  provider: 'DNEVNIK',
  credentials: { accessToken: parentAccount.token, refreshToken: parentAccount.refreshToken! },
};
const scope = (): UpstreamScope => createRequestScope(15_000);
const refreshed = vi.fn(async () => {});

let simulator: DnevnikSimulator;
let student: ProviderStudent;
let messaging: ProviderMessaging;

async function raw(path: string, token: string | null = parentAccount.token) {
  const response = await fetch(`${simulator.url}${path}`, { headers: token ? { 'Access-Token': token } : {} });
  return { status: response.status, text: await response.text() };
}

const notices = (unreadOnly = false) =>
  messaging.listNotices(
    account,
    { students: [student], unreadOnly, page: 1, pageSize: 20, timeZone: student.timeZone },
    scope(),
  );

beforeAll(async () => {
  simulator = await disposedWhenDone(startDnevnikSimulator({ family, now: () => NOW }));
  const adapter = createDnevnikAdapter({
    transport: createUndiciTransport(),
    baseUrl: simulator.url,
    clientId: DNEVNIK_SIMULATOR_CLIENT.id,
    clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret,
    onCredentialsRefreshed: refreshed,
    now: () => NOW,
  });
  messaging = adapter.messaging!;
  const profile = await adapter.fetchProfile(account, scope());
  student = profile.students.find((candidate) => candidate.externalId === String(sonya.studentId))!;
});

afterEach(() => {
  simulator.setFault('none');
  refreshed.mockClear();
});

describe('Dnevnik.ru simulator: the app’s routes over HTTP', () => {
  const ids = () => ({
    person: student.providerIds.personId!,
    school: student.providerIds.schoolId!,
    group: student.providerIds.eduGroupId!,
  });

  it('should list the school board with 64-bit ids as bare integers, newest first, the newest unread', async () => {
    const { person, school } = ids();
    const answer = await raw(`/mobile/v6.0/persons/${person}/schools/${school}/notifications`);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/"id":19\d{17}/);
    const body = JSON.parse(answer.text) as {
      unreadCount: number;
      postList: { isReaded: boolean; createdDateTime: number }[];
    };
    expect(body.unreadCount).toBe(2);
    expect(body.postList.map((post) => post.isReaded)).toEqual([false, false, true, true]);
    const times = body.postList.map((post) => post.createdDateTime);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('should refuse an unknown token, another family’s child and a school that is not the child’s', async () => {
    const { person, school } = ids();
    expect(await raw(`/mobile/v6.0/persons/${person}/schools/${school}/notifications`, 'not-a-token')).toEqual({
      status: 401,
      text: '',
    });
    expect((await raw(`/mobile/v6.0/persons/1000000000001/schools/${school}/notifications`)).status).toBe(403);
    expect((await raw(`/mobile/v6.0/persons/${person}/schools/1000000000001/notifications`)).status).toBe(403);
  });

  it('should answer the week after the Monday given with Future, the week before with Past', async () => {
    const { person, school, group } = ids();
    const week = async (query: string) => {
      const answer = await raw(`/mobile/v6.0/persons/${person}/schools/${school}/groups/${group}/diary?${query}`);
      return {
        status: answer.status,
        weeks:
          answer.status === 200 ? (JSON.parse(answer.text) as { weeks: { id: string }[] }).weeks.map((w) => w.id) : [],
      };
    };
    expect(await week('id=2026-11-16&loadType=Future')).toEqual({ status: 200, weeks: ['2026-11-23'] });
    expect(await week('id=2026-11-18&loadType=Past')).toEqual({ status: 200, weeks: ['2026-11-09'] });
    expect(await week('id=2026-11-18')).toEqual({ status: 200, weeks: ['2026-11-16'] });
    expect((await week('id=2026-11-16&loadType=Later')).status).toBe(400);
    expect((await week('id=16.11.2026&loadType=Future')).status).toBe(400);
  });
});

describe('Dnevnik.ru adapter against the simulator: notices', () => {
  it('should read the board as plain text with its read state and attachments', async () => {
    const page = await notices();
    expect(page.notices.map((notice) => [notice.title, notice.isRead])).toEqual([
      ['Родительское собрание', false],
      ['Изменение расписания звонков', false],
      ['Сбор макулатуры', true],
      ['Медицинский осмотр', true],
    ]);
    expect(page.notices[0]).toMatchObject({
      author: 'Соколова Ирина Павловна',
      publishedAt: '2026-11-22T10:30:00+03:00',
      preview: 'Уважаемые родители! Общешкольное собрание пройдёт в четверг в 18:00 в актовом зале.',
      studentExternalIds: [student.externalId],
    });
    const opened = await messaging.openNotice(
      account,
      { externalId: page.notices[1]!.externalId, timeZone: student.timeZone, markRead: true },
      scope(),
    );
    expect(opened.text).toBe('С понедельника второй урок начинается в 9:25,\nбольшая перемена — 20 минут.');
    const withFile = await messaging.openNotice(
      account,
      { externalId: page.notices[0]!.externalId, timeZone: student.timeZone, markRead: true },
      scope(),
    );
    expect(withFile.attachments).toEqual([
      {
        title: 'Повестка собрания.pdf',
        url: expect.stringMatching(/^https:\/\/static\.dnevnik\.invalid\/files\/\d+\//),
      },
    ]);
  });

  it('should show a notice the school posts, unread until the parent reads it in the app', async () => {
    const id = simulator.postNotice({
      childKey: 'sonya',
      title: 'Экскурсия в музей',
      text: 'Сбор у&nbsp;школы в&nbsp;9:00.',
      postedAt: new Date(`${TODAY}T11:00:00+03:00`),
    });
    const posted = (await notices()).notices[0]!;
    expect([posted.externalId.split(':')[0], posted.title, posted.preview, posted.isRead]).toEqual([
      id,
      'Экскурсия в музей',
      'Сбор у школы в 9:00.',
      false,
    ]);
    expect((await notices(true)).notices.map((notice) => notice.title)).toContain('Экскурсия в музей');
    simulator.markNoticeRead(parentAccount.profileId, id);
    expect((await notices()).notices[0]!.isRead).toBe(true);
    expect((await notices(true)).notices.map((notice) => notice.title)).not.toContain('Экскурсия в музей');
    expect(() => simulator.postNotice({ childKey: 'nobody', title: 'x', text: 'x' })).toThrow(RangeError);
  });

  it('should fail typed when the diary fails, and read a refused token as the feature closed, without a refresh', async () => {
    simulator.setFault('maintenance');
    expect((await providerRejection(notices(), 'DNEVNIK')).code).toBe('PROVIDER_UNAVAILABLE');
    simulator.setFault('error-in-200');
    expect((await providerRejection(notices(), 'DNEVNIK')).code).toBe('PROVIDER_UNAVAILABLE');
    simulator.setFault('malformed');
    expect((await providerRejection(notices(), 'DNEVNIK')).code).toBe('PROVIDER_BAD_RESPONSE');
    simulator.setFault('none');
    const spoiled: ProviderAccount = {
      ...account,
      id: 'acc-spoiled',
      credentials: { accessToken: 'expired-1', refreshToken: parentAccount.refreshToken! },
    };
    const closed = await providerRejection(
      messaging.listNotices(
        spoiled,
        { students: [student], unreadOnly: false, page: 1, pageSize: 5, timeZone: student.timeZone },
        scope(),
      ),
      'DNEVNIK',
      ['expired-1'],
    );
    expect([closed.code, closed.upstreamStatus, refreshed.mock.calls.length]).toEqual([
      'NOT_SUPPORTED_BY_PROVIDER',
      401,
      0,
    ]);
  });
});

describe('Dnevnik.ru adapter against the simulator: remarks', () => {
  it('should read the teachers’ lesson comments of four weeks, one call a week', async () => {
    const range = { from: '2026-10-27', to: TODAY };
    simulator.clearRequests();
    const remarks = await messaging.fetchRemarks(account, student, range, scope());
    const commented = sonya.lessons.filter(
      (lesson) => lesson.date >= range.from && lesson.date <= TODAY && !lesson.cancelled && lesson.id % 9 === 4,
    );
    expect(commented.length).toBeGreaterThan(0);
    expect(remarks.map((remark) => remark.externalId).sort()).toEqual(
      commented.map((lesson) => (1_925_000_000_000_000_000n + BigInt(lesson.id)).toString()).sort(),
    );
    expect(remarks.every((remark) => remark.kind === 'NOTE' && remark.teacherName !== null && remark.subjectName)).toBe(
      true,
    );
    expect([...remarks].sort((a, b) => (a.date < b.date ? 1 : -1)).map((remark) => remark.date)).toEqual(
      remarks.map((remark) => remark.date),
    );
    const weeks = simulator.requests.filter((request) => request.path.endsWith('/diary'));
    expect(weeks.map((request) => request.query.id)).toEqual([
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
  });
});
