/**
 * The scale-out contract (issue 18): what three gateway replicas on one Redis must do together, whatever
 * the Redis topology. Each `replicas*.test.ts` beside this file runs it on one topology: separate files, so
 * each topology starts its own replicas and vitest may run them side by side.
 *
 * Requests are spread across the replicas: a family signs in on A (the issuer's one redirect URI) and is
 * then served by B and C as well. Every test is a family of its own (scale-out.ts `nextParent`) on the
 * replicas the file shares, so no test sees another's links, cache entries or rate-limit allowance.
 *
 * `replicas-cache-redis.test.ts` runs the claims that go through the cache's Redis with the cache on a Redis
 * of its own (`CACHE_REDIS_URL`), the store on the single one.
 *
 * Run all topologies with `npx vitest run test/scale-out`, one with its file. Needs `redis-server` and
 * `redis-cli` (Cluster, Sentinel) and the shared Redis on 127.0.0.1:6379 (single), as the other Redis suites.
 */
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { codeOf, noErrors, operation, VIEWER_ID } from '../support/graphql.js';
import { createLinkBrowser, passDiaryPages } from '../support/link-browser.js';
import type { RedisConnection } from '../../src/redis/connect.js';
import { keysUnder, redisClient, startRedisServer, type PrivateRedis } from '../support/redis.js';
import { useRedisTopology, type RedisTopologyKind } from '../support/redis-topologies.js';
import type { Replica } from '../support/replicas.js';
import { graphqlOn, SESSION_REQUESTS_PER_MINUTE, signInOn, useScaleOut, type ScaleOut } from '../support/scale-out.js';
import {
  ACCOUNTS_AND_STUDENTS,
  ATTENDANCE,
  DASHBOARD,
  dashboardRange,
  linkOn,
  REPORT_ABSENCE,
  studentNamed,
  TRUSTED_PERSONS,
  type DemoTenantId,
} from '../support/scale-out-family.js';
import { acknowledged, INVITATIONS, nextFreeWeekday, writeTraffic, type Lane } from './traffic.js';

const SIGN_OUT = operation<{ signOut: boolean }>('mutation { signOut }');
const UNLINK = operation<{ unlinkProviderAccount: { unlinkedId: string } }>(
  'mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }',
);
/** Writes in the kill test, and after how many acknowledged ones C is killed. */
const TRAFFIC_WRITES = 30;
const KILL_AFTER_WRITES = 10;
const POLINA_GRADES = operation<{ student: { grades: { id: string }[] } | null }>(
  'query($id: ID!, $from: Date!, $to: Date!) { student(id: $id) { grades(from: $from, to: $to) { id } } }',
);
const ALL_TENANTS: readonly DemoTenantId[] = ['mesh-moscow', 'mesh-mosreg', 'dnevnik-ru', 'eljur'];

/** The replicas of the world, named. */
function abc(world: ScaleOut): [Replica, Replica, Replica] {
  const [a, b, c] = world.replicas;
  return [a!, b!, c!];
}

/** How a file runs the contract. */
export interface ContractVariant {
  /**
   * The cache on a Redis of its own (`CACHE_REDIS_URL`): a private `redis-server` run as docs/deployment.md
   * asks (`maxmemory`, `allkeys-lru`), beside the topology under test, which keeps the store. Only the claims
   * that go through the cache's Redis run (cache, rate limits, invalidations), plus where each key lands.
   * @default false
   */
  cacheRedis?: boolean;
}

/** Runs the contract on three replicas sharing a Redis of `kind` (a key prefix of the file's own). */
export function replicaContract(kind: RedisTopologyKind, variant: ContractVariant = {}): ScaleOut {
  const redis = useRedisTopology(kind);
  // Started before the world (hooks run in the order they are registered), so its URL is known to the replicas.
  const cacheRedis = variant.cacheRedis ? useCacheRedis() : null;
  let keyPrefix = '';
  const world = useScaleOut(() => {
    keyPrefix = redis.prefix();
    return {
      ...redis.environment,
      REDIS_KEY_PREFIX: keyPrefix,
      ...(cacheRedis ? { CACHE_REDIS_URL: cacheRedis.server().url } : {}),
    };
  });

  describe(`three replicas on ${kind} Redis${cacheRedis ? ', the cache on a Redis of its own' : ''}`, () => {
    if (!cacheRedis) storeClaims(world);
    cacheClaims(world);
    // Last: it kills and restarts C, which the claims above use.
    if (!cacheRedis) durabilityClaims(world);
    if (cacheRedis) {
      it('should keep only the store on the store’s Redis, and the cache and rate-limit buckets on the cache’s', async () => {
        const [a, b] = abc(world);
        const token = await signInOn(a, world.nextParent());
        await linkOn(world, a, token, 'eljur');
        noErrors(await graphqlOn(b, token, DASHBOARD, dashboardRange(world)));
        const kindsOn = async (connection: RedisConnection) =>
          new Set((await keysUnder(connection, keyPrefix)).map((key) => key.slice(keyPrefix.length).split(':', 1)[0]));
        // The change detector's schedule lives where the store does (docs/changes.md); A puts the new link on
        // it in the background after the link, so it may or may not be there yet.
        expect([...(await kindsOn(redis.redis))].filter((kind) => kind !== 'chg')).toEqual(['{store}']);
        expect([...(await kindsOn(cacheRedis.client()))].sort()).toEqual(['cache', 'rate']);
      });
    }
  });
  return world;
}

/**
 * A private `redis-server` for the cache, bounded and evicting as docs/deployment.md asks, gone when the file
 * ends. Bounded generously: an eviction in the middle of a claim would be a diary call the claims count.
 * (Eviction itself is test/integration/cache-redis-split.test.ts's.)
 */
function useCacheRedis(): { server(): PrivateRedis; client(): Redis } {
  let server: PrivateRedis | null = null;
  let client: Redis | null = null;
  beforeAll(async () => {
    server = await startRedisServer(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    client = redisClient(server.url);
  });
  const started = <T>(value: T | null): T => {
    if (value === null) throw new Error('The cache’s Redis is not started yet: use it inside a test or hook.');
    return value;
  };
  return { server: () => started(server), client: () => started(client) };
}

/** What replicas share through the store's Redis: sessions, links, link attempts. */
function storeClaims(world: ScaleOut): void {
  it('should accept a session started on A on B and C, and end it everywhere when signed out on B', async () => {
    const [a, b, c] = abc(world);
    const token = await signInOn(a, world.nextParent());
    const viewer = noErrors(await graphqlOn(a, token, VIEWER_ID)).viewer;
    expect(noErrors(await graphqlOn(b, token, VIEWER_ID)).viewer).toEqual(viewer);
    expect(noErrors(await graphqlOn(c, token, VIEWER_ID)).viewer).toEqual(viewer);

    expect(noErrors(await graphqlOn(b, token, SIGN_OUT))).toEqual({ signOut: true });
    for (const replica of [a, b, c]) {
      const answer = await graphqlOn(replica, token, VIEWER_ID);
      expect(codeOf(answer), `${replica.name}: ${answer.text}`).toBe('UNAUTHENTICATED');
    }
  });

  it('should show a link made on A on B at once: the same accounts and students', async () => {
    const [a, b] = abc(world);
    const token = await signInOn(a, world.nextParent());
    const linked = [];
    for (const tenant of ALL_TENANTS) linked.push(await linkOn(world, a, token, tenant));

    // No wait and no retry: B's very next request after A's answers.
    const onB = noErrors(await graphqlOn(b, token, ACCOUNTS_AND_STUDENTS)).viewer;
    expect(onB.providerAccounts).toEqual(linked);
    expect(onB).toEqual(noErrors(await graphqlOn(a, token, ACCOUNTS_AND_STUDENTS)).viewer);
    // Every child of the family is there, from each of the four diaries.
    const names = (students: { firstName: string }[]) => new Set(students.map((student) => student.firstName));
    expect(names(onB.students)).toEqual(names(world.family.children));
  });

  it('should complete on A a diary link flow started on B: the attempt is shared, as behind a balancer', async () => {
    const [a, b] = abc(world);
    const token = await signInOn(a, world.nextParent());
    const browser = createLinkBrowser();
    for (const replica of [a, b]) browser.setCookie(replica.url, 'dg_session', token);
    const { last: diaryPage } = await browser.walk(`${b.url}/link/mesh?tenant=mesh-mosreg`);
    const account = world.family.accounts.find((candidate) => candidate.tenant === 'mesh-mosreg')!;
    const person = { login: account.login ?? '', password: account.password ?? '' };
    const toCallback = await passDiaryPages(browser, diaryPage, 'regional', person);
    // The diary sends the browser back to the one public address: A's.
    expect(toCallback.location?.startsWith(`${a.url}/link/mesh/callback?`), toCallback.location ?? '').toBe(true);
    const { last } = await browser.follow(toCallback);
    expect(new URL(last.url).pathname + new URL(last.url).search).toBe('/link?linked=mesh-mosreg');

    const linked = noErrors(await graphqlOn(b, token, ACCOUNTS_AND_STUDENTS)).viewer.providerAccounts;
    expect(linked.map((link) => link.tenant.id)).toEqual(['mesh-mosreg']);
  });
}

/** What replicas share through the cache's Redis (the store's, unless it has its own): entries, rate limits, invalidations. */
function cacheClaims(world: ScaleOut): void {
  it('should serve on B the diary data A fetched, from Redis, without asking the diaries again', async () => {
    const [a, b] = abc(world);
    const token = await signInOn(a, world.nextParent());
    for (const tenant of ALL_TENANTS) await linkOn(world, a, token, tenant);
    const range = dashboardRange(world);

    const beforeA = world.upstreamRequests();
    const onA = noErrors(await graphqlOn(a, token, DASHBOARD, range));
    expect(world.upstreamRequests()).toBeGreaterThan(beforeA); // A filled the cache from the diaries
    expect(onA.viewer.students.flatMap((student) => student.grades).length).toBeGreaterThan(0);

    const beforeB = world.upstreamRequests();
    const onB = noErrors(await graphqlOn(b, token, DASHBOARD, range));
    expect(world.upstreamRequests() - beforeB).toBe(0);
    expect(onB).toEqual(onA);
  });

  it('should hold one session allowance across the replicas: 2× the limit spread over A, B and C admits the limit', async () => {
    const replicas = abc(world);
    const token = await signInOn(replicas[0], world.nextParent());
    const limit = SESSION_REQUESTS_PER_MINUTE;
    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 2 * limit }, async (_, index) => {
        const answer = await graphqlOn(replicas[index % replicas.length]!, token, VIEWER_ID);
        return answer.status;
      }),
    );
    const elapsedMs = performance.now() - started;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    const admitted = statuses.filter((status) => status === 200).length;
    // The tolerance: GCRA admits the burst (the limit) at once and then one request per 60/limit seconds,
    // so while the 2× burst is in flight at most elapsed × limit/60 s more (and one for rounding). Replicas
    // counting apart would admit up to the limit each: here all 2× (each sees two thirds of the limit).
    const refilled = Math.floor((elapsedMs * limit) / 60_000) + 1;
    expect(admitted).toBeGreaterThanOrEqual(limit);
    expect(admitted).toBeLessThanOrEqual(limit + refilled);
  });

  it('should make an absence notice sent on A show on B and C, whose own copies were fresh', async () => {
    const [a, b, c] = abc(world);
    const token = await signInOn(a, world.nextParent());
    await linkOn(world, a, token, 'mesh-moscow');
    const maria = await studentNamed(a, token, 'Мария');
    const { today } = world.family;
    const ahead = { id: maria, from: addDays(today, 1), to: addDays(today, 21) };
    const noticed = noErrors(await graphqlOn(a, token, ATTENDANCE, ahead)).student.attendance;
    const day = nextFreeWeekday(today, new Set(noticed.map((row) => row.date)));
    const attendanceOn = async (replica: Replica) =>
      noErrors(await graphqlOn(replica, token, ATTENDANCE, { id: maria, from: day, to: day })).student.attendance;
    // Each replica now holds the day's (empty) attendance in its own memory, fresh for minutes.
    for (const replica of [a, b, c]) expect(await attendanceOn(replica)).toEqual([]);

    const input = { studentId: maria, from: day, to: day, reason: 'ILLNESS' };
    expect(noErrors(await graphqlOn(a, token, REPORT_ABSENCE, { input }))).toEqual({
      reportAbsence: { providers: ['MESH'] },
    });
    const excused = [{ date: day, kind: 'EXCUSED_ABSENCE', provider: 'MESH' }];
    expect(await attendanceOn(a)).toEqual(excused);
    // The word reaches the other replicas over Redis, not within A's answer: a short poll, no fixed wait.
    for (const replica of [b, c]) {
      await expect.poll(() => attendanceOn(replica), { timeout: 3_000, interval: 100 }).toEqual(excused);
    }
  });

  it('should make an account unlinked on A gone on B and C: its children and their data', async () => {
    const [a, b, c] = abc(world);
    const token = await signInOn(a, world.nextParent());
    const region = await linkOn(world, a, token, 'mesh-mosreg');
    await linkOn(world, a, token, 'eljur');
    const polina = await studentNamed(a, token, 'Полина');
    const range = dashboardRange(world);
    for (const replica of [a, b, c]) noErrors(await graphqlOn(replica, token, DASHBOARD, range));

    expect(noErrors(await graphqlOn(a, token, UNLINK, { id: region.id }))).toEqual({
      unlinkProviderAccount: { unlinkedId: region.id },
    });
    for (const replica of [b, c]) {
      const dashboard = noErrors(await graphqlOn(replica, token, ACCOUNTS_AND_STUDENTS)).viewer;
      expect(
        dashboard.providerAccounts.map((account) => account.tenant.id),
        replica.name,
      ).toEqual(['eljur']);
      expect(
        dashboard.students.map((student) => student.id),
        replica.name,
      ).not.toContain(polina);
      const grades = await graphqlOn(replica, token, POLINA_GRADES, { id: polina, ...range });
      expect(grades.body.data?.student ?? null, `${replica.name}: ${grades.text}`).toBeNull();
    }
  });
}

/** What no replica's death may cost: a write it acknowledged (the store's Redis keeps it). */
function durabilityClaims(world: ScaleOut): void {
  it('should keep every write acknowledged before and while C is killed mid-traffic, readable on A, B and C restarted', async () => {
    const [a, b, c] = abc(world);
    const token = await signInOn(a, world.nextParent());
    await linkOn(world, a, token, 'mesh-mosreg');
    const lane = { token, studentId: await studentNamed(b, token, 'Полина') };
    // Three lanes, each writing to C, A and B in turn from another start, so that C is asked all the time
    // around the kill and some of its requests are cut.
    const lanes: Lane[] = [0, 1, 2].map((shift) => ({ ...lane, replicas: [c, a, b, c, a].slice(shift, shift + 3) }));
    const killing: { done: Promise<void> | null } = { done: null };
    const writes = await writeTraffic({
      lanes,
      ...INVITATIONS,
      onWrite: (_write, done) => {
        if (killing.done === null && acknowledged(done).length >= KILL_AFTER_WRITES) killing.done = c.kill();
      },
      stop: (done) => done.length >= TRAFFIC_WRITES,
      pauseMs: 20,
      maxWrites: TRAFFIC_WRITES,
    });
    await killing.done;

    const through = (name: string) => writes.filter((write) => write.replica === name);
    // C took writes before it died and refused them after; A and B acknowledged every write they got.
    expect(acknowledged(through('C')).length).toBeGreaterThan(0);
    expect(through('C').filter((write) => write.failure !== null).length).toBeGreaterThan(0);
    expect([...through('A'), ...through('B')].filter((write) => write.failure !== null)).toEqual([]);

    const written = acknowledged(writes);
    const grantsOn = async (replica: Replica) =>
      noErrors(await graphqlOn(replica, token, TRUSTED_PERSONS)).viewer.trustedPersons.map((grant) => grant.id);
    for (const replica of [a, b]) expect(await grantsOn(replica)).toEqual(expect.arrayContaining(written));
    await c.start();
    expect(await grantsOn(c)).toEqual(expect.arrayContaining(written));
  }, 120_000); // restarting C compiles its sources again, on two cores busy with the rest
}
