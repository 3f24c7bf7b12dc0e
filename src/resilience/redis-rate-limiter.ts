/**
 * The Redis-backed `RateLimiter`: one bucket per key shared by every replica, so a diary sees the
 * configured rate however many gateways run. GCRA (the "generic cell rate algorithm") in one Lua
 * script: Redis keeps each key's theoretical arrival time, reads and updates it atomically, and takes
 * the time from its own clock, so replicas with skewed clocks still agree. The contract is the one in
 * docs/resilience.md: reserve a token freeing up within `maxWaitMs`, else take nothing; keys expire once
 * the bucket would be full again; and when Redis does not answer, let the call through (a missing rate
 * limit is better than refusing every call) and log it.
 */
import type { RedisConnection } from '../redis/connect.js';
import type { Logger } from '../logging/logger.js';
import type { RateLimiter } from './rate-limit.js';

/** ARGV: interval ms, burst, max wait ms. Returns {granted (1|0), wait or retry-after ms}. */
const GCRA_SCRIPT = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - burst * interval - now
if wait > max_wait then return {0, math.ceil(wait)} end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
if wait < 0 then wait = 0 end
return {1, math.ceil(wait)}
`;

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  redis: RedisConnection;
  /** Prefix of the limiter's keys (the gateway's `REDIS_KEY_PREFIX` plus a name). */
  keyPrefix: string;
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens a bucket holds. @default perSecond */
  burst?: number;
  logger: Logger;
}

/** Creates a limiter whose buckets live in Redis. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, keyPrefix, logger } = options;
  if (!Number.isFinite(options.perSecond) || options.perSecond <= 0) {
    throw new RangeError(`createRedisRateLimiter: perSecond must be a positive number, got ${options.perSecond}.`);
  }
  const intervalMs = 1000 / options.perSecond;
  const burst = options.burst ?? options.perSecond;
  return {
    async take(key, maxWaitMs) {
      try {
        const [granted, ms] = (await redis.eval(GCRA_SCRIPT, 1, keyPrefix + key, intervalMs, burst, maxWaitMs)) as [
          number,
          number,
        ];
        return granted === 1 ? { granted: true, waitMs: ms } : { granted: false, retryAfterMs: ms };
      } catch (error) {
        logger.warn(
          { err: { message: (error as Error).message }, key },
          'redis rate limiter unavailable; letting the call through',
        );
        return { granted: true, waitMs: 0 };
      }
    },
  };
}

/**
 * Named limiters whose buckets every replica shares through `redis` (keys `{keyPrefix}rate:{name}:…`); with
 * no Redis, `undefined`: each replica then keeps its own buckets in process.
 */
export function sharedRateLimiters(
  redis: RedisConnection | null,
  keyPrefix: string,
  logger: Logger,
): (name: string, perSecond: number, burst: number) => RateLimiter | undefined {
  return (name, perSecond, burst) =>
    redis
      ? createRedisRateLimiter({ redis, keyPrefix: `${keyPrefix}rate:${name}:`, perSecond, burst, logger })
      : undefined;
}
