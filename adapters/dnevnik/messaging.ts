/**
 * The Dnevnik.ru part of the messaging port (`src/domain/messaging.ts`): what the diary lets a gateway read
 * of messages, notices, remarks and signatures (the evidence for each answer is in docs/providers/dnevnik.md,
 * "Messages, notices and remarks").
 *
 * - Messages: none. The partner API has no message route (the official method list, 144 routes, has none),
 *   and the app's chats run over XMPP with credentials only the app gets.
 * - Notices: the school board's notices, read from the app's API per child, merged per account; read state
 *   as the diary keeps it (`isReaded`), and no route that marks one read, so opening one changes nothing.
 * - Remarks: the teachers' comments on the child's lessons in the app's diary, a week per call.
 * - Signatures: the diary has no parent signing.
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { addDays, daysBetween, isoWeekday } from '../../src/domain/dates.js';
import type {
  MessagingFeatures,
  NoticeListRequest,
  ProviderMessaging,
  ProviderNoticeDetails,
  ProviderNoticePage,
} from '../../src/domain/messaging.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import {
  BadUserInputError,
  NotSupportedByProviderError,
  ProviderRefusedError,
} from '../../src/errors/gateway-error.js';
import { classIdsOf, idsOf, required } from './child-reads.js';
import { DNEVNIK } from './normalize-common.js';
import { listedNotice, normalizeNotices, parseNoticeId, type NoticeSource } from './normalize-notices.js';
import { normalizeRemarks } from './normalize-remarks.js';
import type { DnevnikReader } from './reader.js';

/** What Dnevnik.ru lets the gateway do (see the module's comment for why). */
export const DNEVNIK_MESSAGING_FEATURES: Readonly<MessagingFeatures> = Object.freeze({
  readMessages: false,
  sendMessages: false,
  sendAttachments: false,
  // Nothing is sent, so no text is taken at all.
  maxTextLength: 0,
  readNotices: true,
  remarks: true,
  signatures: 'none',
});

/** The longest range of remarks read at once: the schema asks at most 92 days; a year bounds a caller's bug. */
const MAX_REMARK_DAYS = 366;

const NO_MESSAGES =
  'it has no HTTP route for messages a partner app may use (its chats run over XMPP inside its own app)';
const NO_SIGNATURES = 'it has no parent signature of the diary';

function noMessages(): never {
  throw new NotSupportedByProviderError(DNEVNIK, NO_MESSAGES);
}

function noSignatures(): never {
  throw new NotSupportedByProviderError(DNEVNIK, NO_SIGNATURES);
}

/** The opened notice is not on the board the id names (taken down, or never the account's). */
function noticeGone(): ProviderRefusedError {
  return new ProviderRefusedError(DNEVNIK, 'MESSAGE_NOT_FOUND', 'the notice is not on the school board any more');
}

/** The children's (person, school) pairs, once each; a child without a recorded school cannot be asked. */
function sourcesOf(students: readonly ProviderStudent[]): NoticeSource[] {
  const sources = new Map<string, NoticeSource>();
  for (const student of students) {
    const { person, school } = idsOf(student);
    if (school !== null) sources.set(`${person}:${school}`, { person, school });
  }
  return [...sources.values()];
}

async function readNotices(
  reader: DnevnikReader,
  sources: readonly NoticeSource[],
  timeZone: string,
): Promise<ProviderNoticeDetails[]> {
  const lists = await Promise.all(
    sources.map(async (source) => ({
      source,
      notices: (await reader.notices(source.person, source.school)).postList ?? [],
    })),
  );
  return normalizeNotices(lists, timeZone);
}

/** One page of the merged notices: the route lists them all, so the adapter pages them itself. */
function pageOf(notices: readonly ProviderNoticeDetails[], request: NoticeListRequest): ProviderNoticePage {
  const size = Math.min(Math.max(Math.trunc(request.pageSize), 1), 100);
  const page = Math.max(Math.trunc(request.page), 1);
  const chosen = request.unreadOnly ? notices.filter((notice) => notice.isRead === false) : notices;
  const start = (page - 1) * size;
  return { notices: chosen.slice(start, start + size).map(listedNotice), hasMore: chosen.length > start + size };
}

/** The Mondays of the weeks that overlap `range`. */
function mondaysOf(range: DateRange): string[] {
  const days = daysBetween(range.from, range.to);
  if (days < 0 || days > MAX_REMARK_DAYS)
    throw new BadUserInputError(`remarks are read for 1 to ${MAX_REMARK_DAYS + 1} days at once`, 'to');
  const mondays: string[] = [];
  for (let monday = addDays(range.from, 1 - isoWeekday(range.from)); monday <= range.to; monday = addDays(monday, 7))
    mondays.push(monday);
  return mondays;
}

/** Creates the messaging part of the adapter over its reader. */
export function dnevnikMessaging(
  readerFor: (account: ProviderAccount, scope: UpstreamScope) => DnevnikReader,
): ProviderMessaging {
  return {
    features: DNEVNIK_MESSAGING_FEATURES,
    listMessages: async () => noMessages(),
    openMessage: async () => noMessages(),
    listRecipients: async () => noMessages(),
    sendMessage: async () => noMessages(),
    replyToMessage: async () => noMessages(),

    async listNotices(account, request, scope) {
      const notices = await readNotices(readerFor(account, scope), sourcesOf(request.students), request.timeZone);
      return pageOf(notices, request);
    },

    async openNotice(account, notice, scope) {
      // Nothing to mark: the app's API has no route that marks a notice read, so `markRead` changes nothing.
      const parsed = parseNoticeId(notice.externalId);
      if (!parsed) throw noticeGone();
      const notices = await readNotices(readerFor(account, scope), [parsed.source], notice.timeZone);
      const found = notices.find((candidate) => candidate.externalId === notice.externalId);
      if (!found) throw noticeGone();
      return found;
    },

    async fetchRemarks(account, student, range, scope) {
      const ids = classIdsOf(student);
      const school = required(ids.school, 'school');
      const reader = readerFor(account, scope);
      // `?id=<Monday>&loadType=Future` answers the week after that Monday (the one client that pages this
      // way asks so), hence the Monday before each week wanted.
      const weeks = await Promise.all(
        mondaysOf(range).map((monday) => reader.weekAfter(ids.person, school, ids.group, addDays(monday, -7))),
      );
      return normalizeRemarks(weeks, range, student.timeZone);
    },

    fetchWeekSignatures: async () => noSignatures(),
    signWeek: async () => noSignatures(),
  };
}
