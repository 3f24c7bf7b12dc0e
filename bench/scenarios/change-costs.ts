/**
 * What the change detector's polls cost the diaries (issue 16), counted by the simulators: one family (one
 * account per diary), its first poll (the baseline, cold: structure and data), then each watched resource
 * polled alone, as the schedule polls it in steady state (each resource falls due on its own jittered
 * clock). Data is read from the diary on every poll (`CACHE_FRESHNESS` 0 for the detected resources, as
 * past their fresh window in production); the structure (profile, periods, subjects, days off) stays cached,
 * as it is for hours. Calls an hour at the default schedule are these costs × polls an hour
 * (`changes-schedule.ts`, from the detector's own `nextDue`).
 */
import { DEFAULT_POLL_INTERVALS, WATCHED_RESOURCES, type WatchedResource } from '../../src/config/change-polling.js';
import { callsPerHour, hourMoments, pollsPerHour, type HourKind } from '../changes-schedule.js';
import { CHANGE_GATEWAY_DEFAULTS, pollOutcomes, sleep } from '../changes-timing.js';
import { readCalls, startGateway, type Harness } from '../harness.js';
import { benchAccounts, type BenchProvider } from '../providers.js';
import { DATA_REVALIDATE } from '../settings.js';
import { byRouteTemplate } from './calls.js';

/** One diary account of the family. */
export interface PolledAccount {
  provider: BenchProvider;
  /** Children the account shows (each polled). */
  children: number;
  /** The zone of its first child: the schedule's night and day off are that school's. */
  timeZone: string;
}

/** The costs and what they make an hour. */
export interface PollCostsResult {
  accounts: PolledAccount[];
  /** The first poll (baseline: structure and data, nothing cached), calls by provider and route. */
  cold: Partial<Record<BenchProvider, Record<string, number>>>;
  /** A poll of every resource with the structure cached, by provider and route. */
  everything: Partial<Record<BenchProvider, Record<string, number>>>;
  /** Each resource polled alone: calls by provider and route. */
  perResource: Record<WatchedResource, Partial<Record<BenchProvider, Record<string, number>>>>;
  /**
   * Measurements in which a poll did not end `ok` (a diary read failed or timed out on the busy machine), even
   * after one retry: their counts are short of a whole poll's. Empty when every poll read everything.
   */
  incomplete: string[];
  /** Calls an hour per account at the default schedule, by kind of hour. */
  perHour: Partial<Record<BenchProvider, Record<HourKind, number>>>;
  /** Polls an hour of each resource at the default schedule (the same for every zone). */
  pollsPerHour: Record<HourKind, Record<WatchedResource, number>>;
}

/** Sum of a per-route table. */
const sum = (byRoute: Readonly<Record<string, number>> | undefined) =>
  Object.values(byRoute ?? {}).reduce((total, count) => total + count, 0);

/** A resource's calls per poll for one provider. */
export function callsPerPoll(
  costs: Pick<PollCostsResult, 'perResource'>,
  provider: BenchProvider,
): Record<WatchedResource, number> {
  const calls = {} as Record<WatchedResource, number>;
  for (const resource of WATCHED_RESOURCES) calls[resource] = sum(costs.perResource[resource][provider]);
  return calls;
}

/** The run's accounts: one per diary, as `gateway-process.ts` links them for each family. */
export function polledAccounts(harness: Harness): PolledAccount[] {
  return benchAccounts(harness.family, harness.providers).map((account) => {
    const first = harness.family.children.find((child) => child.key === account.childKeys[0]);
    return {
      provider: account.provider,
      children: account.childKeys.length,
      timeZone: first?.timeZone ?? 'Europe/Moscow',
    };
  });
}

/** Counts the calls of the polls on a gateway of its own (one family), then stops it. */
export async function measurePollCosts(harness: Harness): Promise<PollCostsResult> {
  harness.progress('changes: calls per poll, each resource alone (one family, data read from the diaries)');
  const gateway = await startGateway(
    harness,
    'gateway-changes-costs',
    { CHANGE_DETECTION: 'off', CACHE_FRESHNESS: DATA_REVALIDATE },
    { families: 0, defaults: CHANGE_GATEWAY_DEFAULTS },
  );
  try {
    await readCalls(harness);
    const incomplete: string[] = [];
    const accountCount = harness.providers.length;
    // One poll per account; a poll that did not end `ok` read less than a whole poll: measured again once
    // (not the first poll: a second one would not be cold).
    const measure = async (resources?: readonly WatchedResource[], attempts = 2) => {
      for (let attempt = 1; ; attempt++) {
        const before = (await pollOutcomes(gateway)).ok ?? 0;
        await gateway.detect(resources);
        const calls = byRouteTemplate(await readCalls(harness));
        if ((await pollOutcomes(gateway)).ok === before + accountCount) return calls;
        if (attempt >= attempts) {
          incomplete.push(resources?.join(', ') ?? (attempts === 1 ? 'the first poll' : 'every resource'));
          return calls;
        }
        await sleep(3000);
      }
    };
    const cold = await measure(undefined, 1);
    const everything = await measure();
    const perResource = {} as PollCostsResult['perResource'];
    for (const resource of WATCHED_RESOURCES) perResource[resource] = await measure([resource]);
    const accounts = polledAccounts(harness);
    const reference = hourMoments('Europe/Moscow');
    const kinds = Object.keys(reference) as HourKind[];
    const polls = {} as PollCostsResult['pollsPerHour'];
    for (const kind of kinds) polls[kind] = pollsPerHour(DEFAULT_POLL_INTERVALS, reference[kind]);
    const perHour: PollCostsResult['perHour'] = {};
    for (const account of accounts) {
      const moments = hourMoments(account.timeZone);
      const costs = callsPerPoll({ perResource }, account.provider);
      perHour[account.provider] = Object.fromEntries(
        kinds.map((kind) => [kind, callsPerHour(costs, pollsPerHour(DEFAULT_POLL_INTERVALS, moments[kind]))]),
      ) as Record<HourKind, number>;
    }
    return { accounts, cold, everything, perResource, incomplete, perHour, pollsPerHour: polls };
  } finally {
    await gateway.child.stop();
  }
}
