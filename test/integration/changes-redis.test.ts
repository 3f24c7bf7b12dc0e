/**
 * The change state in Redis (src/changes/redis-*.ts) on each way operators run Redis — the shared single
 * server at 127.0.0.1:6379 (under fresh key prefixes, deleted afterwards), a local Cluster of three masters
 * and a Sentinel-watched master (test/support/redis-topologies.ts): the ChangeLog and DetectorState
 * contracts the in-process implementations pass too, the key layout and its slots, and the change bus
 * between two replicas, including garbage on its channel and the gap after its subscriber lost Redis.
 */
import { describe, expect, it } from 'vitest';
import { createRedisChangeBus } from '../../src/changes/redis-change-bus.js';
import { redisChangeKeys } from '../../src/changes/redis-change-keys.js';
import { createRedisChangeLog } from '../../src/changes/redis-change-log.js';
import { createRedisDetectorState } from '../../src/changes/redis-detector-state.js';
import type { ChangeBus } from '../../src/changes/ports.js';
import { loadConfig } from '../../src/config/config.js';
import type { RedisTopology } from '../../src/config/redis-topology.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import type { RedisConnection } from '../../src/redis/connect.js';
import { masters } from '../../src/redis/nodes.js';
import { subscribeToChannel } from '../../src/redis/subscriber.js';
import { absenceChange, describeChangeLogContract, T0 } from '../support/change-log-contract.js';
import { describeDetectorStateContract } from '../support/detector-state-contract.js';
import { captureLogs } from '../support/logs.js';
import { keysUnder, redisClient, startRedisServer } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology } from '../support/redis-topologies.js';
import { registerTeardown } from '../support/teardown.js';

const silent = createLogger('silent');
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A replica's change bus on `topology` under `keyPrefix`, closed when the test ends. */
function replicaBus(
  topology: RedisTopology,
  publisher: RedisConnection,
  keyPrefix: string,
  logger: Logger = silent,
): ChangeBus {
  const channel = redisChangeKeys(keyPrefix).notifyChannel;
  const bus = createRedisChangeBus({
    publisher,
    channel,
    subscribe: (handlers) => subscribeToChannel(topology, channel, handlers, { logger, nodeRetryDelayMs: 50 }),
    logger,
  });
  registerTeardown(() => bus.close());
  return bus;
}

/**
 * `redis`, except that `meanwhile` runs just before each `ZADD` (the due time moving as a poll completes):
 * another replica acting at the worst moment, every time.
 */
function beforeDueTimeMoves(redis: RedisConnection, meanwhile: () => Promise<unknown>): RedisConnection {
  return new Proxy(redis, {
    get(target, property) {
      if (property === 'zadd') {
        return async (...args: Parameters<RedisConnection['zadd']>) => {
          await meanwhile();
          return target.zadd(...args);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A listener that records what it hears. */
function recorder(bus: ChangeBus) {
  const heard = { notices: [] as string[][], gaps: 0 };
  bus.listen(
    (ids) => heard.notices.push([...ids]),
    () => (heard.gaps += 1),
  );
  return heard;
}

describe.each(REDIS_TOPOLOGIES)('the change state on %s Redis', (kind) => {
  const shared = useRedisTopology(kind);
  const topology = () => loadConfig(shared.environment).redis!.topology;

  describeChangeLogContract('redis change log', (setup) =>
    createRedisChangeLog({ redis: shared.redis, keyPrefix: shared.prefix(), logger: silent, ...setup }),
  );

  describeDetectorStateContract('redis detector state', () => ({
    state: createRedisDetectorState({ redis: shared.redis, keyPrefix: shared.prefix() }),
    // Leases expire by Redis's own clock.
    passTime: pause,
  }));

  describe('in Redis', () => {
    it('should keep a child’s keys in one slot, an account’s in another, under the documented names', async () => {
      const keyPrefix = shared.prefix();
      const log = createRedisChangeLog({
        redis: shared.redis,
        keyPrefix,
        logger: silent,
        maxPerChild: 1,
        now: () => T0,
      });
      const state = createRedisDetectorState({ redis: shared.redis, keyPrefix });
      await log.append('child/1{x}', [absenceChange('a', 'child/1{x}'), absenceChange('b', 'child/1{x}')]);
      await state.enrol(new Map([['acc-1', T0]]));
      const lease = (await state.claim('acc-1', 'replica-a', T0, 60_000))!;
      await state.complete(lease, 'snapshot', T0 + 1);
      await state.claim('acc-1', 'replica-a', T0 + 1, 60_000);

      const keys = (await keysUnder(shared.redis, keyPrefix)).map((key) => key.slice(keyPrefix.length));
      expect(keys).toEqual([
        'chg:due',
        '{chg-acct:acc-1}:lease',
        '{chg-acct:acc-1}:snapshot',
        '{chg:child%2F1%7Bx%7D}:dropped',
        '{chg:child%2F1%7Bx%7D}:ids',
        '{chg:child%2F1%7Bx%7D}:log',
      ]);
      const slot = (key: string) => masters(shared.redis)[0]!.cluster('KEYSLOT', keyPrefix + key);
      if (kind === 'cluster') {
        const slots = await Promise.all(keys.map(slot));
        expect(new Set(slots.slice(1, 3)).size).toBe(1);
        expect(new Set(slots.slice(3)).size).toBe(1);
      }
      expect(await shared.redis.xlen(`${keyPrefix}{chg:child%2F1%7Bx%7D}:log`)).toBe(1);
      expect(await shared.redis.pttl(`${keyPrefix}{chg-acct:acc-1}:lease`)).toBeGreaterThan(50_000);
    });

    it('should let a child’s keys expire a day after the window following its last append, and then call a page after an old position incomplete', async () => {
      const keyPrefix = shared.prefix();
      const keys = redisChangeKeys(keyPrefix);
      let now = T0;
      const retentionMs = 3_600_000;
      const log = createRedisChangeLog({
        redis: shared.redis,
        keyPrefix,
        logger: silent,
        maxPerChild: 1,
        retentionMs,
        now: () => now,
      });
      await log.append('child-1', [absenceChange('a', 'child-1'), absenceChange('b', 'child-1')]);
      for (const key of [keys.log('child-1'), keys.ids('child-1'), keys.dropped('child-1')]) {
        const ttl = await shared.redis.pttl(key);
        expect(ttl, key).toBeGreaterThan(retentionMs + 86_400_000 - 60_000);
        expect(ttl, key).toBeLessThanOrEqual(retentionMs + 86_400_000);
      }
      const { position } = (await log.read('child-1', null, 1)).changes[0]!;
      // The keys gone as Redis expires them, and the window past the position: what followed it is unknown.
      await shared.redis.del(keys.log('child-1'), keys.ids('child-1'), keys.dropped('child-1'));
      expect(await log.read('child-1', position, 10)).toEqual({ changes: [], complete: true });
      now = T0 + retentionMs + 1;
      expect(await log.read('child-1', position, 10)).toEqual({ changes: [], complete: false });
      expect(await log.read('child-1', null, 10)).toEqual({ changes: [], complete: true });
    });

    it('should store nothing when the lease changes hands between its check and the write', async () => {
      const keyPrefix = shared.prefix();
      const keys = redisChangeKeys(keyPrefix);
      const state = createRedisDetectorState({ redis: shared.redis, keyPrefix });
      await state.enrol(new Map([['acc-1', T0]]));
      const lease = (await state.claim('acc-1', 'replica-a', T0, 60_000))!;
      // Moving the due time comes between the check of the lease and the fenced write: the lease runs out
      // and replica B takes it just then.
      const racing = createRedisDetectorState({
        redis: beforeDueTimeMoves(shared.redis, () => shared.redis.set(keys.lease('acc-1'), 'replica-b', 'PX', 60_000)),
        keyPrefix,
      });
      expect(await racing.complete(lease, 'snapshot-a', T0 + 60_000)).toBe(false);
      expect(await state.snapshot('acc-1')).toBeNull();
      expect(await shared.redis.get(keys.lease('acc-1'))).toBe('replica-b');
    });

    it('should not put back on the schedule an account dropped while its poll completes', async () => {
      const keyPrefix = shared.prefix();
      const state = createRedisDetectorState({ redis: shared.redis, keyPrefix });
      await state.enrol(new Map([['acc-1', T0]]));
      const lease = (await state.claim('acc-1', 'replica-a', T0, 60_000))!;
      const racing = createRedisDetectorState({
        redis: beforeDueTimeMoves(shared.redis, () => state.drop(['acc-1'])),
        keyPrefix,
      });
      expect(await racing.complete(lease, 'snapshot-a', T0 + 60_000)).toBe(false);
      expect(await state.scheduled()).toEqual([]);
      expect(await state.snapshot('acc-1')).toBeNull();
    });

    it('should leave out an entry that is not a change, and say so once', async () => {
      const keyPrefix = shared.prefix();
      const logs = captureLogs();
      const log = createRedisChangeLog({
        redis: shared.redis,
        keyPrefix,
        logger: createLogger('warn', logs.stream),
        now: () => T0,
      });
      await log.append('child-1', [absenceChange('a')]);
      await shared.redis.xadd(`${keyPrefix}{chg:child-1}:log`, `${T0}-5`, 'c', 'not json');
      await shared.redis.xadd(`${keyPrefix}{chg:child-1}:log`, `${T0}-6`, 'other', '{}');
      await log.append('child-1', [absenceChange('b')]);
      const page = await log.read('child-1', null, 10);
      expect(page.changes.map((change) => [change.id, change.position])).toEqual([
        ['chg_a', `${T0}-0`],
        ['chg_b', `${T0}-7`],
      ]);
      await log.read('child-1', null, 10);
      expect(logs.text().match(/an unreadable change log entry was left out/g)).toHaveLength(1);
    });

    it('should carry notices to every replica’s listeners, this one’s too, and nothing to another prefix', async () => {
      const keyPrefix = shared.prefix();
      const a = replicaBus(topology(), shared.redis, keyPrefix);
      const b = replicaBus(topology(), shared.client(), keyPrefix);
      const elsewhere = replicaBus(topology(), shared.redis, shared.prefix());
      const [onA, onB, onElsewhere] = [recorder(a), recorder(b), recorder(elsewhere)];
      // Each listener joined before its subscription was in place: it is told of that gap once subscribed.
      await expect.poll(() => onA.gaps + onB.gaps + onElsewhere.gaps, { timeout: 10_000 }).toBe(3);

      await a.notify(['child-1', 'child-2', 'child-1']);
      await expect.poll(() => onB.notices, { timeout: 10_000 }).toEqual([['child-1', 'child-2']]);
      await expect.poll(() => onA.notices, { timeout: 10_000 }).toEqual([['child-1', 'child-2']]);
      await elsewhere.notify(['child-9']);
      await expect.poll(() => onElsewhere.notices, { timeout: 10_000 }).toEqual([['child-9']]);
      expect(onB.notices).toEqual([['child-1', 'child-2']]);
    });

    it('should split a long notice, and ignore messages on its channel that are not notices', async () => {
      const keyPrefix = shared.prefix();
      const logs = captureLogs();
      const bus = replicaBus(topology(), shared.redis, keyPrefix, createLogger('warn', logs.stream));
      const heard = recorder(bus);
      await expect.poll(() => heard.gaps, { timeout: 10_000 }).toBe(1);

      const channel = redisChangeKeys(keyPrefix).notifyChannel;
      const garbage = [
        'not json',
        '{"ids":["child-1"]}',
        '[]',
        '[1]',
        '["child-1",null]',
        '[""]',
        JSON.stringify(['x'.repeat(201)]),
        JSON.stringify(Array.from({ length: 101 }, (_, index) => `child-${index}`)),
        `["${'y'.repeat(200_000)}"]`,
      ];
      for (const message of garbage) await shared.redis.publish(channel, message);
      const many = Array.from({ length: 150 }, (_, index) => `child-${index}`);
      await bus.notify(many);

      await expect
        .poll(() => logs.text().match(/not a notice/g)?.length ?? 0, { timeout: 10_000 })
        .toBe(garbage.length);
      // On a Cluster the two notices may arrive in either order (each PUBLISH reaches the subscribed node
      // through the node it was sent to): only what they carry is promised.
      await expect.poll(() => heard.notices.flat().sort(), { timeout: 10_000 }).toEqual([...many].sort());
      expect(heard.notices.map((notice) => notice.length).sort((a, b) => a - b)).toEqual([50, 100]);
    });

    it('should tell its listeners of a gap once its subscription is back after losing Redis', async () => {
      // On the shared single server, dropping connections would hit other files' subscribers: a private one.
      const server = kind === 'single' ? await startRedisServer() : null;
      const on: RedisTopology = server ? { kind: 'single', url: server.url } : topology();
      const publisher = server ? redisClient(server.url) : shared.redis;
      publisher.on('error', () => {}); // the private server goes away on purpose
      const keyPrefix = shared.prefix();
      const bus = replicaBus(on, publisher, keyPrefix);
      const heard = recorder(bus);
      await expect.poll(() => heard.gaps, { timeout: 10_000 }).toBe(1);

      if (server) {
        await server.stop();
        await server.start();
      } else {
        for (const node of masters(publisher)) await node.client('KILL', 'TYPE', 'pubsub');
      }
      await expect.poll(() => heard.gaps, { timeout: 15_000 }).toBe(2);
      await bus.notify(['child-1']);
      await expect.poll(() => heard.notices, { timeout: 10_000 }).toEqual([['child-1']]);
    });
  });
});
