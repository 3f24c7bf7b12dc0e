import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { NoticeListRequest, ProviderMessaging } from '../../../src/domain/messaging.js';
import type { SchemaDrift } from '../../../src/domain/model.js';
import { ProviderRefusedError } from '../../../src/errors/gateway-error.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';
import { meshStudent, PROFILE_ID, STUDENT_ID, TIME_ZONE } from './fixtures.js';
import { awareJournal, feedItem } from './fixtures-messaging.js';

// nock 14 intercepts only the global fetch, hence the fetch transport (production uses undici's request).
const SCHOOL = 'https://school.mesh.test';
const ACL = 'https://acl.mesh.test';
const TOKEN = 'mesh-access-token-5d2e8b71';
const FEED = '/api/instantmessages/v1/feed';
const AWARE = '/api/ej/core/family/v1/aware_journals';

const account: ProviderAccount = { id: 'account-1', provider: 'MESH', credentials: { token: TOKEN } };
const student = meshStudent();

function messagingOf(onSchemaDrift?: (drift: SchemaDrift) => void): ProviderMessaging {
  const adapter = createMeshAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL },
    ...(onSchemaDrift ? { onSchemaDrift } : {}),
  });
  return adapter.messaging!;
}

function mockProfileInfo() {
  return nock(ACL)
    .get('/acl/api/users/profile_info')
    .matchHeader('auth-token', TOKEN)
    .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
}

/** A route of the app's common headers: the bearer token alone, never also as `Auth-Token`. */
function mockApp(method: 'get' | 'post', path: string, body?: nock.RequestBodyMatcher) {
  return nock(SCHOOL, { badheaders: ['auth-token'] })
    [method](path, body)
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .matchHeader('profile-id', String(PROFILE_ID))
    .matchHeader('x-mes-subsystem', 'familymp')
    .matchHeader('client-type', 'diary-mobile')
    .matchHeader('accept-language', 'ru')
    .matchHeader('accept', 'application/json');
}

function noticeRequest(overrides: Partial<NoticeListRequest> = {}): NoticeListRequest {
  return { students: [student], unreadOnly: false, page: 1, pageSize: 20, timeZone: TIME_ZONE, ...overrides };
}

useStrictNock();

describe('МЭШ messaging: features', () => {
  it('should read notices and sign diaries, and say it has no messages or remarks', () => {
    expect(messagingOf().features).toEqual({
      readMessages: false,
      sendMessages: false,
      sendAttachments: false,
      maxTextLength: 0,
      readNotices: true,
      remarks: false,
      signatures: 'read-write',
    });
  });

  it('should refuse every message method and remarks without calling МЭШ', async () => {
    const messaging = messagingOf();
    const calls = [
      messaging.listMessages(
        account,
        { folder: 'INBOX', unreadOnly: false, page: 1, pageSize: 20, timeZone: TIME_ZONE },
        testScope(),
      ),
      messaging.openMessage(
        account,
        { externalId: '1', folder: 'INBOX', timeZone: TIME_ZONE, markRead: false },
        testScope(),
      ),
      messaging.listRecipients(account, student, testScope()),
      messaging.sendMessage(
        account,
        { recipientIds: ['1'], subject: 'Тема', text: 'Текст', attachments: [] },
        testScope(),
      ),
      messaging.replyToMessage(account, { messageExternalId: '1', text: 'Текст', attachments: [] }, testScope()),
      messaging.fetchRemarks(account, student, { from: '2025-09-01', to: '2025-09-30' }, testScope()),
    ];
    for (const call of calls) expect((await providerRejection(call, 'MESH')).code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });
});

describe('МЭШ messaging: notices', () => {
  it('should read one feed page with the app’s headers and make each item a plain-text notice', async () => {
    mockProfileInfo();
    mockApp('get', FEED)
      .query({ page: '2', npp: '3' })
      .reply(200, {
        data: [
          feedItem(),
          feedItem({
            id: 42,
            title: 'Новости школы',
            description: 'День открытых дверей &laquo;Школы № 1&raquo; &#8212; 29 ноября',
            created_at: null,
            timestamp: 1_763_200_000_000,
            is_new: false,
            is_important: null,
            child_id: null,
            context: null,
          }),
        ],
      });
    const page = await messagingOf().listNotices(account, noticeRequest({ page: 2, pageSize: 3 }), testScope());
    expect(page).toEqual({
      hasMore: false,
      notices: [
        {
          externalId: '9f1c2a7e-0001',
          title: 'Родительское собрание',
          preview: 'Собрание 27 ноября в 18:00. Кабинет 204.',
          author: 'Школа',
          audience: null,
          publishedAt: '2025-11-20T15:00:00+03:00',
          validUntil: null,
          isRead: false,
          isImportant: true,
          studentExternalIds: [String(STUDENT_ID)],
        },
        {
          externalId: '42',
          title: 'Новости школы',
          preview: 'День открытых дверей «Школы № 1» — 29 ноября',
          author: null,
          audience: null,
          publishedAt: '2025-11-15T12:46:40+03:00',
          validUntil: null,
          isRead: true,
          isImportant: false,
          studentExternalIds: null,
        },
      ],
    });
  });

  it('should say more may follow after a full page, and keep only unread notices when asked', async () => {
    mockProfileInfo();
    mockApp('get', FEED)
      .query({ page: '1', npp: '2' })
      .reply(200, { data: [feedItem({ id: 'a', is_new: false }), feedItem({ id: 'b' })] });
    const page = await messagingOf().listNotices(
      account,
      noticeRequest({ pageSize: 2, unreadOnly: true }),
      testScope(),
    );
    expect(page.hasMore).toBe(true);
    expect(page.notices.map((notice) => notice.externalId)).toEqual(['b']);
  });

  it('should read a timestamp in seconds or milliseconds and a created_at with an offset, newest first', async () => {
    mockProfileInfo();
    mockApp('get', FEED)
      .query(true)
      .reply(200, {
        data: [
          feedItem({ id: 'seconds', created_at: undefined, timestamp: 1_763_640_000 }),
          feedItem({ id: 'offset', created_at: '2025-11-21T09:00:00Z' }),
          feedItem({ id: 'millis', created_at: 'когда-то', timestamp: 1_763_553_600_000 }),
        ],
      });
    const { notices } = await messagingOf().listNotices(account, noticeRequest(), testScope());
    expect(notices.map((notice) => [notice.externalId, notice.publishedAt])).toEqual([
      ['offset', '2025-11-21T12:00:00+03:00'],
      ['seconds', '2025-11-20T15:00:00+03:00'],
      ['millis', '2025-11-19T15:00:00+03:00'],
    ]);
  });

  it('should leave out an item that says not when it was posted and report it, never its text', async () => {
    mockProfileInfo();
    mockApp('get', FEED)
      .query(true)
      .reply(200, {
        data: [feedItem({ id: 'kept' }), feedItem({ id: 'lost', created_at: null, timestamp: null, title: 'Секрет' })],
      });
    const counted: SchemaDrift[] = [];
    const reported = new DriftCollector();
    const scope = scopeReportingTo(testScope(), reported);
    const { notices } = await messagingOf((drift) => counted.push(drift)).listNotices(account, noticeRequest(), scope);
    expect(notices.map((notice) => notice.externalId)).toEqual(['kept']);
    const drift = [{ provider: 'MESH', route: 'instantmessages', schemaPath: 'data[]', dropped: 1 }];
    expect(reported.list()).toEqual(drift);
    expect(counted).toEqual(drift);
    expect(JSON.stringify(reported.list())).not.toContain('Секрет');
  });

  it('should refuse an answer without its list of items as unreadable', async () => {
    mockProfileInfo();
    mockApp('get', FEED).query(true).reply(200, { items: [] });
    const error = await providerRejection(messagingOf().listNotices(account, noticeRequest(), testScope()), 'MESH');
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.message).toContain('instantmessages');
  });

  it('should refuse a page size or page out of bounds before calling МЭШ', async () => {
    const messaging = messagingOf();
    await badUserInput(messaging.listNotices(account, noticeRequest({ pageSize: 101 }), testScope()), 'first');
    await badUserInput(messaging.listNotices(account, noticeRequest({ pageSize: 0 }), testScope()), 'first');
    await badUserInput(messaging.listNotices(account, noticeRequest({ page: 0 }), testScope()), 'after');
    await badUserInput(messaging.listNotices(account, noticeRequest({ page: 1.5 }), testScope()), 'after');
  });

  it('should map a refused token and a maintenance page as on every МЭШ route', async () => {
    mockProfileInfo();
    mockApp('get', FEED).query(true).reply(401, '');
    const refused = await providerRejection(messagingOf().listNotices(account, noticeRequest(), testScope()), 'MESH', [
      TOKEN,
    ]);
    expect(refused.code).toBe('PROVIDER_AUTH_FAILED');

    mockProfileInfo();
    mockApp('get', FEED).query(true).reply(503, '<html><body>Технические работы</body></html>', {
      'content-type': 'text/html',
    });
    const down = await providerRejection(messagingOf().listNotices(account, noticeRequest(), testScope()), 'MESH');
    expect(down.code).toBe('PROVIDER_UNAVAILABLE');
  });

  it('should open a notice found on a later feed page with its whole text, reading only', async () => {
    const long = `${'Очень длинный текст объявления. '.repeat(20)}Конец.`;
    mockProfileInfo();
    mockApp('get', FEED)
      .query({ page: '1', npp: '50' })
      .reply(200, { data: Array.from({ length: 50 }, (_, index) => feedItem({ id: `other-${index}` })) });
    mockApp('get', FEED)
      .query({ page: '2', npp: '50' })
      .reply(200, { data: [feedItem({ id: 'wanted', description: long })] });
    const notice = await messagingOf().openNotice(
      account,
      { externalId: 'wanted', timeZone: TIME_ZONE, markRead: false },
      testScope(),
    );
    expect(notice.text).toBe(long.trim());
    expect(notice.preview.length).toBeLessThanOrEqual(201);
    expect(notice.preview.endsWith('…')).toBe(true);
    expect(notice.attachments).toEqual([]);
    expect(notice.isRead).toBe(false);
  });

  it('should answer MESSAGE_NOT_FOUND once the feed ends without the notice, and for an id no notice has', async () => {
    mockProfileInfo();
    mockApp('get', FEED)
      .query({ page: '1', npp: '50' })
      .reply(200, { data: [feedItem({ id: 'other' })] });
    const messaging = messagingOf();
    const missing = await providerRejection(
      messaging.openNotice(account, { externalId: 'gone', timeZone: TIME_ZONE, markRead: true }, testScope()),
      'MESH',
    );
    expect(missing).toBeInstanceOf(ProviderRefusedError);
    expect(missing.toExtensions()).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'MESSAGE_NOT_FOUND' });

    const absurd = messaging.openNotice(
      account,
      { externalId: 'x'.repeat(129), timeZone: TIME_ZONE, markRead: false },
      testScope(),
    );
    expect((await providerRejection(absurd, 'MESH')).code).toBe('PROVIDER_REFUSED');
  });

  it('should look no further than four pages of the feed', async () => {
    mockProfileInfo();
    for (const page of ['1', '2', '3', '4']) {
      mockApp('get', FEED)
        .query({ page, npp: '50' })
        .reply(200, { data: Array.from({ length: 50 }, (_, index) => feedItem({ id: `p${page}-${index}` })) });
    }
    const opening = messagingOf().openNotice(
      account,
      { externalId: 'older', timeZone: TIME_ZONE, markRead: false },
      testScope(),
    );
    expect((await providerRejection(opening, 'MESH')).code).toBe('PROVIDER_REFUSED');
  });
});

describe('МЭШ messaging: diary signatures', () => {
  it('should read every week of the range, signed or not, from the Monday of the first to the Sunday of the last', async () => {
    mockProfileInfo();
    mockApp('get', AWARE)
      .query({ student_profile_ids: String(STUDENT_ID), week_from: '2025-09-01', week_to: '2025-09-21' })
      .reply(200, [
        awareJournal({ week: '2025-09-08', created_at: '2025-09-14 19:30:00' }),
        awareJournal({ week: '03.09.2025', created_at: null, updated_at: '2025-09-07T20:00:00+03:00' }),
        awareJournal({ week: '2025-09-15', student_profile_id: 999 }),
      ]);
    const weeks = await messagingOf().fetchWeekSignatures(
      account,
      student,
      { from: '2025-09-03', to: '2025-09-16' },
      testScope(),
    );
    expect(weeks).toEqual([
      { weekStart: '2025-09-01', signed: true, signedAt: '2025-09-07T20:00:00+03:00' },
      { weekStart: '2025-09-08', signed: true, signedAt: '2025-09-14T19:30:00+03:00' },
      { weekStart: '2025-09-15', signed: false, signedAt: null },
    ]);
  });

  it('should refuse a range of more than 28 weeks, or backwards, before calling МЭШ', async () => {
    const messaging = messagingOf();
    await badUserInput(
      messaging.fetchWeekSignatures(account, student, { from: '2025-01-06', to: '2025-07-21' }, testScope()),
      'to',
    );
    await badUserInput(
      messaging.fetchWeekSignatures(account, student, { from: '2025-09-10', to: '2025-09-09' }, testScope()),
      'to',
    );
  });

  it('should sign the Monday of the given week with the parent and child ids, once МЭШ says it is unsigned', async () => {
    mockProfileInfo();
    mockApp('get', AWARE)
      .query({ student_profile_ids: String(STUDENT_ID), week_from: '2025-09-15', week_to: '2025-09-21' })
      .reply(200, []);
    mockApp('post', AWARE, { parent_profile_id: PROFILE_ID, student_profile_id: STUDENT_ID, week: '2025-09-15' })
      .matchHeader('content-type', 'application/json')
      .reply(200, { id: 7002 });
    await expect(messagingOf().signWeek(account, student, '2025-09-17', testScope())).resolves.toBeUndefined();
  });

  it('should not sign a week МЭШ already shows signed', async () => {
    mockProfileInfo();
    mockApp('get', AWARE)
      .query(true)
      .reply(200, [awareJournal({ week: '2025-09-15' })]);
    await messagingOf().signWeek(account, student, '2025-09-15', testScope());
  });

  it('should read the week afresh before signing, even after the same request read it', async () => {
    mockProfileInfo();
    const range = { student_profile_ids: String(STUDENT_ID), week_from: '2025-09-15', week_to: '2025-09-21' };
    mockApp('get', AWARE).query(range).times(2).reply(200, []);
    mockApp('post', AWARE).reply(204);
    const scope = testScope();
    const messaging = messagingOf();
    await messaging.fetchWeekSignatures(account, student, { from: '2025-09-15', to: '2025-09-15' }, scope);
    await messaging.signWeek(account, student, '2025-09-15', scope);
  });

  it('should take МЭШ’s refusal of a week as PROVIDER_REFUSED, and a refused token or an HTML page as before', async () => {
    const sign = () => messagingOf().signWeek(account, student, '2025-09-22', testScope());
    const refusals: [number, string | object, string][] = [
      [400, { message: 'Неделя ещё не началась' }, 'PROVIDER_REFUSED'],
      [422, { message: 'нельзя' }, 'PROVIDER_REFUSED'],
      [403, { message: 'Forbidden' }, 'PROVIDER_AUTH_FAILED'],
      [200, '<html><body>Вход</body></html>', 'PROVIDER_BAD_RESPONSE'],
      [500, { message: 'Internal Server Error' }, 'PROVIDER_UNAVAILABLE'],
    ];
    for (const [status, body, code] of refusals) {
      mockProfileInfo();
      mockApp('get', AWARE).query(true).reply(200, []);
      mockApp('post', AWARE).reply(status, body, typeof body === 'string' ? { 'content-type': 'text/html' } : {});
      const error = await providerRejection(sign(), 'MESH', [TOKEN]);
      expect(error.code).toBe(code);
      if (code === 'PROVIDER_REFUSED') expect(error.toExtensions()).toMatchObject({ reason: 'OTHER' });
    }
  });

  it('should refuse a week that is no date before calling МЭШ', async () => {
    await badUserInput(messagingOf().signWeek(account, student, '15.09.2025', testScope()), 'week');
  });
});
