/**
 * A kept answer (src/answers) on one replica is not sent once another replica forgot an upstream copy it was
 * built from: the forget reaches this replica's in-process tier over Redis pub/sub (src/cache/invalidation-bus.ts),
 * and the answer cache vouches only for copies that tier still holds. Two caches as two replicas would build
 * them (`createGatewayCache`), on the shared Redis under a prefix of their own.
 */
import { describe, expect, it } from 'vitest';
import { AnswerBasisRecorder } from '../../src/answers/answer-basis.js';
import { AnswerCache } from '../../src/answers/answer-cache.js';
import { createGatewayCache, type GatewayCache } from '../../src/cache/create-cache.js';
import type { CacheRequest } from '../../src/cache/upstream-cache.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { registerTeardown } from '../support/teardown.js';
import { SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';

const GRADES: CacheRequest = { resource: 'grades', provider: 'MESH', accountId: 'acc-1', params: ['child-1'] };

const shared = useSharedRedis();

function replica(keyPrefix: string): GatewayCache {
  const cache = createGatewayCache(loadConfig({ REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix }), {
    logger: createLogger('silent'),
  });
  registerTeardown(() => cache.close());
  return cache;
}

describe('a kept answer on one replica', () => {
  it('should not be sent once another replica forgot an upstream copy it used', async () => {
    const keyPrefix = shared.prefix();
    const [a, b] = [replica(keyPrefix), replica(keyPrefix)];
    const channel = `${keyPrefix}cache:invalidate`;
    await expect
      .poll(async () => ((await shared.redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1], {
        timeout: 10_000,
      })
      .toBe(2);
    const answers = new AnswerCache({
      maxBytes: 1024 * 1024,
      upstream: b.cache,
      store: createMemoryStore(),
      now: Date.now,
    });
    const fetch = async () => [{ id: 'grade-1' }];
    const recorder = new AnswerBasisRecorder(Date.now());
    recorder.upstreamRead(await b.cache.load(GRADES, fetch, fetch));
    const answer = {
      userId: 'usr_1',
      status: 200,
      headers: [],
      body: '{"data":{}}',
      gzip: null,
      operation: { name: null, type: 'query' },
      basis: recorder.basis()!,
    };
    answers.keep('k', answer);
    expect(await answers.lookup('k')).toBe(answer);

    await a.cache.forget('acc-1');
    await expect.poll(() => answers.lookup('k'), { timeout: 10_000 }).toBeNull();
  });
});
