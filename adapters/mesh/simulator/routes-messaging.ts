/**
 * The notice feed and «Ознакомлен с дневником» routes, behind the family gate (`routes.ts`):
 *
 * - `GET instantmessages/v1/feed?page&npp[&filter]`: the account's feed, newest first; reading it changes
 *   no read state;
 * - `GET aware_journals?student_profile_ids[&week_from&week_to]`: the signed weeks, a bare array;
 * - `POST aware_journals` `{parent_profile_id, student_profile_id, week}`: signs a week that has begun
 *   (400 for one that has not), as the token holder only (403 for another profile or another's child);
 *   signing a signed week answers the first signature again.
 */
import type { Caller } from '../../simulation/gates.js';
import { json, type Reply } from '../../simulation/replies.js';
import { weekMonday, type SignatureBook } from './diary-signatures.js';
import {
  readFeedFilter,
  readSignatureRequest,
  readWeekRange,
  requireFeedPage,
  requireStudentProfiles,
} from './gates-messaging.js';
import type { NoticeFeedBook } from './notice-feed.js';
import { renderFeedItem, renderSignedWeek } from './render-messaging.js';
import { refusal } from './replies.js';
import type { FeedWire } from './wire-messaging.js';

/** What the simulator keeps for these routes. */
export interface MessagingBooks {
  feed: NoticeFeedBook;
  signatures: SignatureBook;
}

/** What these routes see once the token and headers passed. */
export interface MessagingRouteContext {
  caller: Caller;
  query: URLSearchParams;
  body: string;
  books: MessagingBooks;
  /** The simulator clock's date in Moscow. */
  today: string;
  /** The simulator clock. */
  now: Date;
}

/** `GET instantmessages/v1/feed`. */
export function answerFeed(context: MessagingRouteContext): Reply {
  const page = requireFeedPage(context.query);
  if (!page.ok) return page.reply;
  const child = readFeedFilter(context.caller, context.query);
  if (!child.ok) return child.reply;
  const { feed } = context.books;
  const entries = feed
    .feedOf(context.caller.children, context.today)
    .filter((entry) => child.value === null || entry.studentId === child.value.studentId);
  const start = (page.value.page - 1) * page.value.npp;
  const body: FeedWire = {
    data: entries.slice(start, start + page.value.npp).map((entry) => renderFeedItem(entry, feed.isRead(entry))),
  };
  return json(body);
}

/** `GET aware_journals`. */
export function answerSignedWeeks(context: MessagingRouteContext): Reply {
  const children = requireStudentProfiles(context.caller, context.query);
  if (!children.ok) return children.reply;
  const range = readWeekRange(context.query);
  if (!range.ok) return range.reply;
  const profileId = context.caller.account.profileId;
  const from = weekMonday(range.value.from);
  const weeks = children.value.flatMap((child) =>
    context.books.signatures.weeksOf(child, profileId, context.today, from, range.value.to),
  );
  return json(weeks.map(renderSignedWeek));
}

/** `POST aware_journals`. */
export function answerSigning(context: MessagingRouteContext): Reply {
  const request = readSignatureRequest(context.body);
  if (!request.ok) return request.reply;
  const { parent_profile_id: parentId, student_profile_id: studentId, week } = request.value;
  if (parentId !== context.caller.account.profileId)
    return refusal(403, 'parent_profile_id does not belong to the token holder');
  const child = context.caller.children.find((candidate) => candidate.studentId === studentId);
  if (!child) return refusal(403, 'student_profile_id is not a child of this profile');
  if (weekMonday(week) !== week) return refusal(400, 'week must be the Monday of a week');
  if (week > weekMonday(context.today)) return refusal(400, 'the week has not begun, so it cannot be signed yet');
  const record = context.books.signatures.sign(child, week, parentId, context.now, context.today);
  return json(renderSignedWeek(record));
}
