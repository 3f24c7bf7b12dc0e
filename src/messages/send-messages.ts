/**
 * `sendMessage` and `replyToMessage`: a parent writes through a child's diary, each message at most once per
 * client key (`send-once.ts`). Everything is checked before the diary is called: the input's bounds, that the
 * viewer is the child's parent, that the diary takes messages (and files, and this length), and that every
 * recipient is in the child's address book in that diary right now.
 */
import { requireParentView } from '../access/access-rule.js';
import type { MessagingFeatures, OutgoingAttachment, SentMessage } from '../domain/messaging.js';
import type { ProviderKind, StudentRecord } from '../domain/model.js';
import { BadUserInputError, NotSupportedByProviderError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { MessageSendResult } from '../store/store.js';
import type { MailDeps } from './mail-deps.js';
import { isParentSource, type MailSource } from './mail-sources.js';
import { decodeMailId } from '../domain/mail-ids.js';
import { findInMailbox } from './open-items.js';
import { childrenOf, recipientsById, sendingSources } from './recipients.js';
import {
  checkClientKey,
  checkRecipientIds,
  checkText,
  decodeAttachments,
  draftDigest,
  type AttachmentInput,
} from './send-input.js';
import { sendOnce, type SendOutcome } from './send-once.js';

/** `SendMessageInput`, as the resolver hands it. */
export interface SendMessageArgs {
  clientKey: string;
  provider?: ProviderKind | null;
  recipientIds: readonly string[];
  subject: string;
  text: string;
  attachments?: readonly AttachmentInput[] | null;
}

/** `ReplyToMessageInput`. */
export interface ReplyArgs {
  clientKey: string;
  messageId: string;
  text: string;
  attachments?: readonly AttachmentInput[] | null;
}

/** A send's answer (`SendMessagePayload`). */
export type SendPayload = MessageSendResult & { replayed: boolean };

/** Writes a new message about `student` to people of its address book. */
export async function sendMessage(
  deps: MailDeps,
  sources: readonly MailSource[],
  student: StudentRecord,
  args: SendMessageArgs,
): Promise<SendPayload> {
  const clientKey = checkClientKey(args.clientKey);
  const subject = checkText(args.subject, 'subject');
  const text = checkText(args.text, 'text');
  const ids = checkRecipientIds(args.recipientIds);
  const attachments = decodeAttachments(args.attachments);
  requireParentView(student, 'Only a parent may write messages about a child.', phrase('mail.parentOnly'));
  const source = chooseSource(sendingSources(sources, student), args.provider ?? null);
  const messaging = source.messaging!;
  checkFits(source.provider, messaging.features, text, attachments);
  const recipients = await resolveRecipients(deps, source, student, ids);
  const targets = recipients.map((person) => person.externalId);
  const digest = draftDigest({ accountId: source.account.id, target: targets, subject, text, attachments });
  const outcome = await sendOnce(
    deps.store,
    { ownerUserId: deps.userId, clientKey, draftDigest: digest, now: deps.now() },
    async () => {
      const sent = await messaging.sendMessage(
        source.account,
        { recipientIds: targets, subject, text, attachments },
        deps.scope,
      );
      return resultOf(source, sent, recipients);
    },
  );
  return finish(deps, source, outcome);
}

/** Answers an inbox message to its sender. */
export async function replyToMessage(
  deps: MailDeps,
  sources: readonly MailSource[],
  args: ReplyArgs,
): Promise<SendPayload> {
  const clientKey = checkClientKey(args.clientKey);
  const text = checkText(args.text, 'text');
  const attachments = decodeAttachments(args.attachments);
  const parts = decodeMailId('message', args.messageId, 3);
  const source = parts && sources.find((candidate) => candidate.account.id === parts[0]);
  if (!parts || !source)
    throw new BadUserInputError(
      'No message with this id is yours to answer.',
      'messageId',
      phrase('mail.unknownMessage'),
    );
  if (!isParentSource(source))
    throw new BadUserInputError('Only a parent may answer messages.', 'messageId', phrase('mail.parentOnly'));
  if (parts[1] !== 'INBOX')
    throw new BadUserInputError('Only an inbox message can be answered.', 'messageId', phrase('mail.notReplyable'));
  const messaging = source.messaging;
  if (!messaging?.features.sendMessages)
    throw new NotSupportedByProviderError(
      source.provider,
      'it takes no messages from the gateway',
      phrase('mail.noDiary'),
    );
  checkFits(source.provider, messaging.features, text, attachments);
  const messageExternalId = parts[2]!;
  const digest = draftDigest({
    accountId: source.account.id,
    target: [`reply:${messageExternalId}`],
    subject: '',
    text,
    attachments,
  });
  const outcome = await sendOnce(
    deps.store,
    { ownerUserId: deps.userId, clientKey, draftDigest: digest, now: deps.now() },
    async () => {
      // The diary's answer names nobody (Eljur's): the reply went to the original's sender, as its list shows it.
      const original = await findInMailbox(deps, source, 'INBOX', messageExternalId).catch(() => null);
      const sent = await messaging.replyToMessage(source.account, { messageExternalId, text, attachments }, deps.scope);
      return resultOf(source, sent, original ? [original.sender] : []);
    },
  );
  return finish(deps, source, outcome);
}

/** The one diary to send through: the one named, or the only one the child has that takes messages. */
function chooseSource(sending: readonly MailSource[], provider: ProviderKind | null): MailSource {
  const candidates = provider ? sending.filter((source) => source.provider === provider) : sending;
  if (candidates.length === 0) {
    if (provider)
      throw new NotSupportedByProviderError(
        provider,
        'it takes no messages from the gateway for this child',
        phrase('mail.noDiary'),
      );
    throw new BadUserInputError(
      "None of the child's diaries takes messages through the gateway.",
      'studentId',
      phrase('mail.noDiary'),
    );
  }
  if (candidates.length > 1)
    throw new BadUserInputError(
      'The child is in several diaries that take messages: name one in `provider`.',
      'provider',
      phrase('mail.chooseDiary'),
    );
  return candidates[0]!;
}

/** Refuses, before the diary is asked, what the diary is known not to take. */
function checkFits(
  provider: ProviderKind,
  features: MessagingFeatures,
  text: string,
  attachments: readonly OutgoingAttachment[],
): void {
  if (text.length > features.maxTextLength)
    throw new BadUserInputError(
      `This diary takes at most ${features.maxTextLength} characters.`,
      'text',
      phrase('mail.textTooLongForDiary', { provider, max: features.maxTextLength }),
    );
  if (attachments.length > 0 && !features.sendAttachments)
    throw new BadUserInputError(
      'This diary takes no attachments from the gateway.',
      'attachments',
      phrase('mail.attachmentsNotTaken', { provider }),
    );
}

/** The address-book entries the ids name; every id must be of this account, this child and in its book now. */
async function resolveRecipients(deps: MailDeps, source: MailSource, student: StudentRecord, ids: readonly string[]) {
  const children = new Map(childrenOf(student, source).map((child) => [child.externalId, child]));
  const books = new Map<string, Awaited<ReturnType<typeof recipientsById>>>();
  const unknown = () =>
    new BadUserInputError(
      "A recipient is not in this child's address book.",
      'recipientIds',
      phrase('mail.unknownRecipient'),
    );
  const people = [];
  for (const id of ids) {
    const parts = decodeMailId('recipient', id, 3);
    const child = parts && parts[0] === source.account.id ? children.get(parts[1]!) : undefined;
    if (!parts || !child) throw unknown();
    let book = books.get(child.externalId);
    if (!book) {
      book = await recipientsById(deps, source, child);
      books.set(child.externalId, book);
    }
    const person = book.get(parts[2]!);
    if (!person) throw unknown();
    people.push(person);
  }
  return people;
}

/** What the answer repeats: the diary, who it went to (named from the address book), when. */
function resultOf(
  source: MailSource,
  sent: SentMessage,
  recipients: readonly { name: string; role: MessageSendResult['recipients'][number]['role'] }[],
): MessageSendResult {
  const named = recipients.length > 0 ? recipients : sent.recipients;
  return {
    provider: source.provider,
    recipients: named.map((person) => ({ name: person.name, role: person.role })),
    sentAt: sent.sentAt,
  };
}

/** After a send the account's cached mailbox pages are forgotten, so «Отправленные» shows it. */
async function finish(deps: MailDeps, source: MailSource, outcome: SendOutcome): Promise<SendPayload> {
  if (!outcome.replayed) await deps.forget(source.account.id, ['messages']);
  return { ...outcome.result, replayed: outcome.replayed };
}
