/**
 * Listening on one pub/sub channel on any topology, and knowing when messages may have been missed.
 *
 * Redis pub/sub is fire-and-forget: a message published while a subscriber is disconnected (or before it
 * has subscribed again) is lost for it. So the subscription is redone by this module on every `ready`
 * (ioredis's own resubscription is off) and `onSubscribed` is called once it is in place: the owner then
 * knows that anything published before may have passed it by (the cache clears its in-process tier).
 *
 * - Single server and Sentinel: one ioredis connection that reconnects by itself (through Sentinel, to the
 *   master of the moment).
 * - Cluster: a Cluster delivers every `PUBLISH` to every node, so listening on one node is enough. ioredis's
 *   Cluster client does this too, but moves its subscriber to another node without telling anyone, so a gap
 *   would go unnoticed; here a plain connection to one node is used, and when it ends the next node (the
 *   Cluster's masters as last seen, then the seeds) is tried, after a short pause.
 */
import type { Redis } from 'ioredis';
import type { RedisNode, RedisTopology } from '../config/redis-topology.js';
import type { Logger } from '../logging/logger.js';
import { createNodeConnection, createRedisConnection } from './connect.js';

/** What a subscription tells its owner. */
export interface SubscriptionHandlers {
  /** A message on the channel (as Redis delivered it: the owner validates it). */
  onMessage(message: string): void;
  /** The channel is subscribed (again): messages published before this may have been missed. */
  onSubscribed(): void;
}

/** A running subscription. */
export interface RedisSubscription {
  /** Unsubscribes and closes its connection; nothing is delivered afterwards. */
  close(): Promise<void>;
}

/** Options of {@link subscribeToChannel}. */
export interface SubscribeOptions {
  logger: Logger;
  /** Cluster only: the masters the gateway's other connection knows now, tried before the seeds. */
  knownNodes?: () => RedisNode[];
  /** Cluster only: pause before trying the next node after one was lost. @default 250 */
  nodeRetryDelayMs?: number;
}

/** Subscribes to `channel` on `topology`, for as long as it is not closed. */
export function subscribeToChannel(
  topology: RedisTopology,
  channel: string,
  handlers: SubscriptionHandlers,
  options: SubscribeOptions,
): RedisSubscription {
  if (topology.kind !== 'cluster') {
    const connection = createRedisConnection(topology, 'subscriber') as Redis;
    listen(connection, channel, handlers, options.logger);
    // A first connection that fails is retried by ioredis's retry strategy; its errors are logged by `listen`.
    connection.connect().catch(() => {});
    return { close: () => closeListener(connection) };
  }
  return followClusterNodes(topology, channel, handlers, options);
}

/** Wires one connection: subscribe on every `ready`, hand on the channel's messages. */
function listen(connection: Redis, channel: string, handlers: SubscriptionHandlers, logger: Logger): void {
  connection.on('error', (error: Error) =>
    logger.warn({ err: { message: error.message } }, 'redis subscriber connection problem'),
  );
  connection.on('message', (from: string, message: string) => {
    if (from === channel) handlers.onMessage(message);
  });
  connection.on('ready', () => {
    connection.subscribe(channel).then(
      () => handlers.onSubscribed(),
      (error: unknown) =>
        // The connection dropped again before the subscription was in place: the next `ready` redoes it.
        logger.warn({ err: { message: (error as Error).message } }, 'redis subscribe failed; retried on reconnect'),
    );
  });
}

async function closeListener(connection: Redis): Promise<void> {
  connection.removeAllListeners('ready');
  connection.removeAllListeners('message');
  await connection.quit().catch(() => connection.disconnect());
}

/** The Cluster case: one node at a time, the next one when it is lost. */
function followClusterNodes(
  topology: Extract<RedisTopology, { kind: 'cluster' }>,
  channel: string,
  handlers: SubscriptionHandlers,
  options: SubscribeOptions,
): RedisSubscription {
  let closed = false;
  let attempt = 0;
  let current: Redis | null = null;
  let pause: NodeJS.Timeout | null = null;
  const candidates = (): RedisNode[] => {
    const seen = new Map<string, RedisNode>();
    for (const node of [...(options.knownNodes?.() ?? []), ...topology.nodes])
      seen.set(`${node.host}:${node.port}`, node);
    return [...seen.values()];
  };
  const connectNext = () => {
    pause = null;
    if (closed) return;
    const nodes = candidates();
    const node = nodes[attempt % nodes.length]!;
    attempt += 1;
    const connection = createNodeConnection(node, topology.auth, 'subscriber');
    current = connection;
    listen(connection, channel, handlers, options.logger);
    connection.once('end', () => {
      if (closed || current !== connection) return;
      current = null;
      pause = setTimeout(connectNext, options.nodeRetryDelayMs ?? 250);
    });
    connection.connect().catch(() => {});
  };
  connectNext();
  return {
    async close() {
      closed = true;
      if (pause) clearTimeout(pause);
      if (current) await closeListener(current);
    },
  };
}
