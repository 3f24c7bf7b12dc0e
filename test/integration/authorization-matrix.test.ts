/**
 * Who may do what: every query and mutation of the schema, asked by seven people — the parent, another
 * family's parent, an active trusted person, a revoked one, one whose access has just expired, an
 * invited-not-accepted one, and nobody signed in. Runs against a real gateway (demo simulators over HTTP, in-memory store). The rule under the
 * table: someone who may not see a child gets exactly the answer an id that does not exist gets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import type { StudentAccess } from '../../src/domain/schema-types.generated.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore, UserRecord } from '../../src/store/store.js';
import { startTestGateway, TEST_NOW, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation, type GraphqlResponse, type Operation } from '../support/graphql.js';
import { startPushService, type TestPushService } from '../support/push-service.js';
import { enterMark } from '../support/seed-marks.js';

type Persona = 'parent' | 'otherParent' | 'trusted' | 'revoked' | 'expired' | 'invited' | 'anonymous';
const PERSONAS: Persona[] = ['parent', 'otherParent', 'trusted', 'revoked', 'expired', 'invited', 'anonymous'];
const UNKNOWN_STUDENT = 'stu_doesNotExist00000000';

let gateway: TestGateway;
let store: GatewayStore;
const tokens: Partial<Record<Persona, string>> = {};
let mashaId: string;
let sonyaId: string;
let activeGrantId: string;

function person(id: string, lastName: string, firstName: string, middleName: string): UserRecord {
  return {
    id,
    displayName: `${firstName} ${middleName} ${lastName}`,
    login: null,
    person: { lastName, firstName, middleName, birthDate: null, snilsHash: null },
    phoneHash: null,
    children: [],
  };
}

async function signIn(user: UserRecord): Promise<string> {
  await store.putUser(user);
  return createSession(store, user.id, { ttlMs: null, now: TEST_NOW.getTime() });
}

function as<TData>(
  persona: Persona,
  query: Operation<TData> | string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<TData>> {
  return gateway.graphql(query, variables, persona === 'anonymous' ? null : tokens[persona]!);
}

/** The id of the first of a list the parent sees (`{ viewer { <list> { id } } }`). */
async function firstIdOf(list: 'providerAccounts' | 'studentMatchSuggestions'): Promise<string> {
  const response = await as<{ viewer: Record<typeof list, { id: string }[]> }>(
    'parent',
    `{ viewer { ${list} { id } } }`,
  );
  return dataOf(response).viewer[list][0]!.id;
}

async function invite(fullName: string): Promise<{ id: string; code: string }> {
  const response = await as<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
    'parent',
    `mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { code grant { id status } } }`,
    { input: { studentId: mashaId, fullName } },
  );
  const { code, grant } = noErrors(response).inviteTrustedPerson;
  return { id: grant.id, code };
}

async function accept(persona: Persona, code: string): Promise<GraphqlResponse> {
  return as(persona, `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`, { code });
}

beforeAll(async () => {
  store = createMemoryStore();
  // Grades never kept fresh: the detector sees a mark entered in the middle of the run on its next poll.
  gateway = await startTestGateway({ CACHE_FRESHNESS: 'grades=0', WEB_PUSH_ENDPOINTS: 'any' }, () => TEST_NOW, {
    store,
  });
  tokens.parent = gateway.gateway.demo!.token;
  tokens.otherParent = await signIn(person('usr_other', 'Смирнов', 'Пётр', 'Ильич'));
  tokens.trusted = await signIn(person('usr_grandma', 'Иванова', 'Галина', 'Петровна'));
  tokens.revoked = await signIn(person('usr_nanny', 'Орлова', 'Вера', 'Павловна'));
  tokens.expired = await signIn(person('usr_aunt', 'Петрова', 'Ольга', 'Сергеевна'));
  tokens.invited = await signIn(person('usr_uncle', 'Иванов', 'Олег', 'Игоревич'));

  const listing = await as<{ viewer: { students: { id: string; firstName: string }[] } }>(
    'parent',
    `{ viewer { students { id firstName enrollments { provider } } } }`,
  );
  const { students } = noErrors(listing).viewer;
  mashaId = students.find((student) => student.firstName === 'Мария')!.id;
  sonyaId = students.find((student) => student.firstName === 'Софья')!.id;

  const grandma = await invite('Иванова Галина Петровна');
  expect((await accept('trusted', grandma.code)).body.errors).toBeUndefined();
  activeGrantId = grandma.id;
  const nanny = await invite('Орлова Вера Павловна');
  expect((await accept('revoked', nanny.code)).body.errors).toBeUndefined();
  const revoked = await as<{ revokeTrustedPerson: { status: string } }>(
    'parent',
    `mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`,
    { id: nanny.id },
  );
  expect(dataOf(revoked).revokeTrustedPerson.status).toBe('REVOKED');
  const aunt = await invite('Петрова Ольга Сергеевна');
  expect((await accept('expired', aunt.code)).body.errors).toBeUndefined();
  // Accepted, never revoked, and ending at this very instant: expiry is exclusive, so it reads nothing now.
  await store.updateGrant(aunt.id, (grant) => ({ ...grant, expiresAt: TEST_NOW.getTime() }));
  await invite('Иванов Олег Игоревич');
}, 60_000);

describe('reading', () => {
  const VIEWER = operation<{
    viewer: {
      students: { id: string; access: StudentAccess }[];
      providerAccounts: unknown[];
      trustedPersons: unknown[];
      receivedAccess: unknown[];
    };
  }>(
    `{ viewer { id displayName students { id access } providerAccounts { id } trustedPersons { id } receivedAccess { grantId } studentMatchSuggestions { id } } }`,
  );

  it.each(PERSONAS)('viewer as %s', async (persona) => {
    const response = await as(persona, VIEWER);
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const { viewer } = noErrors(response);
    const ids = viewer.students.map((student) => student.id);
    switch (persona) {
      case 'parent':
        expect(ids).toContain(mashaId);
        expect(viewer.students.every((student) => student.access === 'PARENT')).toBe(true);
        // The demo's four: МЭШ in Moscow and in the Moscow region, Dnevnik.ru, Eljur.
        expect(viewer.providerAccounts.length).toBe(4);
        expect(viewer.trustedPersons.length).toBe(4);
        break;
      case 'trusted':
        expect(viewer.students).toEqual([{ id: mashaId, access: 'TRUSTED_READ_ONLY' }]);
        expect(viewer.receivedAccess).toEqual([{ grantId: activeGrantId }]);
        expect(viewer.providerAccounts).toEqual([]);
        break;
      default:
        // another family's parent, a revoked, an expired and a not-yet-accepted trusted person see nothing of this family
        expect(ids).toEqual([]);
        expect(viewer.receivedAccess).toEqual([]);
        expect(viewer.providerAccounts).toEqual([]);
        expect(viewer.trustedPersons).toEqual([]);
    }
  });

  const STUDENT = operation<{ student: { id: string; grades: unknown[] } | null }>(
    `query($id: ID!) { student(id: $id) { id fullName grades(from: "2026-11-01", to: "2026-11-23") { id } } }`,
  );

  it.each(PERSONAS)('student(id) as %s: a child they may not see answers like an unknown id', async (persona) => {
    const shared = await as(persona, STUDENT, { id: mashaId });
    const other = await as(persona, STUDENT, { id: sonyaId });
    const unknown = await as(persona, STUDENT, { id: UNKNOWN_STUDENT });
    if (persona === 'anonymous') {
      for (const response of [shared, other, unknown]) expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    expect(unknown.body).toEqual({ data: { student: null } });
    if (persona === 'parent' || persona === 'trusted') {
      expect(dataOf(shared).student!.id).toBe(mashaId);
      expect(dataOf(shared).student!.grades.length).toBeGreaterThan(0);
    } else {
      expect(shared.body).toEqual(unknown.body);
    }
    if (persona === 'parent') expect(dataOf(other).student!.id).toBe(sonyaId);
    else expect(other.body).toEqual(unknown.body);
  });
});

describe('the change feed', () => {
  const FEED = operation<{ viewer: { changes: { changes: { studentId: string; kind: string }[] } } }>(
    `{ viewer { changes { changes { studentId kind } } } }`,
  );

  beforeAll(async () => {
    const { family } = gateway.gateway.demo!;
    await gateway.gateway.detectChanges();
    for (const firstName of ['Мария', 'Софья'])
      enterMark(
        family.children.find((child) => child.firstName === firstName)!,
        '5',
        family.today,
      );
    await gateway.gateway.detectChanges();
  });

  it.each(PERSONAS)('changes as %s: only the changes of children they may see', async (persona) => {
    const response = await as(persona, FEED);
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const students = new Set(noErrors(response).viewer.changes.changes.map((change) => change.studentId));
    if (persona === 'parent') expect(students).toEqual(new Set([mashaId, sonyaId]));
    else if (persona === 'trusted') expect(students).toEqual(new Set([mashaId]));
    else expect(students).toEqual(new Set());
  });
});

/** The parent's webhook (made once): what the other personas must not reach. */
let parentWebhook: Promise<string> | null = null;
function parentWebhookId(): Promise<string> {
  parentWebhook ??= as<{ createWebhook: { webhook: { id: string } } }>(
    'parent',
    `mutation { createWebhook(input: { url: "https://hooks.example.com/parent" }) { webhook { id } } }`,
  ).then((response) => noErrors(response).createWebhook.webhook.id);
  return parentWebhook;
}

describe('webhooks', () => {
  const WEBHOOKS = operation<{ viewer: { webhooks: { id: string; url: string }[] } }>(
    `{ viewer { webhooks { id url status deliveries { deliveries { id } hasMore } } } }`,
  );

  it.each(PERSONAS)('createWebhook as %s: anyone signed in, for what they see', async (persona) => {
    const response = await as(
      persona,
      `mutation($url: String!) { createWebhook(input: { url: $url }) { webhook { id } } }`,
      { url: `https://hooks.example.com/${persona}` },
    );
    if (persona === 'anonymous') expect(codeOf(response)).toBe('UNAUTHENTICATED');
    else expect(response.body.errors).toBeUndefined();
  });

  it.each(PERSONAS)('viewer.webhooks as %s: only their own, never the parent’s', async (persona) => {
    const parentsId = await parentWebhookId();
    const response = await as(persona, WEBHOOKS);
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const hooks = noErrors(response).viewer.webhooks;
    if (persona === 'parent') expect(hooks.map((hook) => hook.id)).toContain(parentsId);
    else expect(hooks.map((hook) => hook.id)).not.toContain(parentsId);
    for (const hook of hooks) expect(hook.url).toMatch(new RegExp(`/(${persona}|parent)$`));
    if (persona !== 'parent') expect(hooks.every((hook) => hook.url.endsWith(`/${persona}`))).toBe(true);
  });

  it.each(PERSONAS.filter((persona) => persona !== 'parent'))(
    'deleteWebhook of the parent’s as %s answers as for an unknown id and deletes nothing',
    async (persona) => {
      const id = await parentWebhookId();
      const query = `mutation($id: ID!) { deleteWebhook(id: $id) }`;
      const response = await as(persona, query, { id });
      const unknown = await as(persona, query, { id: 'whk_unknown' });
      if (persona === 'anonymous') expect(codeOf(response)).toBe('UNAUTHENTICATED');
      else expect(response.body).toEqual(unknown.body);
      const still = noErrors(await as('parent', WEBHOOKS)).viewer.webhooks.map((hook) => hook.id);
      expect(still).toContain(id);
    },
  );
});

/** The parent's browser with notifications on (made once): what the other personas must not reach. */
let parentBrowser: Promise<string> | null = null;
let pushService: Promise<TestPushService> | null = null;

/** Registers a new browser (of the loopback push service) as `persona`. */
async function registerBrowser(
  persona: Persona,
): Promise<GraphqlResponse<{ registerPushSubscription: { id: string } }>> {
  pushService ??= startPushService();
  const service = await pushService;
  const key = noErrors(await as<{ webPushPublicKey: string }>('parent', '{ webPushPublicKey }')).webPushPublicKey;
  const browser = service.subscribe(key);
  return as<{ registerPushSubscription: { id: string } }>(
    persona,
    'mutation($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { id } }',
    { input: { endpoint: browser.endpoint, p256dh: browser.p256dh, auth: browser.auth, label: persona } },
  );
}

function parentBrowserId(): Promise<string> {
  parentBrowser ??= registerBrowser('parent').then((response) => noErrors(response).registerPushSubscription.id);
  return parentBrowser;
}

describe('push subscriptions', () => {
  const BROWSERS = operation<{ viewer: { pushSubscriptions: { id: string; label: string | null }[] } }>(
    '{ viewer { pushSubscriptions { id label } } }',
  );

  it.each(PERSONAS)('registerPushSubscription as %s: anyone signed in, for what they see', async (persona) => {
    const response = await registerBrowser(persona);
    if (persona === 'anonymous') expect(codeOf(response)).toBe('UNAUTHENTICATED');
    else expect(response.body.errors).toBeUndefined();
  });

  it.each(PERSONAS)('viewer.pushSubscriptions as %s: only their own, never the parent’s', async (persona) => {
    const parentsId = await parentBrowserId();
    const response = await as(persona, BROWSERS);
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const browsers = noErrors(response).viewer.pushSubscriptions;
    if (persona === 'parent') expect(browsers.map((browser) => browser.id)).toContain(parentsId);
    else {
      expect(browsers.map((browser) => browser.id)).not.toContain(parentsId);
      expect(browsers.every((browser) => browser.label === persona)).toBe(true);
    }
  });

  it.each(PERSONAS.filter((persona) => persona !== 'parent'))(
    'removePushSubscription of the parent’s as %s answers as for an unknown id and removes nothing',
    async (persona) => {
      const id = await parentBrowserId();
      const query = 'mutation($id: ID!) { removePushSubscription(id: $id) }';
      const response = await as(persona, query, { id });
      const unknown = await as(persona, query, { id: 'push_unknown' });
      if (persona === 'anonymous') expect(codeOf(response)).toBe('UNAUTHENTICATED');
      else expect(response.body).toEqual(unknown.body);
      const still = noErrors(await as('parent', BROWSERS)).viewer.pushSubscriptions.map((browser) => browser.id);
      expect(still).toContain(id);
    },
  );
});

describe('mail', () => {
  const ids = { message: '', notice: '', thread: '', recipient: '' };
  const MAIL = `query($message: ID!, $notice: ID!, $thread: ID!) { viewer {
    messages(first: 5) { edges { node { id } } sources { provider } }
    notices(first: 5) { edges { node { id } } sources { provider } }
    message(id: $message) { id } notice(id: $notice) { id } messageThread(id: $thread) { id }
  } }`;

  beforeAll(async () => {
    const mail = await as<{
      viewer: {
        messages: { edges: { node: { id: string; threadId: string } }[] };
        notices: { edges: { node: { id: string } }[] };
      };
    }>(
      'parent',
      `{ viewer { messages(first: 1) { edges { node { id threadId } } } notices(first: 1) { edges { node { id } } } } }`,
    );
    const { messages, notices } = noErrors(mail).viewer;
    ids.message = messages.edges[0]!.node.id;
    ids.thread = messages.edges[0]!.node.threadId;
    ids.notice = notices.edges[0]!.node.id;
    const book = await as<{ student: { messageRecipients: { recipients: { id: string }[] }[] } }>(
      'parent',
      `query($id: ID!) { student(id: $id) { messageRecipients { recipients { id } } } }`,
      { id: mashaId },
    );
    ids.recipient = noErrors(book).student.messageRecipients[0]!.recipients[0]!.id;
  });

  it.each(PERSONAS)('mail as %s: only accounts whose mail they may read (no MESSAGES, none)', async (persona) => {
    const response = await as<{
      viewer: {
        messages: { edges: unknown[]; sources: unknown[] };
        notices: { edges: unknown[]; sources: unknown[] };
        message: unknown;
        notice: unknown;
        messageThread: unknown;
      };
    }>(persona, MAIL, { message: ids.message, notice: ids.notice, thread: ids.thread });
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const { viewer } = noErrors(response);
    if (persona === 'parent') {
      expect(viewer.messages.edges.length).toBeGreaterThan(0);
      expect(viewer.notices.edges.length).toBeGreaterThan(0);
      expect([viewer.message, viewer.notice, viewer.messageThread].every((item) => item !== null)).toBe(true);
      return;
    }
    // The grandmother reads Мария's diary but was not given MESSAGES: exactly what a stranger sees.
    expect(viewer).toEqual({
      messages: { edges: [], sources: [] },
      notices: { edges: [], sources: [] },
      message: null,
      notice: null,
      messageThread: null,
    });
  });

  const CHILD = `query($id: ID!) { student(id: $id) {
    messaging { provider readMessages sendMessages }
    remarks(from: "2026-11-01", to: "2026-11-23") { id }
    diarySignatures(from: "2026-11-16", to: "2026-11-23") { weekStart canSign }
  } }`;

  it.each(PERSONAS)("the child's remarks, signatures and mail features as %s", async (persona) => {
    const response = await as<{
      student: {
        messaging: { readMessages: boolean; sendMessages: boolean }[];
        diarySignatures: { canSign: boolean }[];
      } | null;
    }>(persona, CHILD, { id: mashaId });
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const { student } = noErrors(response);
    if (persona === 'parent') {
      expect(student!.messaging.some((diary) => diary.sendMessages)).toBe(true);
    } else if (persona === 'trusted') {
      // The diary's remarks and signatures are the trusted person's to read; mail and signing are not.
      expect(student!.messaging.every((diary) => !diary.readMessages && !diary.sendMessages)).toBe(true);
      expect(student!.diarySignatures.every((week) => !week.canSign)).toBe(true);
    } else {
      expect(student).toBeNull();
    }
  });

  it.each(PERSONAS)('messageRecipients as %s', async (persona) => {
    const response = await as<{ student: { messageRecipients: unknown[] } | null }>(
      persona,
      `query($id: ID!) { student(id: $id) { messageRecipients { name } } }`,
      { id: mashaId },
    );
    const code = codeOf(response);
    if (persona === 'anonymous') expect(code).toBe('UNAUTHENTICATED');
    else if (persona === 'parent') expect(noErrors(response).student!.messageRecipients.length).toBeGreaterThan(0);
    else if (persona === 'trusted') expect(code).toBe('FORBIDDEN');
    else expect(response.body.data).toEqual({ student: null });
  });

  const CHILD_MUTATIONS: {
    name: string;
    query: string;
    variables: (persona: Persona, id: string) => Record<string, unknown>;
  }[] = [
    {
      name: 'sendMessage',
      query: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { replayed } }`,
      variables: (persona, id) => ({
        input: {
          clientKey: `matrix-${persona}-01`,
          studentId: id,
          recipientIds: [ids.recipient],
          subject: 'Тема',
          text: 'Текст',
        },
      }),
    },
    {
      name: 'signDiaryWeek',
      query: `mutation($input: SignDiaryWeekInput!) { signDiaryWeek(input: $input) { signed } }`,
      variables: (_persona, id) => ({ input: { studentId: id, week: '2026-11-16', provider: 'MESH' } }),
    },
  ];

  it.each(
    CHILD_MUTATIONS.flatMap((mutation) => PERSONAS.map((persona) => [mutation.name, persona, mutation] as const)),
  )('%s as %s', async (_name, persona, mutation) => {
    const response = await as(persona, mutation.query, mutation.variables(persona, mashaId));
    const code = codeOf(response);
    if (persona === 'anonymous') expect(code).toBe('UNAUTHENTICATED');
    else if (persona === 'parent') expect(response.body.errors).toBeUndefined();
    else if (persona === 'trusted') expect(code).toBe('FORBIDDEN');
    else {
      const unknown = await as(persona, mutation.query, mutation.variables(persona, UNKNOWN_STUDENT));
      expect(code).toBe('BAD_USER_INPUT');
      expect(response.body.errors).toEqual(unknown.body.errors);
    }
  });

  it.each(PERSONAS)("replyToMessage to the parent's message as %s", async (persona) => {
    const reply = (messageId: string) =>
      as(persona, `mutation($input: ReplyToMessageInput!) { replyToMessage(input: $input) { replayed } }`, {
        input: { clientKey: `matrix-reply-${persona}`, messageId, text: 'Спасибо' },
      });
    const response = await reply(ids.message);
    if (persona === 'anonymous') expect(codeOf(response)).toBe('UNAUTHENTICATED');
    else if (persona === 'parent') expect(response.body.errors).toBeUndefined();
    else {
      const unknown = await reply('msg1.WyJhY2NfdW5rbm93biIsIklOQk9YIiwiMSJd');
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors).toEqual(unknown.body.errors);
    }
  });
});

describe('changing', () => {
  const MUTATIONS: { name: string; query: string; variables: () => Record<string, unknown> }[] = [
    {
      name: 'reportAbsence',
      query: `mutation($id: ID!) { reportAbsence(input: { studentId: $id, from: "2026-11-24", to: "2026-11-24", reason: ILLNESS }) { providers } }`,
      variables: () => ({ id: mashaId }),
    },
    {
      name: 'withdrawAbsence',
      query: `mutation($id: ID!) { withdrawAbsence(input: { studentId: $id, from: "2026-11-24", to: "2026-11-24" }) { providers } }`,
      variables: () => ({ id: mashaId }),
    },
    {
      name: 'inviteTrustedPerson',
      query: `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Сидорова Нина" }) { grant { id } } }`,
      variables: () => ({ id: mashaId }),
    },
  ];

  it.each(MUTATIONS.flatMap((mutation) => PERSONAS.map((persona) => [mutation.name, persona, mutation] as const)))(
    '%s as %s',
    async (_name, persona, mutation) => {
      const response = await as(persona, mutation.query, mutation.variables());
      const code = codeOf(response);
      if (persona === 'anonymous') expect(code).toBe('UNAUTHENTICATED');
      else if (persona === 'parent') expect(response.body.errors).toBeUndefined();
      else if (persona === 'trusted') expect(code).toBe('FORBIDDEN');
      else {
        // the child is invisible to them: the same refusal as for an id that does not exist
        const unknown = await as(persona, mutation.query, { id: UNKNOWN_STUDENT });
        expect(code).toBe('BAD_USER_INPUT');
        expect(response.body.errors).toEqual(unknown.body.errors);
      }
    },
  );

  /** Mutations on something of the parent's, each with the id of a thing that does not exist. */
  const OWNED: { name: string; query: string; realId: () => Promise<string>; unknownId: string }[] = [
    {
      name: 'revokeTrustedPerson',
      query: `mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`,
      realId: async () => activeGrantId,
      unknownId: 'grant_unknown',
    },
    {
      name: 'setTrustedPersonScopes',
      query: `mutation($id: ID!) { setTrustedPersonScopes(grantId: $id, extraScopes: [MESSAGES]) { extraScopes } }`,
      realId: async () => activeGrantId,
      unknownId: 'grant_unknown',
    },
    {
      name: 'unlinkProviderAccount',
      query: `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`,
      realId: () => firstIdOf('providerAccounts'),
      unknownId: 'acc_unknown',
    },
    {
      name: 'updateWebhook',
      query: `mutation($id: ID!) { updateWebhook(id: $id, input: { label: "чужой" }) { id } }`,
      realId: () => parentWebhookId(),
      unknownId: 'whk_unknown',
    },
    ...['disableWebhook', 'enableWebhook'].map((verb) => ({
      name: verb,
      query: `mutation($id: ID!) { ${verb}(id: $id) { id status } }`,
      realId: () => parentWebhookId(),
      unknownId: 'whk_unknown',
    })),
    ...['confirmStudentMatch', 'rejectStudentMatch'].map((verb) => ({
      name: verb,
      query: `mutation($id: ID!) { ${verb}(suggestionId: $id) { suggestionId } }`,
      realId: () => firstIdOf('studentMatchSuggestions'),
      unknownId: 'sug_unknown',
    })),
  ];

  it.each(
    OWNED.flatMap((mutation) =>
      PERSONAS.filter((persona) => persona !== 'parent').map((persona) => [mutation.name, persona, mutation] as const),
    ),
  )('%s of the parent’s own as %s is refused exactly like an unknown id', async (_name, persona, mutation) => {
    const response = await as(persona, mutation.query, { id: await mutation.realId() });
    if (persona === 'anonymous') {
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
      return;
    }
    const unknown = await as(persona, mutation.query, { id: mutation.unknownId });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors).toEqual(unknown.body.errors);
  });

  const LINKS = [
    ['linkMeshAccount', `mutation { linkMeshAccount(input: { token: "not-a-token" }) { account { id } } }`],
    ['linkDnevnikAccount', `mutation { linkDnevnikAccount(input: { accessToken: "not-a-token" }) { account { id } } }`],
    [
      'linkEljurAccount',
      `mutation { linkEljurAccount(input: { login: "nobody", password: "wrong", vendor: "school1" }) { account { id } } }`,
    ],
  ] as const;

  it.each(LINKS.flatMap(([name, query]) => PERSONAS.map((persona) => [name, persona, query] as const)))(
    '%s with bad credentials as %s is refused by the diary and stores nothing',
    async (_name, persona, query) => {
      const response = await as(persona, query);
      if (persona === 'anonymous') {
        expect(codeOf(response)).toBe('UNAUTHENTICATED');
        return;
      }
      expect(codeOf(response)).toBe('PROVIDER_AUTH_FAILED');
      expect(response.body.errors![0]!.message).toMatch(
        /refused these credentials; check them and try again\. Nothing was linked\.$/,
      );
      const after = await as<{ viewer: { providerAccounts: unknown[] } }>(
        persona,
        `{ viewer { providerAccounts { id } } }`,
      );
      expect(dataOf(after).viewer.providerAccounts.length).toBe(persona === 'parent' ? 4 : 0);
    },
  );

  it.each(PERSONAS)('acceptTrustedPersonInvitation of an invitation naming the grandmother as %s', async (persona) => {
    const fresh = await invite('Иванова Галина Петровна');
    const response = await accept(persona, fresh.code);
    const code = codeOf(response);
    if (persona === 'anonymous') expect(code).toBe('UNAUTHENTICATED');
    else if (persona === 'parent')
      expect(code).toBe('BAD_USER_INPUT'); // one's own invitation
    else if (persona === 'trusted')
      expect(response.body.errors).toBeUndefined(); // she is the one named
    else expect(code).toBe('FORBIDDEN'); // named someone else
    await as('parent', `mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`, { id: fresh.id });
  });

  it.each(['revoked', 'expired', 'invited', 'otherParent'] as const)(
    'acceptTrustedPersonInvitation with a used or foreign code as %s is refused',
    async (persona) => {
      const fresh = await invite('Иванова Галина Петровна');
      const response = await accept(persona, fresh.code);
      // the code is valid but names someone else
      expect(codeOf(response)).toBe('FORBIDDEN');
      await as('parent', `mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`, { id: fresh.id });
      expect(codeOf(await accept(persona, fresh.code))).toBe('BAD_USER_INPUT');
    },
  );

  it.each(PERSONAS)('signOut as %s', async (persona) => {
    if (persona === 'anonymous') {
      expect(codeOf(await as(persona, `mutation { signOut }`))).toBe('UNAUTHENTICATED');
      return;
    }
    // The parent signs out of a second session, so the demo token stays valid for the other tests.
    const token =
      persona === 'parent'
        ? await createSession(store, (await firstUserOf('parent'))!, { ttlMs: null, now: TEST_NOW.getTime() })
        : tokens[persona]!;
    const response = await gateway.graphql(`mutation { signOut }`, {}, token);
    expect(response.body).toEqual({ data: { signOut: true } });
    expect(codeOf(await gateway.graphql(`{ viewer { id } }`, {}, token))).toBe('UNAUTHENTICATED');
    if (persona !== 'parent')
      tokens[persona] = await createSession(store, (await firstUserOf(persona))!, {
        ttlMs: null,
        now: TEST_NOW.getTime(),
      });
  });
});

const userIds: Partial<Record<Persona, string>> = {
  otherParent: 'usr_other',
  trusted: 'usr_grandma',
  revoked: 'usr_nanny',
  expired: 'usr_aunt',
  invited: 'usr_uncle',
};

async function firstUserOf(persona: Persona): Promise<string | null> {
  if (persona === 'parent') {
    const response = await as<{ viewer: { id: string } }>('parent', `{ viewer { id } }`);
    return dataOf(response).viewer.id;
  }
  return userIds[persona] ?? null;
}
