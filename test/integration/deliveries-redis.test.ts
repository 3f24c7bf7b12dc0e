/**
 * The delivery state in Redis (src/deliveries/redis-delivery-state.ts) on each way operators run Redis —
 * the shared single server (under fresh key prefixes), a local Cluster and a Sentinel-watched master: the
 * DeliveryState contract the in-process state passes too, and its keys in one slot per target.
 */
import { describe, expect, it } from 'vitest';
import { createRedisDeliveryState } from '../../src/deliveries/redis-delivery-state.js';
import { masters } from '../../src/redis/nodes.js';
import { attemptOf, describeDeliveryStateContract, progressAt } from '../support/delivery-state-contract.js';
import { keysUnder } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology } from '../support/redis-topologies.js';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.each(REDIS_TOPOLOGIES)('the delivery state on %s Redis', (kind) => {
  const shared = useRedisTopology(kind);

  describeDeliveryStateContract('redis delivery state', (limits) => ({
    state: createRedisDeliveryState({
      redis: shared.redis,
      keyPrefix: shared.prefix(),
      transport: 'webhook',
      ...limits,
    }),
    // Leases expire by Redis's own clock.
    passTime: pause,
  }));

  it('should keep a target’s keys in one slot under the documented names, apart per transport', async () => {
    const keyPrefix = shared.prefix();
    const webhooks = createRedisDeliveryState({ redis: shared.redis, keyPrefix, transport: 'webhook' });
    const push = createRedisDeliveryState({ redis: shared.redis, keyPrefix, transport: 'push' });
    const lease = (await webhooks.claim('whk_1', 'replica-a', 60_000))!;
    await webhooks.saveProgress(lease, progressAt('c1.a'));
    await webhooks.recordAttempt('whk_1', attemptOf(1));
    expect(await push.progress('whk_1')).toBeNull();
    const keys = (await keysUnder(shared.redis, keyPrefix)).map((key) => key.slice(keyPrefix.length)).sort();
    expect(keys).toEqual(['{dlv:webhook:whk_1}:attempts', '{dlv:webhook:whk_1}:lease', '{dlv:webhook:whk_1}:progress']);
    if (kind === 'cluster') {
      const slot = (key: string) => masters(shared.redis)[0]!.cluster('KEYSLOT', keyPrefix + key);
      expect(new Set(await Promise.all(keys.map(slot))).size).toBe(1);
    }
    expect(await shared.redis.pttl(`${keyPrefix}{dlv:webhook:whk_1}:attempts`)).toBeGreaterThan(6 * 86_400_000);
  });
});
