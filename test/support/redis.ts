/**
 * Real Redis for tests. `SHARED_REDIS_URL` is the Redis CI guarantees on 127.0.0.1:6379: a test file
 * calls `useSharedRedis()` for a connection and unique key prefixes there, and only its own keys are
 * deleted afterwards. `startRedisServer()` runs a private `redis-server` on a free port, which a test may
 * stop and restart to see Redis go away and come back; it is stopped for good when done (teardown.ts).
 * Neither skips: without Redis the tests fail and say how to get one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisConnection } from '../../src/redis/connect.js';
import { scanPrefix, unlinkKeys } from '../../src/redis/scan.js';
import { beforeAll } from 'vitest';
import { freeLoopbackPort } from './free-ports.js';
import { registerTeardown } from './teardown.js';

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** A key prefix no other test run uses. */
export function uniquePrefix(): string {
  return `dg-test:${randomBytes(6).toString('hex')}:`;
}

/** A Redis client of a test's own (a second replica, a probe), disconnected when done (teardown.ts). */
export function redisClient(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, options);
  registerTeardown(() => client.disconnect());
  return client;
}

/** Connects to the shared Redis, failing with a clear message when none answers. */
export async function connectSharedRedis(): Promise<Redis> {
  const redis = new Redis(SHARED_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `Tests need a Redis at ${SHARED_REDIS_URL}: start redis-server (or run .ci/run, which starts one). ${String(error)}`,
    );
  }
  return redis;
}

/**
 * Deletes every key under a prefix (never anything else), on every master of a Cluster. Glob characters in
 * the prefix are escaped (`scanPrefix`), so a `*`, `?` or `[` in it never widens the match to other tests' keys.
 */
export async function deletePrefix(redis: RedisConnection, prefix: string): Promise<void> {
  for await (const keys of scanPrefix(redis, prefix)) await unlinkKeys(redis, keys);
}

/**
 * Every key starting with `prefix` (the whole key, prefix included), each once, sorted; on a Cluster, from
 * every master.
 *
 * Uses SCAN, as the gateway itself does, never KEYS: KEYS blocks the shared Redis for everyone while it
 * walks the whole keyspace. SCAN may return a key more than once across its steps, hence the set.
 */
export async function keysUnder(redis: RedisConnection, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  for await (const keys of scanPrefix(redis, prefix)) for (const key of keys) found.add(key);
  return [...found].sort();
}

/** The shared Redis as one test file (or `describe` block) sees it: see `useSharedRedis`. */
export interface SharedRedis {
  /**
   * The connection. Read it inside tests and hooks, never while the file loads: it exists once
   * `beforeAll` has connected (with `lazy`, once `connect()` has resolved), and reading it earlier throws.
   */
  readonly redis: Redis;
  /**
   * Connects to the shared Redis on the first call and returns the same connection afterwards. Rejects
   * with how to start Redis when none answers; the next call tries again (so every test that needs Redis
   * fails, none skips).
   */
  connect(): Promise<Redis>;
  /** A key prefix no other test uses; it and every key under it are deleted after the tests. */
  prefix(): string;
}

/** How `useSharedRedis` connects. */
export interface SharedRedisOptions {
  /**
   * Connect on the first `connect()` instead of in `beforeAll`. For files where only some tests use
   * Redis (e.g. one case of a `describe.each` over stores): the others then neither need a Redis nor
   * fail without one, while a test that calls `connect()` still fails when none answers.
   */
  lazy?: boolean;
}

/**
 * Registers, in the calling file or `describe` block, what every test on the shared Redis needs, and
 * returns the connection and a source of fresh key prefixes:
 *
 * - `beforeAll` connects (unless `lazy`), failing every test with how to start Redis when none answers;
 * - a teardown (teardown.ts) deletes every key under every prefix handed out by `prefix()` (nothing else:
 *   never FLUSHALL, other runs share this Redis) and disconnects, when the file ends.
 *
 * Teardowns run newest first, and this one is registered while the file loads, before anything a test
 * starts: gateways writing under these prefixes are closed before their keys are deleted, so none writes
 * keys again under a prefix already cleaned.
 *
 * @example
 * const shared = useSharedRedis();
 *
 * it('should keep entries under its prefix', async () => {
 *   const keyPrefix = shared.prefix();
 *   const cache = createRedisCache({ redis: shared.redis, keyPrefix, logger });
 *   // ...
 *   expect(await keysUnder(shared.redis, keyPrefix)).toEqual([`${keyPrefix}v1:acc:grades:x`]);
 * });
 */
export function useSharedRedis(options: SharedRedisOptions = {}): SharedRedis {
  let connection: Redis | null = null;
  let connecting: Promise<Redis> | null = null;
  const prefixes: string[] = [];

  const connect = (): Promise<Redis> => {
    connecting ??= connectSharedRedis().then(
      (redis) => (connection = redis),
      (error: unknown) => {
        // Forget the failure so the next test asks again and reports the same clear error itself.
        connecting = null;
        throw error;
      },
    );
    return connecting;
  };

  if (!options.lazy) {
    beforeAll(async () => {
      await connect();
    });
  }
  registerTeardown(async () => {
    if (!connection && prefixes.length === 0) return; // never connected and nothing handed out: nothing to clean
    // A prefix handed out but never connected (lazy) may still hold keys a gateway wrote: connect to delete them.
    const redis = connection ?? (await connect());
    try {
      for (const prefix of prefixes.splice(0)) await deletePrefix(redis, prefix);
    } finally {
      connection = null;
      connecting = null;
      redis.disconnect();
    }
  });

  return {
    get redis(): Redis {
      if (!connection) {
        throw new Error(
          'The shared Redis is not connected yet: read `redis` inside a test or hook (with `lazy`, after `await connect()`).',
        );
      }
      return connection;
    },
    connect,
    prefix() {
      const value = uniquePrefix();
      prefixes.push(value);
      return value;
    },
  };
}

/** A private redis-server that can be stopped and started again on the same port. */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * Starts a private redis-server; it is stopped for good when the test (or file) that started it ends.
 * `settings` are more command-line settings, e.g. `['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru']`
 * for a cache's Redis; they apply again on every `start()`.
 */
export async function startRedisServer(settings: readonly string[] = []): Promise<PrivateRedis> {
  const port = await freeLoopbackPort();
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}/0`;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...settings];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const spawned = child;
    await new Promise<void>((resolve, reject) => {
      spawned.once('error', (error) =>
        reject(new Error(`redis-server could not start (is it installed? .ci/run installs it): ${error.message}`)),
      );
      const probe = async (attempt: number): Promise<void> => {
        const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        client.on('error', () => {}); // refused while the server boots: expected, and retried below
        try {
          await client.connect();
          await client.ping();
          client.disconnect();
          resolve();
        } catch {
          client.disconnect();
          if (attempt > 100) reject(new Error('redis-server did not answer'));
          else setTimeout(() => void probe(attempt + 1), 50);
        }
      };
      void probe(0);
    });
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => {
      running.once('exit', resolve);
      running.kill('SIGKILL');
    });
  };
  registerTeardown(stop);
  await start();
  return { url, stop, start };
}
