/**
 * Real Redis for tests. `sharedRedisUrl()` is the Redis CI guarantees on 127.0.0.1:6379 (tests use a
 * unique key prefix there and delete only their own keys). `startRedisServer()` runs a private
 * `redis-server` on a free port, which a test may stop and restart to see Redis go away and come back.
 * Neither skips: without Redis the tests fail and say how to get one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** A key prefix no other test run uses. */
export function uniquePrefix(): string {
  return `dg-test:${randomBytes(6).toString('hex')}:`;
}

/** Connects to the shared Redis, failing with a clear message when none answers. */
export async function connectSharedRedis(): Promise<Redis> {
  const redis = new Redis(SHARED_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Tests need a Redis at ${SHARED_REDIS_URL}: start redis-server (or run .ci/run, which starts one). ${String(error)}`);
  }
  return redis;
}

/** Deletes every key under a prefix (never anything else). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private redis-server that can be stopped and started again on the same port. */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRedisServer(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}/0`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const spawned = child;
    await new Promise<void>((resolve, reject) => {
      spawned.once('error', (error) => reject(new Error(`redis-server could not start (is it installed? .ci/run installs it): ${error.message}`)));
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
  await start();
  return { url, stop, start };
}
