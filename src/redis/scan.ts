/**
 * Walking a keyspace without blocking Redis: `SCAN` with `MATCH` and `COUNT`, never `KEYS`, which holds the
 * server for the whole keyspace at once. The store enumerates accounts with it and the cache forgets an
 * account's entries with it. On a Cluster each master holds only its slots' keys and `SCAN` sees only its
 * own, so the walk visits every master in turn.
 */
import type { Redis } from 'ioredis';
import { isCluster, type RedisConnection } from './connect.js';
import { masters } from './nodes.js';

/** How many keys one `SCAN` step looks at (a hint to Redis, not a page size). */
export const SCAN_COUNT = 500;

/**
 * `text` as a literal inside a `MATCH` glob: `*`, `?`, `[`, `]` and `\` are escaped, so a configured key
 * prefix such as `tenant[1]:` matches only itself.
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Yields the keys starting with `prefix`, one `SCAN` batch at a time, from every master. `SCAN` may return a
 * key more than once (when the keyspace is rehashed meanwhile), so callers that count must deduplicate;
 * keys added or removed during the walk may or may not be seen, and so may keys of a slot that moves to
 * another master meanwhile (a Cluster being resharded).
 */
export async function* scanPrefix(connection: RedisConnection, prefix: string): AsyncGenerator<string[]> {
  const pattern = `${escapeGlob(prefix)}*`;
  const nodes = masters(connection);
  // A Cluster still discovering its nodes lists none: walking nothing would look like "no keys".
  if (nodes.length === 0) throw new Error('no Redis master is known yet: the keyspace cannot be walked');
  for (const node of nodes) yield* scanNode(node, pattern);
}

async function* scanNode(node: Redis, pattern: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    if (keys.length > 0) yield keys;
    cursor = next;
  } while (cursor !== '0');
}

/**
 * `UNLINK`s `keys` (frees their memory off Redis's main thread). One command on a single server; on a
 * Cluster one per key, since a multi-key command must stay within one slot and these keys may hash anywhere
 * (the Cluster client routes each to its master and pipelines them).
 * @returns how many keys existed and were removed.
 */
export async function unlinkKeys(connection: RedisConnection, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  if (!isCluster(connection)) return connection.unlink(...keys);
  const counts = await Promise.all(keys.map((key) => connection.unlink(key)));
  return counts.reduce((sum, count) => sum + count, 0);
}
