/**
 * The commands that must reach every master rather than the one a key hashes to: walking a keyspace
 * (`scan.ts`), reading the configuration (`durability.ts`) and the readiness probe. On a single server or a
 * Sentinel-found master there is one; on a Cluster, each master holds its own share of the slots.
 */
import type { Redis } from 'ioredis';
import type { RedisNode } from '../config/redis-topology.js';
import { isCluster, type RedisConnection } from './connect.js';

/**
 * The masters behind `connection`: itself unless it is a Cluster. A Cluster that has not discovered its
 * nodes yet (still connecting) has none; callers that must see every key wait for `ready` first.
 */
export function masters(connection: RedisConnection): Redis[] {
  return isCluster(connection) ? connection.nodes('master') : [connection];
}

/**
 * Resolves when every master answers `PING`; rejects otherwise (a Cluster missing a master, or with no
 * master known yet, is not ready: keys of its slots could not be served).
 */
export async function pingEveryMaster(connection: RedisConnection): Promise<void> {
  if (isCluster(connection) && connection.status !== 'ready') {
    throw new Error(`the Redis Cluster connection is ${connection.status}, not ready`);
  }
  const nodes = masters(connection);
  if (nodes.length === 0) throw new Error('no Redis master is known');
  await Promise.all(nodes.map((node) => node.ping()));
}

/**
 * The masters `connection` knows now, as nodes a pub/sub subscription may try first on a Cluster
 * (`subscribeToChannel`'s `knownNodes`).
 */
export function knownMasterNodes(connection: RedisConnection): RedisNode[] {
  return masters(connection).map((node) => ({ host: node.options.host!, port: node.options.port! }));
}
