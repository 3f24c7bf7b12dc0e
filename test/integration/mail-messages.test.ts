/**
 * Messages with teachers end to end: the demo family's Eljur account (its simulator over HTTP) through a real
 * gateway and GraphQL — the merged inbox, opening (which marks read), conversations, the address book, sending
 * once per client key, replying, a teacher's new message in the change feed — and what a trusted person may
 * read of it: nothing without `MESSAGES`, and a parent's account only when every child on it is shared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { startTestGateway, TEST_NOW, type TestGateway } from '../support/gateway.js';
import { codeOf, noErrors, operation, type GraphqlResponse } from '../support/graphql.js';

let gateway: TestGateway;
let store: GatewayStore;
let grandma: string;
const ids: Record<string, string> = {};

interface MessageNode {
  id: string;
  provider: string;
  folder: string;
  threadId: string;
  subject: string;
  preview: string;
  text: string | null;
  isRead: boolean;
  canReply: boolean;
  sender: { name: string; role: string | null };
  students: { firstName: string }[];
}

const FIELDS =
  'id provider folder threadId subject preview text isRead canReply sender { name role } students { firstName }';

const MESSAGES = operation<{
  viewer: {
    messages: {
      edges: { node: MessageNode }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      sources: { provider: string; status: string }[];
    };
  };
}>(`query($filter: MessageFilter, $first: Int, $after: String) {
  viewer { messages(filter: $filter, first: $first, after: $after) {
    edges { node { ${FIELDS} } } pageInfo { hasNextPage endCursor } sources { provider status }
  } }
}`);

const OPEN = operation<{ viewer: { message: MessageNode | null } }>(
  `query($id: ID!) { viewer { message(id: $id) { ${FIELDS} } } }`,
);

const SEND = operation<{
  sendMessage: { provider: string; recipients: { name: string }[]; sentAt: string; replayed: boolean };
}>(
  'mutation($input: SendMessageInput!) { sendMessage(input: $input) { provider recipients { name } sentAt replayed } }',
);

const REPLY = operation<{ replyToMessage: { recipients: { name: string }[]; replayed: boolean } }>(
  'mutation($input: ReplyToMessageInput!) { replyToMessage(input: $input) { recipients { name } replayed } }',
);

const RECIPIENTS = operation<{
  student: {
    messageRecipients: {
      name: string;
      provider: string;
      recipients: { id: string; name: string; role: string | null }[];
    }[];
  };
}>('query($id: ID!) { student(id: $id) { messageRecipients { name provider recipients { id name role } } } }');

function inbox(token?: string | null, filter: Record<string, unknown> = {}) {
  return gateway.graphql(MESSAGES, { first: 50, filter }, token);
}

async function nodes(folder: 'INBOX' | 'SENT', token?: string | null): Promise<MessageNode[]> {
  return noErrors(await inbox(token, { folder })).viewer.messages.edges.map((edge) => edge.node);
}

beforeAll(async () => {
  store = createMemoryStore();
  // Mail never kept fresh: what the simulator holds now is what every read shows.
  gateway = await startTestGateway({ CACHE_FRESHNESS: 'messages=0,notices=0' }, () => TEST_NOW, { store });
  const listing = noErrors(
    await gateway.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
      '{ viewer { students { id firstName } } }',
    ),
  );
  for (const student of listing.viewer.students) ids[student.firstName] = student.id;
  await store.putUser({
    id: 'usr_grandma',
    displayName: 'Галина Петровна Иванова',
    login: null,
    person: { lastName: 'Иванова', firstName: 'Галина', middleName: 'Петровна', birthDate: null, snilsHash: null },
    phoneHash: null,
    children: [],
  });
  grandma = await createSession(store, 'usr_grandma', { ttlMs: null, now: TEST_NOW.getTime() });
}, 60_000);

describe('the inbox', () => {
  it('should list the Eljur mailbox and name the diaries that have no messages', async () => {
    const { messages } = noErrors(await inbox()).viewer;
    expect(messages.edges.length).toBeGreaterThan(0);
    expect(messages.edges.every(({ node }) => node.provider === 'ELJUR' && node.folder === 'INBOX')).toBe(true);
    expect(messages.edges.every(({ node }) => node.text === null && node.canReply)).toBe(true);
    const statuses = messages.sources.map((source) => `${source.provider}:${source.status}`).sort();
    expect(statuses).toEqual(['DNEVNIK:NOT_SUPPORTED', 'ELJUR:OK', 'MESH:NOT_SUPPORTED', 'MESH:NOT_SUPPORTED']);
    const children = new Set(messages.edges.flatMap(({ node }) => node.students.map((s) => s.firstName)));
    expect(children).toEqual(new Set(['Лев', 'Мария']));
  });

  it('should open an unread message whole and mark it read, in the diary and in the list', async () => {
    const unread = (await nodes('INBOX')).find((node) => !node.isRead);
    expect(unread).toBeDefined();
    const opened = noErrors(await gateway.graphql(OPEN, { id: unread!.id })).viewer.message!;
    expect(opened.text?.length).toBeGreaterThan(0);
    expect(opened.text).not.toMatch(/<[a-z]/i);
    expect((await nodes('INBOX')).find((node) => node.id === unread!.id)?.isRead).toBe(true);
  });

  it('should show a conversation, oldest first', async () => {
    const [first] = await nodes('INBOX');
    const THREAD = operation<{ viewer: { messageThread: { subject: string; messages: MessageNode[] } | null } }>(
      `query($id: ID!) { viewer { messageThread(id: $id) { subject messages { ${FIELDS} } } } }`,
    );
    const thread = noErrors(await gateway.graphql(THREAD, { id: first!.threadId })).viewer.messageThread!;
    expect(thread.messages.map((message) => message.id)).toContain(first!.id);
    expect(first!.subject).toContain(thread.subject);
    expect(noErrors(await gateway.graphql(THREAD, { id: 'thr1.bm9wZQ' })).viewer.messageThread).toBeNull();
  });
});

describe('writing', () => {
  it("should offer Лев's address book, send once per client key, and show the message in SENT", async () => {
    const { messageRecipients } = noErrors(await gateway.graphql(RECIPIENTS, { id: ids['Лев'] })).student;
    expect(messageRecipients.every((group) => group.provider === 'ELJUR')).toBe(true);
    const people = messageRecipients.flatMap((group) => group.recipients);
    expect(people.length).toBeGreaterThan(0);
    const teacher = people.find((person) => person.role === 'CLASS_TEACHER') ?? people[0]!;
    const input = {
      clientKey: 'lev-question-0001',
      studentId: ids['Лев'],
      recipientIds: [teacher.id],
      subject: 'Вопрос о контрольной',
      text: 'Здравствуйте! Когда можно переписать контрольную?',
    };
    const first = noErrors(await gateway.graphql(SEND, { input })).sendMessage;
    expect(first).toMatchObject({ provider: 'ELJUR', recipients: [{ name: teacher.name }], replayed: false });
    const again = noErrors(await gateway.graphql(SEND, { input })).sendMessage;
    expect(again).toEqual({ ...first, replayed: true });
    const sent = (await nodes('SENT')).filter((node) => node.subject === 'Вопрос о контрольной');
    expect(sent).toHaveLength(1);
    const reused = await gateway.graphql(SEND, { input: { ...input, text: 'Другой текст' } });
    expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it("should refuse a recipient from another child's address book, and bad input, before sending", async () => {
    const lev = noErrors(await gateway.graphql(RECIPIENTS, { id: ids['Лев'] })).student.messageRecipients;
    const masha = noErrors(await gateway.graphql(RECIPIENTS, { id: ids['Мария'] })).student.messageRecipients;
    const mashaIds = new Set(masha.flatMap((group) => group.recipients.map((person) => person.id)));
    const foreign = lev.flatMap((group) => group.recipients).find((person) => !mashaIds.has(person.id))!;
    const base = { studentId: ids['Мария'], subject: 'Тема', text: 'Текст' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, clientKey: 'masha-foreign-01', recipientIds: [foreign.id] }, 'recipientIds'],
      [{ ...base, clientKey: 'short', recipientIds: [foreign.id] }, 'clientKey'],
      [{ ...base, clientKey: 'masha-empty-0001', recipientIds: [] }, 'recipientIds'],
      [{ ...base, clientKey: 'masha-blank-0001', recipientIds: [foreign.id], text: '   ' }, 'text'],
    ];
    for (const [input, argument] of cases) {
      const response = await gateway.graphql(SEND, { input });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.argument).toBe(argument);
    }
    const sonya = await gateway.graphql(SEND, {
      input: { ...base, studentId: ids['Софья'], clientKey: 'sonya-nodiary-01', recipientIds: [foreign.id] },
    });
    expect(codeOf(sonya)).toBe('BAD_USER_INPUT');
  });

  it('should reply to an inbox message, to its sender, once', async () => {
    const [message] = await nodes('INBOX');
    const input = { clientKey: 'reply-to-first-01', messageId: message!.id, text: 'Спасибо, поняли.' };
    const reply = noErrors(await gateway.graphql(REPLY, { input })).replyToMessage;
    expect(reply).toEqual({ recipients: [{ name: message!.sender.name }], replayed: false });
    expect(noErrors(await gateway.graphql(REPLY, { input })).replyToMessage.replayed).toBe(true);
    const sent = (await nodes('SENT')).filter((node) => node.preview.includes('Спасибо, поняли.'));
    expect(sent).toHaveLength(1);
  });
});

describe('a teacher writes', () => {
  it('should tell the new message in the change feed, readable through it', async () => {
    const FEED = operation<{
      viewer: {
        changes: { changes: { kind: string; sender?: { name: string }; message?: { subject: string } | null }[] };
      };
    }>(
      '{ viewer { changes(first: 200) { changes { kind ... on MessageChange { sender { name } message { subject } } } } } }',
    );
    await gateway.gateway.detectChanges(['mail']);
    gateway.gateway.demo!.simulators.eljur.writeMessage({
      subject: 'Экскурсия в пятницу',
      text: '<p>Нужно согласие родителей.</p>',
    });
    await gateway.gateway.detectChanges(['mail']);
    const told = noErrors(await gateway.graphql(FEED)).viewer.changes.changes.filter(
      (change) => change.kind === 'MESSAGE_RECEIVED',
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.message?.subject).toBe('Экскурсия в пятницу');
  });
});

describe('a trusted person', () => {
  async function invite(studentId: string, extraScopes: string[]): Promise<string> {
    const response = await gateway.graphql<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
      'mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { code grant { id } } }',
      { input: { studentId, fullName: 'Иванова Галина Петровна', extraScopes } },
    );
    const { code, grant } = noErrors(response).inviteTrustedPerson;
    noErrors(
      await gateway.graphql(
        'mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }',
        { code },
        grandma,
      ),
    );
    return grant.id;
  }

  const sourcesOf = async (token: string) =>
    noErrors(await inbox(token)).viewer.messages.sources.map((source) => source.provider);

  it("should read no mail with MESSAGES for one child of an account that has two, and the account's once both are shared", async () => {
    const masha = await invite(ids['Мария']!, ['MESSAGES']);
    expect(await sourcesOf(grandma)).toEqual([]);
    const lev = await invite(ids['Лев']!, []);
    expect(await sourcesOf(grandma)).toEqual([]);
    const SCOPES =
      'mutation($id: ID!, $scopes: [GrantScope!]!) { setTrustedPersonScopes(grantId: $id, extraScopes: $scopes) { extraScopes } }';
    const set = noErrors(
      await gateway.graphql<{ setTrustedPersonScopes: { extraScopes: string[] } }>(SCOPES, {
        id: lev,
        scopes: ['MESSAGES'],
      }),
    );
    expect(set.setTrustedPersonScopes.extraScopes).toEqual(['MESSAGES']);
    // Мария and Лев share the Eljur account; Мария's МЭШ account also has Артём, who is not shared.
    expect(await sourcesOf(grandma)).toEqual(['ELJUR']);
    // Only the parent may change the scopes: the grandmother's try is an unknown grant to her.
    expect(codeOf(await gateway.graphql(SCOPES, { id: masha, scopes: [] }, grandma))).toBe('BAD_USER_INPUT');
    await gateway.graphql(SCOPES, { id: masha, scopes: [] });
    expect(await sourcesOf(grandma)).toEqual([]);
    await gateway.graphql(SCOPES, { id: masha, scopes: ['MESSAGES'] });
  });

  it('should never mark a message read, never write, and never see the address book', async () => {
    gateway.gateway.demo!.simulators.eljur.writeMessage({ subject: 'Только для родителей', text: 'Текст письма' });
    const theirs = (await nodes('INBOX', grandma)).find((node) => node.subject === 'Только для родителей')!;
    expect(theirs).toMatchObject({ isRead: false, canReply: false });
    const opened = noErrors(await gateway.graphql(OPEN, { id: theirs.id }, grandma)).viewer.message!;
    expect(opened.text).toBeNull();
    expect((await nodes('INBOX')).find((node) => node.subject === 'Только для родителей')?.isRead).toBe(false);
    const reply = await gateway.graphql(
      REPLY,
      { input: { clientKey: 'grandma-reply-01', messageId: theirs.id, text: 'Привет' } },
      grandma,
    );
    expect(codeOf(reply)).toBe('BAD_USER_INPUT');
    const book: GraphqlResponse = await gateway.graphql(RECIPIENTS, { id: ids['Мария'] }, grandma);
    expect(codeOf(book)).toBe('FORBIDDEN');
    const send = await gateway.graphql(
      SEND,
      {
        input: {
          clientKey: 'grandma-send-001',
          studentId: ids['Мария'],
          recipientIds: ['rcp1.x'],
          subject: 'a',
          text: 'b',
        },
      },
      grandma,
    );
    expect(codeOf(send)).toBe('FORBIDDEN');
    expect(send.body.data).toBeNull();
  });
});
