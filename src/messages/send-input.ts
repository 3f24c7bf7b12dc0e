/**
 * What a parent's `sendMessage` / `replyToMessage` input may hold, checked before anything is read or sent:
 * the client key's shape, the texts' lengths, the recipients' count, the files' names, types and sizes.
 * Lengths of the free-text fields are capped again at the edge (`src/graphql/input-limits.ts` reads them here).
 */
import { createHash } from 'node:crypto';
import type { OutgoingAttachment } from '../domain/messaging.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';

/** The caps, in characters unless said otherwise. */
export const SEND_LIMITS = Object.freeze({
  clientKeyMin: 8,
  clientKeyMax: 64,
  subject: 200,
  text: 5_000,
  recipients: 20,
  attachments: 3,
  attachmentName: 120,
  contentType: 100,
  /** Decoded bytes of one file. */
  attachmentBytes: 512 * 1024,
  /** Base64 characters of one file: 4 per 3 bytes, padded. */
  attachmentBase64: Math.ceil((512 * 1024) / 3) * 4,
});

/** A file as the input gives it. */
export interface AttachmentInput {
  name: string;
  contentType: string;
  contentBase64: string;
}

/** The client key, checked: 8–64 of `A-Z a-z 0-9 _ -`. */
export function checkClientKey(key: string): string {
  const { clientKeyMin: min, clientKeyMax: max } = SEND_LIMITS;
  if (key.length < min || key.length > max || !/^[A-Za-z0-9_-]+$/.test(key))
    throw new BadUserInputError(
      `\`clientKey\` must be ${min}–${max} characters of A-Z, a-z, 0-9, "_" and "-".`,
      'clientKey',
      phrase('mail.clientKey', { min, max }),
    );
  return key;
}

/** A text field, trimmed at its ends and not empty (lengths were capped at the edge). */
export function checkText(value: string, name: 'subject' | 'text'): string {
  const trimmed = value.trim();
  if (trimmed.length === 0)
    throw new BadUserInputError(`\`${name}\` must not be empty.`, name, phrase('mail.emptyText', { name }));
  return trimmed;
}

/** The recipients' ids: 1–20, each once. */
export function checkRecipientIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > SEND_LIMITS.recipients)
    throw new BadUserInputError(
      `Name 1–${SEND_LIMITS.recipients} recipients.`,
      'recipientIds',
      phrase('mail.recipientCount', { max: SEND_LIMITS.recipients }),
    );
  return unique;
}

/** The files, checked and decoded: at most 3, each named, typed and at most 512 KiB. */
export function decodeAttachments(inputs: readonly AttachmentInput[] | null | undefined): OutgoingAttachment[] {
  const files = inputs ?? [];
  if (files.length > SEND_LIMITS.attachments)
    throw new BadUserInputError(
      `At most ${SEND_LIMITS.attachments} attachments.`,
      'attachments',
      phrase('mail.attachmentCount', { max: SEND_LIMITS.attachments }),
    );
  return files.map(decodeAttachment);
}

function decodeAttachment(input: AttachmentInput): OutgoingAttachment {
  const name = input.name.trim();
  // A name is shown to a teacher and written into a multipart header: no paths, no control characters.
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > SEND_LIMITS.attachmentName || /[/\\\u0000-\u001f\u007f"]/.test(name))
    throw new BadUserInputError(
      `An attachment's \`name\` must be 1–${SEND_LIMITS.attachmentName} characters without "/", "\\", quotes or control characters.`,
      'attachments',
      phrase('mail.attachmentName', { max: SEND_LIMITS.attachmentName }),
    );
  if (input.contentType.length > SEND_LIMITS.contentType || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i.test(input.contentType))
    throw new BadUserInputError(
      'An attachment\'s `contentType` must be a media type such as "application/pdf".',
      'attachments',
      phrase('mail.attachmentType', { max: SEND_LIMITS.contentType }),
    );
  const base64 = input.contentBase64;
  const bytes = Buffer.from(base64, 'base64');
  const wellFormed =
    base64.length > 0 &&
    base64.length <= SEND_LIMITS.attachmentBase64 &&
    /^[A-Za-z0-9+/]*={0,2}$/.test(base64) &&
    bytes.length > 0 &&
    bytes.length <= SEND_LIMITS.attachmentBytes;
  if (!wellFormed)
    throw new BadUserInputError(
      `An attachment's \`contentBase64\` must be base64 of 1 byte to ${SEND_LIMITS.attachmentBytes / 1024} KiB.`,
      'attachments',
      phrase('mail.attachmentContent', { maxBytes: SEND_LIMITS.attachmentBytes }),
    );
  return { name, contentType: input.contentType.toLowerCase(), bytes: new Uint8Array(bytes) };
}

/**
 * The digest a send is remembered by: everything that makes it this message (the account and the thing
 * answered or the recipients, the texts, each file's name, type and SHA-256), so a client key repeated with
 * other content is told apart without keeping the content.
 */
export function draftDigest(parts: {
  accountId: string;
  target: readonly string[];
  subject: string;
  text: string;
  attachments: readonly OutgoingAttachment[];
}): string {
  const files = parts.attachments.map((file) => [
    file.name,
    file.contentType,
    createHash('sha256').update(file.bytes).digest('hex'),
  ]);
  const canonical = JSON.stringify([parts.accountId, [...parts.target].sort(), parts.subject, parts.text, files]);
  return createHash('sha256').update(canonical).digest('hex');
}
