/**
 * Cross-replica cache invalidation over Redis pub/sub. Each replica keeps an in-process tier in front of
 * Redis; when one replica forgets entries (an unlink, an absence notice: `UpstreamCache.forget`), the other
 * replicas' in-process copies would otherwise be served until they expire. So the forgetting replica
 * publishes the forgotten key prefix on `<REDIS_KEY_PREFIX>cache:invalidate`, and every replica drops its
 * in-process entries under it.
 *
 * Pub/sub delivers at most once: a replica that was not subscribed for a while (its connection dropped,
 * Redis failed over) may have missed messages, and cannot know which. So each time its subscription is in
 * place again it drops its whole in-process tier: every entry it holds could be one a missed message was
 * about, and the shared tier (already cleaned by the publisher) refills it on the next reads.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/connect.js';
import type { RedisSubscription, SubscriptionHandlers } from '../redis/subscriber.js';

/** The longest message read from the channel (ours carry an account's key prefix); longer ones are ignored. */
const MAX_MESSAGE_CHARS = 4096;

/** One replica's end of the bus. */
export interface InvalidationBus {
  /** Tells the other replicas that entries under `prefix` are gone. Never rejects (a failure is logged). */
  publish(prefix: string): Promise<void>;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Options of {@link createInvalidationBus}. */
export interface InvalidationBusOptions {
  /** Where messages are published (the cache's connection). */
  publisher: RedisConnection;
  /** Starts the subscription (`subscribeToChannel` bound to the topology and the channel). */
  subscribe: (handlers: SubscriptionHandlers) => RedisSubscription;
  /** The channel, `<REDIS_KEY_PREFIX>cache:invalidate`. */
  channel: string;
  /** Drops this replica's in-process entries under `prefix` (`''`: all of them). */
  dropLocal: (prefix: string) => Promise<void>;
  logger: Logger;
}

/** The message on the wire: who sent it (so a replica skips its own) and the prefix. */
interface Message {
  from: string;
  prefix: string;
}

function readMessage(raw: string): Message | null {
  if (raw.length > MAX_MESSAGE_CHARS) return null;
  try {
    const message = JSON.parse(raw) as Partial<Message>;
    return typeof message.from === 'string' && typeof message.prefix === 'string'
      ? { from: message.from, prefix: message.prefix }
      : null;
  } catch {
    return null;
  }
}

/** Joins the bus: listens at once, and publishes through `publisher`. */
export function createInvalidationBus(options: InvalidationBusOptions): InvalidationBus {
  const { publisher, channel, dropLocal, logger } = options;
  const self = randomUUID();
  const subscription = options.subscribe({
    onMessage(raw) {
      const message = readMessage(raw);
      if (!message) {
        logger.warn({ channel }, 'ignored a message on the cache invalidation channel that is not one of ours');
        return;
      }
      if (message.from !== self) void dropLocal(message.prefix);
    },
    onSubscribed() {
      // Anything published while this replica was not subscribed is lost for it: see the module comment.
      void dropLocal('');
    },
  });
  return {
    async publish(prefix) {
      try {
        await publisher.publish(channel, JSON.stringify({ from: self, prefix } satisfies Message));
      } catch (error) {
        // The other replicas keep their copies until these expire, unless they lost Redis too (then they
        // clear everything when back). Logged loudly: this is the case the bus exists for.
        logger.error(
          { err: { message: (error as Error).message } },
          'could not publish a cache invalidation; other replicas keep their in-process copies until they expire',
        );
      }
    },
    close: () => subscription.close(),
  };
}
