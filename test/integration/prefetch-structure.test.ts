/**
 * `ProviderAdapter.prefetchStructure` against each diary's simulator over loopback HTTP: once it has read a
 * child's structure through the cache (as the gateway does after sign-in or a link), the child's dashboard
 * reads — today's lessons, the week's homework, recent grades, the diary's averages and the current
 * period's grades — call no structure route and start all at once (one wave; МЭШ's absence notices, read
 * when its calendar shows a missed lesson, are data waiting for data and stand apart).
 */
import { describe, expect, it } from 'vitest';
import { createDnevnikAdapter } from '../../adapters/dnevnik/index.js';
import { DNEVNIK_SIMULATOR_CLIENT, startDnevnikSimulator } from '../../adapters/dnevnik/simulator/index.js';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import { startEljurSimulator } from '../../adapters/eljur/simulator/index.js';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import { startMeshSimulator } from '../../adapters/mesh/simulator/index.js';
import { chainDepth } from '../../bench/upstream-calls.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { UpstreamCache } from '../../src/cache/upstream-cache.js';
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../src/domain/adapter.js';
import { addDays, isoWeekday } from '../../src/domain/dates.js';
import type { ProviderKind, ProviderStudent } from '../../src/domain/model.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { currentPeriod } from '../../src/domain/periods.js';
import { gradedDays } from '../../src/graphql/resolvers/averages.js';
import { withStructure } from '../../src/loaders/structure-reads.js';
import { createLogger } from '../../src/logging/logger.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { disposedWhenDone } from '../support/teardown.js';
import { STRUCTURE_ROUTES, timedTransport } from '../support/timed-calls.js';
import type { HttpTransport } from '../../src/upstream/transport.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const LATENCY_MS = 40;
const family = generateDemoFamily({ today: TODAY });

/** A child's dashboard reads, made as the resolvers make them: the period's grades once the periods are in. */
async function dashboard(
  adapter: ProviderAdapter,
  account: ProviderAccount,
  student: ProviderStudent,
  scope: UpstreamScope,
) {
  const weekFrom = addDays(TODAY, 1 - isoWeekday(TODAY));
  const periodGrades = async () => {
    const period = currentPeriod(await adapter.fetchPeriods(account, student, scope), TODAY);
    const days = period ? gradedDays(period, TODAY) : null;
    return days ? adapter.fetchGrades(account, student, days, scope) : [];
  };
  await Promise.all([
    adapter.fetchSchedule(account, student, { from: TODAY, to: TODAY }, scope),
    adapter.fetchHomework(account, student, { from: weekFrom, to: addDays(weekFrom, 6) }, scope),
    adapter.fetchGrades(account, student, { from: addDays(TODAY, -13), to: TODAY }, scope),
    adapter.fetchSubjectAverages(account, student, scope),
    periodGrades(),
  ]);
}

/** Each diary's adapter over its simulator, answering `LATENCY_MS` late. */
const diaries: Record<
  string,
  (transport: HttpTransport) => Promise<{ adapter: ProviderAdapter; account: ProviderAccount }>
> = {
  MESH: async (transport) => {
    const simulator = await disposedWhenDone(startMeshSimulator({ family, now: () => NOW, latencyMs: LATENCY_MS }));
    const demo = family.accounts.find((each) => each.provider === 'MESH')!;
    const adapter = createMeshAdapter({
      transport,
      hosts: { schoolBaseUrl: simulator.url, aclBaseUrl: simulator.url },
      now: () => NOW,
    });
    return { adapter, account: { id: 'mesh-prefetch', provider: 'MESH', credentials: { token: demo.token } } };
  },
  DNEVNIK: async (transport) => {
    const simulator = await disposedWhenDone(startDnevnikSimulator({ family, now: () => NOW, latencyMs: LATENCY_MS }));
    const demo = family.accounts.find((each) => each.provider === 'DNEVNIK')!;
    const adapter = createDnevnikAdapter({
      transport,
      baseUrl: simulator.url,
      clientId: DNEVNIK_SIMULATOR_CLIENT.id,
      clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret,
      now: () => NOW,
    });
    return {
      adapter,
      account: { id: 'dnevnik-prefetch', provider: 'DNEVNIK', credentials: { accessToken: demo.token } },
    };
  },
  ELJUR: async (transport) => {
    const simulator = await disposedWhenDone(startEljurSimulator({ family, now: () => NOW, latencyMs: LATENCY_MS }));
    const demo = family.accounts.find((each) => each.provider === 'ELJUR')!;
    const adapter = createEljurAdapter({
      transport,
      baseUrl: simulator.url,
      devkey: simulator.devkey,
      vendor: simulator.vendor,
      timeZone: 'Europe/Samara',
      now: () => NOW,
    });
    return { adapter, account: { id: 'eljur-prefetch', provider: 'ELJUR', credentials: { token: demo.token } } };
  },
};

describe('prefetchStructure', () => {
  it.each(Object.keys(diaries) as ProviderKind[])(
    '%s: after it, a child’s dashboard calls no structure route and starts its data calls at once',
    async (provider) => {
      const { transport, calls } = timedTransport();
      const { adapter, account } = await diaries[provider]!(transport);
      const cache = new UpstreamCache({ store: createMemoryCache(), logger: createLogger('silent') });
      const background = (): UpstreamScope => withStructure(createRequestScope(15_000), cache, background);
      const request = (): UpstreamScope => withStructure(createRequestScope(15_000), cache, background);
      const { students } = await adapter.fetchProfile(account, createRequestScope(15_000));
      expect(students.length).toBeGreaterThan(0);
      await Promise.all(students.map((student) => adapter.prefetchStructure!(account, student, request())));
      calls.length = 0;
      for (const student of students) await dashboard(adapter, account, student, request());
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((call) => STRUCTURE_ROUTES.includes(call.route)).map((call) => call.route)).toEqual([]);
      // МЭШ's lesson numbers and teachers are prefetched too (the current month's): no `schedule` day is read.
      expect(calls.filter((call) => call.route.endsWith('/family/mobile/v1/schedule'))).toEqual([]);
      // Children one after another, so the chain of each is its own.
      expect(chainDepth(calls)).toBe(students.length);
    },
  );
});
