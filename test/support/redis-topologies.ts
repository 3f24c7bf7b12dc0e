/**
 * Redis as operators run it, for tests: a Cluster of three masters and a Sentinel-watched master with one
 * replica, each started from the `redis-server` binary on free loopback ports, in a temporary folder, and
 * stopped by itself when the test (or file) that started it ends (teardown.ts).
 *
 * Each returns the environment a gateway needs to use it (`REDIS_CLUSTER_NODES`, or `REDIS_SENTINELS` and
 * `REDIS_SENTINEL_NAME`) and a client of its own. Nothing here is shared with another run: keys need no
 * cleaning, the servers go away with their data.
 *
 * @example
 * const cluster = await startRedisCluster();
 * const gateway = await startTestGateway({ ...cluster.environment, REDIS_KEY_PREFIX: uniquePrefix() });
 *
 * const sentinel = await startRedisSentinel();
 * await sentinel.failover(); // the replica is the master now
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { beforeAll } from 'vitest';
import type { RedisConnection } from '../../src/redis/connect.js';
import { freeLoopbackPorts } from './free-ports.js';
import { redisClient, SHARED_REDIS_URL, uniquePrefix, useSharedRedis } from './redis.js';
import { registerTeardown } from './teardown.js';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);

/** A loopback `host:port`. */
export interface RedisAddress {
  host: string;
  port: number;
}

/** A running local Redis Cluster. */
export interface LocalRedisCluster {
  /** The three masters. */
  nodes: RedisAddress[];
  /** What a gateway's configuration needs: `REDIS_CLUSTER_NODES`. */
  environment: { REDIS_CLUSTER_NODES: string };
  /** A Cluster client of the test's own, disconnected when done. */
  client(): Cluster;
}

/** A running local Sentinel set-up: a master, a replica and one sentinel (quorum 1). */
export interface LocalRedisSentinel {
  /** The master group's name. */
  name: string;
  /** The sentinel. */
  sentinels: RedisAddress[];
  /** What a gateway's configuration needs: `REDIS_SENTINELS` and `REDIS_SENTINEL_NAME`. */
  environment: { REDIS_SENTINELS: string; REDIS_SENTINEL_NAME: string };
  /** A client of the test's own that follows the master through the sentinel, disconnected when done. */
  client(): Redis;
  /** Where the master is now, as the sentinel says. */
  master(): Promise<RedisAddress>;
  /**
   * A planned failover: holds writes to the master (`CLIENT PAUSE … WRITE`) until the replica has all of
   * them, makes the sentinel promote the replica (`SENTINEL FAILOVER`), turns the old master into its
   * replica and lets the held writes go (they are refused `READONLY` and resent by the clients to the new
   * master). Resolves once the new master serves and the sentinel names it; no acknowledged write is lost.
   * Can be called again (the old master has then become the replica).
   */
  failover(): Promise<RedisAddress>;
}

const HOST = '127.0.0.1';
/** Longest a planned failover holds writes to the old master (it lets them go as soon as it is done). */
const PAUSE_MS = 10_000;

/** Starts `redis-server` with `args`; killed when done. */
function startServer(args: string[]): ChildProcess {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  child.once('error', () => {}); // reported by waitUntil's timeout below, with how to install it
  registerTeardown(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  return child;
}

/** Polls `probe` until it returns true (errors count as not yet), for at most `timeoutMs`. */
async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `${what} within ${timeoutMs} ms (is redis-server installed? .ci/run installs it)${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}

/** Runs one command on a short-lived connection to `address`. */
async function ask<T>(address: RedisAddress, command: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ ...address, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {}); // refused while a server boots: the caller retries
  try {
    await client.connect();
    return await command(client);
  } finally {
    client.disconnect();
  }
}

const answers = (address: RedisAddress) => ask(address, async (client) => (await client.ping()) === 'PONG');

/** Starts three empty masters, joins them into a Cluster (all 16384 slots) and waits for `cluster_state:ok`. */
export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const directory = await tempDir('dg-redis-cluster-');
  const ports = await freeLoopbackPorts(6);
  const nodes = ports.slice(0, 3).map((port) => ({ host: HOST, port }));
  nodes.forEach(({ port }, index) =>
    startServer([
      ...['--port', String(port), '--bind', HOST, '--dir', directory, '--save', '', '--appendonly', 'no'],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', join(directory, `nodes-${port}.conf`)],
      // The bus port would be port + 10000, which may be taken or past 65535: a free one of its own.
      ...['--cluster-port', String(ports[3 + index]), '--cluster-node-timeout', '2000'],
    ]),
  );
  for (const node of nodes) await waitUntil(`redis-server did not answer on ${node.port}`, () => answers(node));
  await run('redis-cli', [
    ...['--cluster', 'create', ...nodes.map(({ host, port }) => `${host}:${port}`)],
    ...['--cluster-replicas', '0', '--cluster-yes'],
  ]);
  for (const node of nodes) {
    await waitUntil('the Cluster did not reach cluster_state:ok', async () =>
      (await ask(node, (client) => client.cluster('INFO'))).includes('cluster_state:ok'),
    );
  }
  return {
    nodes,
    environment: { REDIS_CLUSTER_NODES: nodes.map(({ host, port }) => `${host}:${port}`).join(',') },
    client() {
      const client = new Cluster(nodes, { scaleReads: 'master' });
      registerTeardown(() => client.disconnect());
      return client;
    },
  };
}

/** Whether `address` is a master with a replica in sync (`state=online`). */
async function hasOnlineReplica(address: RedisAddress): Promise<boolean> {
  return hasOnlineReplicaIn(await ask(address, (client) => client.info('replication')));
}

function hasOnlineReplicaIn(info: string): boolean {
  return info.includes('role:master') && /slave\d+:.*state=online/.test(info);
}

/**
 * Starts a master, a replica of it and one sentinel watching them (quorum 1, down after 1 s), and waits
 * until the sentinel knows the replica, so a failover can be asked for at once.
 */
export async function startRedisSentinel(): Promise<LocalRedisSentinel> {
  const directory = await tempDir('dg-redis-sentinel-');
  const [masterPort, replicaPort, sentinelPort] = await freeLoopbackPorts(3);
  const name = 'dg-test-master';
  const data = (port: number) => [
    ...['--port', String(port), '--bind', HOST, '--dir', directory, '--save', '', '--appendonly', 'no'],
    // A replica's first sync would otherwise wait 5 s for more replicas to share the transfer.
    ...['--dbfilename', `dump-${port}.rdb`, '--repl-diskless-sync-delay', '0'],
  ];
  const first = { host: HOST, port: masterPort! };
  const second = { host: HOST, port: replicaPort! };
  startServer(data(first.port));
  startServer([...data(second.port), '--replicaof', HOST, String(first.port)]);
  await waitUntil('the replica did not come in sync with the master', () => hasOnlineReplica(first));
  // A sentinel rewrites its configuration file (what it learns), so it gets a file of its own.
  const configFile = join(directory, 'sentinel.conf');
  await writeFile(
    configFile,
    [
      `port ${sentinelPort}`,
      `bind ${HOST}`,
      `dir ${directory}`,
      `sentinel monitor ${name} ${HOST} ${first.port} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 10000`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  startServer([configFile, '--sentinel']);
  const sentinel = { host: HOST, port: sentinelPort! };

  const master = async (): Promise<RedisAddress> => {
    const [host, port] = (await ask(sentinel, (client) =>
      client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name),
    )) as [string, string];
    return { host, port: Number(port) };
  };
  /** The sentinel lists the replica as usable (seen, not down, linked to its master). */
  const sentinelKnowsReplica = async () => {
    const replicas = (await ask(sentinel, (client) => client.call('SENTINEL', 'REPLICAS', name))) as string[][];
    return replicas.some((fields) => {
      const flags = fields[fields.indexOf('flags') + 1] ?? '';
      return flags === 'slave' && fields[fields.indexOf('master-link-status') + 1] === 'ok';
    });
  };
  await waitUntil('the sentinel did not see the replica', sentinelKnowsReplica);

  return {
    name,
    sentinels: [sentinel],
    environment: { REDIS_SENTINELS: `${HOST}:${sentinel.port}`, REDIS_SENTINEL_NAME: name },
    client() {
      const client = new Redis({ sentinels: [sentinel], name });
      // A failover drops its connection on purpose; ioredis reconnects (and would print each error unheard).
      client.on('error', () => {});
      registerTeardown(() => client.disconnect());
      return client;
    },
    master,
    async failover() {
      const before = await master();
      const after = before.port === first.port ? second : first;
      await waitUntil('the sentinel did not see the replica', sentinelKnowsReplica);
      // A planned failover, as Redis's own FAILOVER command does it: writes to the master are held (not
      // refused) until the replica has every write the master acknowledged, so none is lost — replication
      // is asynchronous, and an unplanned failover may lose the last few (docs/storage.md). The held
      // writes are refused READONLY once the old master is a replica, and the clients resend them to the
      // new master.
      await ask(before, (client) => client.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'WRITE'));
      try {
        await waitUntil('the replica did not catch up with the master', async () => {
          const info = await ask(before, (client) => client.info('replication'));
          const offset = /master_repl_offset:(\d+)/.exec(info)?.[1];
          return hasOnlineReplicaIn(info) && new RegExp(`slave0:.*offset=${offset},`).test(info);
        });
        await ask(sentinel, (client) => client.call('SENTINEL', 'FAILOVER', name));
        await waitUntil('no new master was serving after the failover', async () => {
          const now = await master();
          if (now.port !== after.port) return false;
          return (await ask(after, (client) => client.info('replication'))).includes('role:master');
        });
        // Sentinel turns the old master into a replica only after seeing it for several seconds; do at once
        // what it would do, so the old master takes no more writes and a next failover can follow.
        await ask(before, (client) => client.replicaof(after.host, after.port));
      } finally {
        await ask(before, (client) => client.call('CLIENT', 'UNPAUSE'));
      }
      await waitUntil('the old master did not sync as a replica', () => hasOnlineReplica(after));
      return after;
    },
  };
}

/** The three ways to run Redis that every Redis suite runs on. */
export const REDIS_TOPOLOGIES = ['single', 'cluster', 'sentinel'] as const;

/** One of {@link REDIS_TOPOLOGIES}. */
export type RedisTopologyKind = (typeof REDIS_TOPOLOGIES)[number];

/** A topology as one `describe` block sees it: see {@link useRedisTopology}. */
export interface RedisUnderTest {
  readonly kind: RedisTopologyKind;
  /** A connection for the tests (read it inside tests and hooks: it exists once `beforeAll` ran). */
  readonly redis: RedisConnection;
  /** What a gateway's configuration needs to use this Redis (`REDIS_URL`, or the Cluster's or Sentinel's variables). */
  readonly environment: Record<string, string>;
  /** Another connection of the test's own (a second replica, a restarted one), closed when done. */
  client(): RedisConnection;
  /** A key prefix no other test uses. */
  prefix(): string;
}

// One Cluster and one Sentinel set-up per test file (vitest loads this module once per file): the first
// block that needs one starts it, in its `beforeAll`, so it stops when the file ends.
let cluster: Promise<LocalRedisCluster> | null = null;
let sentinel: Promise<LocalRedisSentinel> | null = null;

/** The file's Cluster, started on first use (call it outside a test: in `beforeAll`). */
export function fileRedisCluster(): Promise<LocalRedisCluster> {
  return (cluster ??= startRedisCluster());
}

/** The file's Sentinel set-up, started on first use (call it outside a test: in `beforeAll`). */
export function fileRedisSentinel(): Promise<LocalRedisSentinel> {
  return (sentinel ??= startRedisSentinel());
}

/**
 * Registers, in the calling `describe` block, a Redis of `kind` for its tests: the shared Redis on
 * 127.0.0.1:6379 (`single`, keys under fresh prefixes, deleted afterwards: see `useSharedRedis`), or the
 * file's own Cluster or Sentinel set-up (started once per file, gone with its data when the file ends).
 *
 * @example
 * describe.each(REDIS_TOPOLOGIES)('on %s Redis', (kind) => {
 *   const redis = useRedisTopology(kind);
 *   it('should …', async () => {
 *     const store = createRedisStore({ redis: redis.redis, keyPrefix: redis.prefix() });
 *   });
 * });
 */
export function useRedisTopology(kind: RedisTopologyKind): RedisUnderTest {
  const shared = kind === 'single' ? useSharedRedis() : null;
  let started: { environment: Record<string, string>; client(): RedisConnection } | null = null;
  let connection: RedisConnection | null = null;
  beforeAll(async () => {
    if (shared) {
      connection = await shared.connect();
      started = { environment: { REDIS_URL: SHARED_REDIS_URL }, client: () => redisClient(SHARED_REDIS_URL) };
      return;
    }
    started = kind === 'cluster' ? await fileRedisCluster() : await fileRedisSentinel();
    connection = started.client();
  });
  const ready = <T>(value: T | null): T => {
    if (value === null) throw new Error(`The ${kind} Redis is not started yet: use it inside a test or hook.`);
    return value;
  };
  return {
    kind,
    get redis() {
      return ready(connection);
    },
    get environment() {
      return ready(started).environment;
    },
    client: () => ready(started).client(),
    prefix: () => (shared ? shared.prefix() : uniquePrefix()),
  };
}
