/**
 * The invalidation bus's own rules, without Redis (the real round trip is test/integration/cache-invalidation.test.ts):
 * what it publishes, which messages it acts on, and that a failure to publish never fails the caller.
 */
import { describe, expect, it } from 'vitest';
import { createInvalidationBus } from '../../../src/cache/invalidation-bus.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { RedisConnection } from '../../../src/redis/connect.js';
import type { SubscriptionHandlers } from '../../../src/redis/subscriber.js';
import { captureLogs } from '../../support/logs.js';

/** A bus over a fake publisher; `deliver` plays Redis delivering what was published (or anything else). */
function busUnderTest(publish: (channel: string, message: string) => Promise<number> = async () => 1) {
  const logs = captureLogs();
  const dropped: string[] = [];
  const published: string[] = [];
  let handlers: SubscriptionHandlers | null = null;
  const bus = createInvalidationBus({
    publisher: {
      publish: async (channel: string, message: string) => {
        published.push(message);
        return publish(channel, message);
      },
    } as unknown as RedisConnection,
    subscribe: (given) => {
      handlers = given;
      return { close: async () => {} };
    },
    channel: 'dg:cache:invalidate',
    dropLocal: async (prefix) => {
      dropped.push(prefix);
    },
    logger: createLogger('warn', logs.stream),
  });
  return { bus, dropped, published, logs, handlers: () => handlers! };
}

describe('the cache invalidation bus', () => {
  it('should make another replica drop the published prefix, and not drop it twice on the publisher', async () => {
    const one = busUnderTest();
    const other = busUnderTest();
    await one.bus.publish('v2:acc-1:');
    const [message] = one.published;
    one.handlers().onMessage(message!); // Redis delivers to the publisher too
    other.handlers().onMessage(message!);
    expect(one.dropped).toEqual([]);
    expect(other.dropped).toEqual(['v2:acc-1:']);
  });

  it('should drop everything each time it is subscribed again', () => {
    const { handlers, dropped } = busUnderTest();
    handlers().onSubscribed();
    handlers().onSubscribed();
    expect(dropped).toEqual(['', '']);
  });

  it.each([
    ['not JSON', 'v2:acc-1:'],
    ['without a prefix', JSON.stringify({ from: 'x' })],
    ['with a prefix that is not text', JSON.stringify({ from: 'x', prefix: 7 })],
    ['too long', JSON.stringify({ from: 'x', prefix: 'v'.repeat(5000) })],
  ])('should ignore a message %s, and say so', (_, raw) => {
    const { handlers, dropped, logs } = busUnderTest();
    handlers().onMessage(raw);
    expect(dropped).toEqual([]);
    expect(logs.text()).toContain('not one of ours');
  });

  it('should log a publish that fails, and resolve', async () => {
    const { bus, logs } = busUnderTest(async () => {
      throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
    });
    await expect(bus.publish('v2:acc-1:')).resolves.toBeUndefined();
    expect(logs.text()).toContain('could not publish a cache invalidation');
  });
});
