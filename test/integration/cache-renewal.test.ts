/**
 * Renewing cached copies whose diary answers are unchanged (`CACHE_RENEWAL`, src/upstream/call-journal.ts) end to
 * end, over real HTTP against the demo's three simulators: with every data resource refreshed on every request,
 * a dashboard whose diaries answer as before keeps its copies (asking the diaries, decoding nothing), answers
 * exactly as when it builds them, and never once misses a change — a mark a teacher enters shows on the next
 * dashboard of every diary. With the answer cache on, a kept dashboard is sent again once its copies are renewed
 * (the diaries asked, nothing run), unless it shows fetch times.
 */
import { print, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DashboardDocument } from '../../client/src/index.js';
import type { ProviderKind } from '../../src/domain/model.js';
import { startTestGateway, TEST_DASHBOARD_DAYS as DAYS, testClock, type TestGateway } from '../support/gateway.js';
import { noErrors } from '../support/graphql.js';
import { metricValue } from '../support/metrics.js';
import { enterMark } from '../support/seed-marks.js';

const DASHBOARD = print(DashboardDocument);
/** Every data resource refreshed on every request; the structure on its default windows. */
const REFRESH_DATA = { CACHE_FRESHNESS: 'averages=0,grades=0,homework=0,schedule=0,attendance=0', ANSWER_CACHE: 'off' };

interface Dashboard {
  viewer: { students: { fullName: string; grades: { value: { raw: string } }[] }[] };
}

/** Copies renewed so far, by diary. */
async function renewals(gateway: TestGateway): Promise<Partial<Record<ProviderKind, number>>> {
  const metric = (await gateway.gateway.metrics.registry.getMetricsAsJSON()).find(
    (candidate) => candidate.name === 'diary_gateway_cache_events_total',
  );
  const counts: Partial<Record<ProviderKind, number>> = {};
  for (const sample of metric?.values ?? []) {
    if (sample.labels['outcome'] !== 'renewed') continue;
    const provider = sample.labels['provider'] as ProviderKind;
    counts[provider] = (counts[provider] ?? 0) + sample.value;
  }
  return counts;
}

/** The answer without `freshness` (its fetch times move with every refresh). */
function withoutFreshness(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutFreshness);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'freshness')
      .map(([key, inner]) => [key, withoutFreshness(inner)]),
  );
}

async function start(renewal: 'on' | 'off') {
  const clock = testClock();
  const gateway = await startTestGateway({ ...REFRESH_DATA, CACHE_RENEWAL: renewal }, clock.now);
  const dashboard = async () => {
    clock.advance(1_000);
    return noErrors(await gateway.graphql<Dashboard>(DASHBOARD, DAYS));
  };
  return { gateway, dashboard };
}

function gradeCount(answer: Dashboard): number {
  return answer.viewer.students.reduce((sum, student) => sum + student.grades.length, 0);
}

describe('renewing cached copies (CACHE_RENEWAL)', () => {
  it('should keep every diary’s copies when the answers are unchanged, and answer as a gateway that builds them', async () => {
    const on = await start('on');
    const off = await start('off');
    // The first dashboard reads the structure too (its copies keep no journal); the second builds on it.
    await on.dashboard();
    const built = await on.dashboard();
    const before = await renewals(on.gateway);
    const renewed = await on.dashboard();
    const after = await renewals(on.gateway);
    for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
      expect(after[provider] ?? 0, provider).toBeGreaterThan(before[provider] ?? 0);
    }
    expect(withoutFreshness(renewed)).toEqual(withoutFreshness(built));

    await off.dashboard();
    await off.dashboard();
    const rebuilt = await off.dashboard();
    expect(await renewals(off.gateway)).toEqual({});
    expect(withoutFreshness(rebuilt)).toEqual(withoutFreshness(renewed));
  });

  it('should show a mark entered in each diary on the very next dashboard, then renew the copies built with it', async () => {
    const on = await start('on');
    await on.dashboard();
    await on.dashboard();
    const quiet = await on.dashboard();
    const children = on.gateway.gateway.demo!.family.children;
    for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
      enterMark(
        children.find((child) => child.provider === provider)!,
        '2',
        DAYS.today,
      );
    }
    const marked = await on.dashboard();
    expect(gradeCount(marked)).toBe(gradeCount(quiet) + 3);
    const before = await renewals(on.gateway);
    const again = await on.dashboard();
    expect(withoutFreshness(again)).toEqual(withoutFreshness(marked));
    const after = await renewals(on.gateway);
    for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
      expect(after[provider] ?? 0, provider).toBeGreaterThan(before[provider] ?? 0);
    }
  });
});

/** The client's dashboard as an app that shows no fetch times asks it (`freshness` without `fetchedAt`). */
const DASHBOARD_WITHOUT_FETCH_TIMES = print(
  visit(DashboardDocument, { Field: (node) => (node.name.value === 'fetchedAt' ? null : undefined) }),
);

/** A sum over every sample of metric `name` whose name ends so (a histogram's `_count`) and labels include `labels`. */
async function metricSum(gateway: TestGateway, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await gateway.gateway.metrics.registry.getMetricsAsJSON()).find((each) => each.name === name);
  const samples = (metric?.values ?? []) as { value: number; metricName?: string; labels: Record<string, unknown> }[];
  return samples
    .filter((sample) => sample.metricName === undefined || sample.metricName.endsWith('_count'))
    .filter((sample) => Object.entries(labels).every(([key, value]) => String(sample.labels[key]) === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** What one request cost: diary calls made, upstream-cache lookups other than renewals, and the answer cache's verdict. */
async function costOf<T>(gateway: TestGateway, request: () => Promise<T>) {
  const counts = async () => ({
    calls: await metricSum(gateway, 'diary_gateway_upstream_request_duration_seconds'),
    lookups:
      (await metricSum(gateway, 'diary_gateway_cache_events_total')) -
      (await metricSum(gateway, 'diary_gateway_cache_events_total', { outcome: 'renewed' })),
    renewed:
      (await metricValue(gateway.gateway.metrics, 'diary_gateway_answer_cache_events_total', { outcome: 'renewed' })) ??
      0,
  });
  const before = await counts();
  const answer = await request();
  const after = await counts();
  return {
    answer,
    calls: after.calls - before.calls,
    lookups: after.lookups - before.lookups,
    answerRenewed: after.renewed > before.renewed,
  };
}

describe('sending a kept answer again once its copies are renewed (answer cache on)', () => {
  async function startWithAnswers(query: string) {
    const clock = testClock();
    const gateway = await startTestGateway({ ...REFRESH_DATA, ANSWER_CACHE: 'on' }, clock.now);
    const dashboard = async () => {
      clock.advance(1_000);
      return noErrors(await gateway.graphql<Dashboard>(query, DAYS));
    };
    // The structure first (its copies keep no journal), then the data on it: that answer is kept.
    await dashboard();
    const kept = await dashboard();
    return { gateway, dashboard, kept };
  }

  it('should ask every diary again and send the kept answer, running nothing, while nothing changed', async () => {
    const { gateway, dashboard, kept } = await startWithAnswers(DASHBOARD_WITHOUT_FETCH_TIMES);
    const before = await renewals(gateway);
    const again = await costOf(gateway, dashboard);
    expect(again.answerRenewed).toBe(true);
    expect(again.answer).toEqual(kept);
    expect(again.calls).toBeGreaterThan(0); // the diaries were asked…
    expect(again.lookups).toBe(0); // …and no loader ran
    const after = await renewals(gateway);
    for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
      expect(after[provider] ?? 0, provider).toBeGreaterThan(before[provider] ?? 0);
    }
  });

  it('should run the request when a diary’s answer changed, asking no diary twice, and show the new marks', async () => {
    const { gateway, dashboard, kept } = await startWithAnswers(DASHBOARD_WITHOUT_FETCH_TIMES);
    const quiet = await costOf(gateway, dashboard);
    const children = gateway.gateway.demo!.family.children;
    for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
      enterMark(
        children.find((child) => child.provider === provider)!,
        '2',
        DAYS.today,
      );
    }
    const marked = await costOf(gateway, dashboard);
    expect(marked.answerRenewed).toBe(false);
    expect(gradeCount(marked.answer)).toBe(gradeCount(kept) + 3);
    expect(marked.lookups).toBeGreaterThan(0);
    // The calls the renewal made answered the loaders' own: as many as a renewal alone makes.
    expect(marked.calls).toBe(quiet.calls);
    const next = await costOf(gateway, dashboard);
    expect(next.answer).toEqual(marked.answer);
  });

  it('should never renew an answer that shows fetch times (the client’s own dashboard): it runs', async () => {
    const { gateway, dashboard } = await startWithAnswers(DASHBOARD);
    const again = await costOf(gateway, dashboard);
    expect(again.answerRenewed).toBe(false);
    expect(again.lookups).toBeGreaterThan(0);
  });
});
