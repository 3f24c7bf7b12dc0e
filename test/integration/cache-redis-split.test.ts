/**
 * The cache on a Redis of its own (`CACHE_REDIS_URL`, issue 18): the store stays on the store's Redis (the
 * shared one on 127.0.0.1:6379, under this file's key prefix), and everything that may be lost — the cache
 * tier, rate-limit buckets, automatic persisted queries — goes to a private `redis-server` run as a cache's
 * Redis should be (`--maxmemory 2mb --maxmemory-policy allkeys-lru`). Losing that Redis, whole or key by key,
 * costs misses and nothing else, and the replica stays ready: `/readyz` pings the store's Redis only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { noErrors, operation } from '../support/graphql.js';
import { signIn } from '../support/oidc-browser.js';
import {
  keysUnder,
  redisClient,
  SHARED_REDIS_URL,
  startRedisServer,
  useSharedRedis,
  type PrivateRedis,
} from '../support/redis.js';

const DASHBOARD = operation<{ viewer: { students: { fullName: string }[] } }>(/* GraphQL */ `
  query ($from: Date!, $to: Date!) {
    viewer {
      students {
        fullName
        grades(from: $from, to: $to) {
          id
          date
          value {
            raw
          }
          subject {
            name
          }
        }
        homework(from: $from, to: $to) {
          id
          text
        }
        schedule(from: $from, to: $to) {
          startsAt
          subject {
            name
          }
        }
        attendance(from: $from, to: $to) {
          date
          kind
        }
        freshness {
          isStale
          error {
            code
          }
        }
      }
    }
  }
`);
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
const INVITE = operation<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
  'mutation($studentId: ID!) { inviteTrustedPerson(input: { studentId: $studentId, fullName: "Иванова Галина Петровна" }) { code grant { id } } }',
);
const STUDENT_IDS = operation<{ viewer: { students: { id: string }[] } }>('{ viewer { students { id } } }');
const TRUSTED = operation<{ viewer: { trustedPersons: { id: string }[] } }>('{ viewer { trustedPersons { id } } }');
/** As a cache's Redis should run (docs/deployment.md): bounded, evicting the least recently used key. */
const CACHE_REDIS_SETTINGS = ['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru'];

const shared = useSharedRedis();
let cacheRedis: PrivateRedis;
/** A client of the test's own on the cache's Redis. */
let cacheClient: Redis;
let keyPrefix: string;
let gateway: TestGateway;

beforeAll(async () => {
  cacheRedis = await startRedisServer(CACHE_REDIS_SETTINGS);
  cacheClient = redisClient(cacheRedis.url);
  cacheClient.on('error', () => {}); // refused while a test has stopped the server: expected
  keyPrefix = shared.prefix();
  gateway = await startTestGateway({
    STORE: 'redis',
    REDIS_URL: SHARED_REDIS_URL,
    CACHE_REDIS_URL: cacheRedis.url,
    REDIS_KEY_PREFIX: keyPrefix,
    // One entry in process: reads go to the shared tier, so what Redis lost shows as a diary call.
    CACHE_MAX_ENTRIES: '1',
  });
});

/** How many requests the demo's diaries have received, all four together. */
function diaryRequests(): number {
  const { mesh, meshRegion, dnevnik, eljur } = gateway.gateway.demo!.simulators;
  return [mesh, meshRegion, dnevnik, eljur].reduce((sum, simulator) => sum + simulator.requests.length, 0);
}

/** The keys under the file's prefix on `redis`, with the prefix cut off. */
async function keysOn(redis: Redis): Promise<string[]> {
  return (await keysUnder(redis, keyPrefix)).map((key) => key.slice(keyPrefix.length));
}

const readyz = async (url: string) => (await fetch(`${url}/readyz`)).status;

describe('the cache on a Redis of its own', () => {
  it('should keep the store on REDIS_URL and the cache, rate-limit buckets and persisted queries on CACHE_REDIS_URL', async () => {
    noErrors(await gateway.graphql(DASHBOARD, NOVEMBER));
    const query = '{ viewer { id } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const registered = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.gateway.demo!.token}` },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect(registered.status).toBe(200);

    const onStore = await keysOn(shared.redis);
    expect(onStore.length).toBeGreaterThan(0);
    expect(onStore.filter((key) => !key.startsWith('{store}:'))).toEqual([]);
    const onCache = await keysOn(cacheClient);
    expect(onCache.filter((key) => key.startsWith('{store}:'))).toEqual([]);
    const kinds = new Set(onCache.map((key) => key.slice(0, key.indexOf(':'))));
    expect([...kinds].sort()).toEqual(['apq', 'cache', 'rate']);
    expect(onCache).toContain(`apq:${sha256Hash}`);
  });

  it('should lose cache keys to eviction under memory pressure at the cost of misses only', async () => {
    const before = noErrors(await gateway.graphql(DASHBOARD, NOVEMBER));
    const cacheKeys = async () => (await keysOn(cacheClient)).filter((key) => key.startsWith('cache:'));
    const filled = await cacheKeys();
    expect(filled.length).toBeGreaterThan(10);
    const storeKeys = await keysOn(shared.redis);
    // Other families' entries, as a busy cache's Redis would get them: ten times its memory, in 10 KB values.
    const filler = randomBytes(5_000).toString('hex');
    for (let index = 0; index < 2_000; index += 1) {
      await cacheClient.set(`${keyPrefix}cache:filler:${index}`, filler, 'PX', 60_000);
    }
    const stats = await cacheClient.info('stats');
    expect(Number(/evicted_keys:(\d+)/.exec(stats)?.[1])).toBeGreaterThan(0);
    const left = new Set(await cacheKeys());
    expect(filled.filter((key) => left.has(key)).length).toBeLessThan(filled.length);

    const calls = diaryRequests();
    const after = await gateway.graphql(DASHBOARD, NOVEMBER);
    expect(noErrors(after)).toEqual(before);
    expect(diaryRequests()).toBeGreaterThan(calls); // the evicted entries were misses, asked of the diaries
    expect(await keysOn(shared.redis)).toEqual(storeKeys); // the store's Redis evicts nothing, and was not touched
  });

  it('should keep sign-ins, dashboards and the store working while the cache’s Redis is down, and use it again', async () => {
    const before = noErrors(await gateway.graphql(DASHBOARD, NOVEMBER));
    expect(await readyz(gateway.url)).toBe(200);

    await cacheRedis.stop();
    // Still ready: everything below is served without the cache's Redis, so it is no condition of /readyz
    // (a balancer must not take every replica out because a cache is away).
    await expect.poll(() => gateway.logs(), { timeout: 10_000, interval: 100 }).toContain('redis connection problem');
    expect(await readyz(gateway.url)).toBe(200);
    const token = await signIn(gateway.url, 'parent', 'bearer');
    const calls = diaryRequests();
    const during = await gateway.graphql(DASHBOARD, NOVEMBER, token);
    expect(noErrors(during)).toEqual(before);
    expect(diaryRequests()).toBeGreaterThan(calls); // misses: asked of the diaries
    const [student] = noErrors(await gateway.graphql(STUDENT_IDS, {}, token)).viewer.students;
    const invited = noErrors(await gateway.graphql(INVITE, { studentId: student!.id }, token));
    expect(noErrors(await gateway.graphql(TRUSTED, {}, token)).viewer.trustedPersons.map(({ id }) => id)).toContain(
      invited.inviteTrustedPerson.grant.id,
    );

    await cacheRedis.start();
    await expect.poll(() => readyz(gateway.url), { timeout: 10_000, interval: 200 }).toBe(200);
    // The restarted cache's Redis is empty: the gateway reconnects by itself and fills it again.
    await expect
      .poll(
        async () => {
          noErrors(await gateway.graphql(DASHBOARD, NOVEMBER, token));
          return (await keysOn(cacheClient)).filter((key) => key.startsWith('cache:')).length;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBeGreaterThan(0);
  });
});

describe('readiness with two Redis deployments', () => {
  it('should answer 503 while the store’s Redis is down though the cache’s answers, and note an unbounded cache', async () => {
    const [storeRedis, ownCache] = await Promise.all([startRedisServer(), startRedisServer()]);
    const split = await startTestGateway({ STORE: 'redis', REDIS_URL: storeRedis.url, CACHE_REDIS_URL: ownCache.url });
    expect(await readyz(split.url)).toBe(200);
    // The private server runs without maxmemory: said once, at start, for the cache's Redis only.
    await expect
      .poll(() => split.logs(), { timeout: 5_000 })
      .toContain("the cache's Redis (CACHE_REDIS_*) has no maxmemory");
    expect(split.logs().match(/has no maxmemory/g)).toHaveLength(1);

    await storeRedis.stop();
    await expect.poll(() => readyz(split.url), { timeout: 10_000, interval: 100 }).toBe(503);
    expect(split.logs()).toContain('"check":"storeRedisAnswers"');
    await storeRedis.start();
    await expect.poll(() => readyz(split.url), { timeout: 15_000, interval: 200 }).toBe(200);
  });
});
