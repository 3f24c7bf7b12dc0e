/**
 * The Eljur adapter's messaging (`ProviderMessaging`, issue 17): the mail (`getmessages`, `getmessageinfo`,
 * `sendmessage`, `sendreplymessage`), its address book (`getmessagereceivers`), the school's notices
 * (`getboardnotices`, `getboardnoticeinfo`) and the weeks a parent signed (`parent_signed` of `getdiary`).
 * What Eljur lacks or the gateway cannot do safely is `false` in {@link ELJUR_MESSAGING_FEATURES} and throws
 * `NOT_SUPPORTED_BY_PROVIDER`; docs/providers/eljur.md, "Messages and notices", gives the evidence.
 *
 * Opening an unread inbox message marks it read in Eljur (`getmessageinfo` does it; no call undoes it), so
 * with `markRead: false` an inbox message is opened only once Eljur's unread list shows it is not there.
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { toZonedIso } from '../../src/domain/dates.js';
import type {
  MessagingFeatures,
  ProviderMessagePerson,
  ProviderMessaging,
  ProviderRecipient,
} from '../../src/domain/messaging.js';
import {
  NotSupportedByProviderError,
  ProviderBadResponseError,
  ProviderRefusedError,
} from '../../src/errors/gateway-error.js';
import { sideAnswer } from '../../src/upstream/side-answers.js';
import { fetchRules } from './client.js';
import {
  fetchMessageInfo,
  fetchMessageReceivers,
  fetchMessages,
  fetchNoticeInfo,
  fetchNotices,
  postMessage,
  postReply,
} from './client-messages.js';
import type { EljurCalls } from './eljur-calls.js';
import {
  addressBook,
  ELJUR,
  NO_NAME,
  normalizeMessage,
  normalizeMessagePage,
  normalizeNotice,
  normalizeNoticePage,
  normalizeRecipientGroups,
  readPersonName,
  textOrNull,
  type MessageReading,
} from './normalize.js';
import type { ReceiversAnswer } from './payloads-messages.js';
import { createSignatureReads } from './signatures.js';
import { findUnread, type UnreadLookup } from './unread-lookup.js';

/**
 * What the gateway can do with Eljur's mail. `maxTextLength`: no limit of Eljur's is known (no client or
 * document names one); 5,000 characters is the gateway's own bound, well within what a mail text column
 * holds, and a longer text Eljur refuses comes back as `TEXT_TOO_LONG`. `sendAttachments`: the upload's
 * answer field that `fid[]` takes is not known, and the gateway's transport carries text bodies only.
 * `remarks`: Eljur's API has no remarks. `signatures`: `parent_signed` is read; no route sets it.
 */
export const ELJUR_MESSAGING_FEATURES: MessagingFeatures = Object.freeze({
  readMessages: true,
  sendMessages: true,
  sendAttachments: false,
  maxTextLength: 5_000,
  readNotices: true,
  remarks: false,
  signatures: 'read-only',
});

/** What the messaging part is built from: the adapter's calls, its zone (for `sentAt`) and clock. */
export interface EljurMessagingOptions {
  calls: EljurCalls;
  timeZone: string;
  now: () => Date;
}

const NO_BOOK: ReceiversAnswer = { groups: [] };
const ROLES_SOURCE = { provider: ELJUR, route: 'getmessagereceivers', missing: ['MessagePerson.role'] } as const;
const HOLDER_SOURCE = { provider: ELJUR, route: 'getrules', missing: ['Message.sender'] } as const;

function notSupported(detail: string): NotSupportedByProviderError {
  return new NotSupportedByProviderError(ELJUR, detail);
}

function refuseAttachments(attachments: readonly unknown[]): void {
  if (attachments.length > 0) throw notSupported('the gateway sends no attachments through Eljur');
}

/** Creates the messaging part of the Eljur adapter. */
export function createEljurMessaging({ calls, timeZone, now }: EljurMessagingOptions): ProviderMessaging {
  const { call, read, readStructure } = calls;
  // Each send is its own call: never shared with another through the request's memo.
  let sends = 0;

  /** The address book, through the structure cache (it changes a few times a year). */
  const book = (account: ProviderAccount, scope: UpstreamScope) =>
    readStructure(account, scope, 'getmessagereceivers', (context) => fetchMessageReceivers(context));

  /** The people the mail names, by id: their roles. Without the book the mail is still served, roles `null`. */
  const roles = async (account: ProviderAccount, scope: UpstreamScope) =>
    addressBook(await sideAnswer(ROLES_SOURCE, scope, () => book(account, scope), NO_BOOK));

  /** The account's holder, the sender of `SENT`: `getrules` (shared with the profile within a request). */
  async function holder(account: ProviderAccount, scope: UpstreamScope): Promise<ProviderMessagePerson> {
    const rules = await sideAnswer(HOLDER_SOURCE, scope, () => call(account, scope, 'getrules', fetchRules), null);
    if (rules === null) return { externalId: null, name: NO_NAME, role: 'PARENT' };
    const name = readPersonName(rules);
    const full = [name.lastName, name.firstName, name.middleName].filter(Boolean).join(' ');
    return { externalId: textOrNull(rules.id ?? rules.name), name: full || NO_NAME, role: 'PARENT' };
  }

  async function reading(
    account: ProviderAccount,
    folder: MessageReading['folder'],
    zone: string,
    scope: UpstreamScope,
  ): Promise<MessageReading> {
    const sent = folder === 'SENT';
    const [known, sender] = await Promise.all([
      roles(account, scope),
      sent ? holder(account, scope) : Promise.resolve({ externalId: null, name: NO_NAME, role: null }),
    ]);
    return { folder, timeZone: zone, book: known, holder: sender };
  }

  const lookup = (account: ProviderAccount, scope: UpstreamScope): UnreadLookup => ({
    messages: (page, limit) =>
      read(account, scope, `getmessages:inbox:true:${page}:${limit}`, (context) =>
        fetchMessages(context, { folder: 'inbox', unreadOnly: true, page, limit }),
      ),
    notices: (page, limit) =>
      read(account, scope, `getboardnotices:${page}:${limit}`, (context) => fetchNotices(context, { page, limit })),
  });

  /** The recipients of a draft, from a fresh address book; one not in it is refused before anything is sent. */
  async function checkedRecipients(
    account: ProviderAccount,
    ids: readonly string[],
    scope: UpstreamScope,
  ): Promise<ProviderRecipient[]> {
    const known = addressBook(
      await read(account, scope, 'getmessagereceivers', (context) => fetchMessageReceivers(context)),
    );
    // Ids go into `users_to` joined by commas: one not in the book (a comma in it included) never reaches Eljur.
    const recipients = ids.map((id) => known.get(id));
    if (ids.length === 0 || recipients.some((recipient) => recipient === undefined))
      throw new ProviderRefusedError(
        ELJUR,
        'RECIPIENT_NOT_ALLOWED',
        'a recipient is not in the account’s address book',
      );
    return recipients as ProviderRecipient[];
  }

  const sentNow = () => toZonedIso(now(), timeZone);
  const signatures = createSignatureReads(calls, now);

  return {
    features: ELJUR_MESSAGING_FEATURES,

    async listMessages(account, request, scope) {
      // Sent messages are read, so none of them is unread.
      if (request.folder === 'SENT' && request.unreadOnly) return { messages: [], hasMore: false };
      const folder = request.folder === 'SENT' ? 'sent' : 'inbox';
      const page = { folder, unreadOnly: request.unreadOnly, page: request.page, limit: request.pageSize } as const;
      const [answer, context] = await Promise.all([
        read(account, scope, `getmessages:${folder}:${request.unreadOnly}:${request.page}:${request.pageSize}`, (c) =>
          fetchMessages(c, page),
        ),
        reading(account, request.folder, request.timeZone, scope),
      ]);
      return normalizeMessagePage(answer, request, context);
    },

    async openMessage(account, message, scope) {
      if (message.folder === 'INBOX' && !message.markRead) {
        const unread = await findUnread(lookup(account, scope), 'message', message.externalId);
        if (unread !== false)
          throw notSupported('opening an unread Eljur message marks it read; its preview is all there is without that');
      }
      const [info, context] = await Promise.all([
        read(account, scope, `getmessageinfo:${message.externalId}`, (c) => fetchMessageInfo(c, message.externalId)),
        reading(account, message.folder, message.timeZone, scope),
      ]);
      const opened = normalizeMessage(info.message, context);
      if (opened === null)
        throw new ProviderBadResponseError(ELJUR, 'getmessageinfo: the message’s date is unreadable');
      return opened;
    },

    async listRecipients(account, student, scope) {
      return normalizeRecipientGroups(await book(account, scope), student.className);
    },

    async sendMessage(account, draft, scope) {
      refuseAttachments(draft.attachments);
      const recipients = await checkedRecipients(account, draft.recipientIds, scope);
      const message = { recipientIds: draft.recipientIds, subject: draft.subject, text: draft.text };
      await call(account, scope, `sendmessage:${++sends}`, (context) => postMessage(context, message));
      return {
        externalId: null,
        recipients: recipients.map(({ externalId, name, role }) => ({ externalId, name, role })),
        sentAt: sentNow(),
      };
    },

    async replyToMessage(account, draft, scope) {
      refuseAttachments(draft.attachments);
      const reply = { messageId: draft.messageExternalId, text: draft.text };
      await call(account, scope, `sendreplymessage:${++sends}`, (context) => postReply(context, reply));
      // Eljur sends the reply to the message's sender and names nobody: the gateway knows whom it answered.
      return { externalId: null, recipients: [], sentAt: sentNow() };
    },

    async listNotices(account, request, scope) {
      const page = { page: request.page, limit: request.pageSize };
      const answer = await read(account, scope, `getboardnotices:${request.page}:${request.pageSize}`, (context) =>
        fetchNotices(context, page),
      );
      return normalizeNoticePage(answer, request, request.timeZone);
    },

    async openNotice(account, notice, scope) {
      // Opening is taken to mark a notice read as it does a message (not confirmed): without `markRead`, only
      // a notice Eljur lists as read is opened.
      if (!notice.markRead && (await findUnread(lookup(account, scope), 'notice', notice.externalId)) !== false)
        throw notSupported('opening an unread Eljur notice may mark it read; its preview is all there is without that');
      const info = await read(account, scope, `getboardnoticeinfo:${notice.externalId}`, (context) =>
        fetchNoticeInfo(context, notice.externalId),
      );
      const opened = normalizeNotice(info.notice, notice.timeZone);
      if (opened === null)
        throw new ProviderBadResponseError(ELJUR, 'getboardnoticeinfo: the notice’s date is unreadable');
      return opened;
    },

    async fetchRemarks() {
      throw notSupported('Eljur’s API has no teachers’ remarks');
    },

    fetchWeekSignatures: signatures.weeks,

    async signWeek() {
      throw notSupported('Eljur shows whether a parent signed a week (parent_signed) but has no route to sign');
    },
  };
}
