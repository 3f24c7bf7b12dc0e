/**
 * Mutations forget the cached data they made wrong, end to end over real HTTP against the demo simulators:
 * an absence notice shows in the very next read of attendance (the clock does not move, so without
 * forgetting the fresh cached copy from before would be served), and an unlinked account leaves no cache
 * keys in a real Redis (unique key prefix).
 */
import { describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import type { AttendanceRecord, ProviderAccountLink } from '../../src/domain/schema-types.generated.js';
import { createLogger } from '../../src/logging/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, noErrors, operation } from '../support/graphql.js';
import { keysUnder, SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';

// The test clock stands at Monday 23 November 2026, 12:00 in Moscow, and never moves here.
const TOMORROW = '2026-11-24';
const REPORT = `mutation($input: ReportAbsenceInput!) { reportAbsence(input: $input) { providers } }`;
const WITHDRAW = `mutation($input: WithdrawAbsenceInput!) { withdrawAbsence(input: $input) { providers } }`;
const ATTENDANCE = operation<{ student: { attendance: Pick<AttendanceRecord, 'date' | 'kind' | 'provider'>[] } }>(
  `query($id: ID!, $from: Date!, $to: Date!) { student(id: $id) { attendance(from: $from, to: $to) { date kind provider } } }`,
);
const DASHBOARD = operation<{ viewer: { providerAccounts: Pick<ProviderAccountLink, 'id' | 'provider'>[] } }>(
  `{ viewer { providerAccounts { id provider } students { id firstName grades(from: "2026-11-16", to: "2026-11-22") { id } } } }`,
);
const UNLINK = `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`;

const shared = useSharedRedis();

async function mariaOf(gateway: TestGateway): Promise<string> {
  const listing = await gateway.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
    `{ viewer { students { id firstName } } }`,
  );
  return dataOf(listing).viewer.students.find((student) => student.firstName === 'Мария')!.id;
}

describe('after an absence notice', () => {
  it('should show the reported day as excused in the very next read, and the withdrawn one as gone', async () => {
    const gateway = await startTestGateway();
    const maria = await mariaOf(gateway);
    const attendance = async () => {
      const response = await gateway.graphql(ATTENDANCE, { id: maria, from: TOMORROW, to: TOMORROW });
      return noErrors(response).student.attendance;
    };
    expect(await attendance()).toEqual([]); // now cached, fresh for minutes

    const reported = await gateway.graphql(REPORT, {
      input: { studentId: maria, from: TOMORROW, to: TOMORROW, reason: 'ILLNESS' },
    });
    expect(reported.body).toEqual({ data: { reportAbsence: { providers: ['MESH'] } } });
    expect(await attendance()).toEqual([{ date: TOMORROW, kind: 'EXCUSED_ABSENCE', provider: 'MESH' }]);

    const withdrawn = await gateway.graphql(WITHDRAW, { input: { studentId: maria, from: TOMORROW, to: TOMORROW } });
    expect(withdrawn.body).toEqual({ data: { withdrawAbsence: { providers: ['MESH'] } } });
    expect(await attendance()).toEqual([]);
  });
});

describe('after unlinking an account (Redis-backed gateway)', () => {
  it('should leave no cache key of that account in Redis, and keep the other accounts’ keys', async () => {
    const keyPrefix = shared.prefix();
    const gateway = await startTestGateway({ REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix });
    const accounts = noErrors(await gateway.graphql(DASHBOARD)).viewer.providerAccounts;
    const mesh = accounts.find((account) => account.provider === 'MESH')!;
    const others = accounts.filter((account) => account !== mesh);
    expect(others.length).toBeGreaterThan(0);
    const cacheKeysOf = (accountId: string) => keysUnder(shared.redis, `${keyPrefix}cache:v2:${accountId}:`);
    // The cache writes Redis alongside the answer; wait for the writes rather than for a time.
    await expect.poll(async () => (await cacheKeysOf(mesh.id)).length).toBeGreaterThan(0);
    for (const other of others) await expect.poll(async () => (await cacheKeysOf(other.id)).length).toBeGreaterThan(0);

    const unlinked = await gateway.graphql(UNLINK, { id: mesh.id });
    expect(unlinked.body).toEqual({ data: { unlinkProviderAccount: { unlinkedId: mesh.id } } });
    expect(await cacheKeysOf(mesh.id)).toEqual([]);
    for (const other of others) expect((await cacheKeysOf(other.id)).length).toBeGreaterThan(0);
  });
});

describe('the Redis tier’s deleteByPrefix', () => {
  it('should delete every key with the prefix under its own key prefix, across many SCAN steps, and nothing else', async () => {
    const keyPrefix = shared.prefix();
    const neighbourPrefix = `${keyPrefix}other:`;
    const cache = createRedisCache({ redis: shared.redis, keyPrefix, logger: createLogger('silent') });
    const neighbour = createRedisCache({
      redis: shared.redis,
      keyPrefix: neighbourPrefix,
      logger: createLogger('silent'),
    });
    const doomed = Array.from({ length: 1_200 }, (_, index) => `v1:acc_1:attendance:${index}`);
    await Promise.all(doomed.map((key) => cache.set(key, { value: key, fetchedAt: 1 }, 60_000)));
    await cache.set('v1:acc_1:grades:x', { value: 'grades', fetchedAt: 1 }, 60_000);
    await cache.set('v1:acc_10:attendance:x', { value: 'another account', fetchedAt: 1 }, 60_000);
    await neighbour.set('v1:acc_1:attendance:x', { value: 'another gateway', fetchedAt: 1 }, 60_000);

    await cache.deleteByPrefix('v1:acc_1:attendance:');
    expect(await keysUnder(shared.redis, `${keyPrefix}v1:acc_1:attendance:`)).toEqual([]);
    expect(await cache.get('v1:acc_1:grades:x')).toEqual({ value: 'grades', fetchedAt: 1 });
    expect(await cache.get('v1:acc_10:attendance:x')).toEqual({ value: 'another account', fetchedAt: 1 });
    expect(await neighbour.get('v1:acc_1:attendance:x')).toEqual({ value: 'another gateway', fetchedAt: 1 });
  });
});
