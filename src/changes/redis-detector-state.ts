/**
 * The detector's schedule, leases and snapshots in Redis, for replicas: the schedule is one sorted set
 * (`<prefix>chg:due`, scored by due time); each account's lease and snapshot share a slot
 * (`<prefix>{chg-acct:<accountId>}:lease` / `:snapshot`), so the end of a poll can be fenced by one script.
 * Works on a single server, Sentinel and Cluster.
 *
 * - **Claim**: `SET NX PX` takes the lease; then the account must still be due, else the lease is given
 *   back. The order matters: a replica that finished a poll moved the due time before it let the lease go
 *   (below), so whoever takes the lease after that sees the new due time and does not poll again.
 * - **Renew** and **give back**: compare-and-`PEXPIRE` / compare-and-`DEL` scripts, so a replica whose lease
 *   ran out never extends or deletes the new owner's.
 * - **Complete**: checks the lease is still this owner's, moves the due time (`ZADD XX`: an account dropped
 *   meanwhile stays dropped), then one script stores the snapshot and deletes the lease only while the
 *   owner matches. The due time cannot join that script (another slot on a Cluster); moving it first
 *   means no other replica finds the account due again the moment the lease is gone. The check before
 *   keeps a replica whose lease ran out long ago from writing anything; one whose lease runs out between the
 *   check and the script may move the due time, and the new owner sets it again when it completes.
 */
import type { RedisConnection } from '../redis/connect.js';
import { checkPositiveInteger, checkTime } from './argument-checks.js';
import type { AccountLease, DetectorState } from './ports.js';
import { redisChangeKeys } from './redis-change-keys.js';
import { redisScript } from '../redis/script.js';

/** Options of {@link createRedisDetectorState}. */
export interface RedisDetectorStateOptions {
  /** A connection the caller owns (and closes). */
  redis: RedisConnection;
  /** The gateway's prefix (`REDIS_KEY_PREFIX`). @default "dg:" */
  keyPrefix?: string;
}

/** How many accounts one `ZADD` or `ZREM` carries, so one command never grows without bound. */
const BATCH = 500;

// KEYS: lease. ARGV: owner, ttl. 1 when the lease was this owner's and now runs for ttl again.
const RENEW = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

// KEYS: lease. ARGV: owner. Deletes the lease only while it is this owner's.
const GIVE_BACK = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

// KEYS: lease, snapshot. ARGV: owner, '1' to store the snapshot (else keep the stored one), the snapshot.
const COMPLETE = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '1' then redis.call('SET', KEYS[2], ARGV[3]) end
redis.call('DEL', KEYS[1])
return 1
`);

/** Creates the Redis detector state. */
export function createRedisDetectorState(options: RedisDetectorStateOptions): DetectorState {
  const { redis } = options;
  const keys = redisChangeKeys(options.keyPrefix ?? 'dg:');

  return {
    async enrol(due) {
      const entries = [...due];
      for (const [accountId, dueAt] of entries) checkTime(dueAt, `the due time of ${accountId}`);
      for (let at = 0; at < entries.length; at += BATCH) {
        const members = entries.slice(at, at + BATCH).flatMap(([accountId, dueAt]) => [dueAt, accountId]);
        // NX: an account already on the schedule keeps its due time.
        await redis.zadd(keys.due, 'NX', ...members);
      }
    },

    async drop(accountIds) {
      // Off the schedule first: a claim made after this finds the account not due and gives its lease back.
      for (let at = 0; at < accountIds.length; at += BATCH)
        await redis.zrem(keys.due, ...accountIds.slice(at, at + BATCH));
      // Then its lease and snapshot (one slot per account): a poll in flight finds its lease gone and stores nothing.
      await Promise.all(accountIds.map((accountId) => redis.del(keys.lease(accountId), keys.snapshot(accountId))));
    },

    async scheduled() {
      return redis.zrange(keys.due, 0, -1);
    },

    async due(now, limit) {
      checkTime(now, 'now');
      checkPositiveInteger(limit, 'limit');
      // By score, then by member for equal scores: soonest first.
      return redis.zrangebyscore(keys.due, '-inf', now, 'LIMIT', 0, limit);
    },

    async claim(accountId, owner, now, ttlMs) {
      checkTime(now, 'now');
      checkPositiveInteger(ttlMs, 'ttlMs');
      const lease = keys.lease(accountId);
      if ((await redis.set(lease, owner, 'PX', ttlMs, 'NX')) !== 'OK') return null;
      const dueAt = await redis.zscore(keys.due, accountId);
      if (dueAt !== null && Number(dueAt) <= now) return { accountId, owner };
      // Not due (any more), or dropped: another replica polled it meanwhile, or it was unlinked.
      await GIVE_BACK.run(redis, [lease], [owner]);
      return null;
    },

    async renew(lease, ttlMs) {
      checkPositiveInteger(ttlMs, 'ttlMs');
      return (await RENEW.run(redis, [keys.lease(lease.accountId)], [lease.owner, ttlMs])) === 1;
    },

    async snapshot(accountId) {
      return redis.get(keys.snapshot(accountId));
    },

    async complete(lease: AccountLease, snapshot, nextDueAt) {
      checkTime(nextDueAt, 'nextDueAt');
      const leaseKey = keys.lease(lease.accountId);
      if ((await redis.get(leaseKey)) !== lease.owner) return false;
      await redis.zadd(keys.due, 'XX', nextDueAt, lease.accountId);
      const stored = await COMPLETE.run(
        redis,
        [leaseKey, keys.snapshot(lease.accountId)],
        [lease.owner, snapshot === null ? '0' : '1', snapshot ?? ''],
      );
      return stored === 1;
    },
  };
}
