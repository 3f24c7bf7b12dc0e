/**
 * The delivery state in Redis, for replicas. Each target's keys share a slot
 * (`<prefix>{dlv:<transport>:<targetId>}:lease` / `:progress` / `:attempts`), so a fenced save is one
 * script on a single server, Sentinel and Cluster alike.
 *
 * - **Claim**: `SET NX PX`; **renew** and **release**: compare-and-`PEXPIRE` / compare-and-`DEL` scripts, so
 *   a replica whose lease ran out never extends or deletes the new owner's.
 * - **Save progress**: one script stores it only while the lease is still the caller's, so a replica that
 *   stalled past its lease moves nothing (what it delivered meanwhile may be delivered again: at least once).
 * - **Attempt log**: a list, newest first (`LPUSH`, `LTRIM` to the bound), expiring with its retention
 *   after the last attempt; older entries are left out when read.
 */
import type { RedisConnection } from '../redis/connect.js';
import { redisScript } from '../redis/script.js';
import {
  DEFAULT_ATTEMPT_RETENTION_MS,
  DEFAULT_MAX_ATTEMPTS,
  type DeliveryAttempt,
  type DeliveryState,
  type DeliveryStateLimits,
  type TargetProgress,
} from './ports.js';
import { checkLimit, checkTtl } from './state-checks.js';

/** Options of {@link createRedisDeliveryState}. */
export interface RedisDeliveryStateOptions extends DeliveryStateLimits {
  /** A connection the caller owns (and closes). */
  redis: RedisConnection;
  /** The gateway's prefix (`REDIS_KEY_PREFIX`). @default "dg:" */
  keyPrefix?: string;
  /** The transport whose targets these are (`webhook`, `push`). */
  transport: string;
}

// KEYS: lease. ARGV: owner, ttl.
const RENEW = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

// KEYS: lease. ARGV: owner.
const RELEASE = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

// KEYS: lease, progress. ARGV: owner, progress.
const SAVE = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`);

// KEYS: progress. ARGV: now. Clears the back-off of a stored progress, keeping its cursor.
const RESET = redisScript(`
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local progress = cjson.decode(raw)
progress.failures = 0
progress.failingSince = cjson.null
progress.nextAttemptAt = tonumber(ARGV[1])
redis.call('SET', KEYS[1], cjson.encode(progress))
return 1
`);

/** Creates the Redis delivery state of one transport. */
export function createRedisDeliveryState(options: RedisDeliveryStateOptions): DeliveryState {
  const { redis } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retentionMs = options.attemptRetentionMs ?? DEFAULT_ATTEMPT_RETENTION_MS;
  const base = (targetId: string) => `${options.keyPrefix ?? 'dg:'}{dlv:${options.transport}:${targetId}}`;
  const keys = (targetId: string) => ({
    lease: `${base(targetId)}:lease`,
    progress: `${base(targetId)}:progress`,
    attempts: `${base(targetId)}:attempts`,
  });

  return {
    async claim(targetId, owner, ttlMs) {
      checkTtl(ttlMs);
      const taken = await redis.set(keys(targetId).lease, owner, 'PX', ttlMs, 'NX');
      return taken === 'OK' ? { targetId, owner } : null;
    },
    async renew(lease, ttlMs) {
      checkTtl(ttlMs);
      return (await RENEW.run(redis, [keys(lease.targetId).lease], [lease.owner, ttlMs])) === 1;
    },
    async release(lease) {
      await RELEASE.run(redis, [keys(lease.targetId).lease], [lease.owner]);
    },
    async progress(targetId) {
      const raw = await redis.get(keys(targetId).progress);
      return raw === null ? null : (JSON.parse(raw) as TargetProgress);
    },
    async saveProgress(lease, progress) {
      const { lease: leaseKey, progress: progressKey } = keys(lease.targetId);
      return (await SAVE.run(redis, [leaseKey, progressKey], [lease.owner, JSON.stringify(progress)])) === 1;
    },
    async resetBackoff(targetId, now) {
      await RESET.run(redis, [keys(targetId).progress], [now]);
    },
    async recordAttempt(targetId, attempt) {
      const key = keys(targetId).attempts;
      await redis
        .multi()
        .lpush(key, JSON.stringify(attempt))
        .ltrim(key, 0, maxAttempts - 1)
        .pexpire(key, retentionMs)
        .exec();
    },
    async attempts(targetId, before, limit, now) {
      checkLimit(limit);
      const raws = await redis.lrange(keys(targetId).attempts, 0, maxAttempts - 1);
      const kept = raws
        .map((raw) => JSON.parse(raw) as DeliveryAttempt)
        .filter((entry) => entry.at > now - retentionMs);
      const start = before === null ? 0 : kept.findIndex((entry) => entry.id === before) + 1;
      if (before !== null && start === 0) return { attempts: [], hasMore: false };
      return { attempts: kept.slice(start, start + limit), hasMore: kept.length > start + limit };
    },
    async forget(targetId) {
      const { lease, progress, attempts } = keys(targetId);
      await redis.del(lease, progress, attempts);
    },
  };
}
