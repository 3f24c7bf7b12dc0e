import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createDnevnikAdapter } from '../../../adapters/dnevnik/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { NoticeListRequest, ProviderMessaging } from '../../../src/domain/messaging.js';
import type { ProviderRefusedError } from '../../../src/errors/gateway-error.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';
import { GROUP, LESSON, OTHER_PERSON, PERSON, SCHOOL, studentRecord, TIME_ZONE, wire } from './fixtures.js';
import {
  mobileDiaryPayload,
  mobileLessonPayload,
  NOTICE,
  noticePayload,
  noticesPayload,
  OTHER_NOTICE,
} from './fixtures-mobile.js';

const BASE = 'https://api.dnevnik.test';
const TOKEN = 'dnevnik-access-token-msg-4d2c9e71';
const REFRESH = 'dnevnik-refresh-token-msg-8a13f0b2';
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
const account: ProviderAccount = {
  id: 'account-msg',
  provider: 'DNEVNIK',
  credentials: { accessToken: TOKEN, refreshToken: REFRESH },
};
const student = studentRecord();
const sibling = studentRecord({
  externalId: OTHER_PERSON.toString(),
  providerIds: { ...student.providerIds, personId: OTHER_PERSON.toString() },
  firstName: 'Илья',
});

const noticesPath = (person = PERSON) => `/mobile/v6.0/persons/${person}/schools/${SCHOOL}/notifications`;
const diaryPath = `/mobile/v6.0/persons/${PERSON}/schools/${SCHOOL}/groups/${GROUP}/diary`;
const noticeId = (notice = NOTICE, person = PERSON) => `${notice}:${person}:${SCHOOL}`;

function messaging(): ProviderMessaging {
  const adapter = createDnevnikAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    baseUrl: BASE,
    clientId: 'gateway-client',
    clientSecret: 'gateway-client-secret-msg',
    now: () => new Date('2025-09-17T09:00:00Z'),
  });
  return adapter.messaging!;
}

/** The app's routes get exactly what every other route gets: `Access-Token`, no bearer token. */
function api(path: string) {
  return nock(BASE, { badheaders: ['authorization'] })
    .get(path)
    .matchHeader('access-token', TOKEN)
    .matchHeader('accept', 'application/json');
}

function request(overrides: Partial<NoticeListRequest> = {}): NoticeListRequest {
  return { students: [student], unreadOnly: false, page: 1, pageSize: 20, timeZone: TIME_ZONE, ...overrides };
}

useStrictNock();

describe('Dnevnik.ru messaging: what the diary offers', () => {
  it('should read notices and remarks and offer no messages and no signatures', () => {
    expect(messaging().features).toEqual({
      readMessages: false,
      sendMessages: false,
      sendAttachments: false,
      maxTextLength: 0,
      readNotices: true,
      remarks: true,
      signatures: 'none',
    });
  });

  it('should refuse every message and signature call as not supported without calling the diary', async () => {
    const port = messaging();
    const week = '2025-09-15';
    const calls = [
      port.listMessages(
        account,
        { folder: 'INBOX', unreadOnly: false, page: 1, pageSize: 20, timeZone: TIME_ZONE },
        testScope(),
      ),
      port.openMessage(account, { externalId: '1', folder: 'INBOX', timeZone: TIME_ZONE, markRead: true }, testScope()),
      port.listRecipients(account, student, testScope()),
      port.sendMessage(account, { recipientIds: ['1'], subject: 'Тема', text: 'Текст', attachments: [] }, testScope()),
      port.replyToMessage(account, { messageExternalId: '1', text: 'Текст', attachments: [] }, testScope()),
      port.fetchWeekSignatures(account, student, { from: week, to: week }, testScope()),
      port.signWeek(account, student, week, testScope()),
    ];
    for (const call of calls) expect((await providerRejection(call, 'DNEVNIK')).code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });
});

describe('Dnevnik.ru messaging: notices', () => {
  it('should list the school board’s notices of the child from the app’s notifications route', async () => {
    api(noticesPath()).reply(200, wire(noticesPayload()), JSON_HEADERS);
    const page = await messaging().listNotices(account, request(), testScope());
    expect(page).toEqual({
      hasMore: false,
      notices: [
        {
          externalId: noticeId(),
          title: 'Родительское собрание',
          preview: 'Собрание в четверг в 18:00, кабинет 21.',
          author: 'Соколова Ирина Павловна',
          audience: null,
          publishedAt: '2025-09-16T10:30:00+03:00',
          validUntil: null,
          isRead: false,
          isImportant: false,
          studentExternalIds: [PERSON.toString()],
        },
      ],
    });
  });

  it('should merge the children’s lists: one notice for both, read when either list says so', async () => {
    api(noticesPath()).reply(200, wire(noticesPayload([noticePayload()])), JSON_HEADERS);
    api(noticesPath(OTHER_PERSON)).reply(
      200,
      wire(
        noticesPayload([
          noticePayload({ isReaded: true }),
          noticePayload({ id: OTHER_NOTICE, createdDateTime: '2025-09-17T08:00:00' }),
        ]),
      ),
      JSON_HEADERS,
    );
    const page = await messaging().listNotices(
      account,
      request({ students: [student, sibling, student] }),
      testScope(),
    );
    expect(page.notices.map((notice) => [notice.externalId, notice.isRead, notice.studentExternalIds])).toEqual([
      [noticeId(OTHER_NOTICE, OTHER_PERSON), false, [OTHER_PERSON.toString()]],
      [noticeId(), true, [PERSON.toString(), OTHER_PERSON.toString()]],
    ]);
  });

  it('should page the list itself and keep to unread notices when asked', async () => {
    const posts = [
      noticePayload({ id: OTHER_NOTICE, createdDateTime: '2025-09-17T08:00:00+03:00', isReaded: true }),
      noticePayload(),
    ];
    api(noticesPath())
      .times(3)
      .reply(200, wire(noticesPayload(posts)), JSON_HEADERS);
    const first = await messaging().listNotices(account, request({ pageSize: 1 }), testScope());
    expect([first.notices.map((notice) => notice.externalId), first.hasMore]).toEqual([[noticeId(OTHER_NOTICE)], true]);
    const second = await messaging().listNotices(account, request({ pageSize: 1, page: 2 }), testScope());
    expect([second.notices.map((notice) => notice.externalId), second.hasMore]).toEqual([[noticeId()], false]);
    const unread = await messaging().listNotices(account, request({ unreadOnly: true }), testScope());
    expect(unread.notices.map((notice) => notice.externalId)).toEqual([noticeId()]);
  });

  it('should open a notice with its whole text and attachments, and mark nothing read', async () => {
    api(noticesPath()).twice().reply(200, wire(noticesPayload()), JSON_HEADERS);
    for (const markRead of [true, false]) {
      const notice = await messaging().openNotice(
        account,
        { externalId: noticeId(), timeZone: TIME_ZONE, markRead },
        testScope(),
      );
      expect(notice).toMatchObject({
        externalId: noticeId(),
        text: 'Собрание в четверг в 18:00,\nкабинет 21.',
        isRead: false,
        attachments: [{ title: 'Повестка.pdf', url: 'https://static.dnevnik.test/files/55120/povestka.pdf' }],
      });
    }
  });

  it('should refuse a notice that is gone, and an id it never made without asking the diary', async () => {
    api(noticesPath()).reply(200, wire(noticesPayload([])), JSON_HEADERS);
    const gone = await providerRejection(
      messaging().openNotice(account, { externalId: noticeId(), timeZone: TIME_ZONE, markRead: true }, testScope()),
      'DNEVNIK',
    );
    expect([gone.code, (gone as ProviderRefusedError).reason]).toEqual(['PROVIDER_REFUSED', 'MESSAGE_NOT_FOUND']);
    for (const externalId of ['', `${NOTICE}`, `${NOTICE}:${PERSON}:${SCHOOL}/../x`, 'e.a b:1:2']) {
      const refused = await providerRejection(
        messaging().openNotice(account, { externalId, timeZone: TIME_ZONE, markRead: true }, testScope()),
      );
      expect(refused.code).toBe('PROVIDER_REFUSED');
    }
  });

  it('should read the instants each client types: epoch seconds, naive school time, ISO with an offset', async () => {
    const posts = [
      noticePayload({ id: 1n, createdDateTime: '1758007800' }),
      noticePayload({ id: 2n, createdDateTime: '2025-09-15T09:00:00' }),
      noticePayload({ id: 3n, createdDateTime: '2025-09-14T21:00:00Z' }),
      noticePayload({ id: 4n, createdDateTime: 'вчера' }),
      noticePayload({ id: null, eventKey: 'board_only_key' }),
    ];
    api(noticesPath()).reply(200, wire(noticesPayload(posts)), JSON_HEADERS);
    const page = await messaging().listNotices(account, request(), testScope());
    expect(page.notices.map((notice) => [notice.externalId, notice.publishedAt])).toEqual([
      [noticeId('e.board_only_key' as unknown as bigint), '2025-09-16T10:30:00+03:00'],
      [noticeId(1n), '2025-09-16T10:30:00+03:00'],
      [noticeId(2n), '2025-09-15T09:00:00+03:00'],
      [noticeId(3n), '2025-09-15T00:00:00+03:00'],
    ]);
  });

  it('should leave out what drifted in a notice, report it, and serve the rest', async () => {
    const posts = [
      noticePayload(),
      { ...noticePayload({ id: OTHER_NOTICE }), isReaded: 'да' },
      { ...noticePayload({ id: 3n }), files: 'нет' },
      'не объявление',
    ];
    api(noticesPath()).reply(200, wire({ unreadCount: 2, postList: posts }), JSON_HEADERS);
    const reported = new DriftCollector();
    const page = await messaging().listNotices(account, request(), scopeReportingTo(testScope(), reported));
    expect(page.notices.map((notice) => [notice.externalId, notice.isRead])).toEqual([
      [noticeId(OTHER_NOTICE), null],
      [noticeId(), false],
      [noticeId(3n), false],
    ]);
    expect(reported.list().map((drift) => [drift.route, drift.schemaPath, drift.dropped])).toEqual([
      ['schoolNotices', 'postList[].isReaded', 1],
      ['schoolNotices', 'postList[].files', 1],
      ['schoolNotices', 'postList[]', 1],
    ]);
  });

  it('should read a refused token on the app’s route as the feature closed, without a refresh', async () => {
    for (const status of [401, 403]) {
      api(noticesPath()).reply(status, '', JSON_HEADERS);
      const error = await providerRejection(messaging().listNotices(account, request(), testScope()), 'DNEVNIK', [
        TOKEN,
      ]);
      expect([error.code, error.upstreamStatus]).toEqual(['NOT_SUPPORTED_BY_PROVIDER', status]);
    }
    api(noticesPath()).reply(200, wire({ type: 'tokenRequired', description: 'Требуется токен' }), JSON_HEADERS);
    const carried = await providerRejection(messaging().listNotices(account, request(), testScope()));
    expect(carried.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });

  it('should map the diary’s failures on the app’s route as on any other', async () => {
    api(noticesPath()).reply(500, wire({ type: 'apiServerError', description: 'Ошибка' }), JSON_HEADERS);
    expect((await providerRejection(messaging().listNotices(account, request(), testScope()))).code).toBe(
      'PROVIDER_UNAVAILABLE',
    );
    api(noticesPath()).reply(550, '<!DOCTYPE html><html></html>', { 'Content-Type': 'text/html' });
    expect((await providerRejection(messaging().listNotices(account, request(), testScope()))).code).toBe(
      'PROVIDER_UNAVAILABLE',
    );
    api(noticesPath()).reply(200, '{"postList": [', JSON_HEADERS);
    expect((await providerRejection(messaging().listNotices(account, request(), testScope()))).code).toBe(
      'PROVIDER_BAD_RESPONSE',
    );
  });
});

describe('Dnevnik.ru messaging: remarks', () => {
  const week = { from: '2025-09-15', to: '2025-09-21' };

  it('should read the teacher’s lesson comments of a week from the app’s diary, asked for the week after the Monday before', async () => {
    api(diaryPath)
      .query({ id: '2025-09-08', loadType: 'Future' })
      .reply(
        200,
        wire(mobileDiaryPayload('2025-09-15', [mobileLessonPayload(), mobileLessonPayload({ id: 7n, comment: null })])),
        JSON_HEADERS,
      );
    const remarks = await messaging().fetchRemarks(account, student, week, testScope());
    expect(remarks).toEqual([
      {
        externalId: LESSON.toString(),
        date: '2025-09-15',
        kind: 'NOTE',
        text: 'Не сдал тетрадь на проверку.',
        subjectName: 'Алгебра',
        teacherName: 'Романова Екатерина Игоревна',
      },
    ]);
  });

  it('should read each week the range touches, keep to the range, once per lesson, newest first', async () => {
    const range = { from: '2025-09-17', to: '2025-09-23' };
    const late = mobileLessonPayload({ id: 8n, comment: { text: 'Опоздал на урок.', author: null } });
    api(diaryPath)
      .query({ id: '2025-09-08', loadType: 'Future' })
      .reply(200, wire(mobileDiaryPayload('2025-09-15', [mobileLessonPayload()])), JSON_HEADERS);
    api(diaryPath)
      .query({ id: '2025-09-15', loadType: 'Future' })
      .reply(
        200,
        wire({
          weeks: [
            ...mobileDiaryPayload('2025-09-22', [late]).weeks!,
            ...mobileDiaryPayload('2025-09-17', [mobileLessonPayload({ id: 9n })]).weeks!,
          ],
        }),
        JSON_HEADERS,
      );
    const remarks = await messaging().fetchRemarks(account, student, range, testScope());
    expect(remarks.map((remark) => [remark.externalId, remark.date, remark.teacherName])).toEqual([
      ['8', '2025-09-22', 'Романова Екатерина Игоревна'],
      ['9', '2025-09-17', 'Романова Екатерина Игоревна'],
    ]);
  });

  it('should refuse a range it will not read', async () => {
    await badUserInput(
      messaging().fetchRemarks(account, student, { from: '2025-09-21', to: '2025-09-15' }, testScope()),
      'to',
    );
    await badUserInput(
      messaging().fetchRemarks(account, student, { from: '2024-01-01', to: '2025-09-15' }, testScope()),
      'to',
    );
  });
});
