/**
 * МЭШ notice feed items (`instantmessages/v1/feed`) → the messaging port's notices. The feed is МЭШ's own
 * «Уведомления»: school news and announcements beside the family's own events (a new mark, changed homework,
 * meals); no field value that tells them apart is known (providers.md §8.5), so every item is a notice, as
 * in the official app, and the service that sent it is named as its author.
 */
import { toZonedIso } from '../../src/domain/dates.js';
import type { ProviderNotice, ProviderNoticeDetails } from '../../src/domain/messaging.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import { MESH, readInstant, textOrNull } from './normalize-common.js';
import { isTimestamp, type NoticeFeedItem } from './payloads-messaging.js';
import { plainTextOf, previewOf } from './plain-text.js';

/** A `timestamp` above this is taken as milliseconds (seconds reach it only in the year 5138). */
const MILLISECONDS_FROM = 100_000_000_000;

/** When the item was posted: `created_at` (naive Moscow time or with an offset), else `timestamp`. */
function publishedAt(item: NoticeFeedItem, timeZone: string): string {
  const fromText = readInstant(item.created_at, timeZone);
  if (fromText !== null) return fromText;
  const stamp = item.timestamp;
  // The payload schema leaves out items with neither, so this is an answer the schema let through wrongly.
  if (!isTimestamp(stamp)) {
    throw new ProviderBadResponseError(MESH, 'instantmessages: data[].created_at: expected a datetime');
  }
  return toZonedIso(new Date(stamp >= MILLISECONDS_FROM ? stamp : stamp * 1000), timeZone);
}

/**
 * The children the item concerns: the one its `child_id` names (their `student_id`, which is a МЭШ child's
 * `externalId`, `normalize-profile.ts`), or `null` (the whole account) when it names none.
 */
function concerns(item: NoticeFeedItem): string[] | null {
  return item.child_id == null ? null : [String(item.child_id)];
}

/** One feed item, opened: the notice with its whole text (the feed gives no attachments). */
export function normalizeNoticeDetails(item: NoticeFeedItem, timeZone: string): ProviderNoticeDetails {
  const text = plainTextOf(item.description);
  return {
    externalId: String(item.id),
    title: plainTextOf(item.title),
    preview: previewOf(text),
    author: textOrNull(item.context?.source_name),
    audience: null,
    publishedAt: publishedAt(item, timeZone),
    validUntil: null,
    isRead: item.is_new == null ? null : !item.is_new,
    isImportant: item.is_important === true,
    studentExternalIds: concerns(item),
    text,
    attachments: [],
  };
}

/** One feed item as a list shows it. */
export function normalizeNotice(item: NoticeFeedItem, timeZone: string): ProviderNotice {
  // The text and attachments are left for `openNotice`: a list carries the preview only.
  const { text, attachments, ...notice } = normalizeNoticeDetails(item, timeZone);
  return notice;
}
