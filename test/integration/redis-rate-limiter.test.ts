import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { createRedisRateLimiter } from '../../src/resilience/redis-rate-limiter.js';
import { captureLogs } from '../support/logs.js';
import { startTestGateway } from '../support/gateway.js';
import { redisClient, uniquePrefix } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology } from '../support/redis-topologies.js';

// Rates are chosen so that the refill between two calls of a test (well under a second) cannot free a
// token: one token per 100 s.
const SLOW = 0.01;

describe.each(REDIS_TOPOLOGIES)('the Redis rate limiter on %s Redis', (kind) => {
  const shared = useRedisTopology(kind);

  it('should grant the burst, reserve the next token within the wait allowed, and refuse beyond it', async () => {
    const limiter = createRedisRateLimiter({
      redis: shared.redis,
      keyPrefix: shared.prefix(),
      perSecond: SLOW,
      burst: 2,
      logger: createLogger('silent'),
    });
    expect(await limiter.take('MESH', 0)).toEqual({ granted: true, waitMs: 0 });
    expect(await limiter.take('MESH', 0)).toEqual({ granted: true, waitMs: 0 });
    const refused = await limiter.take('MESH', 0);
    expect(refused.granted).toBe(false);
    expect(refused.granted === false && refused.retryAfterMs).toBeGreaterThan(90_000);
    const reserved = await limiter.take('MESH', 200_000);
    expect(reserved.granted).toBe(true);
    expect(reserved.granted && reserved.waitMs).toBeGreaterThan(90_000);
    expect(await limiter.take('DNEVNIK', 0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('should share one bucket between replicas and let its key expire', async () => {
    const keyPrefix = shared.prefix();
    const options = { keyPrefix, perSecond: SLOW, burst: 1, logger: createLogger('silent') };
    const first = createRedisRateLimiter({ redis: shared.redis, ...options });
    const second = createRedisRateLimiter({ redis: shared.client(), ...options });
    expect((await first.take('user:u1', 0)).granted).toBe(true);
    expect((await second.take('user:u1', 0)).granted).toBe(false);
    const ttl = await shared.redis.pttl(`${keyPrefix}user:u1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100_000);
  });

  it('should apply one session limit across two gateway replicas', async () => {
    const environment = {
      ...shared.environment,
      REDIS_KEY_PREFIX: shared.prefix(),
      SESSION_RATE_LIMIT_PER_MINUTE: '3',
    };
    const first = await startTestGateway(environment);
    const second = await startTestGateway(environment);
    const statuses: number[] = [];
    for (const replica of [first, second, first, second])
      statuses.push((await replica.graphql('{ viewer { displayName } }')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('the Redis rate limiter without Redis', () => {
  it('should let calls through and say so when Redis does not answer', async () => {
    const logs = captureLogs();
    const gone = redisClient('redis://127.0.0.1:1/0', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    gone.on('error', () => {});
    const limiter = createRedisRateLimiter({
      redis: gone,
      keyPrefix: uniquePrefix(),
      perSecond: SLOW,
      burst: 1,
      logger: createLogger('info', logs.stream),
    });
    expect(await limiter.take('MESH', 0)).toEqual({ granted: true, waitMs: 0 });
    expect(await limiter.take('MESH', 0)).toEqual({ granted: true, waitMs: 0 });
    expect(logs.text()).toContain('redis rate limiter unavailable');
  });
});
