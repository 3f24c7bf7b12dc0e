/**
 * The change feed (`Viewer.changes`) and its live form (`Subscription.changes`), over the children's change
 * logs (`src/changes`). The children a viewer may see are the directory's, exactly as `Viewer.students`
 * lists them (trusted ones included), each mapped to the viewer's `Student.id`.
 */
import type { ListedChange } from '../../domain/changes.js';
import { followChanges, readFeedPage, type VisibleChildren } from '../../changes/viewer-feed.js';
import { feedLogs } from '../../messages/feed-logs.js';
import { UnauthenticatedError } from '../../errors/gateway-error.js';
import { createContext, type GatewayContext } from '../context.js';
import type { ChangeResolvers, SubscriptionResolvers, ViewerResolvers } from '../resolvers.generated.js';
import { requireDirectory } from './enrollment-loads.js';

export const ViewerChanges: Pick<ViewerResolvers, 'changes'> = {
  async changes(_viewer, { since, first }, context, info) {
    context.answerNotKept('the change feed');
    const directory = requireDirectory(context);
    const { failures } = await directory.listStudents();
    for (const { error, staleDataServed } of failures) context.partialErrors.report(error, info, { staleDataServed });
    const logs = await feedLogs(directory, context.services.adapters);
    return readFeedPage(context.services.changes.log, logs, since ?? null, first ?? 100);
  },
};

/**
 * The children the subscriber may see at this moment: a new context each time, so nothing read for an
 * earlier delivery (the directory's memo, the loaders') decides a later one. A gateway session that has
 * ended (signed out, expired) ends the subscription.
 */
function visibleNow(context: GatewayContext): () => Promise<VisibleChildren> {
  const { services, userId, sessionTokenHash, language } = context;
  return async () => {
    if (!userId) throw new UnauthenticatedError();
    if (sessionTokenHash && !(await services.store.findSession(sessionTokenHash, services.now().getTime())))
      throw new UnauthenticatedError();
    const fresh = await createContext(services, undefined, { userId, sessionTokenHash }, language);
    return feedLogs(requireDirectory(fresh), services.adapters);
  };
}

/**
 * Wraps the follower so that `return()` (the client completed the subscription, or left) stops it at once:
 * an async generator waiting for the next change would otherwise take `return()` only after that change.
 */
function stoppable(
  start: (signal: AbortSignal) => AsyncGenerator<ListedChange>,
): AsyncIterableIterator<{ changes: ListedChange }> {
  const stopper = new AbortController();
  const changes = start(stopper.signal);
  const iterator: AsyncIterableIterator<{ changes: ListedChange }> = {
    async next() {
      const step = await changes.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: { changes: step.value } };
    },
    async return() {
      stopper.abort();
      await changes.return(undefined);
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      stopper.abort();
      await changes.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

export const Subscription: SubscriptionResolvers = {
  changes: {
    subscribe(_root, { since }, context) {
      if (!context.userId) throw new UnauthenticatedError();
      const { log, bus } = context.services.changes;
      const visibleChildren = visibleNow(context);
      return stoppable((signal) => followChanges({ log, bus, visibleChildren, since: since ?? null, signal }));
    },
  },
};

const TYPE_NAMES = {
  grade: 'GradeChange',
  homework: 'HomeworkChange',
  lesson: 'LessonChange',
  absence: 'AbsenceChange',
  finalGrade: 'FinalGradeChange',
  message: 'MessageChange',
  notice: 'NoticeChange',
} as const;

export const Change: ChangeResolvers = {
  __resolveType: (change) => TYPE_NAMES[change.type],
};
