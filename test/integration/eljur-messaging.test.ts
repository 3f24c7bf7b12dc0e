/**
 * The Eljur adapter's messaging against the Eljur simulator over real HTTP: mail lists and opening (with and
 * without marking read), the address book for each child's class, sends and replies and Eljur's refusals of
 * them, notices, week signatures, what Eljur does not have, and failures. Expected values come from the seed
 * family and the simulator's own answers, never from the adapter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import { startEljurSimulator, type EljurSimulator } from '../../adapters/eljur/simulator/index.js';
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import type { ProviderMessaging } from '../../src/domain/messaging.js';
import type { ProviderStudent, SideAnswerFailure } from '../../src/domain/model.js';
import type { DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const ZONE = 'Europe/Samara';
const family: DemoFamily = generateDemoFamily({ today: TODAY });
const parentAccount = family.accounts.find((account) => account.provider === 'ELJUR')!;
const lev = family.children.find((child) => child.key === 'lev')!;
const mashaArt = family.children.find((child) => child.key === 'masha-art')!;
const account: ProviderAccount = { id: 'eljur-mail', provider: 'ELJUR', credentials: { token: parentAccount.token } };
const scope = (): UpstreamScope => createRequestScope(10_000);
const inbox = { folder: 'INBOX', unreadOnly: false, page: 1, pageSize: 20, timeZone: ZONE } as const;

let simulator: EljurSimulator;
let messaging: ProviderMessaging;
const students = new Map<string, ProviderStudent>();

/** A fresh simulator (its mail changes as tests read and send) and the adapter over it. */
async function fresh(): Promise<void> {
  simulator = await disposedWhenDone(startEljurSimulator({ family, now: () => NOW }));
  const adapter = createEljurAdapter({
    transport: createUndiciTransport(),
    baseUrl: simulator.url,
    devkey: simulator.devkey,
    vendor: simulator.vendor,
    timeZone: ZONE,
    now: () => NOW,
  });
  messaging = adapter.messaging!;
  if (students.size === 0)
    for (const student of (await adapter.fetchProfile(account, scope())).students)
      students.set(student.externalId, student);
}

const studentOf = (child: typeof lev) => students.get(String(child.studentId))!;
const calls = (method: string) => simulator.requests.filter((request) => request.path === `/apiv3/${method}`);

beforeAll(fresh);

describe('Eljur messaging: features', () => {
  it('should say what Eljur lets the gateway do', () => {
    expect(messaging.features).toEqual({
      readMessages: true,
      sendMessages: true,
      sendAttachments: false,
      maxTextLength: 5_000,
      readNotices: true,
      remarks: false,
      signatures: 'read-only',
    });
  });
});

describe('Eljur messaging: reading mail', () => {
  beforeAll(fresh);

  it('should list the inbox newest first in the school’s zone, as plain text, with roles from the address book', async () => {
    const page = await messaging.listMessages(account, inbox, scope());
    expect(page.hasMore).toBe(false);
    expect(page.messages).toHaveLength(7);
    const [meeting] = page.messages;
    expect(meeting).toMatchObject({
      folder: 'INBOX',
      threadExternalId: null,
      sentAt: '2026-11-22T18:05:00+04:00',
      isRead: false,
      hasAttachments: false,
      recipients: [],
      sender: { role: 'CLASS_TEACHER', externalId: expect.stringMatching(/^\d+$/) },
    });
    expect(meeting!.subject).toMatch(/^Родительское собрание /);
    // Both children's class teachers wrote at the same minute; the later message (the larger id) comes first.
    expect([lev.subjects[0]!.teacher, mashaArt.subjects[0]!.teacher]).toContain(meeting!.sender.name);
    expect(meeting!.preview).not.toMatch(/[<>]|&\w+;/);
    const roles = new Map(page.messages.map((message) => [message.subject, message.sender.role]));
    expect(roles.get('Оплата питания')).toBe('ADMINISTRATION');
    expect(roles.get(`Контрольная работа: ${lev.subjects[1]!.name}`)).toBe(
      lev.subjects[1]!.teacher === lev.subjects[0]!.teacher ? 'CLASS_TEACHER' : 'TEACHER',
    );
    expect(page.messages.find((message) => message.subject === 'Оплата питания')?.hasAttachments).toBe(true);
  });

  it('should page as Eljur pages, and list only unread ones when asked', async () => {
    const first = await messaging.listMessages(account, { ...inbox, pageSize: 3 }, scope());
    const third = await messaging.listMessages(account, { ...inbox, pageSize: 3, page: 3 }, scope());
    expect([first.messages.length, first.hasMore, third.messages.length, third.hasMore]).toEqual([3, true, 1, false]);
    const unread = await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope());
    expect(unread.messages.map((message) => message.isRead)).toEqual([false, false]);
  });

  it('should list the sent folder from the holder, read, to the people named', async () => {
    const sent = await messaging.listMessages(account, { ...inbox, folder: 'SENT' }, scope());
    expect(sent.messages).toHaveLength(2);
    expect(sent.messages[0]).toMatchObject({
      folder: 'SENT',
      isRead: true,
      sender: { externalId: String(parentAccount.profileId), name: 'Иванова Анна Сергеевна', role: 'PARENT' },
      recipients: [{ role: 'CLASS_TEACHER', name: expect.any(String) }],
    });
    expect(await messaging.listMessages(account, { ...inbox, folder: 'SENT', unreadOnly: true }, scope())).toEqual({
      messages: [],
      hasMore: false,
    });
  });

  it('should open a message whole as plain text, and Eljur then has it read', async () => {
    const [meeting] = (await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope())).messages;
    const opened = await messaging.openMessage(
      account,
      { externalId: meeting!.externalId, folder: 'INBOX', timeZone: ZONE, markRead: true },
      scope(),
    );
    expect(opened).toMatchObject({ externalId: meeting!.externalId, isRead: true, sender: meeting!.sender });
    expect(opened.text).toMatch(
      /^Уважаемые родители .+!\n\nСобрание в четверг в 18:00, кабинет 204\.\nПовестка: итоги четверти & экскурсия\.$/,
    );
    expect(opened.recipients).toEqual([
      { externalId: String(parentAccount.profileId), name: 'Иванова Анна Сергеевна', role: null },
    ]);
    const unread = await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope());
    expect(unread.messages.map((message) => message.externalId)).not.toContain(meeting!.externalId);
  });

  it('should give an opened message’s files as attachments with their links', async () => {
    const page = await messaging.listMessages(account, inbox, scope());
    const note = page.messages.find((message) => message.subject === 'Оплата питания')!;
    const opened = await messaging.openMessage(
      account,
      { externalId: note.externalId, folder: 'INBOX', timeZone: ZONE, markRead: false },
      scope(),
    );
    expect(opened.attachments).toEqual([
      { title: 'Квитанция.pdf', url: expect.stringContaining(`${simulator.url}/storage/file/`) },
    ]);
    expect((await fetch(opened.attachments[0]!.url!)).status).toBe(200);
  });
});

describe('Eljur messaging: opening without marking read', () => {
  beforeAll(fresh);

  it('should refuse to open an unread message, never calling getmessageinfo, and leave it unread', async () => {
    const [unread] = (await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope())).messages;
    simulator.clearRequests();
    const error = await providerRejection(
      messaging.openMessage(
        account,
        { externalId: unread!.externalId, folder: 'INBOX', timeZone: ZONE, markRead: false },
        scope(),
      ),
    );
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(calls('getmessageinfo')).toEqual([]);
    expect(calls('getmessages')[0]!.query).toMatchObject({ folder: 'inbox', unreadonly: 'true' });
    const still = await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope());
    expect(still.messages.map((message) => message.externalId)).toContain(unread!.externalId);
  });

  it('should open a read message, and a sent one, without changing anything', async () => {
    const page = await messaging.listMessages(account, inbox, scope());
    const read = page.messages.find((message) => message.isRead)!;
    const before = await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope());
    const opened = await messaging.openMessage(
      account,
      { externalId: read.externalId, folder: 'INBOX', timeZone: ZONE, markRead: false },
      scope(),
    );
    expect(opened.externalId).toBe(read.externalId);
    const [sent] = (await messaging.listMessages(account, { ...inbox, folder: 'SENT' }, scope())).messages;
    simulator.clearRequests();
    const openedSent = await messaging.openMessage(
      account,
      { externalId: sent!.externalId, folder: 'SENT', timeZone: ZONE, markRead: false },
      scope(),
    );
    expect(openedSent).toMatchObject({
      folder: 'SENT',
      sender: { role: 'PARENT' },
      text: expect.stringContaining('справку'),
    });
    expect(calls('getmessages')).toEqual([]);
    expect(await messaging.listMessages(account, { ...inbox, unreadOnly: true }, scope())).toEqual(before);
  });

  it('should answer PROVIDER_REFUSED MESSAGE_NOT_FOUND for a message Eljur does not have', async () => {
    const error = await providerRejection(
      messaging.openMessage(account, { externalId: '1', folder: 'INBOX', timeZone: ZONE, markRead: true }, scope()),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'MESSAGE_NOT_FOUND', upstreamStatus: 400 });
    expect(error.message).not.toContain('сообщение не найдено');
  });
});

describe('Eljur messaging: the address book', () => {
  beforeAll(fresh);

  it('should give each child the teachers of their own class, and everyone the administration and specialists', async () => {
    for (const [child, other] of [
      [lev, mashaArt],
      [mashaArt, lev],
    ] as const) {
      const groups = await messaging.listRecipients(account, studentOf(child), scope());
      expect(groups.map((group) => group.name)).toEqual([
        'Классные руководители',
        'Учителя',
        'Администрация',
        'Специалисты',
      ]);
      const teachers = groups[1]!.recipients;
      expect(teachers.map((teacher) => teacher.name).sort()).toEqual(
        [...new Set(child.subjects.map((subject) => subject.teacher))].sort(),
      );
      for (const name of new Set(other.subjects.map((subject) => subject.teacher)))
        if (!child.subjects.some((subject) => subject.teacher === name))
          expect(teachers.map((teacher) => teacher.name)).not.toContain(name);
      expect(groups[0]!.recipients).toEqual([
        expect.objectContaining({ name: child.subjects[0]!.teacher, role: 'CLASS_TEACHER' }),
      ]);
      expect(teachers[0]).toMatchObject({ role: 'TEACHER', description: expect.any(String) });
      expect(groups[2]!.recipients.map((person) => [person.role, person.description])).toEqual([
        ['ADMINISTRATION', 'Директор'],
        ['ADMINISTRATION', 'Заместитель директора по УВР'],
      ]);
      expect(groups[3]!.recipients[0]!.role).toBe('OTHER');
    }
  });
});

describe('Eljur messaging: sending', () => {
  beforeAll(fresh);

  it('should send to people of the address book, the message then in SENT, and answer with no id', async () => {
    const [classTeachers] = await messaging.listRecipients(account, studentOf(lev), scope());
    const teacher = classTeachers!.recipients[0]!;
    const sent = await messaging.sendMessage(
      account,
      {
        recipientIds: [teacher.externalId],
        subject: 'Вопрос о кружке',
        text: 'Добрый день!\nКогда занятия?',
        attachments: [],
      },
      scope(),
    );
    expect(sent).toEqual({
      externalId: null,
      recipients: [{ externalId: teacher.externalId, name: teacher.name, role: 'CLASS_TEACHER' }],
      sentAt: '2026-11-23T13:00:00+04:00',
    });
    const [newest] = (await messaging.listMessages(account, { ...inbox, folder: 'SENT' }, scope())).messages;
    expect(newest).toMatchObject({ subject: 'Вопрос о кружке', recipients: [{ name: teacher.name }] });
    const opened = await messaging.openMessage(
      account,
      { externalId: newest!.externalId, folder: 'SENT', timeZone: ZONE, markRead: true },
      scope(),
    );
    expect(opened.text).toBe('Добрый день!\nКогда занятия?');
  });

  it('should refuse a recipient not in the address book without sending anything', async () => {
    simulator.clearRequests();
    for (const recipientIds of [['99999'], ['50001,99999'], []]) {
      const error = await providerRejection(
        messaging.sendMessage(account, { recipientIds, subject: 'Тема', text: 'Текст', attachments: [] }, scope()),
      );
      expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'RECIPIENT_NOT_ALLOWED' });
    }
    expect(calls('sendmessage')).toEqual([]);
  });

  it('should answer TEXT_TOO_LONG when Eljur refuses a text longer than it takes', async () => {
    const error = await providerRejection(
      messaging.sendMessage(
        account,
        { recipientIds: ['50001'], subject: 'Тема', text: 'я'.repeat(5_001), attachments: [] },
        scope(),
      ),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'TEXT_TOO_LONG', upstreamStatus: 400 });
    expect(calls('sendmessage').at(-1)!.method).toBe('POST');
  });

  it('should refuse attachments as not supported, sending nothing', async () => {
    simulator.clearRequests();
    const attachments = [{ name: 'справка.pdf', contentType: 'application/pdf', bytes: new Uint8Array([1, 2, 3]) }];
    const error = await providerRejection(
      messaging.sendMessage(account, { recipientIds: ['50001'], subject: 'Т', text: 'Т', attachments }, scope()),
    );
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(simulator.requests).toEqual([]);
  });

  it('should reply to an inbox message, the reply in SENT to its sender; and refuse a reply to a message Eljur lacks', async () => {
    const [meeting] = (await messaging.listMessages(account, inbox, scope())).messages;
    const reply = await messaging.replyToMessage(
      account,
      { messageExternalId: meeting!.externalId, text: 'Придём.', attachments: [] },
      scope(),
    );
    expect(reply).toEqual({ externalId: null, recipients: [], sentAt: '2026-11-23T13:00:00+04:00' });
    const [newest] = (await messaging.listMessages(account, { ...inbox, folder: 'SENT' }, scope())).messages;
    expect(newest).toMatchObject({
      subject: `Re: ${meeting!.subject}`,
      recipients: [{ externalId: meeting!.sender.externalId, role: 'CLASS_TEACHER' }],
    });
    const error = await providerRejection(
      messaging.replyToMessage(account, { messageExternalId: '1', text: 'Ответ', attachments: [] }, scope()),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_REFUSED', reason: 'MESSAGE_NOT_FOUND' });
  });

  it('should show a message a teacher just wrote, unread', async () => {
    const id = simulator.writeMessage({
      from: lev.subjects[2]!.teacher,
      subject: 'Экскурсия',
      text: '<p>Едем в музей.</p>',
    });
    const [newest] = (await messaging.listMessages(account, inbox, scope())).messages;
    expect(newest).toMatchObject({
      externalId: id,
      isRead: false,
      preview: 'Едем в музей.',
      sender: { role: 'TEACHER' },
    });
  });
});

describe('Eljur messaging: notices', () => {
  beforeAll(fresh);
  const notices = { students: [], unreadOnly: false, page: 1, pageSize: 20, timeZone: ZONE };

  it('should list the board newest first for every child of the account, with read state and audience as text', async () => {
    const page = await messaging.listNotices(account, notices, scope());
    expect(page.hasMore).toBe(false);
    expect(page.notices.map((notice) => notice.isRead)).toEqual([false, false, false, true]);
    expect(page.notices[0]).toEqual({
      externalId: expect.stringMatching(/^\d+$/),
      title: 'Расписание на праздничные дни',
      preview: expect.stringMatching(/^В праздничные дни школа закрыта\./),
      author: 'Голубева Е. А.',
      audience: 'Всей школе',
      publishedAt: '2026-11-22T00:00:00+04:00',
      validUntil: '2026-12-03',
      isRead: false,
      isImportant: false,
      studentExternalIds: null,
    });
    expect(page.notices[1]!.audience).toMatch(/^Родители: \S+$/);
    const unread = await messaging.listNotices(account, { ...notices, unreadOnly: true }, scope());
    expect(unread.notices).toHaveLength(3);
  });

  it('should open a read notice without marking, refuse an unread one so, and open it when it may be marked', async () => {
    const page = await messaging.listNotices(account, notices, scope());
    const [unread, read] = [page.notices[0]!, page.notices[3]!];
    const old = await messaging.openNotice(
      account,
      { externalId: read.externalId, timeZone: ZONE, markRead: false },
      scope(),
    );
    expect(old).toMatchObject({
      title: 'Сбор макулатуры',
      attachments: [{ title: 'Квитанция.pdf', url: expect.any(String) }],
    });
    simulator.clearRequests();
    const error = await providerRejection(
      messaging.openNotice(account, { externalId: unread.externalId, timeZone: ZONE, markRead: false }, scope()),
    );
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(calls('getboardnoticeinfo')).toEqual([]);
    const opened = await messaging.openNotice(
      account,
      { externalId: unread.externalId, timeZone: ZONE, markRead: true },
      scope(),
    );
    expect(opened.text).toBe(
      'В праздничные дни школа закрыта.\nЗанятия — по обычному расписанию со следующего понедельника.',
    );
    expect((await messaging.listNotices(account, notices, scope())).notices[0]!.isRead).toBe(true);
  });

  it('should show a notice the school just posted', async () => {
    const id = simulator.postNotice({ title: 'Субботник', text: 'В субботу.' });
    const [newest] = (await messaging.listNotices(account, notices, scope())).notices;
    expect(newest).toMatchObject({
      externalId: id,
      title: 'Субботник',
      isRead: false,
      publishedAt: '2026-11-23T00:00:00+04:00',
    });
  });
});

describe('Eljur messaging: signatures, remarks', () => {
  beforeAll(fresh);

  it('should read parent_signed week by week, leaving out weeks not yet begun', async () => {
    simulator.clearRequests();
    const weeks = await messaging.fetchWeekSignatures(
      account,
      studentOf(lev),
      { from: '2026-11-04', to: '2026-12-10' },
      scope(),
    );
    expect(weeks).toEqual(
      ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map((weekStart) => ({
        weekStart,
        signed: false,
        signedAt: null,
      })),
    );
    expect(calls('getdiary').map((request) => request.query.days)).toEqual([
      '20261102-20261108',
      '20261109-20261115',
      '20261116-20261122',
      '20261123-20261129',
    ]);
  });

  it('should not sign, nor read remarks: Eljur has neither', async () => {
    for (const attempt of [
      messaging.signWeek(account, studentOf(lev), '2026-11-16', scope()),
      messaging.fetchRemarks(account, studentOf(lev), { from: '2026-11-01', to: TODAY }, scope()),
    ])
      expect((await providerRejection(attempt)).code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });
});

describe('Eljur messaging: failures', () => {
  beforeAll(fresh);

  it('should answer PROVIDER_UNAVAILABLE while Eljur is down, for reads and sends alike', async () => {
    simulator.setFault('server-error');
    try {
      for (const attempt of [
        messaging.listMessages(account, inbox, scope()),
        messaging.listNotices(
          account,
          { students: [], unreadOnly: false, page: 1, pageSize: 5, timeZone: ZONE },
          scope(),
        ),
        messaging.sendMessage(account, { recipientIds: ['50001'], subject: 'Т', text: 'Т', attachments: [] }, scope()),
      ])
        expect(await providerRejection(attempt)).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', upstreamStatus: 500 });
    } finally {
      simulator.setFault('none');
    }
  });

  it('should still serve the mail, roles left out and the failure said, when the address book cannot be read', async () => {
    simulator.setDrift({ route: 'getmessagereceivers', path: 'response.result.groups', kind: 'type' });
    const failures: SideAnswerFailure[] = [];
    const drifts: unknown[] = [];
    const request: UpstreamScope = {
      ...scope(),
      reportDrift: (drift) => void drifts.push(drift),
      reportSideFailure: (failure) => void failures.push(failure),
    };
    try {
      const page = await messaging.listMessages(account, inbox, request);
      expect(page.messages).toHaveLength(7);
      expect(page.messages.every((message) => message.sender.role === null)).toBe(true);
      expect(drifts.length + failures.length).toBeGreaterThan(0);
    } finally {
      simulator.setDrift(null);
    }
  });
});
