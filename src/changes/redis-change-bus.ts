/**
 * The change bus between replicas, over Redis pub/sub: a notice is a JSON array of child ids published on
 * `<REDIS_KEY_PREFIX>changes:notify`, and every replica's subscription (`src/redis/subscriber.ts`) hands it
 * to that replica's listeners. This replica learns of its own notices the same way, through its
 * subscription, never directly: every replica then sees the notices in the one order Redis delivers them,
 * and a listener here is told no sooner than one elsewhere.
 *
 * Pub/sub delivers at most once: a notice published while a replica was not subscribed (its connection
 * dropped, Redis failed over, the first subscription was not in place yet) is lost for it. So whenever the
 * subscription is in place again, each listener that was listening before it is told of a gap (`onGap`) and
 * re-reads every log it follows. A notice carries ids only (the changes are in the log), so a lost or
 * repeated one loses or repeats nothing once the listener has re-read, and notices need no order (on a
 * Cluster two of them may arrive the other way round: each reaches the subscribed node through the node
 * it was published on).
 *
 * `notify` never rejects: a publish that fails is logged, and the listeners find those changes at the
 * child's next notice or their next gap (the detector's poll has already appended them; failing it would
 * only poll again).
 */
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/connect.js';
import type { RedisSubscription, SubscriptionHandlers } from '../redis/subscriber.js';
import type { ChangeBus } from './ports.js';

/** The most child ids one notice carries; `notify` splits longer lists. */
export const MAX_IDS_PER_NOTICE = 100;
/** The longest child id a notice carries; longer ones are not ours (child ids are a few dozen characters). */
export const MAX_CHILD_ID_CHARS = 200;
/**
 * The longest message read from the channel; longer ones are ignored unread. It fits the longest notice
 * `notify` can write: every id at its longest, each character escaped (`\u0000`), quoted and separated.
 */
const MAX_NOTICE_CHARS = MAX_IDS_PER_NOTICE * (6 * MAX_CHILD_ID_CHARS + 3) + 2;

/** Options of {@link createRedisChangeBus}. */
export interface RedisChangeBusOptions {
  /** Where notices are published (the caller owns and closes it). */
  publisher: RedisConnection;
  /**
   * Starts the subscription: `subscribeToChannel` bound to the topology and {@link RedisChangeBusOptions.channel}
   * (with a Cluster's known masters, as the cache's invalidation bus does).
   */
  subscribe: (handlers: SubscriptionHandlers) => RedisSubscription;
  /** The channel, `<REDIS_KEY_PREFIX>changes:notify` (`redisChangeKeys(prefix).notifyChannel`). */
  channel: string;
  logger: Logger;
}

interface Listener {
  onChildren: (childIds: readonly string[]) => void;
  onGap: () => void;
}

/**
 * The child ids in a notice, or `null` when the message is not one: a JSON array of 1 to
 * {@link MAX_IDS_PER_NOTICE} non-empty strings of at most {@link MAX_CHILD_ID_CHARS} characters.
 */
function readNotice(raw: string): string[] | null {
  if (raw.length > MAX_NOTICE_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IDS_PER_NOTICE) return null;
  const valid = value.every(
    (id): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_CHILD_ID_CHARS,
  );
  return valid ? (value as string[]) : null;
}

/** Joins the bus: subscribes at once, and publishes through `publisher`. */
export function createRedisChangeBus(options: RedisChangeBusOptions): ChangeBus {
  const { publisher, channel, logger } = options;
  const listeners = new Set<Listener>();
  let closed = false;

  const tell = (what: string, call: () => void) => {
    try {
      call();
    } catch (error) {
      logger.error({ err: error }, `a change listener failed on ${what}; the other listeners were told`);
    }
  };

  const subscription = options.subscribe({
    onMessage(raw) {
      const childIds = readNotice(raw);
      if (childIds === null) {
        logger.warn({ channel }, 'ignored a message on the change notice channel that is not a notice');
        return;
      }
      const notice = Object.freeze(childIds);
      for (const listener of [...listeners]) tell('a notice', () => listener.onChildren(notice));
    },
    onSubscribed() {
      // Whatever was published before this moment may have passed every current listener by: see the module
      // comment. A listener that joins later is covered from the moment it joins.
      for (const listener of [...listeners]) tell('a gap', () => listener.onGap());
    },
  });

  return {
    async notify(childIds) {
      const unique = [...new Set(childIds)];
      for (const id of unique) {
        if (id.length === 0 || id.length > MAX_CHILD_ID_CHARS)
          logger.warn({ length: id.length }, 'a child id of a change notice is not one; it was left out');
      }
      const ids = unique.filter((id) => id.length > 0 && id.length <= MAX_CHILD_ID_CHARS);
      for (let at = 0; at < ids.length; at += MAX_IDS_PER_NOTICE) {
        try {
          await publisher.publish(channel, JSON.stringify(ids.slice(at, at + MAX_IDS_PER_NOTICE)));
        } catch (error) {
          // The changes are in the log: listeners find them at the child's next notice, or a gap's re-read.
          logger.error(
            { err: { message: (error as Error).message }, children: ids.length },
            'could not publish a change notice; listeners learn of these changes at their next notice',
          );
          return;
        }
      }
    },

    listen(onChildren, onGap) {
      const listener = { onChildren, onGap };
      if (!closed) listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async close() {
      closed = true;
      listeners.clear();
      await subscription.close();
    },
  };
}
