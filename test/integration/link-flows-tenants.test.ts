/**
 * Two МЭШ-platform tenants serving one family at once, end to end over real HTTP against the demo's two
 * МЭШ simulators: Moscow's (`mesh-moscow`: Мария, Артём) and the Moscow region's «Моя школа»
 * (`mesh-mosreg`: Полина). Each tenant has its own adapter, transport and circuit breaker, so one node
 * going down leaves the other's children fresh. Also: `Query.tenants` with the ways to link each, and
 * `linkMeshAccount` on a named tenant.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../src/demo/demo-family.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation } from '../support/graphql.js';
import { createLinkBrowser } from '../support/link-browser.js';

interface Freshness {
  provider: string;
  isStale: boolean;
  error: { code: string; message: string } | null;
}
interface FamilyStudent {
  id: string;
  firstName: string;
  grades: { id: string; provider: string }[];
  freshness: Freshness[];
}
interface Account {
  id: string;
  provider: string;
  status: string;
  tenant: { id: string; name: string };
}
const FAMILY = operation<{ viewer: { students: FamilyStudent[]; providerAccounts: Account[] } }>(/* GraphQL */ `
  query Family($from: Date! = "2026-11-09", $to: Date! = "2026-11-22") {
    viewer {
      students {
        id
        firstName
        grades(from: $from, to: $to) {
          id
          provider
        }
        freshness {
          provider
          isStale
          error {
            code
            message
          }
        }
      }
      providerAccounts {
        id
        provider
        status
        tenant {
          id
          name
        }
      }
    }
  }
`);
const ACCOUNTS = operation<{ viewer: { providerAccounts: { id: string; tenant: { id: string } }[] } }>(
  `{ viewer { providerAccounts { id tenant { id } } } }`,
);
const LINK_MESH = operation<{ linkMeshAccount: { account: Account } }>(
  `mutation($input: LinkMeshAccountInput!) { linkMeshAccount(input: $input) { account { id provider status tenant { id name } } } }`,
);
/** Past the grades' revalidate window (30 minutes): the next query asks the diaries again. */
const PAST_GRADES_WINDOW = 31 * 60_000;

let target: TestGateway;
let time: { now: () => Date; advance(ms: number): void };

beforeAll(async () => {
  // `Date` moves with the gateway's clock: the breakers' open periods are measured with it.
  time = movingTime();
  target = await startTestGateway(
    {
      UPSTREAM_RETRIES: '0',
      // One failure opens a breaker: were breakers shared by the platform's tenants, the node still up would
      // be cut off along with the one that is down.
      BREAKER_FAILURE_THRESHOLD: '1',
      BREAKER_HALF_OPEN_AFTER_MS: '60000',
      // The children's lists stay fresh, so `freshness` speaks of the grades alone.
      CACHE_FRESHNESS: 'profile=86400',
    },
    time.now,
  );
});

afterEach(() => {
  const { mesh, meshRegion } = target.gateway.demo!.simulators;
  mesh.setFault('none');
  meshRegion.setFault('none');
});

const family = async () => dataOf(await target.graphql(FAMILY));
const MOSCOW_CHILDREN = ['Артём', 'Мария'];
const meshFreshness = (student: FamilyStudent) => student.freshness.filter((entry) => entry.provider === 'MESH');
const byName = (students: FamilyStudent[], name: string) => students.find((student) => student.firstName === name)!;
const demoAccount = (tenant: string): DemoAccount =>
  target.gateway.demo!.family.accounts.find(
    (candidate) => candidate.provider === 'MESH' && (candidate.tenant ?? 'mesh-moscow') === tenant,
  )!;

describe('two МЭШ tenants, one family', () => {
  beforeEach(() => time.advance(PAST_GRADES_WINDOW));

  it('should list Мария and Артём (Moscow) and Полина (region) with grades from each, each account on its tenant', async () => {
    const answer = noErrors(await target.graphql(FAMILY));
    for (const name of [...MOSCOW_CHILDREN, 'Полина']) {
      const grades = byName(answer.viewer.students, name).grades.filter((grade) => grade.provider === 'MESH');
      expect(grades.length, name).toBeGreaterThan(0);
    }
    const onMesh = answer.viewer.providerAccounts.filter((account) => account.provider === 'MESH');
    expect(onMesh.map(({ status, tenant }) => ({ status, tenant }))).toEqual([
      { status: 'ACTIVE', tenant: { id: 'mesh-moscow', name: 'МЭШ — Москва' } },
      { status: 'ACTIVE', tenant: { id: 'mesh-mosreg', name: '«Моя школа» — Московская область' } },
    ]);
  });

  it.each([
    ['the region', 'meshRegion', ['Полина'], MOSCOW_CHILDREN, 'mesh-mosreg'],
    ['Moscow', 'mesh', MOSCOW_CHILDREN, ['Полина'], 'mesh-moscow'],
  ] as const)(
    'should keep the other tenant’s children fresh while %s is down',
    async (_, down, stale, fresh, tenant) => {
      const before = await family();
      time.advance(PAST_GRADES_WINDOW);
      target.gateway.demo!.simulators[down].setFault('down');

      const answer = await family();

      const { students, providerAccounts } = answer.viewer;
      for (const name of fresh) {
        expect(meshFreshness(byName(students, name)), name).toEqual([
          { provider: 'MESH', isStale: false, error: null },
        ]);
      }
      for (const name of stale) {
        expect(meshFreshness(byName(students, name)), name).toEqual([
          { provider: 'MESH', isStale: true, error: { code: 'PROVIDER_UNAVAILABLE', message: expect.any(String) } },
        ]);
        // Served from the last good copy.
        expect(byName(students, name).grades).toEqual(byName(before.viewer.students, name).grades);
      }
      const accountOn = (id: string) => providerAccounts.find((account) => account.tenant.id === id)!;
      expect(accountOn(tenant).status).not.toBe('ACTIVE');
      expect(accountOn(tenant === 'mesh-moscow' ? 'mesh-mosreg' : 'mesh-moscow').status).toBe('ACTIVE');

      // The failing node's breaker is open now; the other node still answers what was never cached.
      const october = await target.graphql(FAMILY, { from: '2026-10-01', to: '2026-10-31' });
      for (const name of fresh) {
        const student = byName(dataOf(october).viewer.students, name);
        expect(meshFreshness(student), name).toEqual([{ provider: 'MESH', isStale: false, error: null }]);
        expect(student.grades.length, name).toBeGreaterThan(0);
      }
      const indexOf = (name: string) => dataOf(october).viewer.students.findIndex((s) => s.firstName === name);
      expect(october.body.errors?.map((error) => [error.path?.[2], error.extensions?.circuit]).sort()).toEqual(
        stale.map((name) => [indexOf(name), 'open']).sort(),
      );
    },
  );
});

describe('Query.tenants', () => {
  it('should list the four demo tenants with their link flows, each starting where it says', async () => {
    const answer = await target.graphql<{
      tenants: { id: string; provider: string; linkFlows: { kind: string; available: boolean; startPath: string }[] }[];
    }>(`{ tenants { id provider linkFlows { kind available startPath } } }`, {}, null);
    const redirect = (path: string) => [{ kind: 'REDIRECT', available: true, startPath: path }];
    expect(noErrors(answer).tenants).toEqual([
      { id: 'mesh-moscow', provider: 'MESH', linkFlows: redirect('/link/mesh?tenant=mesh-moscow') },
      { id: 'mesh-mosreg', provider: 'MESH', linkFlows: redirect('/link/mesh?tenant=mesh-mosreg') },
      { id: 'dnevnik-ru', provider: 'DNEVNIK', linkFlows: redirect('/link/dnevnik?tenant=dnevnik-ru') },
      {
        id: 'eljur',
        provider: 'ELJUR',
        linkFlows: [
          { kind: 'FORM', available: true, startPath: '/link/eljur?tenant=eljur' },
          { kind: 'REDIRECT', available: true, startPath: '/link/eljur?tenant=eljur' },
        ],
      },
    ]);
    const browser = createLinkBrowser();
    browser.setCookie(target.url, 'dg_session', target.gateway.demo!.token);
    const { mesh, meshRegion, dnevnik } = target.gateway.demo!.simulators;
    const origins: Record<string, string> = { 'mesh-moscow': mesh.url, 'mesh-mosreg': meshRegion.url };
    origins['dnevnik-ru'] = dnevnik.url;
    for (const tenant of dataOf(answer).tenants) {
      const started = await browser.open(`${target.url}${tenant.linkFlows[0]!.startPath}`);
      if (tenant.provider === 'ELJUR') {
        // Eljur's way starts on the gateway's form, which also leads to Eljur's own page for each school.
        expect([started.status, started.text.includes('Войти через ЭлЖур')]).toEqual([200, true]);
      } else {
        expect(started.status).toBe(302);
        expect(new URL(started.location!).origin).toBe(origins[tenant.id]);
      }
    }
  });
});

describe('linkMeshAccount on a named tenant', () => {
  it('should link the region’s token on mesh-mosreg: the same link again, on its tenant', async () => {
    const accounts = noErrors(await target.graphql(ACCOUNTS)).viewer.providerAccounts;
    const region = accounts.find((account) => account.tenant.id === 'mesh-mosreg')!;

    const linked = await target.graphql(LINK_MESH, {
      input: { token: demoAccount('mesh-mosreg').token, tenant: 'mesh-mosreg' },
    });

    expect(noErrors(linked).linkMeshAccount.account).toEqual({
      id: region.id,
      provider: 'MESH',
      status: 'ACTIVE',
      tenant: { id: 'mesh-mosreg', name: '«Моя школа» — Московская область' },
    });
    expect(noErrors(await target.graphql(ACCOUNTS)).viewer.providerAccounts).toEqual(accounts);
  });

  it('should send a token to the tenant it names: Moscow’s token is refused by the region', async () => {
    const accounts = noErrors(await target.graphql(ACCOUNTS)).viewer.providerAccounts;
    const answer = await target.graphql(LINK_MESH, {
      input: { token: demoAccount('mesh-moscow').token, tenant: 'mesh-mosreg' },
    });
    expect(codeOf(answer)).toBe('PROVIDER_AUTH_FAILED');
    expect(noErrors(await target.graphql(ACCOUNTS)).viewer.providerAccounts).toEqual(accounts);
  });

  it.each([
    ['an unknown tenant', 'mesh-kaluga'],
    ['a tenant of another platform', 'dnevnik-ru'],
  ])('should refuse %s with BAD_USER_INPUT naming the argument tenant', async (_, tenant) => {
    const accounts = noErrors(await target.graphql(ACCOUNTS)).viewer.providerAccounts;
    const answer = await target.graphql(LINK_MESH, { input: { token: demoAccount('mesh-moscow').token, tenant } });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'tenant' }) }),
    ]);
    expect(noErrors(await target.graphql(ACCOUNTS)).viewer.providerAccounts).toEqual(accounts);
  });
});
