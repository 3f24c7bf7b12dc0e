/**
 * Moving a Redis store written by an earlier gateway, under `<keyPrefix>store:`, to today's layout under
 * `<keyPrefix>{store}:` (one Cluster slot; redis-store-keys.ts says why). Run at start, before the store
 * serves, by every replica that starts: the first moves the keys, the others find none left.
 *
 * Each key moves as it is, whatever its type, with its expiry: `DUMP` + `PTTL`, `RESTORE` under the new name,
 * then `DEL` of the old. `RESTORE` without `REPLACE` refuses to overwrite (`BUSYKEY`): when the new key already
 * exists — another replica moved it first, or a gateway of today's layout wrote it since — the new one is
 * kept and the old one is only deleted. So the move is idempotent, and two replicas moving at once end
 * with each key moved once. (A gateway of the earlier layout still running meanwhile would keep writing the
 * old names, which no new replica reads: upgrade every replica together, docs/storage.md.)
 */
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/connect.js';
import { scanPrefix } from '../redis/scan.js';
import { legacyStoreKeyPrefix, storeKeyPrefix } from './redis-store-keys.js';

/** How a migration went: keys moved, and old keys dropped because the new one was already there. */
export interface LayoutMigration {
  moved: number;
  keptNewer: number;
}

/** What moving one key did. */
type KeyOutcome = 'moved' | 'kept-newer' | 'gone';

async function moveKey(redis: RedisConnection, from: string, to: string): Promise<KeyOutcome> {
  const dump = await redis.dumpBuffer(from);
  const ttlMs = await redis.pttl(from);
  // Gone meanwhile: expired, or moved by another replica between the SCAN and now.
  if (dump === null || ttlMs === -2) return 'gone';
  let outcome: KeyOutcome = 'moved';
  try {
    // A TTL of 0 restores without expiry (PTTL -1: the key had none).
    await redis.restore(to, Math.max(ttlMs, 0), dump);
  } catch (error) {
    if (!(error as Error).message.startsWith('BUSYKEY')) throw error;
    outcome = 'kept-newer';
  }
  await redis.del(from);
  return outcome;
}

/**
 * Moves every key under `<keyPrefix>store:` to `<keyPrefix>{store}:` and logs how many it moved.
 * @throws the Redis error of a key that could not be moved (start-up stops: nothing is lost, the old key stays).
 */
export async function migrateStoreLayout(
  redis: RedisConnection,
  keyPrefix: string,
  logger: Logger,
): Promise<LayoutMigration> {
  const from = legacyStoreKeyPrefix(keyPrefix);
  const to = storeKeyPrefix(keyPrefix);
  const result: LayoutMigration = { moved: 0, keptNewer: 0 };
  const seen = new Set<string>();
  for await (const batch of scanPrefix(redis, from)) {
    // SCAN may yield a key twice; a second move would find it gone anyway, but must not count it twice.
    const fresh = batch.filter((key) => !seen.has(key));
    for (const key of fresh) seen.add(key);
    // A batch's keys are independent: moved concurrently, so ioredis pipelines their commands.
    const outcomes = await Promise.all(fresh.map((key) => moveKey(redis, key, to + key.slice(from.length))));
    for (const outcome of outcomes) {
      if (outcome === 'moved') result.moved += 1;
      if (outcome === 'kept-newer') result.keptNewer += 1;
    }
  }
  if (result.moved > 0 || result.keptNewer > 0) {
    logger.info(
      result,
      `moved ${result.moved} Redis store keys from ${from}… to ${to}… (the one-slot layout; docs/storage.md)`,
    );
  }
  return result;
}
