import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliveryStateFileFor, openFileDeliveryState } from '../../../src/deliveries/file-delivery-state.js';
import { createMemoryDeliveryState } from '../../../src/deliveries/memory-delivery-state.js';
import { createLogger } from '../../../src/logging/logger.js';
import { attemptOf, describeDeliveryStateContract, progressAt } from '../../support/delivery-state-contract.js';
import { registerTeardown } from '../../support/teardown.js';
import { tempDir } from '../../support/temp-dir.js';

const silent = createLogger('silent');

describeDeliveryStateContract('memory delivery state', (limits) => {
  let offset = 0;
  return {
    state: createMemoryDeliveryState({ ...limits, now: () => Date.now() + offset }),
    passTime: async (ms) => void (offset += ms),
  };
});

describeDeliveryStateContract('file delivery state', async (limits) => {
  let offset = 0;
  const file = join(await tempDir('dg-deliveries-'), 'store.deliveries.json');
  const states = await openFileDeliveryState(file, { logger: silent, now: () => Date.now() + offset, ...limits });
  registerTeardown(() => states.close());
  return { state: states.forTransport('webhook'), passTime: async (ms) => void (offset += ms) };
});

describe('the delivery state file', () => {
  it('should live beside the store file, named after it', () => {
    expect(deliveryStateFileFor('/data/store.json')).toBe('/data/store.deliveries.json');
  });

  it('should find progress and attempts after a restart, per transport, but no lease', async () => {
    const file = join(await tempDir('dg-deliveries-'), 'store.deliveries.json');
    const first = await openFileDeliveryState(file, { logger: silent, writeDelayMs: 10_000 });
    const webhooks = first.forTransport('webhook');
    const lease = (await webhooks.claim('whk_1', 'replica-a', 60_000))!;
    await webhooks.saveProgress(lease, progressAt('c1.a'));
    await webhooks.recordAttempt('whk_1', attemptOf(1));
    await first.forTransport('push').recordAttempt('whk_1', attemptOf(2));
    await first.close();

    const second = await openFileDeliveryState(file, { logger: silent });
    registerTeardown(() => second.close());
    const again = second.forTransport('webhook');
    expect((await again.progress('whk_1'))?.cursor).toBe('c1.a');
    expect((await again.attempts('whk_1', null, 10, Date.now())).attempts.map((a) => a.id)).toEqual(['att_1']);
    expect((await second.forTransport('push').attempts('whk_1', null, 10, Date.now())).attempts).toHaveLength(1);
    expect(await again.claim('whk_1', 'replica-b', 60_000)).not.toBeNull();
  });

  it('should move a malformed file aside and start empty', async () => {
    const dir = await tempDir('dg-deliveries-');
    const file = join(dir, 'store.deliveries.json');
    await writeFile(file, '{"version":99}');
    const states = await openFileDeliveryState(file, { logger: silent });
    registerTeardown(() => states.close());
    expect(await states.forTransport('webhook').progress('whk_1')).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, transports: {} });
  });
});
