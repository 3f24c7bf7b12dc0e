/**
 * The Redis of the sizing scenario, and how it is measured. A private `redis-server` the bench starts on a
 * free loopback port (pinned to core 0 with the simulators, benchmarking.md §8.1; no persistence, nothing
 * else in it), so `INFO memory` can be read beside the per-key figures; without the binary, the shared Redis
 * of `BENCH_REDIS_URL` (default `redis://127.0.0.1:6379/0`), where the bench only ever touches its own
 * unique key prefixes and deletes them afterwards (never FLUSHALL/FLUSHDB). Without either, `null` and why.
 *
 * Per key: `MEMORY USAGE <key> SAMPLES 0` (every element of a hash or set counted, not a sample of five),
 * over the keys a `SCAN` finds under a prefix — the gateway's own walk (`src/redis/scan.ts`), never `KEYS`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { scanPrefix, unlinkKeys } from '../src/redis/scan.js';
import type { Pinning } from './processes.js';
import type { KeyUsage } from './sizing.js';

/** A Redis the scenario may write to under its own prefixes. */
export interface BenchRedis {
  url: string;
  /** `private`: started by the bench, alone; `shared`: someone else's, only our prefixes are touched. */
  kind: 'private' | 'shared';
  /** A fresh `REDIS_KEY_PREFIX` for one gateway (valid for the gateway's configuration: letters, digits, `-`, `:`). */
  prefix(name: string): string;
  /** `MEMORY USAGE` of every key under `prefix`. */
  usage(prefix: string): Promise<KeyUsage[]>;
  /** `used_memory` of `INFO memory`, bytes: meaningful only for a private server. */
  usedMemory(): Promise<number>;
  /** Deletes every key under `prefix` (and only those). */
  clear(prefix: string): Promise<void>;
  /** Deletes every prefix handed out, disconnects, and stops a private server. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Connects and PINGs, or resolves `null` (nothing answering is an expected outcome here, not an error). */
async function tryConnect(url: string): Promise<Redis | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {}); // refused while a server boots, or no server at all: the caller decides
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    return null;
  }
}

/** Starts `redis-server` on a free port and waits until it answers; `null` when it cannot run here. */
async function startPrivate(
  pinning: Pinning,
  logDirectory: string,
): Promise<{ url: string; client: Redis; child: ChildProcess } | null> {
  const port = await freePort();
  const server = ['redis-server', '--port', String(port), '--bind', '127.0.0.1'];
  // No persistence: the figures are memory, and nothing must outlive the run (`--dir`: no stray files).
  const settings = ['--save', '', '--appendonly', 'no', '--dir', logDirectory];
  const [command, ...args] = pinning.enabled
    ? ['taskset', '-c', '0', ...server, ...settings]
    : [...server, ...settings];
  const log = openSync(join(logDirectory, 'redis-server.log'), 'a');
  const child = spawn(command!, args, { stdio: ['ignore', log, log] });
  const failed = new Promise<null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', () => resolve(null));
  });
  const url = `redis://127.0.0.1:${port}/0`;
  const answered = (async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const client = await tryConnect(url);
      if (client) return client;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  })();
  const client = await Promise.race([answered, failed]);
  if (!client) {
    child.kill('SIGKILL');
    return null;
  }
  return { url, client, child };
}

function benchRedis(url: string, kind: BenchRedis['kind'], client: Redis, child: ChildProcess | null): BenchRedis {
  const run = randomBytes(6).toString('hex');
  const handedOut: string[] = [];
  const clear = async (prefix: string) => {
    for await (const keys of scanPrefix(client, prefix)) await unlinkKeys(client, keys);
  };
  return {
    url,
    kind,
    prefix(name) {
      const prefix = `dg-bench-${run}-${name}:`;
      handedOut.push(prefix);
      return prefix;
    },
    async usage(prefix) {
      const found = new Set<string>();
      for await (const keys of scanPrefix(client, prefix)) for (const key of keys) found.add(key);
      const keys = [...found].sort();
      const pipeline = client.pipeline();
      for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
      const answers = (await pipeline.exec()) ?? [];
      return keys.map((key, index) => {
        const [error, bytes] = answers[index] ?? [null, null];
        return { key, bytes: error || typeof bytes !== 'number' ? null : bytes };
      });
    },
    async usedMemory() {
      const info = await client.info('memory');
      return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
    },
    clear,
    async dispose() {
      try {
        if (kind === 'shared') for (const prefix of handedOut.splice(0)) await clear(prefix);
      } finally {
        client.disconnect();
        if (child && child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
      }
    },
  };
}

/** The Redis the scenario uses, or `null` with the reason (printed under its tables). */
export async function acquireRedis(
  pinning: Pinning,
  logDirectory: string,
): Promise<{ redis: BenchRedis | null; note: string }> {
  const started = await startPrivate(pinning, logDirectory);
  if (started) {
    return {
      redis: benchRedis(started.url, 'private', started.client, started.child),
      note: `a private redis-server (${(await started.client.info('server')).match(/^redis_version:(\S+)/m)?.[1] ?? '?'}) started by the bench, no persistence`,
    };
  }
  const sharedUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const shared = await tryConnect(sharedUrl);
  if (shared) {
    return {
      redis: benchRedis(sharedUrl, 'shared', shared, null),
      note: `redis-server could not be started; the shared Redis at ${new URL(sharedUrl).host}, under the bench's own key prefixes (deleted after)`,
    };
  }
  return {
    redis: null,
    note: `NO REDIS: redis-server could not be started and nothing answered at ${new URL(sharedUrl).host} (BENCH_REDIS_URL); Redis memory not measured, upstream calls counted on the memory store`,
  };
}
