import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dashboardDates,
  dashboardQuery,
  dashboardVariables,
  enrollmentsOf,
  expectedChild,
} from '../../../bench/dashboard.js';
import { prefetchOf } from '../../../bench/gateway-controls.js';
import { issue15Goals, issue15GoalsTable, REVALIDATED_CPU_BEFORE_MS } from '../../../bench/issue-15.js';
import { selfTimes } from '../../../bench/profile-summary.js';
import { accountCredentials, benchAccounts, chooseProviders, providerAvailable } from '../../../bench/providers.js';
import { kibEach, medianReport } from '../../../bench/scenarios/memory.js';
import { dataOnly, perQuery } from '../../../bench/scenarios/revalidated.js';
import { answerCacheKnown } from '../../../bench/scenarios/warm.js';
import type { ScenarioResults } from '../../../bench/tables.js';
import {
  isStructureRoute,
  MESH_LESSON_DETAILS_ARE_STRUCTURE,
  meshLessonDetailCalls,
  minimumCalls,
  splitMinimum,
  splitStructure,
  totalOf,
  totalOfAll,
} from '../../../bench/upstream-calls.js';
import type { RecordedCalls } from '../../../bench/upstream-calls.js';
import { generateDemoFamily } from '../../../src/demo/generate-family.js';
import { tempDir } from '../../support/temp-dir.js';

// Issue 15's additions to the benchmark: the Eljur child, the revalidated dashboard's accounting, the
// repeatable memory figures and the goals table. Fixed inputs, no timings.

const family = generateDemoFamily({ today: '2026-11-23' });
const child = (key: string) => family.children.find((each) => each.key === key)!;
const dates = dashboardDates('2026-11-23');

describe('the Eljur child on the dashboard', () => {
  it('should link the Eljur account with its token beside login and password, so no dashboard signs in', () => {
    const [eljur] = benchAccounts(family, ['ELJUR']);
    expect(eljur?.childKeys).toEqual(['lev', 'masha-art']);
    const credentials = accountCredentials(eljur!);
    expect(credentials).toEqual({ login: eljur!.login, password: eljur!.password, token: eljur!.token });
  });

  it.each([
    [[], ['MESH', 'DNEVNIK', 'ELJUR'], ['masha', 'sonya', 'lev']],
    [['--without-eljur'], ['MESH', 'DNEVNIK'], ['masha', 'sonya']],
    [['--mesh-only'], ['MESH'], ['masha', 'artem']],
  ])('should choose the diaries for flags %j', (argv, providers, childKeys) => {
    const chosen = chooseProviders(argv, () => true);
    expect(chosen.providers).toEqual(providers);
    expect(chosen.childKeys).toEqual(childKeys);
  });

  it('should leave Eljur out, and say so, when the build does not register its adapter', () => {
    const chosen = chooseProviders([], (provider) => provider === 'DNEVNIK');
    expect(chosen.providers).toEqual(['MESH', 'DNEVNIK']);
    expect(chosen.note).toMatch(/NO ELJUR/);
  });

  it('should tell from the build whether the Eljur adapter is registered', async () => {
    const root = await tempDir('bench-dist-');
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'src', 'tenant-adapters.js'), 'createDnevnikAdapter({}); createMeshAdapter({})');
    expect(providerAvailable('ELJUR', root)).toBe(false);
    await writeFile(join(root, 'src', 'tenant-adapters.js'), 'createEljurAdapter({})');
    expect(providerAvailable('ELJUR', root)).toBe(true);
  });

  it('should ask three children by id, each under its own alias', () => {
    const query = dashboardQuery(['masha', 'sonya', 'lev']);
    expect(query).toContain('lev: student(id: $third) { ...Dashboard }');
    expect(query).toContain('$first: ID!, $second: ID!, $third: ID!');
    expect(dashboardVariables(['a', 'b', 'c'], dates)).toMatchObject({ first: 'a', second: 'b', third: 'c' });
    expect(() => dashboardQuery(['a', 'b', 'c', 'd'])).toThrow(RangeError);
  });

  it('should expect Мария’s art school in her dashboard only when her Eljur account is linked', () => {
    const masha = child('masha');
    const art = child('masha-art');
    expect(enrollmentsOf(family, masha, ['masha', 'artem'])).toEqual([masha]);
    expect(enrollmentsOf(family, masha, ['masha', 'artem', 'lev', 'masha-art'])).toEqual([masha, art]);
    const alone = expectedChild(masha, dates);
    const merged = expectedChild(masha, dates, [masha, art]);
    const artAlone = expectedChild(art, dates);
    expect(merged.fullName).toBe(alone.fullName);
    expect(merged.recentGrades).toBe(alone.recentGrades + artAlone.recentGrades);
    expect(merged.homeworkThisWeek).toBe(alone.homeworkThisWeek + artAlone.homeworkThisWeek);
    expect(artAlone.recentGrades).toBeGreaterThan(0);
  });

  it('should derive the Eljur minimum: getrules and a card per child, then per dashboard child six calls', () => {
    // 2026-11-23: periods 1 (09-01…11-08) and 2 (11-09…01-10) started. Recent grades (11-10…11-23) and the
    // current period up to today lie in November, inside the started periods: their two getmarks serve it
    // (before the grades stopped at today, 11–31 January cost a getmarks of its own).
    const minimum = minimumCalls(
      [
        {
          provider: 'ELJUR',
          accountChildren: [child('lev'), child('masha-art')],
          dashboardChildren: [child('lev'), child('masha-art')],
        },
      ],
      dates,
    );
    expect(minimum.ELJUR).toEqual({
      '/apiv3/getrules': 1,
      '/apiv3/getprofileuserinfo': 2,
      '/apiv3/getperiods': 2,
      '/apiv3/getfinalassessments': 2,
      '/apiv3/getmarks': 4,
      '/apiv3/getdiary': 2,
      '/apiv3/gethomework': 2,
    });
  });
});

describe('the revalidated dashboard’s accounting', () => {
  it('should tell structure routes from data routes', () => {
    expect(isStructureRoute('ELJUR', '/apiv3/getperiods')).toBe(true);
    expect(isStructureRoute('ELJUR', '/apiv3/getmarks')).toBe(false);
    expect(isStructureRoute('MESH', '/acl/api/users/profile_info')).toBe(true);
    expect(isStructureRoute('MESH', '/api/family/mobile/v1/subject_marks')).toBe(false);
    expect(isStructureRoute('DNEVNIK', '/v2/work-types/{id}')).toBe(true);
    expect(
      splitStructure('DNEVNIK', { '/v2/users/me': 1, '/v2/persons/{id}/schools/{id}/marks/{date}/{date}': 3 }),
    ).toEqual({
      structure: { '/v2/users/me': 1 },
      data: { '/v2/persons/{id}/schools/{id}/marks/{date}/{date}': 3 },
    });
  });

  it('should keep only the data routes of the minimum', () => {
    const minimum = minimumCalls(
      [{ provider: 'DNEVNIK', accountChildren: [child('sonya')], dashboardChildren: [child('sonya')] }],
      dates,
    );
    const data = dataOnly(minimum);
    // 14 calls, of which the user, context, relatives, edu-groups, school, work types, subjects, timetables
    // and reporting periods (9) are structure: schedules, marks, final marks and two averages are data.
    expect(totalOf(data.DNEVNIK!)).toBe(5);
    expect(Object.keys(data.DNEVNIK!).some((route) => isStructureRoute('DNEVNIK', route))).toBe(false);
  });

  it('should list the structure of the minimum apart from its data, the two adding up to it', () => {
    const minimum = minimumCalls(
      [
        { provider: 'MESH', accountChildren: [child('masha')], dashboardChildren: [child('masha')] },
        { provider: 'ELJUR', accountChildren: [child('lev')], dashboardChildren: [child('lev')] },
      ],
      dates,
    );
    const { structure, data } = splitMinimum(minimum);
    const lessonDetailDays = meshLessonDetailCalls(child('masha'), { from: '2026-11-01', to: '2026-11-30' }).length;
    expect(structure).toEqual({
      MESH: {
        '/acl/api/users/profile_info': 1,
        '/api/family/mobile/v1/profile': 1,
        // МЭШ's bells and teachers are structure (adapters/mesh/lesson-structure.ts).
        ...(MESH_LESSON_DETAILS_ARE_STRUCTURE ? { '/api/family/mobile/v1/schedule': lessonDetailDays } : {}),
      },
      ELJUR: { '/apiv3/getrules': 1, '/apiv3/getprofileuserinfo': 1, '/apiv3/getperiods': 1 },
    });
    expect(totalOfAll(structure) + totalOfAll(data)).toBe(totalOfAll(minimum));
  });

  it('should count МЭШ’s lesson-detail days as structure, or as data with the switch off', () => {
    const masha = child('masha');
    const days = meshLessonDetailCalls(masha, { from: '2026-11-01', to: '2026-11-30' });
    expect(days.length).toBeGreaterThan(0);
    expect(new Set(days.map((call) => call.route))).toEqual(new Set(['/api/family/mobile/v1/schedule']));
    const minimum = minimumCalls([{ provider: 'MESH', accountChildren: [masha], dashboardChildren: [masha] }], dates);
    expect(minimum.MESH?.['/api/family/mobile/v1/schedule']).toBe(days.length);
    expect(isStructureRoute('MESH', '/api/family/mobile/v1/schedule')).toBe(MESH_LESSON_DETAILS_ARE_STRUCTURE);
    expect(dataOnly(minimum).MESH?.['/api/family/mobile/v1/schedule']).toBe(
      MESH_LESSON_DETAILS_ARE_STRUCTURE ? undefined : days.length,
    );
  });

  it('should divide calls by the queries, by route template, structure apart', () => {
    const recorded = (byRoute: Record<string, number>): RecordedCalls => ({
      total: Object.values(byRoute).reduce((sum, count) => sum + count, 0),
      byRoute,
      byCall: {},
      simulatorTotal: 0,
      proxy: { forwarded: 0, replayed: 0, errors: 0, hung: 0, down: 0 },
      durations: {},
    });
    const per = perQuery(
      {
        ELJUR: recorded({ '/apiv3/getmarks': 30, '/apiv3/getperiods': 2 }),
        MESH: recorded({ '/api/family/mobile/v1/marks': 10 }),
      },
      10,
    );
    expect(per).toEqual({
      ELJUR: { structure: { '/apiv3/getperiods': 0.2 }, data: { '/apiv3/getmarks': 3 } },
      MESH: { structure: {}, data: { '/api/family/mobile/v1/marks': 1 } },
    });
  });
});

describe('repeatable memory figures', () => {
  it('should take the median of each field, so one reading caught mid-collection does not decide', () => {
    const reading = (rssMiB: number, heapUsedMiB: number) => ({ rssMiB, heapUsedMiB, heapTotalMiB: 1, externalMiB: 2 });
    expect(medianReport([reading(100, 10), reading(300, 12), reading(110, 50)])).toEqual(reading(110, 12));
    expect(() => medianReport([])).toThrow(RangeError);
    expect(kibEach(101, 100, 1024)).toBe(1);
  });
});

describe('switches that follow the build', () => {
  it('should tell whether the build reads ANSWER_CACHE', async () => {
    const root = await tempDir('bench-dist-');
    await mkdir(join(root, 'src', 'config'), { recursive: true });
    const file = join(root, 'src', 'config', 'environment.js');
    await writeFile(file, 'export const environmentSchema = z.object({ ANSWER_CACHE_MAX_BYTES: 1 });');
    expect(answerCacheKnown(root)).toBe(false);
    await writeFile(file, 'export const environmentSchema = z.object({ ANSWER_CACHE: onOff });');
    expect(answerCacheKnown(root)).toBe(true);
  });

  it('should find the gateway’s prefetchStructure only when it has one, bound to the gateway', async () => {
    expect(prefetchOf({ listen: () => undefined })).toBeNull();
    const gateway = {
      seen: [] as string[],
      async prefetchStructure(userId: string) {
        this.seen.push(userId);
      },
    };
    await prefetchOf(gateway)!('usr_1');
    expect(gateway.seen).toEqual(['usr_1']);
  });
});

describe('issue 15 goals', () => {
  const load = (p50: number, p99: number, invalid = 0, extra: Record<string, unknown> = {}) => ({
    requests: 100,
    latencyMs: { p50, p99 },
    validation: { checked: 100, valid: 100 - invalid, invalid, reasons: {}, examples: {}, ...extra },
  });
  const sessions = (client: 'gzip' | 'plain', rssKib: number) => ({
    client,
    rssKibPerSession: rssKib,
    heapKibPerSession: 10,
    kibPerConcurrentSession: 30,
    answers: { kept: 100, run: 0 },
    concurrent: load(100, 200),
  });
  const results = (overrides: {
    warmRatio: number;
    structureCalls: number;
    rssKib: number;
    /** The clients taking no gzip; as `rssKib` unless given. */
    plainRssKib?: number;
    coldStructureCalls?: number;
    /** CPU per renewed dashboard (the rebuilding gateway's is 20 ms). @default 6 */
    renewedCpuMs?: number;
  }) =>
    ({
      warm: {
        ratioToApollo: overrides.warmRatio,
        cpuRatioToApollo: 0.7,
        upstreamCalls: 0,
        answerCacheOff: { ratioToApollo: 0.5, cpuRatioToApollo: 2 },
        answerCacheKnown: true,
      },
      cold: [
        {
          variant: 'cold family',
          ratioP50: 3,
          chainDepth: 3,
          primedBy: 'nothing',
          structureCallsPerQuery: 12,
          load: load(300, 400),
        },
        {
          variant: 'cold data, structure known',
          ratioP50: 1.25,
          chainDepth: 1,
          primedBy: 'prefetchStructure(userId)',
          structureCallsPerQuery: overrides.coldStructureCalls ?? 0,
          load: load(125, 200),
        },
      ],
      revalidated: {
        case: 'renewed',
        dataMinimum: 20,
        runs: [1, 4].map((connections) => ({
          connections,
          load: load(200, 300),
          gatewayCpuMsPerQuery: overrides.renewedCpuMs ?? 6,
          callsPerQuery: 20 + overrides.structureCalls,
          structureCallsPerQuery: overrides.structureCalls,
          byProvider: {},
        })),
      },
      revalidatedRebuilt: {
        case: 'rebuilt',
        dataMinimum: 20,
        runs: [1, 4].map((connections) => ({
          connections,
          load: load(200, 300),
          gatewayCpuMsPerQuery: 20,
          callsPerQuery: 20,
          structureCallsPerQuery: 0,
          byProvider: {},
        })),
      },
      calls: { coldPerQuery: [40, 40], warmPerQuery: [0, 0], minimum: 40, differences: [], duplicates: [] },
      memory: {
        families: 1000,
        samples: 3,
        cacheKibPerFamily: 90,
        sessions: {
          gzip: sessions('gzip', overrides.rssKib),
          plain: sessions('plain', overrides.plainRssKib ?? overrides.rssKib),
        },
      },
      faults: {
        healthy: ['masha', 'lev'],
        deadlineMs: 2000,
        phases: [
          { phase: 'healthy', load: load(500, 700, 0, { healthyData: 100 }) },
          { phase: 'down', load: load(300, 2030, 0, { healthyData: 100 }) },
        ],
      },
    }) as unknown as ScenarioResults;

  it('should judge every row of the issue’s table, with the issue’s figure beside', () => {
    const goals = issue15Goals(results({ warmRatio: 1.3, structureCalls: 0, rssKib: 20 }));
    expect(goals).toHaveLength(10);
    expect(goals.every((goal) => goal.met === true)).toBe(true);
    expect(goals[0]).toMatchObject({ now: '0.43×', goal: '≥ 1.2×' });
    expect(issue15GoalsTable(goals).notes).toEqual(['10 of 10 goals met']);
  });

  it('should miss the goals a run falls short of: throughput, a structure call, memory per session', () => {
    const goals = issue15Goals(results({ warmRatio: 1.1, structureCalls: 1, rssKib: 30 }));
    const missed = goals.filter((goal) => goal.met === false).map((goal) => goal.figure);
    expect(missed).toEqual([
      'warm req/s ÷ Apollo Server with in-memory resolvers (B1h)',
      'upstream calls per revalidated dashboard',
      'RSS per concurrent session at 1,000 sessions',
    ]);
  });

  it('should judge the revalidated CPU by the rebuilding gateway’s of the same run: a third or less', () => {
    const cpu = (renewedCpuMs: number) =>
      issue15Goals(results({ warmRatio: 1.3, structureCalls: 0, rssKib: 20, renewedCpuMs })).find((goal) =>
        goal.figure.startsWith('gateway CPU per dashboard with every data resource revalidated'),
      );
    expect(cpu(6)).toMatchObject({ met: true });
    expect(cpu(6)?.measured).toContain('c=4: 6.0 ms ÷ 20 ms = 0.30×');
    expect(cpu(7)).toMatchObject({ met: false });
  });

  it('should not call the memory per session met while the clients taking no gzip exceed it', () => {
    const goals = issue15Goals(results({ warmRatio: 1.3, structureCalls: 0, rssKib: 20, plainRssKib: 70 }));
    const perSession = goals.find((goal) => goal.figure.startsWith('RSS per concurrent session'));
    expect(perSession).toMatchObject({ met: false });
    expect(perSession?.measured).toContain('clients taking gzip: 20.0 KiB RSS');
    expect(perSession?.measured).toContain('clients taking no gzip: 70.0 KiB RSS');
  });

  it('should call the memory per session not established, not met, when RSS fell during the run', () => {
    const goals = issue15Goals(results({ warmRatio: 1.3, structureCalls: 0, rssKib: -150 }));
    const perSession = goals.find((goal) => goal.figure.startsWith('RSS per concurrent session'));
    expect(perSession).toMatchObject({ met: null });
  });

  it('should not count a structure-known cold run whose priming left structure to call', () => {
    const goals = issue15Goals(results({ warmRatio: 1.3, structureCalls: 0, rssKib: 20, coldStructureCalls: 0.5 }));
    const coldKnown = goals.find((goal) => goal.figure.startsWith('cold data with the family’s structure known'));
    expect(coldKnown).toMatchObject({ met: false });
    expect(coldKnown?.measured).toContain('primed by prefetchStructure(userId), structure calls/query 0.5');
  });

  it('should print the other box’s constant beside the ratio, and judge nothing without a rebuilding gateway', () => {
    const run = results({ warmRatio: 1.3, structureCalls: 0, rssKib: 20 });
    const find = (goals: ReturnType<typeof issue15Goals>) =>
      goals.find((goal) => goal.figure.startsWith('gateway CPU per dashboard with every data'));
    expect(REVALIDATED_CPU_BEFORE_MS).toBe(21);
    expect(find(issue15Goals(run))?.measured).toContain('REVALIDATED_CPU_BEFORE_MS 21 ms ÷ 3 = 7.0 ms');
    const alone = find(issue15Goals({ ...run, revalidatedRebuilt: null }));
    expect(alone).toMatchObject({ met: null });
    expect(alone?.measured).toContain('6.0 ms at c=1, 6.0 ms at c=4; no rebuilding gateway in this run');
  });
});

describe('profile summary', () => {
  it('should leave out the profiler’s own first and last samples and the idle ones', () => {
    const frame = (id: number, functionName: string) => ({ id, callFrame: { functionName, url: '', lineNumber: 0 } });
    const profile = {
      nodes: [frame(1, 'dispatch'), frame(2, 'work'), frame(3, '(idle)')],
      samples: [1, 2, 3, 2, 1],
      timeDeltas: [500_000, 1000, 9000, 2000, 1000],
    };
    expect(selfTimes(profile, (node) => node.callFrame.functionName)).toEqual(new Map([['work', 3]]));
  });
});
