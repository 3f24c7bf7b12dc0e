/**
 * Opens the change state where the store is: the change log, the detector's schedule, leases and
 * snapshots, and the bus. With the file store (the embedded default) they live in this process, saved to a
 * file beside the store file; with the Redis store, in the store's Redis, so every replica shares them and
 * the bus crosses replicas over pub/sub; with the memory store (tests, `STORE=memory`), in memory only.
 */
import type { GatewayConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/connect.js';
import { knownMasterNodes } from '../redis/nodes.js';
import { subscribeToChannel } from '../redis/subscriber.js';
import { changeStateFileFor, openFileChangeState } from './file-change-state.js';
import { createMemoryChangeBus } from './memory-change-bus.js';
import { createMemoryChangeLog } from './memory-change-log.js';
import { createMemoryDetectorState } from './memory-detector-state.js';
import type { ChangeBus, ChangeLog, DetectorState } from './ports.js';
import { createRedisChangeBus } from './redis-change-bus.js';
import { redisChangeKeys } from './redis-change-keys.js';
import { createRedisChangeLog } from './redis-change-log.js';
import { createRedisDetectorState } from './redis-detector-state.js';

/** The change state of a gateway, and how to let go of it. */
export interface ChangeState {
  log: ChangeLog;
  detector: DetectorState;
  bus: ChangeBus;
  /** Closes the bus and writes what a file still lacks; the connections stay the caller's. */
  close(): Promise<void>;
}

/** Where the store is: its kind, and its Redis when it has one. */
export interface ChangeStateHome {
  config: Pick<GatewayConfig, 'store' | 'redis' | 'changes'>;
  /** The store's Redis (`STORE=redis`), `null` otherwise. */
  redis: RedisConnection | null;
  logger: Logger;
  now: () => number;
}

/** Opens the change state beside the store. */
export async function openChangeState(home: ChangeStateHome): Promise<ChangeState> {
  const { config, logger, now } = home;
  const retentionMs = config.changes.retentionDays * 24 * 3_600_000;
  if (home.redis && config.redis) {
    const { redis } = home;
    const { keyPrefix, topology } = config.redis;
    const channel = redisChangeKeys(keyPrefix).notifyChannel;
    const bus = createRedisChangeBus({
      publisher: redis,
      channel,
      subscribe: (handlers) =>
        subscribeToChannel(topology, channel, handlers, {
          logger,
          knownNodes: () => knownMasterNodes(redis),
        }),
      logger,
    });
    return {
      log: createRedisChangeLog({ redis, keyPrefix, logger, now, retentionMs }),
      detector: createRedisDetectorState({ redis, keyPrefix }),
      bus,
      close: () => bus.close(),
    };
  }
  const bus = createMemoryChangeBus({ logger });
  if (config.store.kind === 'file') {
    const file = await openFileChangeState(changeStateFileFor(config.store.file), { logger, now, retentionMs });
    return {
      log: file.log,
      detector: file.detector,
      bus,
      close: async () => {
        await bus.close();
        await file.close();
      },
    };
  }
  return {
    log: createMemoryChangeLog({ now, retentionMs }),
    detector: createMemoryDetectorState({ now }),
    bus,
    close: () => bus.close(),
  };
}
