/**
 * The Eljur simulator's mail, notices and file storage over real HTTP, read as a client of Eljur would read
 * them (no adapter): the address book by class, mailbox paging and unread state, sends and their refusals,
 * replies, the board with `total_unread`, uploads and the files they give back, the fault mode, the control
 * hooks, and the same mail on every start.
 */
import { describe, expect, it } from 'vitest';
import { startEljurSimulator, type EljurSimulator } from '../../adapters/eljur/simulator/index.js';
import type { DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const family: DemoFamily = generateDemoFamily({ today: TODAY });
const parentAccount = family.accounts.find((account) => account.provider === 'ELJUR')!;
const lev = family.children.find((child) => child.key === 'lev')!;
const mashaArt = family.children.find((child) => child.key === 'masha-art')!;

type Json = any;

async function started(now = NOW): Promise<EljurSimulator> {
  return disposedWhenDone(startEljurSimulator({ family, now: () => now }));
}

function client(simulator: EljurSimulator, token = parentAccount.token) {
  const auth = { devkey: simulator.devkey, vendor: simulator.vendor, out_format: 'json', auth_token: token };
  const url = (method: string, query: Record<string, string> = {}) =>
    `${simulator.url}/apiv3/${method}?${new URLSearchParams({ ...auth, ...query }).toString()}`;
  const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as Json });
  return {
    get: async (method: string, query: Record<string, string> = {}) => answer(await fetch(url(method, query))),
    post: async (method: string, form: [string, string][]) =>
      answer(
        await fetch(url(method), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }),
      ),
    result: async (method: string, query: Record<string, string> = {}) => {
      const { status, body } = await answer(await fetch(url(method, query)));
      expect(status).toBe(200);
      return body.response.result;
    },
  };
}

const teacherOf = (child: typeof lev, index: number) => child.subjects[index]!.teacher;

describe('Eljur simulator: the address book', () => {
  it('should group the class teachers and teachers by each child’s class, the administration and specialists flat', async () => {
    const { result } = client(await started());
    const { groups } = await result('getmessagereceivers');
    expect(groups.map((group: Json) => group.key)).toEqual(['classruks', 'teachers', 'administration', 'specialists']);
    const teachers = groups[1];
    expect(teachers.subgroups.map((subgroup: Json) => subgroup.name)).toEqual([lev.className, mashaArt.className]);
    const levTeachers = teachers.subgroups[0].users;
    const names = levTeachers.map((user: Json) => `${user.lastname} ${user.firstname} ${user.middlename}`);
    expect(names.sort()).toEqual([...new Set(lev.subjects.map((subject) => subject.teacher))].sort());
    const first = levTeachers.find((user: Json) => user.lastname === teacherOf(lev, 0).split(' ')[0]);
    expect(first.info).toContain(lev.subjects[0]!.name);
    expect(first.name).toMatch(/^\d+$/);
    expect(groups[0].subgroups[0].users).toEqual([
      expect.objectContaining({ name: first.name, info: `Классный руководитель ${lev.className}` }),
    ]);
    expect(groups[2].users.map((user: Json) => user.info)).toEqual(['Директор', 'Заместитель директора по УВР']);
  });
});

describe('Eljur simulator: mailboxes', () => {
  it('should page the inbox newest first with Eljur’s total as a string, and count only unread with unreadonly', async () => {
    const { result } = client(await started());
    const all = await result('getmessages', { folder: 'inbox' });
    // Per child: the meeting (unread), the test, the reply; per account: the administration's note.
    expect(all.total).toBe('7');
    const dates = all.messages.map((message: Json) => message.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(all.messages[0]).toMatchObject({
      subject: expect.stringMatching(/^Родительское собрание /),
      unread: true,
      user_from: expect.objectContaining({ name: expect.stringMatching(/^\d+$/) }),
      date: expect.stringMatching(/^2026-11-22 18:05:00$/),
    });
    expect(all.messages[0].short_text).not.toMatch(/[<>]|&\w+;/);
    const second = await result('getmessages', { folder: 'inbox', limit: '3', page: '2' });
    expect(second.messages.map((message: Json) => message.id)).toEqual(
      all.messages.slice(3, 6).map((message: Json) => message.id),
    );
    expect(second.count).toBe(3);
    const unread = await result('getmessages', { folder: 'inbox', unreadonly: 'true' });
    expect(unread.total).toBe('2');
    expect(unread.messages.every((message: Json) => message.unread)).toBe(true);
  });

  it('should list sent messages with users_to, and refuse an unknown folder or paging', async () => {
    const api = client(await started());
    const sent = await api.result('getmessages', { folder: 'sent' });
    expect(sent.messages).toHaveLength(2);
    expect(sent.messages[0]).not.toHaveProperty('user_from');
    expect(sent.messages[0].users_to[0]).toMatchObject({ name: expect.stringMatching(/^\d+$/) });
    expect((await api.get('getmessages', { folder: 'trash' })).status).toBe(400);
    expect((await api.get('getmessages', { limit: '0' })).body.response).toMatchObject({ state: 400 });
  });

  it('should mark an inbox message read when it is opened, and answer 400 for one it does not have', async () => {
    const api = client(await started());
    const [newest] = (await api.result('getmessages', { folder: 'inbox', unreadonly: 'true' })).messages;
    const { message } = await api.result('getmessageinfo', { id: newest.id });
    expect(message).toMatchObject({ id: newest.id, subject: newest.subject, user_to: [expect.any(Object)] });
    expect(message.text).toContain('<p>');
    const unread = await api.result('getmessages', { folder: 'inbox', unreadonly: 'true' });
    expect(unread.messages.map((item: Json) => item.id)).not.toContain(newest.id);
    const missing = await api.get('getmessageinfo', { id: '1' });
    expect(missing).toMatchObject({ status: 400, body: { response: { state: 400, error: 'сообщение не найдено' } } });
  });
});

describe('Eljur simulator: sending', () => {
  it('should put a sent message in the sent folder, readable whole, to the people named', async () => {
    const api = client(await started());
    const { groups } = await api.result('getmessagereceivers');
    const teacher = groups[1].subgroups[0].users[0];
    const sent = await api.post('sendmessage', [
      ['users_to', teacher.name],
      ['subject', 'Вопрос'],
      ['text', 'Когда контрольная?'],
    ]);
    expect(sent).toEqual({ status: 200, body: { response: { state: 200, error: null, result: {} } } });
    const [newest] = (await api.result('getmessages', { folder: 'sent' })).messages;
    expect(newest).toMatchObject({ subject: 'Вопрос', short_text: 'Когда контрольная?', unread: false });
    expect(newest.users_to).toEqual([expect.objectContaining({ name: teacher.name, lastname: teacher.lastname })]);
    expect(newest.date).toBe('2026-11-23 13:00:00');
    const { message } = await api.result('getmessageinfo', { id: newest.id });
    expect(message).toMatchObject({ text: 'Когда контрольная?', user_from: { name: String(parentAccount.profileId) } });
  });

  it.each([
    [
      'a recipient not in the address book',
      [
        ['users_to', '99999'],
        ['subject', 'Тема'],
        ['text', 'Текст'],
      ],
      'получатель недоступен',
    ],
    [
      'no recipient',
      [
        ['users_to', ''],
        ['subject', 'Тема'],
        ['text', 'Текст'],
      ],
      'не выбраны получатели',
    ],
    [
      'no subject',
      [
        ['users_to', '50001'],
        ['subject', ' '],
        ['text', 'Текст'],
      ],
      'не указана тема',
    ],
    [
      'a text over 5,000 characters',
      [
        ['users_to', '50001'],
        ['subject', 'Тема'],
        ['text', 'я'.repeat(5_001)],
      ],
      'превышена допустимая длина',
    ],
    [
      'a file that was never uploaded',
      [
        ['users_to', '50001'],
        ['subject', 'Тема'],
        ['text', 'Т'],
        ['fid[]', 'f999999'],
        ['filename[]', 'x.pdf'],
      ],
      'файл не найден',
    ],
  ] as [string, [string, string][], string][])(
    'should refuse %s with 400 and send nothing',
    async (_name, form, error) => {
      const api = client(await started());
      const refused = await api.post('sendmessage', form);
      expect(refused.status).toBe(400);
      expect(refused.body.response).toMatchObject({ state: 400, error: expect.stringContaining(error) });
      expect((await api.result('getmessages', { folder: 'sent' })).total).toBe('2');
    },
  );

  it('should take a text of exactly 5,000 characters', async () => {
    const api = client(await started());
    const ok = await api.post('sendmessage', [
      ['users_to', '50001'],
      ['subject', 'Тема'],
      ['text', 'я'.repeat(5_000)],
    ]);
    expect(ok.status).toBe(200);
  });

  it('should answer a reply to the message’s sender with «Re:», and refuse a reply to a message it does not have', async () => {
    const api = client(await started());
    const [meeting] = (await api.result('getmessages', { folder: 'inbox' })).messages;
    expect(
      (
        await api.post('sendreplymessage', [
          ['replyto', meeting.id],
          ['text', 'Придём.'],
        ])
      ).status,
    ).toBe(200);
    const [reply] = (await api.result('getmessages', { folder: 'sent' })).messages;
    expect(reply).toMatchObject({ subject: `Re: ${meeting.subject}`, users_to: [{ name: meeting.user_from.name }] });
    const missing = await api.post('sendreplymessage', [
      ['replyto', '1'],
      ['text', 'Ответ'],
    ]);
    expect(missing.body.response).toMatchObject({ state: 400, error: 'сообщение не найдено' });
    // The name the clients send is `replyto`; the OpenAPI text's `reply_to` is not read.
    const renamed = await api.post('sendreplymessage', [
      ['reply_to', meeting.id],
      ['text', 'Ответ'],
    ]);
    expect(renamed.status).toBe(400);
  });
});

describe('Eljur simulator: the board', () => {
  it('should count the unread notices, and mark one read for the account that opens it', async () => {
    const api = client(await started());
    const board = await api.result('getboardnotices');
    expect(board).toMatchObject({ total: 4, total_unread: 3, count: 4 });
    expect(board.notices[0]).toMatchObject({
      subject: 'Расписание на праздничные дни',
      date: '2026-11-22',
      date_actual_before: '2026-12-03',
      users_to: 'Всей школе',
      user_from_string: 'Голубева Е. А.',
      unread: true,
    });
    const { notice } = await api.result('getboardnoticeinfo', { id: board.notices[0].id });
    expect(notice.text).toContain('<br>');
    expect((await api.result('getboardnotices', { limit: '1' })).total_unread).toBe(2);
    const page2 = await api.result('getboardnotices', { limit: '2', page: '2' });
    expect(page2.notices.map((item: Json) => item.id)).toEqual(board.notices.slice(2).map((item: Json) => item.id));
    expect((await api.get('getboardnoticeinfo', { id: '1' })).body.response.error).toBe('объявление не найдено');
  });
});

describe('Eljur simulator: the storage', () => {
  async function upload(simulator: EljurSimulator, uploadUrl: string, bytes: Uint8Array, name: string) {
    const form = new FormData();
    form.append('userfile', new Blob([bytes], { type: 'application/pdf' }), name);
    const response = await fetch(uploadUrl, { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as Json };
  }

  it('should store an upload from getrules’ address, give its bytes back, and send it with fid[] and filename[]', async () => {
    const simulator = await started();
    const api = client(simulator);
    const { uploadFileUrl } = await api.result('getrules');
    expect(uploadFileUrl).toMatch(
      new RegExp(`^${simulator.url}/storage/upload\\?token=\\w+&domain=${simulator.vendor}$`),
    );
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xd0, 0x9f, 0x0a]);
    const stored = await upload(simulator, uploadFileUrl, bytes, 'справка.pdf');
    expect(stored).toEqual({
      status: 200,
      body: {
        id: expect.stringMatching(/^f\d+$/),
        name: 'справка.pdf',
        url: expect.stringContaining('/storage/file/'),
      },
    });
    const served = await fetch(stored.body.url);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    const second = await upload(simulator, uploadFileUrl, new Uint8Array([1, 2]), 'b.pdf');
    const sent = await api.post('sendmessage', [
      ['users_to', '50001'],
      ['subject', 'Справка'],
      ['text', 'Во вложении.'],
      ['fid[]', stored.body.id],
      ['filename[]', 'справка.pdf'],
      ['fid[]', second.body.id],
      ['filename[]', 'второй.pdf'],
    ]);
    expect(sent.status).toBe(200);
    const [newest] = (await api.result('getmessages', { folder: 'sent' })).messages;
    expect(newest.with_files).toBe(true);
    const { message } = await api.result('getmessageinfo', { id: newest.id });
    expect(message.files).toEqual([
      { filename: 'справка.pdf', link: stored.body.url },
      { filename: 'второй.pdf', link: second.body.url },
    ]);
  });

  it('should refuse an upload with a wrong token or domain, or without the userfile field', async () => {
    const simulator = await started();
    const { uploadFileUrl } = await client(simulator).result('getrules');
    const wrongToken = uploadFileUrl.replace(/token=\w+/, 'token=forged');
    expect((await upload(simulator, wrongToken, new Uint8Array([1]), 'a.pdf')).status).toBe(403);
    expect(
      (await upload(simulator, uploadFileUrl.replace(/domain=\w+/, 'domain=other'), new Uint8Array([1]), 'a.pdf'))
        .status,
    ).toBe(403);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1])]), 'a.pdf');
    expect((await fetch(uploadFileUrl, { method: 'POST', body: form })).status).toBe(400);
  });
});

describe('Eljur simulator: faults, hooks and determinism', () => {
  it('should answer 500 to the mail and the storage while the diary is down', async () => {
    const simulator = await started();
    const api = client(simulator);
    const { uploadFileUrl } = await api.result('getrules');
    simulator.setFault('server-error');
    expect((await api.get('getmessages')).status).toBe(500);
    expect(
      (
        await api.post('sendmessage', [
          ['users_to', '50001'],
          ['subject', 'Т'],
          ['text', 'Т'],
        ])
      ).status,
    ).toBe(500);
    expect((await fetch(uploadFileUrl, { method: 'POST', body: new FormData() })).status).toBe(500);
  });

  it('should deliver a message a teacher writes unread at the top of the inbox, and post a notice unread', async () => {
    const simulator = await started();
    const api = client(simulator);
    const id = simulator.writeMessage({ from: teacherOf(lev, 2), subject: 'Экскурсия', text: '<p>Едем в музей.</p>' });
    const [newest] = (await api.result('getmessages', { folder: 'inbox' })).messages;
    expect(newest).toMatchObject({ id, subject: 'Экскурсия', unread: true, date: '2026-11-23 13:00:00' });
    expect(`${newest.user_from.lastname} ${newest.user_from.firstname} ${newest.user_from.middlename}`).toBe(
      teacherOf(lev, 2),
    );
    const noticeId = simulator.postNotice({ title: 'Субботник', text: 'В субботу.' });
    const board = await api.result('getboardnotices');
    expect(board.notices[0]).toMatchObject({ id: noticeId, subject: 'Субботник', unread: true, date: TODAY });
    expect(board.total_unread).toBe(4);
    expect(() => simulator.writeMessage({ from: 'Неизвестный Учитель', subject: 'x', text: 'x' })).toThrow(RangeError);
    expect(() => simulator.writeMessage({ to: 1, subject: 'x', text: 'x' })).toThrow(RangeError);
  });

  it('should start with the same mail on every start on the same day', async () => {
    const [first, second] = [client(await started()), client(await started())];
    for (const [method, query] of [
      ['getmessages', { folder: 'inbox' }],
      ['getmessages', { folder: 'sent' }],
      ['getmessagereceivers', {}],
      ['getboardnotices', {}],
    ] as const)
      expect(await first.result(method, query)).toEqual(await second.result(method, query));
  });

  it('should not show one account’s mail to another', async () => {
    const other = { ...parentAccount, profileId: 48_999, token: 'other-eljur-token', childKeys: [] };
    const simulator = await disposedWhenDone(
      startEljurSimulator({ family: { ...family, accounts: [...family.accounts, other] }, now: () => NOW }),
    );
    const stranger = client(simulator, other.token);
    const ids = async (api: ReturnType<typeof client>) =>
      (await api.result('getmessages', { folder: 'inbox' })).messages.map((message: Json) => message.id);
    const [mine, theirs] = [await ids(client(simulator)), await ids(stranger)];
    // The stranger has the administration's note of their own, and nothing of the parent's.
    expect(theirs).toHaveLength(1);
    expect(mine.filter((id: string) => theirs.includes(id))).toEqual([]);
    expect((await stranger.get('getmessageinfo', { id: mine[0] })).status).toBe(400);
    expect((await stranger.result('getmessagereceivers')).groups[1].subgroups).toEqual([]);
  });
});
