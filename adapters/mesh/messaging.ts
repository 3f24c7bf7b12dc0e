/**
 * The МЭШ adapter's messaging part (`ProviderAdapter.messaging`, issue 17). What МЭШ offers a family, as
 * far as the public clients show it (providers.md §8.5; evidence and confidence in docs/providers/mesh.md,
 * "Messages, notices and signatures"):
 *
 * - **notices**: the family app's feed (`instantmessages/v1/feed`), read; no route marks an item read;
 * - **signatures**: «Ознакомлен с дневником» (`ej/core/family/v1/aware_journals`), read and signed;
 * - **no messages with teachers**: no МЭШ route for them is known (schools write to parents in Сферум and
 *   MAX, outside МЭШ), and **no remarks**: МЭШ has no remarks of its own beside a mark's comment, which
 *   grades already carry.
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { addDays, isIsoDate } from '../../src/domain/dates.js';
import type {
  MessagingFeatures,
  ProviderMessaging,
  ProviderNoticeDetails,
  ProviderWeekSignature,
} from '../../src/domain/messaging.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import {
  BadUserInputError,
  NotSupportedByProviderError,
  ProviderRefusedError,
} from '../../src/errors/gateway-error.js';
import { reportedValue } from '../../src/upstream/tolerant-decode.js';
import type { MeshProfileContext } from './client.js';
import { fetchAwareJournals, fetchNoticeFeed, postAwareJournal, type FeedPage } from './client-messaging.js';
import { MESH_NOTICE_SEARCH } from './endpoints.js';
import {
  MESH,
  mondayOf,
  normalizeNotice,
  normalizeNoticeDetails,
  normalizeWeekSignatures,
  numericMeshId,
  weeksOf,
} from './normalize.js';

/** What the МЭШ messaging part can do; every `false` one's methods throw `NOT_SUPPORTED_BY_PROVIDER`. */
export const MESH_MESSAGING_FEATURES: Readonly<MessagingFeatures> = Object.freeze({
  readMessages: false,
  sendMessages: false,
  sendAttachments: false,
  maxTextLength: 0,
  readNotices: true,
  remarks: false,
  signatures: 'read-write',
});

/** Most items per feed page the adapter asks for (the port's bound; МЭШ's own maximum is not known). */
const MAX_PAGE_SIZE = 100;
/** Highest feed page asked for: far past any family's notices, and a bound on a client's cursor. */
const MAX_PAGE = 1_000;
/** Longest notice id looked for: МЭШ's ids are short; a longer one is nobody's. */
const MAX_NOTICE_ID = 128;

/** What the messaging part borrows from the adapter: the profile context and a child's `student_id`. */
export interface MeshMessagingDeps {
  profileContext(account: ProviderAccount, scope: UpstreamScope): Promise<MeshProfileContext>;
  studentIdOf(student: ProviderStudent): string;
}

function notSupported(detail: string): Promise<never> {
  return Promise.reject(new NotSupportedByProviderError(MESH, detail));
}

const NO_MESSAGES =
  'МЭШ has no messages a gateway can read or send (schools write to parents in Сферум and MAX, outside МЭШ)';
const NO_REMARKS = 'МЭШ keeps no teachers’ remarks besides a mark’s comment, which grades carry';

/** A feed page as asked, bounded. */
function feedPageOf(page: number, pageSize: number): FeedPage {
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE)
    throw new BadUserInputError(`The page must be a whole number from 1 to ${MAX_PAGE}.`, 'after');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw new BadUserInputError(`At most ${MAX_PAGE_SIZE} notices may be asked for at once.`, 'first');
  return { page, npp: pageSize };
}

function noticeGone(): ProviderRefusedError {
  return new ProviderRefusedError(MESH, 'MESSAGE_NOT_FOUND', 'the notice is not in the family’s МЭШ feed');
}

/** Creates the messaging part of the МЭШ adapter over the adapter's own profile context. */
export function createMeshMessaging(deps: MeshMessagingDeps): ProviderMessaging {
  /** One feed page through the request's memo (a list and an opening in one request share it). */
  async function feed(account: ProviderAccount, feedPage: FeedPage, scope: UpstreamScope) {
    const context = await deps.profileContext(account, scope);
    const key = `${account.id}:mesh:instantmessages:${feedPage.page}:${feedPage.npp}`;
    return reportedValue(await scope.once(key, () => fetchNoticeFeed(context, feedPage)), scope).data;
  }

  /** The child's signed weeks between two Mondays; `memo: false` reads МЭШ again (before a signature). */
  async function signatures(
    account: ProviderAccount,
    student: ProviderStudent,
    weeks: readonly string[],
    scope: UpstreamScope,
    memo: boolean,
  ): Promise<ProviderWeekSignature[]> {
    const context = await deps.profileContext(account, scope);
    const studentId = deps.studentIdOf(student);
    const query = { studentId, weekFrom: weeks[0]!, weekTo: addDays(weeks.at(-1)!, 6) };
    const read = () => fetchAwareJournals(context, query);
    const key = `${account.id}:mesh:aware_journals:${studentId}:${query.weekFrom}..${query.weekTo}`;
    const records = reportedValue(await (memo ? scope.once(key, read) : read()), scope);
    return normalizeWeekSignatures(records, studentId, weeks, student.timeZone);
  }

  return {
    features: MESH_MESSAGING_FEATURES,

    listMessages: () => notSupported(NO_MESSAGES),
    openMessage: () => notSupported(NO_MESSAGES),
    listRecipients: () => notSupported(NO_MESSAGES),
    sendMessage: () => notSupported(NO_MESSAGES),
    replyToMessage: () => notSupported(NO_MESSAGES),
    fetchRemarks: () => notSupported(NO_REMARKS),

    async listNotices(account, request, scope) {
      const feedPage = feedPageOf(request.page, request.pageSize);
      const items = await feed(account, feedPage, scope);
      const notices = items
        .map((item) => normalizeNotice(item, request.timeZone))
        .filter((notice) => !request.unreadOnly || notice.isRead === false)
        .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
      // МЭШ's answer has no total: a full page means there may be more (a page thinned by drift ends the list early).
      return { notices, hasMore: items.length >= feedPage.npp };
    },

    async openNotice(account, notice, scope): Promise<ProviderNoticeDetails> {
      // `markRead` changes nothing here: МЭШ has no route that marks a notice read (none in any client),
      // and opening only reads the feed, as listing does.
      if (notice.externalId === '' || notice.externalId.length > MAX_NOTICE_ID) throw noticeGone();
      for (let page = 1; page <= MESH_NOTICE_SEARCH.pages; page++) {
        const feedPage = { page, npp: MESH_NOTICE_SEARCH.pageSize };
        const items = await feed(account, feedPage, scope);
        const item = items.find((candidate) => String(candidate.id) === notice.externalId);
        if (item) return normalizeNoticeDetails(item, notice.timeZone);
        if (items.length < feedPage.npp) break;
      }
      throw noticeGone();
    },

    async fetchWeekSignatures(account, student, range: DateRange, scope) {
      return signatures(account, student, weeksOf(range), scope, true);
    },

    async signWeek(account, student, weekStart, scope) {
      if (!isIsoDate(weekStart)) throw new BadUserInputError('`week` must be a date written YYYY-MM-DD.', 'week');
      const monday = mondayOf(weekStart);
      // Read first, and afresh: МЭШ's answer to signing a signed week is not known, and signing one is a no-op.
      const [week] = await signatures(account, student, [monday], scope, false);
      if (week?.signed) return;
      const context = await deps.profileContext(account, scope);
      await postAwareJournal(context, {
        parent_profile_id: numericMeshId(context.profileId, 'profile_info: the parent’s profile id is not a number'),
        student_profile_id: numericMeshId(
          deps.studentIdOf(student),
          'profile: the child’s student_id is not a number, so no signature can name it',
        ),
        week: monday,
      });
    },
  };
}
