/**
 * Sizing per family (issue 18: "sizing per 1,000 families — memory, Redis memory, upstream calls per hour —
 * from the benchmark"), for the bench's family (two children on МЭШ and Dnevnik.ru, the bench dashboard) and
 * the README's demo family (four diary accounts, the family page's own `Dashboard` operation):
 *
 * - **Redis memory**: gateways on `STORE=redis` with their cache in Redis, production settings otherwise;
 *   after one dashboard per family, `MEMORY USAGE` of every key under the gateway's prefix, summed by kind
 *   (`{store}`, `cache`, `rate`, `apq`) and divided by the families measured.
 * - **Upstream calls per family-hour**, compressed in time: every freshness window ÷ 60 (`CACHE_FRESHNESS`,
 *   `CACHE_PARTIAL_FRESH_S`) and one dashboard every second (or every 10 s) for a minute, which stands for one every minute (or every
 *   10 minutes) for an hour, starting cold. Counted where the bench always counts: at the bench's proxies
 *   (every attempt, background revalidations included) and, for the demo family, by its simulators.
 * - Gateway memory per family is scenario 4's; the tables reuse it.
 *
 * Every "per 1,000 families" figure is the per-family one × 1,000 (`sizing.ts`), never a run of 1,000.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_FRESHNESS, DEFAULT_PARTIAL_FRESH_MS } from '../../src/config/cache-freshness.js';
import { dateInZone } from '../../src/domain/dates.js';
import type { DemoCalls, DemoGatewayOptions, DemoGatewayReady } from '../demo-gateway-process.js';
import { familyPageDashboard, familyPageRange, postFamilyPageDashboard } from '../family-page.js';
import { postGraphql, readCalls, startGateway, type Harness } from '../harness.js';
import { startChild, type BenchChild } from '../processes.js';
import { acquireRedis, type BenchRedis } from '../redis-memory.js';
import { gatewayEnvironment } from '../settings.js';
import { compressedFreshness, sumByKind, TIME_COMPRESSION, type RedisUsage } from '../sizing.js';
import { createValidator, ValidationTally, type ValidationSummary } from '../validate.js';
import { totalCalls } from './calls.js';
import type { Dashboard } from './golden.js';
import { cadences, callsRun, view, type Cadence, type CallsRun, type SizedFamily } from './sizing-views.js';

export type { Cadence, CallsRun, SizedFamily } from './sizing-views.js';

/** Redis memory of one family kind after one dashboard each. */
export interface RedisMeasurement {
  family: SizedFamily;
  /** The gateway's `REDIS_KEY_PREFIX` (the bench's own, deleted afterwards). */
  prefix: string;
  usage: RedisUsage;
  /** Growth of `INFO memory` `used_memory` over the measurement (private server only; includes Redis's own buffers). */
  usedMemoryGrowthBytes: number | null;
  validation: ValidationSummary;
}

/** The scenario's result. */
export interface SizingResult {
  /** Which Redis was used, or why none. */
  redis: { kind: BenchRedis['kind'] | null; note: string };
  compression: number;
  /** The compressed `CACHE_FRESHNESS` of the counting runs. */
  freshness: string;
  /** The compressed `CACHE_PARTIAL_FRESH_S` of the counting runs (a partial copy's window, ÷ the same factor). */
  partialFreshS: number;
  redisUsage: RedisMeasurement[];
  calls: CallsRun[];
  /** Why the demo family was not measured, when it was not. */
  demoNote: string | null;
}

/** The store and cache variables of a gateway on `redis` under `prefix`, or on the memory store without one. */
function redisEnvironment(redis: BenchRedis | null, prefix: string | null): Record<string, string> {
  if (!redis || !prefix) return { STORE: 'memory' };
  return { STORE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
}

/** Redis keys under `prefix`, summed by kind for `families` families; `usedBefore` for the growth figure. */
async function measureRedis(
  redis: BenchRedis,
  family: SizedFamily,
  prefix: string,
  families: number,
  usedBefore: number | null,
  validation: ValidationSummary,
): Promise<RedisMeasurement> {
  const usage = sumByKind(await redis.usage(prefix), prefix, families);
  const usedAfter = redis.kind === 'private' ? await redis.usedMemory() : null;
  return {
    family,
    prefix,
    usage,
    usedMemoryGrowthBytes: usedBefore === null || usedAfter === null ? null : usedAfter - usedBefore,
    validation,
  };
}

/**
 * The bench family's Redis: a gateway with production settings (the bench's rate-limit and freshness
 * overrides dropped) on `STORE=redis`, every seeded family (the probe too) served one dashboard, one at a
 * time, so everything under the prefix belongs to that many identical families.
 */
async function benchFamilyRedis(harness: Harness, dashboard: Dashboard, redis: BenchRedis): Promise<RedisMeasurement> {
  const families = harness.settings.sizingFamilies;
  const prefix = redis.prefix('store');
  const usedBefore = redis.kind === 'private' ? await redis.usedMemory() : null;
  harness.progress(`sizing: Redis of the bench family, ${families + 1} families on STORE=redis, one dashboard each`);
  const gateway = await startGateway(harness, 'gateway-sizing-redis', redisEnvironment(redis, prefix), {
    families,
    defaults: ['SESSION_RATE_LIMIT_PER_MINUTE', 'UPSTREAM_RATE_LIMIT_PER_SECOND', 'CACHE_FRESHNESS'],
  });
  try {
    const validate = createValidator({ kind: 'revalidating', golden: dashboard.golden });
    const tally = new ValidationTally();
    for (const session of [...gateway.sessions, gateway.probe]) {
      const answer = await postGraphql(gateway.url, session, dashboard.body);
      tally.add(validate(answer.status, answer.text));
    }
    await sleep(200); // writes the answer did not wait for (none known), before the walk
    return await measureRedis(redis, 'bench family', prefix, families + 1, usedBefore, tally.result());
  } finally {
    await gateway.child.stop();
    await redis.clear(prefix);
  }
}

/** The bench family's calls on every cadence: one gateway, fresh families for each cadence. */
async function benchFamilyCalls(
  harness: Harness,
  dashboard: Dashboard,
  redis: BenchRedis | null,
  windows: CompressedWindows,
  plan: Cadence[],
): Promise<CallsRun[]> {
  const perCadence = harness.settings.sizingHourFamilies;
  const prefix = redis?.prefix('hour') ?? null;
  const gateway = await startGateway(
    harness,
    'gateway-sizing-calls',
    { ...redisEnvironment(redis, prefix), ...windows },
    { families: perCadence * plan.length },
  );
  try {
    const runs: CallsRun[] = [];
    for (const [index, cadence] of plan.entries()) {
      const sessions = gateway.sessions.slice(index * perCadence, (index + 1) * perCadence);
      let bySource: Record<string, number> = {};
      const viewed = await view(
        {
          sessions,
          post: (session) => postGraphql(gateway.url, session, dashboard.body),
          async calls(clear) {
            const calls = await readCalls(harness, clear);
            if (clear)
              bySource = Object.fromEntries(Object.entries(calls).map(([name, each]) => [name, each?.total ?? 0]));
            return totalCalls(calls);
          },
          validation: { kind: 'revalidating', golden: dashboard.golden },
        },
        cadence,
      );
      runs.push(callsRun('bench family', cadence, sessions.length, viewed, bySource));
    }
    return runs;
  } finally {
    await gateway.child.stop();
    if (prefix) await redis?.clear(prefix);
  }
}

/** Starts a demo-mode gateway (its own simulators inside) on `prefix`. */
async function startDemoGateway(
  harness: Harness,
  name: string,
  environment: Record<string, string>,
): Promise<{ child: BenchChild; ready: DemoGatewayReady }> {
  const options: DemoGatewayOptions = { environment };
  return startChild<DemoGatewayReady>({
    name,
    entry: 'demo-gateway-process.js',
    role: 'system-under-test',
    pinning: harness.pinning,
    options,
    logDirectory: harness.logDirectory,
  });
}

/**
 * The demo family on each cadence, a new demo gateway (new prefix, cold cache) per cadence; during the first,
 * its Redis after the first dashboard.
 */
async function demoFamily(
  harness: Harness,
  redis: BenchRedis | null,
  windows: CompressedWindows,
  plan: Cadence[],
): Promise<{ runs: CallsRun[]; redisUsage: RedisMeasurement | null }> {
  const operation = familyPageDashboard();
  const range = familyPageRange(dateInZone(new Date(), 'Europe/Moscow'));
  const runs: CallsRun[] = [];
  let redisUsage: RedisMeasurement | null = null;
  for (const [index, cadence] of plan.entries()) {
    const prefix = redis?.prefix(`demo${index}`) ?? null;
    // `DEMO=on` as `npm start` runs it (its simulators answer at once: DEMO_LATENCY_MS's default of 0).
    const environment = gatewayEnvironment(
      harness.idSecret,
      {},
      {
        DEMO: 'on',
        ...redisEnvironment(redis, prefix),
        ...windows,
      },
    );
    const { child, ready } = await startDemoGateway(harness, `gateway-sizing-demo-${index}`, environment);
    try {
      let bySource: Record<string, number> = {};
      const viewed = await view(
        {
          sessions: [ready.token],
          post: (token) => postFamilyPageDashboard(ready.url, token, operation, range),
          async calls(clear) {
            const calls = await child.call<DemoCalls>({ type: 'calls', clear });
            if (clear) bySource = calls.bySimulator;
            return calls.total;
          },
          validation: 'first-answer',
          afterFirstView:
            redis && prefix && index === 0
              ? async () => {
                  await sleep(200); // as for the bench family: before the walk
                  // `view` has checked the first answer (no errors, children listed) before calling this.
                  const checked = { checked: 1, valid: 1, invalid: 0, reasons: {}, examples: {} };
                  redisUsage = await measureRedis(redis, 'demo family', prefix, 1, null, checked);
                }
              : undefined,
        },
        cadence,
      );
      runs.push(callsRun('demo family', cadence, 1, viewed, bySource));
    } finally {
      await child.stop();
      if (prefix) await redis?.clear(prefix);
    }
  }
  return { runs, redisUsage };
}

/** The time windows of the counting runs' gateways, compressed. */
type CompressedWindows = { CACHE_FRESHNESS: string; CACHE_PARTIAL_FRESH_S: string };

/** Runs the scenario; the bench family's and the demo family's counting runs go side by side (separate counts). */
export async function measureSizing(harness: Harness, dashboard: Dashboard): Promise<SizingResult> {
  const freshness = compressedFreshness(DEFAULT_FRESHNESS, TIME_COMPRESSION);
  // A partial copy's window is compressed too: uncompressed, a side route's one failure would stand for
  // the whole compressed hour, where it stands for a minute in real time. Whole seconds, as the variable takes.
  const partialFreshS = Math.max(1, Math.round(DEFAULT_PARTIAL_FRESH_MS / 1000 / TIME_COMPRESSION));
  const windows: CompressedWindows = { CACHE_FRESHNESS: freshness, CACHE_PARTIAL_FRESH_S: String(partialFreshS) };
  const { redis, note } = await acquireRedis(harness.pinning, harness.logDirectory);
  harness.progress(`sizing: ${note}`);
  try {
    const redisUsage: RedisMeasurement[] = [];
    if (redis) redisUsage.push(await benchFamilyRedis(harness, dashboard, redis));
    const plan = cadences(harness);
    harness.progress(
      `sizing: upstream calls, windows ÷ ${TIME_COMPRESSION}, ${plan.map((each) => `${each.views} views ${each.label}`).join(', then ')}; bench family (${harness.settings.sizingHourFamilies} at once) beside the demo family`,
    );
    let demoNote: string | null = null;
    const [bench, demo] = await Promise.all([
      benchFamilyCalls(harness, dashboard, redis, windows, plan),
      demoFamily(harness, redis, windows, plan).catch((error: unknown) => {
        demoNote = `the demo family was not measured: ${error instanceof Error ? error.message : String(error)}`;
        return { runs: [], redisUsage: null };
      }),
    ]);
    if (demo.redisUsage) redisUsage.push(demo.redisUsage);
    return {
      redis: { kind: redis?.kind ?? null, note },
      compression: TIME_COMPRESSION,
      freshness,
      partialFreshS,
      redisUsage,
      calls: [...bench, ...demo.runs],
      demoNote,
    };
  } finally {
    await redis?.dispose();
  }
}
