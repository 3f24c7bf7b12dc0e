/**
 * Pure: the app API's school notices (`payloads-mobile.ts`) → the messaging port's notices. A notice is
 * listed per child (the route takes the child's person and school), so the lists of an account's children
 * are merged: one notice, and the children whose lists carried it.
 *
 * A notice's id names the child it was read through as well (`<notice>:<person>:<school>`): opening one
 * needs the route again, and the port hands `openNotice` nothing but the id.
 */
import { dateInZone, localOrOffsetToIso, readDate, toZonedIso } from '../../src/domain/dates.js';
import type { ProviderNotice, ProviderNoticeDetails } from '../../src/domain/messaging.js';
import type { Attachment } from '../../src/domain/model.js';
import { compareIds, fullName, textOrNull } from './normalize-common.js';
import type { NoticeRecord } from './payloads-mobile.js';
import { plainText, previewOf } from './plain-text.js';

/** The child a list was read for: the route's two ids. */
export interface NoticeSource {
  person: string;
  school: string;
}

/** A notice as read from one child's list, before merging. */
interface ReadNotice {
  key: string;
  details: ProviderNoticeDetails;
}

/** Seconds since the epoch; a value this large can only be milliseconds (year 5138 in seconds). */
const MILLISECONDS_FROM = 100_000_000_000;

/** An epoch instant (seconds, or milliseconds when that large), or `null` outside years 2000–2100. */
function epochInstant(value: number): Date | null {
  const ms = value >= MILLISECONDS_FROM ? value : value * 1000;
  return ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2100, 0, 1) ? new Date(ms) : null;
}

/**
 * An instant the app's API writes (epoch seconds as a number or digit string, or an ISO datetime with or
 * without an offset; a date alone is the school's midnight), as ISO with the school's offset, or `null`.
 */
export function instantToIso(value: number | string | null | undefined, timeZone: string): string | null {
  if (value == null) return null;
  if (typeof value === 'number' || /^\d{9,13}$/.test(value.trim())) {
    const instant = epochInstant(Number(value));
    return instant ? toZonedIso(instant, timeZone) : null;
  }
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return localOrOffsetToIso(`${trimmed}T00:00:00`, timeZone);
  return localOrOffsetToIso(trimmed, timeZone);
}

/** The school-local calendar date of such an instant, or `null`. */
export function instantDate(value: number | string | null | undefined, timeZone: string): string | null {
  if (value == null) return null;
  if (typeof value === 'number' || /^\d{9,13}$/.test(value.trim())) {
    const instant = epochInstant(Number(value));
    return instant ? dateInZone(instant, timeZone) : null;
  }
  // A datetime's date part is the school's day, offset or not (the app writes school-local times).
  return readDate(value);
}

/** Characters an `eventKey` may have to stand in a notice's id (the ids the room keeps are bounded text). */
const EVENT_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

/** The notice's own key: its integer id, else `e.<eventKey>`; `null` when neither can name it. */
function noticeKey(notice: NoticeRecord): string | null {
  if (notice.id != null && !/^-?0+$/.test(notice.id)) return notice.id;
  const eventKey = notice.eventKey?.trim();
  return eventKey && EVENT_KEY.test(eventKey) ? `e.${eventKey}` : null;
}

/** A notice id the adapter made: `<key>:<person>:<school>`. */
const NOTICE_ID = /^(\d{1,20}|e\.[A-Za-z0-9_.-]{1,100}):(\d{1,19}):(\d{1,19})$/;

/** The parts of a notice id {@link normalizeNotices} made, or `null` for any other text. */
export function parseNoticeId(externalId: string): { key: string; source: NoticeSource } | null {
  const match = NOTICE_ID.exec(externalId);
  return match ? { key: match[1]!, source: { person: match[2]!, school: match[3]! } } : null;
}

/** Only web links leave the gateway as attachment addresses. */
function webLink(value: string | null | undefined): string | null {
  const link = textOrNull(value)?.trim();
  return link && /^https?:\/\/\S+$/i.test(link) ? link : null;
}

function attachmentsOf(notice: NoticeRecord): Attachment[] {
  const files = [...(notice.files ?? []), ...(notice.attachmentFiles ?? [])];
  const seen = new Set<string>();
  const attachments: Attachment[] = [];
  for (const file of files) {
    const title = textOrNull(file.fileName)?.trim() ?? 'Файл';
    const url = webLink(file.fileLink);
    const key = `${file.fileId ?? ''}|${title}|${url ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    attachments.push({ title, url });
  }
  return attachments;
}

/** One list item as the port's notice, or `null` when it cannot be named or dated. */
function readNotice(notice: NoticeRecord, source: NoticeSource, timeZone: string): ReadNotice | null {
  const key = noticeKey(notice);
  const publishedAt = instantToIso(notice.createdDateTime, timeZone);
  if (key === null || publishedAt === null) return null;
  const text = plainText(notice.text) ?? plainText(notice.content) ?? plainText(notice.details) ?? '';
  const isRead = notice.isReaded ?? (notice.isNew == null ? null : !notice.isNew);
  return {
    key,
    details: {
      externalId: `${key}:${source.person}:${source.school}`,
      title: plainText(notice.title)?.replace(/\s+/g, ' ') ?? '',
      preview: previewOf(text),
      text,
      author:
        fullName({
          lastName: notice.authorLastName,
          firstName: notice.authorFirstName,
          middleName: notice.authorMiddleName,
        }) ?? textOrNull(notice.authorName),
      // The route says nothing of whom a notice is for, how long it stands, or whether it is important.
      audience: null,
      publishedAt,
      validUntil: null,
      isRead,
      isImportant: false,
      studentExternalIds: [source.person],
      attachments: attachmentsOf(notice),
    },
  };
}

/** Newest first; the same instant by the key, so the order is stable. */
function newestFirst(a: ReadNotice, b: ReadNotice): number {
  const byTime = Date.parse(b.details.publishedAt) - Date.parse(a.details.publishedAt);
  return byTime !== 0 ? byTime : compareIds(b.key, a.key);
}

/**
 * Merges the children's lists (in the order given) into the account's notices, newest first: a notice two
 * children's lists carry is one notice concerning both, named through the first child that listed it; read
 * when any list says so (the read state is the account's, and a list may lag).
 */
export function normalizeNotices(
  lists: readonly { source: NoticeSource; notices: readonly NoticeRecord[] }[],
  timeZone: string,
): ProviderNoticeDetails[] {
  const merged = new Map<string, ReadNotice>();
  for (const { source, notices } of lists) {
    for (const item of notices) {
      const read = readNotice(item, source, timeZone);
      if (!read) continue;
      const known = merged.get(read.key);
      if (!known) {
        merged.set(read.key, read);
        continue;
      }
      const students = known.details.studentExternalIds!;
      if (!students.includes(source.person)) students.push(source.person);
      if (read.details.isRead === true) known.details.isRead = true;
    }
  }
  return [...merged.values()].sort(newestFirst).map((notice) => notice.details);
}

/** A notice as a list shows it: without its text and attachments. */
export function listedNotice(notice: ProviderNoticeDetails): ProviderNotice {
  const { text: _text, attachments: _attachments, ...listed } = notice;
  return listed;
}
