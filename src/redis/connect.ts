/**
 * One way to open Redis for every part of the gateway, whichever topology the operator runs: a single
 * server (`REDIS_URL`), a master found through Sentinel, or a Cluster. ioredis speaks all three; this
 * module picks its class and options, so the store, the cache, the rate limiter and the persisted queries
 * hold a {@link RedisConnection} and never ask which it is (except through `nodes.ts` and `scan.ts`, for the
 * commands that must visit every master).
 *
 * Roles differ in how they wait for Redis, as they did with one server:
 * - `cache` fails fast: no offline queue, one retry. A cache read that waits for Redis would make a request
 *   wait for an optimisation; a failure reads as a miss.
 * - `store` waits briefly: commands queue while ioredis reconnects (a failover), two retries each, then fail
 *   (the request answers 503). The caller connects it (`connect()`), so start-up stops when Redis is not there.
 * - `subscriber` only listens (cache invalidation, `src/redis/subscriber.ts`): its subscription is redone by
 *   its owner on every `ready`, so it can tell when it may have missed messages.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisNode, RedisNodeAuth, RedisTopology } from '../config/redis-topology.js';

/** A connection of any topology. */
export type RedisConnection = Redis | Cluster;

/** What a connection is for: see the module comment. */
export type RedisRole = 'cache' | 'store' | 'subscriber';

/** The options of each role that mean the same on every topology. */
const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  cache: { enableAutoPipelining: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  store: { lazyConnect: true, maxRetriesPerRequest: 2 },
  subscriber: { lazyConnect: true, autoResubscribe: false, maxRetriesPerRequest: null },
};

/**
 * After a failover the old master may still accept a connection as a replica and refuse writes with
 * `READONLY`: reconnect (asking Sentinel where the master is now) and resend the command, instead of
 * failing it.
 */
function reconnectOnReadOnly(error: Error): 2 | false {
  return error.message.startsWith('READONLY') ? 2 : false;
}

function nodeAuthOptions(auth: RedisNodeAuth): RedisOptions {
  return {
    ...(auth.username ? { username: auth.username } : {}),
    ...(auth.password ? { password: auth.password } : {}),
    ...(auth.tls ? { tls: {} } : {}),
  };
}

/**
 * Opens a connection for `role` on `topology`. `cache` connections connect at once (in the background);
 * `store` and `subscriber` ones wait for `connect()`.
 * Errors ioredis reports name hosts and ports, never a password: this module never puts one in a message.
 */
export function createRedisConnection(topology: RedisTopology, role: RedisRole): RedisConnection {
  const options = ROLE_OPTIONS[role];
  switch (topology.kind) {
    case 'single':
      return new Redis(topology.url, { ...options, reconnectOnError: reconnectOnReadOnly });
    case 'sentinel':
      return new Redis({
        ...options,
        ...nodeAuthOptions(topology.auth),
        sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
        name: topology.name,
        db: topology.db,
        ...(topology.sentinelPassword ? { sentinelPassword: topology.sentinelPassword } : {}),
        // The master's address comes from the sentinels: speak TLS to it when the data nodes do.
        enableTLSForSentinelMode: topology.auth.tls,
        // Subscribe to the sentinels' +switch-master, so a failover is noticed at once rather than on the
        // next failed command.
        failoverDetector: true,
        reconnectOnError: reconnectOnReadOnly,
      });
    case 'cluster':
      return new Cluster(
        topology.nodes.map(({ host, port }) => ({ host, port })),
        clusterOptions(options, topology.auth),
      );
  }
}

/**
 * A plain connection to one node of a Cluster (with the Cluster's credentials and TLS): the invalidation
 * subscriber listens on one node at a time, since a Cluster delivers every `PUBLISH` to every node.
 * It does not reconnect by itself (`end` follows a lost connection): its owner picks the next node.
 */
export function createNodeConnection(node: RedisNode, auth: RedisNodeAuth, role: RedisRole): Redis {
  return new Redis({ ...ROLE_OPTIONS[role], ...nodeAuthOptions(auth), ...node, retryStrategy: () => null });
}

/** A role's options in the shape ioredis's `Cluster` takes them (some at the top, the rest per node). */
function clusterOptions(options: RedisOptions, auth: RedisNodeAuth): ClusterOptions {
  const { enableOfflineQueue, enableAutoPipelining, lazyConnect, ...perNode } = options;
  return {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    // Reads go to masters: a replica may lag, and the store reads what it just wrote.
    scaleReads: 'master',
    redisOptions: { ...perNode, ...nodeAuthOptions(auth) },
  };
}

/**
 * Names the topology for log lines and errors: which variable configured it, never a URL or a password.
 */
export function describeRedis(topology: RedisTopology): string {
  switch (topology.kind) {
    case 'single':
      return 'REDIS_URL';
    case 'sentinel':
      return `REDIS_SENTINELS (master group ${topology.name})`;
    case 'cluster':
      return 'REDIS_CLUSTER_NODES';
  }
}

/** Whether `connection` is a Cluster client. */
export function isCluster(connection: RedisConnection): connection is Cluster {
  return connection instanceof Cluster;
}

/** Closes a connection politely (QUIT), or at once when it cannot. */
export async function closeRedisConnection(connection: RedisConnection): Promise<void> {
  await connection.quit().catch(() => connection.disconnect());
}
