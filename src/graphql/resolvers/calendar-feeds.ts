/**
 * Calendar feeds in the schema: `Viewer.calendarFeeds`, `createCalendarFeed`, `revokeCalendarFeed` and the
 * `CalendarFeed` type. The rules are `src/feeds`'s; the feed itself is served at `/calendar/<token>.ics` by
 * `src/server/calendar-feed-route.ts`.
 */
import { createCalendarFeed, revokeCalendarFeed, type CalendarFeedDeps } from '../../feeds/calendar-feeds.js';
import { feedAddresses } from '../../feeds/feed-tokens.js';
import { BadUserInputError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../context.js';
import type { CalendarFeedResolvers, MutationResolvers, ViewerResolvers } from '../resolvers.generated.js';
import { requireDirectory, requireUser } from './enrollment-loads.js';
import { instant } from './instants.js';

export const CalendarFeed: CalendarFeedResolvers = {
  async student(feed, _args, context) {
    return (await requireDirectory(context).findStudent(feed.studentId)).student;
  },
  createdAt: (feed) => instant(feed.createdAt),
  lastFetchedAt: (feed) => (feed.lastFetchedAt === null ? null : instant(feed.lastFetchedAt)),
  isRevoked: (feed) => feed.revokedAt !== null,
  revokedAt: (feed) => (feed.revokedAt === null ? null : instant(feed.revokedAt)),
};

/** The viewer's feeds, newest first (never their tokens: the store has none). */
export const viewerCalendarFeeds: NonNullable<ViewerResolvers['calendarFeeds']> = (viewer, _args, context) =>
  context.services.store.listCalendarFeeds(viewer.id);

export const calendarFeedMutations: Pick<MutationResolvers, 'createCalendarFeed' | 'revokeCalendarFeed'> = {
  async createCalendarFeed(_root, { studentId }, context) {
    const owner = requireUser(context);
    // Before anything is stored: a feed whose address cannot be given would be a feed nobody can use.
    const publicUrl = context.services.publicUrl?.() ?? null;
    if (publicUrl === null) throw new Error('the gateway does not know its public address yet (PUBLIC_URL)');
    const { student } = await requireDirectory(context).findStudent(studentId);
    // Another family's child and a made-up id are refused alike, as every mutation refuses them.
    if (!student) throw new BadUserInputError('No student with this id is visible to you.', 'studentId');
    const { feed, token } = await createCalendarFeed(owner, student, feedDeps(context));
    return { feed, ...feedAddresses(publicUrl, token) };
  },

  revokeCalendarFeed: (_root, { id }, context) => revokeCalendarFeed(requireUser(context), id, feedDeps(context)),
};

function feedDeps(context: GatewayContext): CalendarFeedDeps {
  const { store, now } = context.services;
  return { store, now: () => now().getTime() };
}
