/**
 * Opens the delivery state where the store is, as `src/changes/open-change-state.ts` opens the change state:
 * with the Redis store, in its Redis (every replica shares leases and positions); with the file store, in
 * this process, saved beside the store file; with the memory store, in memory.
 */
import type { GatewayConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/connect.js';
import { deliveryStateFileFor, openFileDeliveryState } from './file-delivery-state.js';
import { createMemoryDeliveryState } from './memory-delivery-state.js';
import type { DeliveryState } from './ports.js';
import { createRedisDeliveryState } from './redis-delivery-state.js';

/** The delivery states of a gateway, one per transport, and how to let go of them. */
export interface DeliveryStates {
  forTransport(name: string): DeliveryState;
  /** Writes what a file still lacks; connections stay the caller's. */
  close(): Promise<void>;
}

/** Opens the delivery state beside the store. */
export async function openDeliveryState(home: {
  config: Pick<GatewayConfig, 'store' | 'redis'>;
  redis: RedisConnection | null;
  logger: Logger;
  now: () => number;
}): Promise<DeliveryStates> {
  const { config, redis, logger, now } = home;
  if (redis && config.redis) {
    const { keyPrefix } = config.redis;
    return {
      forTransport: (transport) => createRedisDeliveryState({ redis, keyPrefix, transport }),
      close: async () => {},
    };
  }
  if (config.store.kind === 'file')
    return openFileDeliveryState(deliveryStateFileFor(config.store.file), { logger, now });
  const states = new Map<string, DeliveryState>();
  return {
    forTransport: (transport) => {
      const state = states.get(transport) ?? createMemoryDeliveryState({ now });
      states.set(transport, state);
      return state;
    },
    close: async () => {},
  };
}
