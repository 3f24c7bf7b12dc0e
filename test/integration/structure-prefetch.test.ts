/**
 * Issue 15, "prefetch the family's structure when a parent signs in or links": after the real OpenID sign-in
 * at the demo issuer, the gateway reads the family's children, periods and subjects into the cache in the
 * background, so the first dashboard reads none of them from a diary. Real gateway, real simulators over
 * loopback HTTP; what reached a diary is read from the cache's own counts (`miss` = a diary call).
 */
import { print } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { DashboardDocument } from '../../client/src/index.js';
import { startTestGateway, TEST_DASHBOARD_DAYS, TEST_NOW, type TestGateway } from '../support/gateway.js';
import { noErrors, operation, postGraphql } from '../support/graphql.js';
import { createSession } from '../../src/auth/sessions.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { plainUser } from '../support/accounts.js';
import { metricValue } from '../support/metrics.js';
import { signIn } from '../support/oidc-browser.js';

const STRUCTURE = ['profile', 'periods', 'subjects'] as const;
/** The family page's dashboard, as text. */
const DASHBOARD = operation<{ viewer: { students: unknown[] } }>(print(DashboardDocument));

/** Diary calls made for a resource so far (cache misses), over every diary. */
async function diaryCalls(gateway: TestGateway, resource: string): Promise<number> {
  const metric = (await gateway.gateway.metrics.registry.getMetricsAsJSON()).find(
    (candidate) => candidate.name === 'diary_gateway_cache_events_total',
  );
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values
    .filter((sample) => sample.labels.resource === resource && sample.labels.outcome === 'miss')
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Diary calls so far for each structure resource. */
async function structureCalls(gateway: TestGateway): Promise<Record<(typeof STRUCTURE)[number], number>> {
  const [profile, periods, subjects] = await Promise.all(STRUCTURE.map((resource) => diaryCalls(gateway, resource)));
  return { profile: profile!, periods: periods!, subjects: subjects! };
}

/** Waits until `count` prefetches ended with `outcome`. */
async function prefetched(gateway: TestGateway, outcome: 'ok' | 'failed', count = 1): Promise<void> {
  await vi.waitFor(
    async () =>
      expect(await metricValue(gateway.gateway.metrics, 'diary_gateway_prefetch_runs_total', { outcome })).toBe(count),
    { timeout: 10_000, interval: 20 },
  );
}

/** The family page's dashboard, with the session cookie a browser sign-in set. */
async function dashboard(gateway: TestGateway, cookie: string) {
  return postGraphql(gateway.url, DASHBOARD, {
    variables: TEST_DASHBOARD_DAYS,
    headers: { cookie: `dg_session=${cookie}` },
  });
}

describe('structure prefetch after sign-in', () => {
  it('should let the first dashboard after a sign-in read no profile, periods or subjects from a diary', async () => {
    const gateway = await startTestGateway();
    const cookie = await signIn(gateway.url, 'parent', 'cookie');
    await prefetched(gateway, 'ok');
    const before = await structureCalls(gateway);
    // The prefetch read them: every diary's profile, and every child's periods and subjects.
    expect(Object.values(before).every((calls) => calls > 0)).toBe(true);

    const answer = await dashboard(gateway, cookie);
    expect(noErrors(answer).viewer.students.length).toBeGreaterThan(0);
    expect(await structureCalls(gateway)).toEqual(before);
  });

  it('should prefetch nothing with PREFETCH_STRUCTURE=off, so the first dashboard reads the structure itself', async () => {
    const gateway = await startTestGateway({ PREFETCH_STRUCTURE: 'off' });
    const cookie = await signIn(gateway.url, 'parent', 'cookie');
    const before = await structureCalls(gateway);
    expect(before).toEqual({ profile: 0, periods: 0, subjects: 0 });

    noErrors(await dashboard(gateway, cookie));
    const after = await structureCalls(gateway);
    expect(after.profile).toBeGreaterThan(0);
    expect(after.periods).toBeGreaterThan(0);
    expect(await metricValue(gateway.gateway.metrics, 'diary_gateway_prefetch_runs_total', { outcome: 'ok' })).toBe(
      undefined,
    );
  });

  it('should sign in all the same when a diary fails during the prefetch, and count the prefetch as failed', async () => {
    const gateway = await startTestGateway();
    gateway.gateway.demo!.simulators.mesh.setFault('down');
    const cookie = await signIn(gateway.url, 'parent', 'cookie');
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await prefetched(gateway, 'failed');
    // What the log says of it is counts and codes: no name, no token.
    expect(gateway.logs()).not.toContain(cookie);
  });
});

describe('structure prefetch on demand', () => {
  it('should read the structure when the gateway is asked to, and resolve once it is cached', async () => {
    const gateway = await startTestGateway({ PREFETCH_STRUCTURE: 'off' });
    const userId = (await gateway.graphql<{ viewer: { id: string } }>('{ viewer { id } }')).body.data!.viewer.id;
    await gateway.gateway.prefetchStructure(userId);
    const before = await structureCalls(gateway);
    expect(before.profile).toBeGreaterThan(0);
    noErrors(await gateway.graphql(DASHBOARD, TEST_DASHBOARD_DAYS));
    expect(await structureCalls(gateway)).toEqual(before);
  });
});

describe('structure prefetch after a link', () => {
  it('should read the new account’s structure after linkDnevnikAccount, so the next dashboard reads none of it', async () => {
    const store = createMemoryStore();
    const gateway = await startTestGateway({}, undefined, { store });
    await store.putUser(plainUser('usr_linking', 'Linking parent', null));
    const token = await createSession(store, 'usr_linking', { ttlMs: null, now: TEST_NOW.getTime() });
    const dnevnik = gateway.gateway.demo!.family.accounts.find((account) => account.provider === 'DNEVNIK')!;
    const linked = await gateway.graphql(
      'mutation($input: LinkDnevnikAccountInput!) { linkDnevnikAccount(input: $input) { account { id } } }',
      { input: { accessToken: dnevnik.token } },
      token,
    );
    noErrors(linked);
    await prefetched(gateway, 'ok');
    const before = await structureCalls(gateway);
    expect(before.periods).toBeGreaterThan(0);

    noErrors(await gateway.graphql(DASHBOARD, TEST_DASHBOARD_DAYS, token));
    expect(await structureCalls(gateway)).toEqual(before);
  });
});
