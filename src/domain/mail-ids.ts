/**
 * The schema's ids of mail items: a kind prefix and the base64url of a JSON array of strings (the gateway's
 * account id first, then the diary's own ids). Not secret and not signed: whoever holds an id still reads the
 * item only through an account they may read mail of (`mail-sources.ts`), which every use checks.
 */

/** What an id names. */
export type MailIdKind = 'message' | 'thread' | 'notice' | 'recipient' | 'remark';

const PREFIX: Readonly<Record<MailIdKind, string>> = Object.freeze({
  message: 'msg1.',
  thread: 'thr1.',
  notice: 'ntc1.',
  recipient: 'rcp1.',
  remark: 'rmk1.',
});

/** Longest id accepted (the schema says 512; input limits refuse longer before a resolver runs). */
export const MAX_MAIL_ID_LENGTH = 512;

/** Makes the id of `kind` from its parts (account id first). */
export function encodeMailId(kind: MailIdKind, parts: readonly string[]): string {
  return PREFIX[kind] + Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/**
 * The parts of an id of `kind` with exactly `count` parts, or `null` when it is not one (another kind, not
 * base64url JSON, another shape): an unknown id, never an error, so a forged one tells nothing.
 */
export function decodeMailId(kind: MailIdKind, id: string, count: number): string[] | null {
  if (id.length > MAX_MAIL_ID_LENGTH || !id.startsWith(PREFIX[kind])) return null;
  const body = id.slice(PREFIX[kind].length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== count) return null;
  if (!parts.every((part) => typeof part === 'string' && part.length > 0)) return null;
  return parts as string[];
}

/** Items per page asked of a diary's mailbox or notices. */
export const MAIL_PAGE_SIZE = 50;

/**
 * The upstream-cache params of one page of a mailbox: the mail room (`src/messages`) and the change detector
 * (`src/changes`) read the same pages under the same keys, so a poll refreshes what families read.
 */
export function mailboxPageParams(
  folder: 'INBOX' | 'SENT',
  unreadOnly: boolean,
  page: number,
  timeZone: string,
): string[] {
  return ['list', folder, unreadOnly ? 'unread' : 'all', String(page), String(MAIL_PAGE_SIZE), timeZone];
}

/** The upstream-cache params of one page of an account's notices (see {@link mailboxPageParams}). */
export function noticePageParams(
  unreadOnly: boolean,
  page: number,
  timeZone: string,
  childExternalIds: readonly string[],
): string[] {
  return [
    'list',
    unreadOnly ? 'unread' : 'all',
    String(page),
    String(MAIL_PAGE_SIZE),
    timeZone,
    ...[...childExternalIds].sort(),
  ];
}
