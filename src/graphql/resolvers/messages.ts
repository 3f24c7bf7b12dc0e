/**
 * Mail in the schema: `Viewer.messages`, `message`, `messageThread`, `notices`, `notice`;
 * `Student.messageRecipients`, `messaging`, `remarks`, `diarySignatures`; `sendMessage`, `replyToMessage`,
 * `signDiaryWeek`, `setTrustedPersonScopes`. The rules are `src/messages`'s (and `src/access`'s for scopes);
 * these resolvers build its dependencies from the request and report a failing diary beside the rest.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { isParentView } from '../../access/access-rule.js';
import { setGrantScopes } from '../../access/trusted-persons.js';
import { BadUserInputError, GatewayError } from '../../errors/gateway-error.js';
import { phrase } from '../../errors/phrases.js';
import { studentRemarks, studentSignatures, signDiaryWeek } from '../../messages/diary-signatures.js';
import type { MailDeps } from '../../messages/mail-deps.js';
import { mailSources, sourcesOfStudent, type MailSource } from '../../messages/mail-sources.js';
import { listMessages, MAX_MAIL_FIRST, messageThread, type SourceFailure } from '../../messages/message-lists.js';
import { listNotices } from '../../messages/notice-lists.js';
import { listedMessage, listedNotice, openMessage, openNotice } from '../../messages/open-items.js';
import { studentRecipients } from '../../messages/recipients.js';
import { SEND_LIMITS } from '../../messages/send-input.js';
import { replyToMessage, sendMessage } from '../../messages/send-messages.js';
import { createRequestScope } from '../../upstream/request-scope.js';
import type { GatewayContext } from '../context.js';
import type {
  MessageChangeResolvers,
  MutationResolvers,
  NoticeChangeResolvers,
  StudentResolvers,
  ViewerResolvers,
} from '../resolvers.generated.js';
import { requireDirectory, requireStudent, requireUser, unknownStudent } from './enrollment-loads.js';

/** The mail parts of `Viewer`. */
export const ViewerMail: Pick<ViewerResolvers, 'messages' | 'message' | 'messageThread' | 'notices' | 'notice'> = {
  async messages(_viewer, { filter, first, after }, context, info) {
    const deps = mailDeps(context);
    const sources = await filteredSources(context, deps, filter ?? {});
    const { connection, failures } = await listMessages(deps, sources, {
      filter: filter ?? {},
      first: checkFirst(first),
      after: after ?? null,
    });
    reportFailures(context, info, failures);
    return connection;
  },
  async message(_viewer, { id }, context) {
    // Opening marks the message read in the diary: an answer kept and sent again would not do that.
    context.answerNotKept('opens a message');
    const deps = mailDeps(context);
    return openMessage(deps, await sourcesOf(context), id);
  },
  async messageThread(_viewer, { id }, context) {
    const deps = mailDeps(context);
    return messageThread(deps, await sourcesOf(context), id);
  },
  async notices(_viewer, { filter, first, after }, context, info) {
    const deps = mailDeps(context);
    const student = filter?.studentId ? await requireStudent(context, filter.studentId) : null;
    const sources = await filteredSources(context, deps, filter ?? {});
    const { connection, failures } = await listNotices(deps, sources, {
      filter: filter ?? {},
      student,
      first: checkFirst(first),
      after: after ?? null,
    });
    reportFailures(context, info, failures);
    return connection;
  },
  async notice(_viewer, { id }, context) {
    context.answerNotKept('opens a notice');
    const deps = mailDeps(context);
    return openNotice(deps, await sourcesOf(context), id);
  },
};

/** The mail parts of `Student`. */
export const StudentMail: Pick<StudentResolvers, 'messageRecipients' | 'messaging' | 'remarks' | 'diarySignatures'> = {
  async messageRecipients(student, _args, context) {
    const deps = mailDeps(context);
    return studentRecipients(deps, await sourcesOf(context), student);
  },
  async messaging(student, _args, context) {
    const deps = mailDeps(context);
    const parent = isParentView(student);
    const readable = new Set((await sourcesOf(context)).map((source) => source.account.id));
    const accountIds = [...new Set(student.enrollments.map((enrollment) => enrollment.accountId))];
    return Promise.all(
      accountIds.map(async (accountId) => {
        const account = await deps.directory.account(accountId);
        const features = deps.adapters.forAccount(account)?.messaging?.features;
        return {
          provider: account.provider,
          readMessages: readable.has(accountId) && (features?.readMessages ?? false),
          sendMessages: parent && (features?.sendMessages ?? false),
          sendAttachments: parent && (features?.sendAttachments ?? false),
          maxTextLength: features?.sendMessages ? Math.min(features.maxTextLength, SEND_LIMITS.text) : null,
          readNotices: readable.has(accountId) && (features?.readNotices ?? false),
        };
      }),
    );
  },
  async remarks(student, { from, to }, context, info) {
    const { items, failures } = await studentRemarks(mailDeps(context), student, { from, to });
    reportErrors(
      context,
      info,
      failures.map((failure) => failure.error),
    );
    return items;
  },
  async diarySignatures(student, { from, to }, context, info) {
    const { items, failures } = await studentSignatures(mailDeps(context), student, { from, to });
    reportErrors(
      context,
      info,
      failures.map((failure) => failure.error),
    );
    return items;
  },
};

/** A new message in the change feed: the message read from its mailbox when asked (its text is not kept). */
export const MessageChange: Pick<MessageChangeResolvers, 'message'> = {
  async message(change, _args, context) {
    if (change.type !== 'message') return null;
    return listedMessage(mailDeps(context), await sourcesOf(context), change.accountId, change.messageExternalId);
  },
};

/** A new notice in the change feed, read from the diary when asked. */
export const NoticeChange: Pick<NoticeChangeResolvers, 'notice'> = {
  async notice(change, _args, context) {
    if (change.type !== 'notice') return null;
    return listedNotice(mailDeps(context), await sourcesOf(context), change.accountId, change.noticeExternalId);
  },
};

/** The mail mutations. */
export const mailMutations: Pick<
  MutationResolvers,
  'sendMessage' | 'replyToMessage' | 'signDiaryWeek' | 'setTrustedPersonScopes'
> = {
  async sendMessage(_root, { input }, context) {
    const deps = mailDeps(context);
    const student = await requireStudent(context, input.studentId);
    return sendMessage(deps, await sourcesOf(context), student, input);
  },
  async replyToMessage(_root, { input }, context) {
    const deps = mailDeps(context);
    return replyToMessage(deps, await sourcesOf(context), input);
  },
  async signDiaryWeek(_root, { input }, context) {
    const student = await requireStudent(context, input.studentId);
    return signDiaryWeek(mailDeps(context), student, input);
  },
  setTrustedPersonScopes(_root, { grantId, extraScopes }, context) {
    const { store, personalDataSecret, now } = context.services;
    return setGrantScopes(requireUser(context), grantId, extraScopes, {
      store,
      personalDataSecret,
      now: () => now().getTime(),
    });
  },
};

/** What the mail room needs of this request. */
function mailDeps(context: GatewayContext): MailDeps {
  const { adapters, store, cache, now, requestDeadlineMs } = context.services;
  return {
    userId: requireUser(context),
    directory: requireDirectory(context),
    adapters,
    loaders: context.loaders,
    store,
    forget: (accountId, resources) => cache.forget(accountId, resources),
    now: () => now().getTime(),
    scope: createRequestScope(requestDeadlineMs),
  };
}

const SOURCES = new WeakMap<GatewayContext, Promise<MailSource[]>>();

/** The accounts whose mail the viewer may read, found once per request. */
function sourcesOf(context: GatewayContext): Promise<MailSource[]> {
  let sources = SOURCES.get(context);
  if (!sources) {
    sources = mailSources({ directory: requireDirectory(context), adapters: context.services.adapters });
    SOURCES.set(context, sources);
  }
  return sources;
}

/** The sources a filter keeps: by diary, and by child (a child the viewer does not see is refused). */
async function filteredSources(
  context: GatewayContext,
  deps: MailDeps,
  filter: { studentId?: string | null; provider?: string | null },
): Promise<MailSource[]> {
  let sources = await sourcesOf(context);
  if (filter.provider) sources = sources.filter((source) => source.provider === filter.provider);
  if (filter.studentId) {
    const { student } = await deps.directory.findStudent(filter.studentId);
    if (!student) throw unknownStudent();
    sources = sourcesOfStudent(sources, student);
  }
  return sources;
}

function checkFirst(first: number | null | undefined): number {
  const value = first ?? 20;
  if (!Number.isInteger(value) || value < 1 || value > MAX_MAIL_FIRST)
    throw new BadUserInputError(
      `\`first\` must be 1–${MAX_MAIL_FIRST}.`,
      'first',
      phrase('mail.firstOutOfRange', { max: MAX_MAIL_FIRST }),
    );
  return value;
}

function reportFailures(context: GatewayContext, info: GraphQLResolveInfo, failures: readonly SourceFailure[]): void {
  reportErrors(
    context,
    info,
    failures.map((failure) => failure.error),
  );
}

/** A diary's failure is reported beside the rest; anything else is a bug and fails the field. */
function reportErrors(context: GatewayContext, info: GraphQLResolveInfo, errors: readonly unknown[]): void {
  for (const error of errors) {
    if (!(error instanceof GatewayError)) throw error;
    context.partialErrors.report(error, info);
  }
}
