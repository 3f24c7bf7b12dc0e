/**
 * Bounded input (issue 10, findings 2 and 6): through a real demo gateway over HTTP, every argument and
 * input field that takes free text is refused one character past its cap — `BAD_USER_INPUT` naming it —
 * and accepted at the cap itself; and the worst strings (120,000 spaces inside a name, 100,000 hyphens,
 * " -" 50,000 times, control characters, NUL, direction marks, 4-byte emoji) are refused or processed,
 * after which `/healthz` still answers. No timing is asserted: the old quadratic name pattern took 15 s
 * per request, past the test's timeout; time bounds live in the benchmark (`bench/scenarios/inputs.ts`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/graphql/input-limits.js';
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../support/gateway.js';
import { dataOf } from '../support/graphql.js';

/** One capped input and a request that carries `value` in it. */
interface InputCase {
  /** The INPUT_LIMITS key. */
  key: string;
  /** The name `extensions.argument` must give. */
  argument: string;
  query: string;
  variables(value: string): Record<string, unknown>;
  /** A value of exactly `length` characters that should pass every other check too, when one exists. */
  valid?(length: number): string;
}

let gateway: TestGateway;
/** A child the demo parent sees as a parent (МЭШ, which takes absence notices). */
let studentId: string;

const ABSENCE = { from: '2026-11-24', to: '2026-11-24', reason: 'OTHER' };
const LINK = (mutation: string, input: string) =>
  `mutation($input: ${input}!) { ${mutation}(input: $input) { account { id } } }`;
const INVITE = `mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { grant { id inviteeLabel } } }`;
const REPORT = `mutation($input: ReportAbsenceInput!) { reportAbsence(input: $input) { from } }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { replayed } }`;
/** A message no diary is asked to send (its recipient id names nobody), so only the bounds decide. */
const sendInput = () => ({
  clientKey: 'bounded-send-0001',
  studentId,
  recipientIds: ['rcp1.none'],
  subject: 'Тема',
  text: 'Текст',
});
const studentField = (field: string) =>
  `query($id: ID!, $v: ID) { student(id: $id) { ${field}(from: "2026-11-16", to: "2026-11-22", subjectId: $v) { id } } }`;

const CASES: InputCase[] = [
  {
    key: 'Query.student(id)',
    argument: 'id',
    query: `query($v: ID!) { student(id: $v) { id } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Student.grades(subjectId)',
    argument: 'subjectId',
    query: studentField('grades'),
    variables: (v) => ({ id: studentId, v }),
  },
  {
    key: 'Student.homework(subjectId)',
    argument: 'subjectId',
    query: studentField('homework'),
    variables: (v) => ({ id: studentId, v }),
  },
  {
    key: 'Student.averages(periodId)',
    argument: 'periodId',
    query: `query($id: ID!, $v: ID) { student(id: $id) { averages(periodId: $v) { __typename } } }`,
    variables: (v) => ({ id: studentId, v }),
  },
  {
    key: 'Mutation.unlinkProviderAccount(id)',
    argument: 'id',
    query: `mutation($v: ID!) { unlinkProviderAccount(id: $v) { unlinkedId } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Mutation.confirmStudentMatch(suggestionId)',
    argument: 'suggestionId',
    query: `mutation($v: ID!) { confirmStudentMatch(suggestionId: $v) { suggestionId } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Mutation.rejectStudentMatch(suggestionId)',
    argument: 'suggestionId',
    query: `mutation($v: ID!) { rejectStudentMatch(suggestionId: $v) { suggestionId } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Mutation.acceptTrustedPersonInvitation(code)',
    argument: 'code',
    query: `mutation($v: String!) { acceptTrustedPersonInvitation(code: $v) { grantId } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Mutation.revokeTrustedPerson(grantId)',
    argument: 'grantId',
    query: `mutation($v: ID!) { revokeTrustedPerson(grantId: $v) { id } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Mutation.createCalendarFeed(studentId)',
    argument: 'studentId',
    query: `mutation($v: ID!) { createCalendarFeed(studentId: $v) { feed { id } } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'Mutation.revokeCalendarFeed(id)',
    argument: 'id',
    query: `mutation($v: ID!) { revokeCalendarFeed(id: $v) { id } }`,
    variables: (v) => ({ v }),
  },
  {
    key: 'LinkMeshAccountInput.token',
    argument: 'token',
    query: LINK('linkMeshAccount', 'LinkMeshAccountInput'),
    variables: (v) => ({ input: { token: v } }),
  },
  {
    key: 'LinkDnevnikAccountInput.code',
    argument: 'code',
    query: LINK('linkDnevnikAccount', 'LinkDnevnikAccountInput'),
    variables: (v) => ({ input: { code: v } }),
  },
  {
    key: 'LinkDnevnikAccountInput.redirectUri',
    argument: 'redirectUri',
    query: LINK('linkDnevnikAccount', 'LinkDnevnikAccountInput'),
    variables: (v) => ({ input: { code: 'made-up-code', redirectUri: v } }),
  },
  {
    key: 'LinkDnevnikAccountInput.accessToken',
    argument: 'accessToken',
    query: LINK('linkDnevnikAccount', 'LinkDnevnikAccountInput'),
    variables: (v) => ({ input: { accessToken: v } }),
  },
  {
    key: 'LinkEljurAccountInput.login',
    argument: 'login',
    query: LINK('linkEljurAccount', 'LinkEljurAccountInput'),
    variables: (v) => ({ input: { login: v, password: 'secret', vendor: 'school1' } }),
  },
  {
    key: 'LinkEljurAccountInput.password',
    argument: 'password',
    query: LINK('linkEljurAccount', 'LinkEljurAccountInput'),
    variables: (v) => ({ input: { login: 'parent', password: v, vendor: 'school1' } }),
  },
  {
    key: 'LinkEljurAccountInput.vendor',
    argument: 'vendor',
    query: LINK('linkEljurAccount', 'LinkEljurAccountInput'),
    variables: (v) => ({ input: { login: 'parent', password: 'secret', vendor: v } }),
  },
  {
    key: 'LinkMeshAccountInput.tenant',
    argument: 'tenant',
    query: LINK('linkMeshAccount', 'LinkMeshAccountInput'),
    variables: (v) => ({ input: { token: 'token', tenant: v } }),
  },
  {
    key: 'LinkDnevnikAccountInput.tenant',
    argument: 'tenant',
    query: LINK('linkDnevnikAccount', 'LinkDnevnikAccountInput'),
    variables: (v) => ({ input: { accessToken: 'token', tenant: v } }),
  },
  {
    key: 'LinkEljurAccountInput.tenant',
    argument: 'tenant',
    query: LINK('linkEljurAccount', 'LinkEljurAccountInput'),
    variables: (v) => ({ input: { login: 'parent', password: 'secret', vendor: 'school1', tenant: v } }),
  },
  {
    key: 'InviteTrustedPersonInput.studentId',
    argument: 'studentId',
    query: INVITE,
    variables: (v) => ({ input: { studentId: v, fullName: 'Иванова Галина Петровна' } }),
  },
  {
    key: 'InviteTrustedPersonInput.snils',
    argument: 'snils',
    query: INVITE,
    variables: (v) => ({ input: { studentId, snils: v } }),
  },
  {
    key: 'InviteTrustedPersonInput.phone',
    argument: 'phone',
    query: INVITE,
    variables: (v) => ({ input: { studentId, phone: v } }),
  },
  {
    key: 'InviteTrustedPersonInput.fullName',
    argument: 'fullName',
    query: INVITE,
    variables: (v) => ({ input: { studentId, fullName: v } }),
    valid: (length) => `Иванова Галина ${'П'.repeat(length - 'Иванова Галина '.length)}`,
  },
  {
    key: 'ReportAbsenceInput.studentId',
    argument: 'studentId',
    query: REPORT,
    variables: (v) => ({ input: { ...ABSENCE, studentId: v } }),
  },
  {
    key: 'ReportAbsenceInput.comment',
    argument: 'comment',
    query: REPORT,
    variables: (v) => ({ input: { ...ABSENCE, studentId, comment: v } }),
    valid: (length) => 'Болеет. '.repeat(length).slice(0, length),
  },
  {
    key: 'WithdrawAbsenceInput.studentId',
    argument: 'studentId',
    query: `mutation($input: WithdrawAbsenceInput!) { withdrawAbsence(input: $input) { from } }`,
    variables: (v) => ({ input: { studentId: v, from: '2026-11-24', to: '2026-11-24' } }),
  },
  ...(['updateWebhook', 'disableWebhook', 'enableWebhook', 'deleteWebhook'] as const).map((verb): InputCase => ({
    key: `Mutation.${verb}(id)`,
    argument: 'id',
    query:
      verb === 'updateWebhook'
        ? `mutation($v: ID!) { updateWebhook(id: $v, input: {}) { id } }`
        : verb === 'deleteWebhook'
          ? `mutation($v: ID!) { deleteWebhook(id: $v) }`
          : `mutation($v: ID!) { ${verb}(id: $v) { id } }`,
    variables: (v) => ({ v }),
  })),
  {
    key: 'Webhook.deliveries(after)',
    argument: 'after',
    query: `query($v: ID) { viewer { webhooks { deliveries(after: $v) { hasMore } } } }`,
    variables: (v) => ({ v }),
  },
  ...(['CreateWebhookInput', 'UpdateWebhookInput'] as const).flatMap((input) =>
    (['url', 'secret', 'label'] as const).map((field): InputCase => ({
      key: `${input}.${field}`,
      argument: field,
      query:
        input === 'CreateWebhookInput'
          ? `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`
          : `mutation($input: UpdateWebhookInput!) { updateWebhook(id: "whk_unknown", input: $input) { id } }`,
      variables: (v) => ({
        input: { ...(input === 'CreateWebhookInput' ? { url: 'https://hooks.example.com/in' } : {}), [field]: v },
      }),
    })),
  ),
  {
    key: 'Mutation.removePushSubscription(id)',
    argument: 'id',
    query: `mutation($v: ID!) { removePushSubscription(id: $v) }`,
    variables: (v) => ({ v }),
  },
  ...(['endpoint', 'p256dh', 'auth', 'label'] as const).map((field): InputCase => ({
    key: `PushSubscriptionInput.${field}`,
    argument: field,
    query: `mutation($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { id } }`,
    variables: (v) => ({
      input: { endpoint: 'https://push.example.com/x', p256dh: 'k', auth: 'a', [field]: v },
    }),
  })),
  ...(['message', 'messageThread', 'notice'] as const).map((field): InputCase => ({
    key: `Viewer.${field}(id)`,
    argument: 'id',
    query: `query($v: ID!) { viewer { ${field}(id: $v) { id } } }`,
    variables: (v) => ({ v }),
  })),
  ...(['messages', 'notices'] as const).map((field): InputCase => ({
    key: `Viewer.${field}(after)`,
    argument: 'after',
    query: `query($v: String) { viewer { ${field}(first: 1, after: $v) { pageInfo { hasNextPage } } } }`,
    variables: (v) => ({ v }),
  })),
  ...(
    [
      ['MessageFilter', 'messages'],
      ['NoticeFilter', 'notices'],
    ] as const
  ).map(([input, field]): InputCase => ({
    key: `${input}.studentId`,
    argument: 'studentId',
    query: `query($v: ID) { viewer { ${field}(first: 1, filter: { studentId: $v }) { pageInfo { hasNextPage } } } }`,
    variables: (v) => ({ v }),
  })),
  ...(['clientKey', 'studentId', 'subject', 'text'] as const).map((field): InputCase => ({
    key: `SendMessageInput.${field}`,
    argument: field,
    query: SEND,
    variables: (v) => ({ input: { ...sendInput(), [field]: v } }),
  })),
  {
    key: 'SendMessageInput.recipientIds',
    argument: 'recipientIds',
    query: SEND,
    variables: (v) => ({ input: { ...sendInput(), recipientIds: [v] } }),
  },
  ...(['name', 'contentType', 'contentBase64'] as const).map((field): InputCase => ({
    key: `MessageAttachmentInput.${field}`,
    argument: field,
    query: SEND,
    variables: (v) => ({
      input: {
        ...sendInput(),
        attachments: [{ name: 'справка.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0=', [field]: v }],
      },
    }),
  })),
  ...(['clientKey', 'messageId', 'text'] as const).map((field): InputCase => ({
    key: `ReplyToMessageInput.${field}`,
    argument: field,
    query: `mutation($input: ReplyToMessageInput!) { replyToMessage(input: $input) { replayed } }`,
    variables: (v) => ({ input: { clientKey: 'bounded-reply-01', messageId: 'msg1.x', text: 'Спасибо', [field]: v } }),
  })),
  {
    key: 'SignDiaryWeekInput.studentId',
    argument: 'studentId',
    query: `mutation($input: SignDiaryWeekInput!) { signDiaryWeek(input: $input) { signed } }`,
    variables: (v) => ({ input: { studentId: v, week: '2026-11-16' } }),
  },
  {
    key: 'Mutation.setTrustedPersonScopes(grantId)',
    argument: 'grantId',
    query: `mutation($v: ID!) { setTrustedPersonScopes(grantId: $v, extraScopes: []) { id } }`,
    variables: (v) => ({ v }),
  },
];

/** The worst strings the attack tried, and their kin; the first three exceed every cap. */
const ADVERSARIAL: [string, string][] = [
  ['"Иванова" + 120,000 spaces + "Галина Петровна"', `Иванова${' '.repeat(120_000)}Галина Петровна`],
  ['100,000 hyphens', '-'.repeat(100_000)],
  ['" -" 50,000 times', ' -'.repeat(50_000)],
  ['control characters and CR LF', 'Иванова\u0001\u0007\u001b[2J Галина\r\nПетровна'],
  ['NUL', 'Иванова\u0000Галина Петровна'],
  ['direction marks and overrides', '\u202eИванова\u200f Галина\u202c \u2067Петровна\u2069'],
  ['4-byte emoji and a ZWJ sequence', '👩‍👧‍👦 Иванова 😀 Галина Петровна 𝕏'],
];

/** The length refusal of `input` in an answer, if any. */
function lengthRefusal(response: GraphqlResponse) {
  return response.body.errors?.find((error) => /may be at most \d+ characters/.test(error.message));
}

async function healthy(): Promise<number> {
  const response = await fetch(`${gateway.url}/healthz`);
  await response.body?.cancel();
  return response.status;
}

beforeAll(async () => {
  // Well over a hundred requests from one session: the per-session limit is not what is tested here.
  gateway = await startTestGateway({ SESSION_RATE_LIMIT_PER_MINUTE: '1000000' });
  // A webhook of the demo parent's, so `Webhook.deliveries(after)` is resolved (and measured).
  const hook = await gateway.graphql(
    `mutation { createWebhook(input: { url: "https://hooks.example.com/b" }) { secret } }`,
  );
  if (hook.body.errors) throw new Error(`no webhook: ${hook.text}`);
  const students = await gateway.graphql<{
    viewer: { students: { id: string; access: string; enrollments: { provider: string }[] }[] };
  }>(`{ viewer { students { id access enrollments { provider } } } }`);
  const mine = dataOf(students).viewer.students.find(
    (student) =>
      student.access === 'PARENT' && student.enrollments.some((enrollment) => enrollment.provider === 'MESH'),
  );
  if (!mine) throw new Error(`the demo parent has no МЭШ child: ${students.text}`);
  studentId = mine.id;
});

describe('bounded input', () => {
  it('should try every capped input of the schema', () => {
    expect(CASES.map((each) => each.key).sort()).toEqual(Object.keys(INPUT_LIMITS).sort());
  });

  it.each(CASES)('should refuse $key one character past its cap, naming $argument', async (input) => {
    const max = INPUT_LIMITS[input.key]!;
    const response = await gateway.graphql(input.query, input.variables(input.valid?.(max + 1) ?? 'x'.repeat(max + 1)));
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: `${input.argument} may be at most ${max} characters; this one has ${max + 1}.`,
        extensions: { code: 'BAD_USER_INPUT', argument: input.argument },
      }),
    ]);
  });

  it.each(CASES)('should not refuse $key at its cap for its length', async (input) => {
    const max = INPUT_LIMITS[input.key]!;
    const response = await gateway.graphql(input.query, input.variables(input.valid?.(max) ?? 'x'.repeat(max)));
    expect(response.status).toBe(200);
    expect(lengthRefusal(response)).toBeUndefined();
  });

  it('should keep and show an invitee name of exactly 200 characters, unchanged', async () => {
    const name = CASES.find((each) => each.key === 'InviteTrustedPersonInput.fullName')!.valid!(200);
    const invited = await gateway.graphql<{ inviteTrustedPerson: { grant: { inviteeLabel: string } } }>(INVITE, {
      input: { studentId, fullName: name },
    });
    expect(invited.body.errors).toBeUndefined();
    expect(dataOf(invited).inviteTrustedPerson.grant.inviteeLabel).toBe(name);
  });

  it.each(CASES)(
    'should refuse or process the worst strings in $key, and /healthz should still answer',
    async (input) => {
      const max = INPUT_LIMITS[input.key]!;
      for (const [what, value] of ADVERSARIAL) {
        const response = await gateway.graphql(input.query, input.variables(value));
        const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
        expect({ what, status: response.status, internal: codes.includes('INTERNAL_SERVER_ERROR') }).toEqual({
          what,
          status: 200,
          internal: false,
        });
        if (value.length > max)
          expect({ what, refusal: lengthRefusal(response)?.extensions }).toEqual({
            what,
            refusal: { code: 'BAD_USER_INPUT', argument: input.argument },
          });
        expect(await healthy()).toBe(200);
      }
    },
  );
});
