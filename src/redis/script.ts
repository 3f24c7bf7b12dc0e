/**
 * A Lua script run by its SHA-1 (`EVALSHA`), sent whole only when a server does not know it yet: the first
 * use on a server, after a restart or `SCRIPT FLUSH`, or on a Cluster master that has not run it. Redis runs
 * a script atomically, which is what makes each read-modify-write of the store and of the change state one step. On
 * a Cluster, ioredis sends it to the master of its keys' slot, so all its keys must share one (hash tags).
 */
import { createHash } from 'node:crypto';
import type { RedisConnection } from './connect.js';

/** A script ready to run. */
export interface RedisScript {
  /** Runs it with `keys` (`KEYS`) and `args` (`ARGV`); resolves with what it returns. */
  run(redis: RedisConnection, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

/** Prepares `source` to be run. */
export function redisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error as Error).message?.startsWith('NOSCRIPT')) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}
