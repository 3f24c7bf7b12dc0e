/**
 * The Eljur adapter's messaging, request by request under nock: the exact queries and form bodies it sends,
 * how it reads Eljur's mail, address book, notices and `parent_signed`, which of Eljur's refusals become
 * `PROVIDER_REFUSED` with which reason, and that it never opens an unread message it must not mark read.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createEljurAdapter } from '../../../adapters/eljur/index.js';
import type { UpstreamScope } from '../../../src/domain/adapter.js';
import type { ProviderMessaging } from '../../../src/domain/messaging.js';
import type { SchemaDrift, SideAnswerFailure } from '../../../src/domain/model.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { useStrictNock } from '../../support/nock.js';
import { providerRejection } from '../../support/rejection.js';
import {
  adapterOptions as options,
  BASE,
  DEVKEY,
  diaryResult,
  envelope,
  failureEnvelope,
  PARENT_ID,
  rulesPayload,
  STUDENT_ID,
  TIME_ZONE,
  VENDOR,
  dataMock,
  FIXTURE_STUDENT,
  fixtureAccounts,
} from './fixtures.js';
import {
  CLASS_TEACHER_ID,
  DIRECTOR_ID,
  inboxItem,
  messageInfoResult,
  messagesResult,
  noticeItem,
  noticesResult,
  receiversResult,
  sentItem,
  TEACHER,
  TEACHER_ID,
} from './mail-fixtures.js';

const TOKEN = 'eljur-token-mail-51ac';
const NEW_TOKEN = 'eljur-token-mail-fresh-9e0d';
const LOGIN = 'ivanova.anna';
const PASSWORD = 'пароль-почты-7';
const { tokenAccount, passwordAccount } = fixtureAccounts('account-mail', TOKEN, LOGIN, PASSWORD);
const student = FIXTURE_STUDENT;
const inbox = { folder: 'INBOX', unreadOnly: false, page: 1, pageSize: 20, timeZone: TIME_ZONE } as const;
const noticeRequest = { students: [student], unreadOnly: false, page: 1, pageSize: 20, timeZone: TIME_ZONE };

const messaging = (): ProviderMessaging => createEljurAdapter(options()).messaging!;

/** Opens a message of the token account. */
const openMessage = (externalId: string, folder: 'INBOX' | 'SENT', markRead: boolean) =>
  messaging().openMessage(tokenAccount, { externalId, folder, timeZone: TIME_ZONE, markRead }, testScope());

/** A data method with exactly the query every call carries, plus its own parameters. */
const mockData = dataMock(TOKEN);

/** A POST with the four parameters in the query and exactly `form` in the body. */
function mockPost(method: string, form: Record<string, string>, token = TOKEN) {
  return nock(BASE)
    .post(`/apiv3/${method}`, (body: Record<string, string>) => JSON.stringify(body) === JSON.stringify(form))
    .query({ devkey: DEVKEY, vendor: VENDOR, out_format: 'json', auth_token: token })
    .matchHeader('content-type', 'application/x-www-form-urlencoded');
}

const mockBook = (token = TOKEN) => mockData('getmessagereceivers', {}, token).reply(200, envelope(receiversResult()));

function reporting(): { scope: UpstreamScope; drifts: SchemaDrift[]; failures: SideAnswerFailure[] } {
  const drifts: SchemaDrift[] = [];
  const failures: SideAnswerFailure[] = [];
  const base = testScope();
  return {
    drifts,
    failures,
    scope: {
      once: (key, load) => base.once(key, load),
      reportDrift: (drift) => void drifts.push(drift),
      reportSideFailure: (failure) => void failures.push(failure),
    },
  };
}

useStrictNock();

describe('Eljur messaging: mailbox pages', () => {
  it('should ask getmessages for the folder’s page and read it in the school’s zone, roles from the address book', async () => {
    mockData('getmessages', { folder: 'inbox', page: '2', limit: '10' }).reply(
      200,
      envelope(
        messagesResult([inboxItem(), inboxItem({ id: '502', unread: false, user_from: TEACHER, with_files: 1 })], '25'),
      ),
    );
    mockBook();
    const page = await messaging().listMessages(tokenAccount, { ...inbox, page: 2, pageSize: 10 }, testScope());
    expect(page.hasMore).toBe(true);
    expect(page.messages).toEqual([
      {
        externalId: '501',
        folder: 'INBOX',
        threadExternalId: null,
        sentAt: '2025-09-16T18:05:00+04:00',
        subject: 'Родительское собрание',
        preview: 'Уважаемые родители! Собрание в четверг',
        sender: { externalId: CLASS_TEACHER_ID, name: 'Петров Пётр Петрович', role: 'CLASS_TEACHER' },
        recipients: [],
        isRead: false,
        hasAttachments: false,
      },
      expect.objectContaining({
        externalId: '502',
        isRead: true,
        hasAttachments: true,
        sender: { externalId: TEACHER_ID, name: 'Смирнова Ольга Ивановна', role: 'TEACHER' },
      }),
    ]);
  });

  it('should send unreadonly=true only when asked, and take the last page from total', async () => {
    mockData('getmessages', { folder: 'inbox', page: '3', limit: '10', unreadonly: 'true' }).reply(
      200,
      envelope(messagesResult([inboxItem()], 21)),
    );
    mockBook();
    const page = await messaging().listMessages(
      tokenAccount,
      { ...inbox, unreadOnly: true, page: 3, pageSize: 10 },
      testScope(),
    );
    expect([page.messages.length, page.hasMore]).toEqual([1, false]);
  });

  it('should read messages keyed as a PHP map, leave out one whose date is unreadable, and say so', async () => {
    const messages = { '0': inboxItem(), '1': inboxItem({ id: 503, date: '16.09.2025 18:05' }) };
    mockData('getmessages', { folder: 'inbox', page: '1', limit: '20' }).reply(200, envelope({ messages, count: 2 }));
    mockBook();
    const { scope, drifts } = reporting();
    const page = await messaging().listMessages(tokenAccount, inbox, scope);
    expect(page.messages.map((message) => message.externalId)).toEqual(['501']);
    // Without a total, a page shorter than asked is the last.
    expect(page.hasMore).toBe(false);
    expect(drifts).toEqual([expect.objectContaining({ route: 'getmessages', schemaPath: 'result.messages{}.date' })]);
  });

  it('should list SENT from the account’s holder, read, to the people named', async () => {
    mockData('getmessages', { folder: 'sent', page: '1', limit: '20' }).reply(
      200,
      envelope(messagesResult([sentItem()])),
    );
    mockBook();
    mockData('getrules').reply(200, envelope(rulesPayload()));
    const page = await messaging().listMessages(tokenAccount, { ...inbox, folder: 'SENT' }, testScope());
    expect(page.messages[0]).toMatchObject({
      folder: 'SENT',
      isRead: true,
      sender: { externalId: PARENT_ID, name: 'Иванова Анна Сергеевна', role: 'PARENT' },
      recipients: [{ externalId: CLASS_TEACHER_ID, name: 'Петров Пётр Петрович', role: 'CLASS_TEACHER' }],
    });
  });

  it('should serve the mail without roles when the address book fails, saying what is missing', async () => {
    mockData('getmessages', { folder: 'inbox', page: '1', limit: '20' }).reply(
      200,
      envelope(messagesResult([inboxItem()])),
    );
    mockData('getmessagereceivers').reply(500, failureEnvelope(500, 'внутренняя ошибка'));
    const { scope, failures } = reporting();
    const page = await messaging().listMessages(tokenAccount, inbox, scope);
    expect(page.messages[0]!.sender).toEqual({
      externalId: CLASS_TEACHER_ID,
      name: 'Петров Пётр Петрович',
      role: null,
    });
    expect(failures).toEqual([
      {
        provider: 'ELJUR',
        route: 'getmessagereceivers',
        code: 'PROVIDER_UNAVAILABLE',
        missing: ['MessagePerson.role'],
      },
    ]);
  });

  it('should fail the list when getmessages fails', async () => {
    mockData('getmessages', { folder: 'inbox', page: '1', limit: '20' }).reply(
      503,
      failureEnvelope(503, 'обслуживание'),
    );
    mockBook();
    expect(await providerRejection(messaging().listMessages(tokenAccount, inbox, testScope()))).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      upstreamStatus: 503,
    });
  });
});

describe('Eljur messaging: opening a message', () => {
  it('should read getmessageinfo whole: HTML as plain text, every recipient, files as attachments', async () => {
    mockData('getmessageinfo', { id: '501' }).reply(200, envelope(messageInfoResult()));
    mockBook();
    const opened = await openMessage('501', 'INBOX', true);
    expect(opened).toMatchObject({
      externalId: '501',
      isRead: true,
      text: 'Уважаемые родители!\n\nСобрание в четверг в 18:00.\nКабинет 204 & актовый зал.',
      recipients: [{ externalId: PARENT_ID, name: 'Иванова Анна Сергеевна', role: null }],
      attachments: [{ title: 'Повестка.pdf', url: 'https://eljur.test/files/agenda.pdf' }],
      hasAttachments: true,
      sender: { role: 'CLASS_TEACHER' },
    });
  });

  it('should read recipients from users_to when a host names them so', async () => {
    const result = messageInfoResult({ user_to: undefined, users_to: [TEACHER], files: [] });
    mockData('getmessageinfo', { id: '501' }).reply(200, envelope(result));
    mockBook();
    const opened = await openMessage('501', 'INBOX', true);
    expect(opened.recipients).toEqual([{ externalId: TEACHER_ID, name: 'Смирнова Ольга Ивановна', role: 'TEACHER' }]);
  });

  it('should not open an unread message without marking it: no getmessageinfo, NOT_SUPPORTED_BY_PROVIDER', async () => {
    mockData('getmessages', { folder: 'inbox', page: '1', limit: '100', unreadonly: 'true' }).reply(
      200,
      envelope(messagesResult([inboxItem({ id: 777 }), inboxItem()])),
    );
    const error = await providerRejection(openMessage('501', 'INBOX', false));
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });

  it('should open without marking a message Eljur’s unread pages do not list, looking through every page', async () => {
    const full = Array.from({ length: 100 }, (_, index) => inboxItem({ id: 1000 + index }));
    const unread = { folder: 'inbox', limit: '100', unreadonly: 'true' };
    mockData('getmessages', { ...unread, page: '1' }).reply(200, envelope(messagesResult(full, '130')));
    mockData('getmessages', { ...unread, page: '2' }).reply(200, envelope(messagesResult(full.slice(0, 30), '130')));
    mockData('getmessageinfo', { id: '501' }).reply(200, envelope(messageInfoResult()));
    mockBook();
    const opened = await openMessage('501', 'INBOX', false);
    expect(opened.externalId).toBe('501');
  });

  it('should give up as unread after five pages of unread messages', async () => {
    const full = Array.from({ length: 100 }, (_, index) => inboxItem({ id: 1000 + index }));
    for (const page of ['1', '2', '3', '4', '5'])
      mockData('getmessages', { folder: 'inbox', limit: '100', unreadonly: 'true', page }).reply(
        200,
        envelope(messagesResult(full, '900')),
      );
    const error = await providerRejection(openMessage('501', 'INBOX', false));
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });

  it('should open a SENT message without looking for unread ones', async () => {
    mockData('getmessageinfo', { id: '601' }).reply(
      200,
      envelope(messageInfoResult({ id: 601, user_from: undefined })),
    );
    mockBook();
    mockData('getrules').reply(200, envelope(rulesPayload()));
    const opened = await openMessage('601', 'SENT', false);
    expect(opened).toMatchObject({ folder: 'SENT', sender: { externalId: PARENT_ID, role: 'PARENT' } });
  });

  it.each([
    [400, 'Сообщение не найдено'],
    [404, 'сообщение удалено'],
  ])('should answer MESSAGE_NOT_FOUND to %i «%s», quoting none of it', async (state, text) => {
    mockData('getmessageinfo', { id: '42' }).reply(state, failureEnvelope(state, text));
    mockBook();
    const error = await providerRejection(openMessage('42', 'INBOX', true));
    expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'MESSAGE_NOT_FOUND', upstreamStatus: state });
    expect(error.toExtensions()).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'MESSAGE_NOT_FOUND' });
    expect(error.message).not.toContain(text);
  });
});

describe('Eljur messaging: the address book', () => {
  it('should keep the subgroups of the child’s class, roles by group key, else by name', async () => {
    mockBook();
    const groups = await messaging().listRecipients(tokenAccount, { ...student, className: '7-б' }, testScope());
    expect(groups).toEqual([
      {
        name: 'Классные руководители',
        recipients: [
          {
            externalId: CLASS_TEACHER_ID,
            name: 'Петров Пётр Петрович',
            role: 'CLASS_TEACHER',
            description: 'Классный руководитель 7Б',
          },
        ],
      },
      {
        name: 'Учителя',
        recipients: [
          {
            externalId: CLASS_TEACHER_ID,
            name: 'Петров Пётр Петрович',
            role: 'TEACHER',
            description: 'Алгебра, Геометрия',
          },
          { externalId: TEACHER_ID, name: 'Смирнова Ольга Ивановна', role: 'TEACHER', description: 'Русский язык' },
        ],
      },
      {
        name: 'Администрация',
        recipients: [
          {
            externalId: DIRECTOR_ID,
            name: 'Голубева Елена Аркадьевна',
            role: 'ADMINISTRATION',
            description: 'Директор',
          },
        ],
      },
      {
        name: 'Педагоги дополнительного образования',
        recipients: [{ externalId: '4001', name: 'Орлов Иван Ильич', role: 'TEACHER', description: null }],
      },
      {
        name: 'Разное',
        recipients: [{ externalId: '4002', name: 'Зайцева Мария Львовна', role: null, description: null }],
      },
    ]);
  });

  it('should keep every subgroup when none is the child’s class', async () => {
    mockBook();
    const groups = await messaging().listRecipients(tokenAccount, { ...student, className: null }, testScope());
    expect(groups[1]!.recipients.map((recipient) => recipient.externalId)).toEqual([
      CLASS_TEACHER_ID,
      TEACHER_ID,
      '2009',
    ]);
  });
});

describe('Eljur messaging: sending', () => {
  const draft = {
    recipientIds: [CLASS_TEACHER_ID, TEACHER_ID],
    subject: 'Вопрос',
    text: 'Когда собрание?\nСпасибо.',
    attachments: [],
  };
  const form = { users_to: `${CLASS_TEACHER_ID},${TEACHER_ID}`, subject: 'Вопрос', text: 'Когда собрание?\nСпасибо.' };

  it('should POST sendmessage with the form body, credentials only in the query, and answer with no id', async () => {
    mockBook();
    mockPost('sendmessage', form).reply(200, envelope([]));
    const sent = await messaging().sendMessage(tokenAccount, draft, testScope());
    expect(sent).toEqual({
      externalId: null,
      recipients: [
        { externalId: CLASS_TEACHER_ID, name: 'Петров Пётр Петрович', role: 'CLASS_TEACHER' },
        { externalId: TEACHER_ID, name: 'Смирнова Ольга Ивановна', role: 'TEACHER' },
      ],
      sentAt: '2025-09-17T13:00:00+04:00',
    });
  });

  it.each([
    [400, 'Получатель не найден', 'RECIPIENT_NOT_ALLOWED'],
    [403, 'Вы не можете написать этому адресату', 'RECIPIENT_NOT_ALLOWED'],
    [400, 'Превышена максимальная длина сообщения', 'TEXT_TOO_LONG'],
    [400, 'Слишком много символов', 'TEXT_TOO_LONG'],
    [400, 'Недопустимый тип файла', 'ATTACHMENT_REFUSED'],
  ])(
    'should answer PROVIDER_REFUSED to %i «%s» (%s), sending once and quoting none of it',
    async (state, text, reason) => {
      mockBook();
      mockPost('sendmessage', form).reply(state, failureEnvelope(state, text));
      const error = await providerRejection(messaging().sendMessage(passwordAccount, draft, testScope()), 'ELJUR', [
        TOKEN,
        PASSWORD,
      ]);
      expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason, upstreamStatus: state });
      expect(error.message).not.toContain(text);
    },
  );

  it('should keep every other refusal as the adapter maps it (a 400 it cannot name: PROVIDER_BAD_RESPONSE)', async () => {
    mockBook();
    mockPost('sendmessage', form).reply(400, failureEnvelope(400, 'Неверный запрос'));
    expect((await providerRejection(messaging().sendMessage(tokenAccount, draft, testScope()))).code).toBe(
      'PROVIDER_BAD_RESPONSE',
    );
  });

  it('should sign in again once and send again when Eljur refuses the token (nothing was taken)', async () => {
    mockBook();
    mockPost('sendmessage', form).reply(403, failureEnvelope(403, 'недействительный токен авторизации'));
    nock(BASE)
      .post('/apiv3/auth', (body: Record<string, string>) => body.login === LOGIN && body.password === PASSWORD)
      .query({ devkey: DEVKEY, vendor: VENDOR, out_format: 'json' })
      .reply(200, envelope({ token: NEW_TOKEN, expires: '2025-12-16 10:00:00' }));
    mockPost('sendmessage', form, NEW_TOKEN).reply(200, envelope({}));
    const sent = await messaging().sendMessage(passwordAccount, draft, testScope());
    expect(sent.recipients).toHaveLength(2);
  });

  it('should send nothing to a recipient outside the address book, nor to an id with a comma in it', async () => {
    for (const recipientIds of [['9999'], [`${CLASS_TEACHER_ID},9999`]]) {
      mockBook();
      const error = await providerRejection(
        messaging().sendMessage(tokenAccount, { ...draft, recipientIds }, testScope()),
      );
      expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'RECIPIENT_NOT_ALLOWED' });
    }
  });

  it('should answer PROVIDER_UNAVAILABLE when Eljur fails while sending, having sent once', async () => {
    mockBook();
    mockPost('sendmessage', form).reply(500, failureEnvelope(500, 'внутренняя ошибка сервера'));
    expect(await providerRejection(messaging().sendMessage(tokenAccount, draft, testScope()))).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      upstreamStatus: 500,
    });
  });

  it('should POST sendreplymessage with replyto and text; a message gone is MESSAGE_NOT_FOUND', async () => {
    mockPost('sendreplymessage', { replyto: '501', text: 'Придём.' }).reply(200, envelope({}));
    const reply = await messaging().replyToMessage(
      tokenAccount,
      { messageExternalId: '501', text: 'Придём.', attachments: [] },
      testScope(),
    );
    expect(reply).toEqual({ externalId: null, recipients: [], sentAt: '2025-09-17T13:00:00+04:00' });
    mockPost('sendreplymessage', { replyto: '42', text: 'Ответ' }).reply(
      400,
      failureEnvelope(400, 'Сообщение не найдено'),
    );
    const error = await providerRejection(
      messaging().replyToMessage(
        tokenAccount,
        { messageExternalId: '42', text: 'Ответ', attachments: [] },
        testScope(),
      ),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'MESSAGE_NOT_FOUND' });
  });

  it('should not take «not found» for a missing message when sending a new one', async () => {
    mockBook();
    mockPost('sendmessage', form).reply(400, failureEnvelope(400, 'Тема не найдена'));
    expect((await providerRejection(messaging().sendMessage(tokenAccount, draft, testScope()))).code).toBe(
      'PROVIDER_BAD_RESPONSE',
    );
  });
});

describe('Eljur messaging: notices', () => {
  it('should read getboardnotices’ page: the day at the school’s midnight, audience and author as text', async () => {
    mockData('getboardnotices', { page: '1', limit: '20' }).reply(
      200,
      envelope(
        noticesResult(
          [noticeItem(), noticeItem({ id: 702, unread: false, date_actual_before: '', user_from_string: '' })],
          { total: 2, total_unread: 1 },
        ),
      ),
    );
    const page = await messaging().listNotices(tokenAccount, noticeRequest, testScope());
    expect(page).toEqual({
      hasMore: false,
      notices: [
        {
          externalId: '701',
          title: 'Осенний кросс',
          preview: 'Кросс в субботу',
          author: 'Голубева Е. А.',
          audience: 'Всей школе',
          publishedAt: '2025-09-15T00:00:00+04:00',
          validUntil: '2025-09-30',
          isRead: false,
          isImportant: false,
          studentExternalIds: null,
        },
        expect.objectContaining({
          externalId: '702',
          isRead: true,
          validUntil: null,
          author: 'Голубева Елена Аркадьевна',
        }),
      ],
    });
  });

  it('should leave read notices out of an unread-only page, with no more pages once none is unread', async () => {
    mockData('getboardnotices', { page: '1', limit: '1' }).reply(
      200,
      envelope(noticesResult([noticeItem({ unread: false })], { total: '5', total_unread: 0 })),
    );
    const page = await messaging().listNotices(
      tokenAccount,
      { ...noticeRequest, unreadOnly: true, pageSize: 1 },
      testScope(),
    );
    expect(page).toEqual({ notices: [], hasMore: false });
  });

  it('should open a notice without marking only once Eljur lists it as read', async () => {
    mockData('getboardnotices', { page: '1', limit: '50' }).reply(
      200,
      envelope(noticesResult([noticeItem(), noticeItem({ id: 702, unread: false })], { total_unread: 1 })),
    );
    const request = (externalId: string) => ({ externalId, timeZone: TIME_ZONE, markRead: false });
    expect((await providerRejection(messaging().openNotice(tokenAccount, request('701'), testScope()))).code).toBe(
      'NOT_SUPPORTED_BY_PROVIDER',
    );
    const scope = testScope();
    mockData('getboardnotices', { page: '1', limit: '50' }).reply(
      200,
      envelope(noticesResult([noticeItem(), noticeItem({ id: 702, unread: false })], { total_unread: 1 })),
    );
    mockData('getboardnoticeinfo', { id: '702' }).reply(
      200,
      envelope({
        notice: { ...noticeItem({ id: 702, unread: false }), text: '<p>Кросс в&nbsp;субботу в 10:00.</p>', files: [] },
      }),
    );
    expect(await messaging().openNotice(tokenAccount, request('702'), scope)).toMatchObject({
      text: 'Кросс в субботу в 10:00.',
      isRead: true,
      attachments: [],
    });
  });
});

describe('Eljur messaging: signatures and what Eljur lacks', () => {
  it('should read parent_signed week by week up to this week, leaving out a week without the flag', async () => {
    const week = (days: string) => ({ student: STUDENT_ID, days, rings: 'true' });
    const signed = (flag: unknown) => {
      const result = diaryResult([]);
      (result.students as Record<string, Record<string, unknown>>)[STUDENT_ID]!.parent_signed = flag;
      return envelope(result);
    };
    mockData('getdiary', week('20250901-20250907')).reply(200, signed('1'));
    mockData('getdiary', week('20250908-20250914')).reply(200, signed(false));
    mockData('getdiary', week('20250915-20250921')).reply(200, envelope({ students: [] }));
    const weeks = await messaging().fetchWeekSignatures(
      tokenAccount,
      student,
      { from: '2025-09-03', to: '2025-10-12' },
      testScope(),
    );
    expect(weeks).toEqual([
      { weekStart: '2025-09-01', signed: true, signedAt: null },
      { weekStart: '2025-09-08', signed: false, signedAt: null },
    ]);
  });

  it('should refuse to sign, to read remarks and to send attachments, asking Eljur nothing', async () => {
    const attachments = [{ name: 'a.pdf', contentType: 'application/pdf', bytes: new Uint8Array([1]) }];
    for (const attempt of [
      messaging().signWeek(tokenAccount, student, '2025-09-15', testScope()),
      messaging().fetchRemarks(tokenAccount, student, { from: '2025-09-01', to: '2025-09-17' }, testScope()),
      messaging().sendMessage(
        tokenAccount,
        { recipientIds: [TEACHER_ID], subject: 'Т', text: 'Т', attachments },
        testScope(),
      ),
      messaging().replyToMessage(tokenAccount, { messageExternalId: '501', text: 'Т', attachments }, testScope()),
    ])
      expect((await providerRejection(attempt)).code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });
});
