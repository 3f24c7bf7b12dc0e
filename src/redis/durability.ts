/**
 * The start-up check that Redis is set up to keep the store's data: no eviction, an append-only file.
 * On a Cluster every master holds part of the data (the store's keys share one slot, so one master, but
 * which one moves with resharding), so every master is checked and a master set up otherwise is named.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from './connect.js';
import { masters } from './nodes.js';

/**
 * One node's settings `names`, as `CONFIG GET` returns them (one command per name: a glob would read more).
 * Rejects when the node refuses `CONFIG` (managed Redis often does, or an ACL without `+config`).
 */
async function readRedisSettings(node: Redis, names: readonly string[]): Promise<Map<string, string>> {
  const settings = new Map<string, string>();
  for (const name of names) {
    const pairs = (await node.config('GET', name)) as string[];
    for (let i = 0; i + 1 < pairs.length; i += 2) settings.set(pairs[i]!, pairs[i + 1]!);
  }
  return settings;
}

/**
 * Reads `names` on every master of `connection` and hands each master's settings to `check`, with `where`
 * naming the master when there are several (host:port, never a URL: it may hold a password). A master that
 * refuses `CONFIG` is logged at info with `unreadable` and skipped. Never rejects.
 */
export async function checkEveryMaster(
  connection: RedisConnection,
  names: readonly string[],
  logger: Logger,
  unreadable: string,
  check: (settings: Map<string, string>, where: { master?: string }) => void,
): Promise<void> {
  const nodes = masters(connection);
  for (const node of nodes) {
    const where = nodes.length > 1 ? { master: `${node.options.host}:${node.options.port}` } : {};
    try {
      check(await readRedisSettings(node, names), where);
    } catch (error) {
      logger.info({ ...where, err: { message: (error as Error).message } }, unreadable);
    }
  }
}

/**
 * Warns at start-up when Redis is set up to lose the store's data: evicting keys under memory pressure
 * (a user's sessions or links vanish) or persisting by snapshots only (minutes of sign-ins and links lost
 * on a crash). See docs/storage.md. Managed Redis often refuses CONFIG; then nothing can be checked.
 */
export async function warnAboutRedisDurability(connection: RedisConnection, logger: Logger): Promise<void> {
  const unreadable = 'could not read the Redis configuration to check the store is durable; see docs/storage.md';
  await checkEveryMaster(connection, ['maxmemory-policy', 'appendonly'], logger, unreadable, (settings, where) => {
    const policy = settings.get('maxmemory-policy');
    if (policy !== undefined && policy !== 'noeviction') {
      logger.warn(
        { ...where, maxmemoryPolicy: policy },
        'Redis may evict store keys (users, sessions, links) under memory pressure: set maxmemory-policy noeviction ' +
          '(a cache that must evict gets a Redis of its own: CACHE_REDIS_*, docs/deployment.md)',
      );
    }
    if (settings.get('appendonly') === 'no') {
      logger.warn(
        where,
        'Redis runs without the append-only file: a Redis crash can lose minutes of sign-ins, links and grants; ' +
          'set appendonly yes (docs/storage.md)',
      );
    }
  });
}
