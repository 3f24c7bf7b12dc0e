/**
 * The sizing scenario's tables: Redis memory by kind, upstream calls per family-hour, and the summary per
 * 1,000 families in the shape of docs/deployment.md's sizing table. Pure, like tables.ts.
 */
import { formatCount, formatRatio, formatValidated, type Table } from './report.js';
import type { CallsResult } from './scenarios/calls.js';
import type { MemoryResult } from './scenarios/memory.js';
import type { CallsRun, RedisMeasurement, SizingResult } from './scenarios/sizing.js';
import { FAMILIES_PER_LINE, perThousandFamilies, type KindUsage } from './sizing.js';
import { clientWords, invalidNotes } from './tables.js';

/** Bytes as `812 B`, `11.5 KB`, `0.85 MB`, `1.2 GB` (decimal units, as `MEMORY USAGE` counts bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const units: [number, string][] = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(bytes) >= size) {
      const value = bytes / size;
      return `${value >= 100 ? Math.round(value) : value.toFixed(value >= 10 ? 1 : 2)} ${unit}`;
    }
  }
  return `${Math.round(bytes)} B`;
}

/** A per-family key count: whole when whole, else one decimal. */
function formatKeys(keys: number): string {
  return Number.isInteger(keys) ? String(keys) : keys.toFixed(1);
}

const SCALES: Record<KindUsage['kind'], string> = {
  '{store}': 'families (users, accounts, sessions)',
  cache: 'families active within STALE_IF_ERROR_MAX_AGE_S',
  rate: 'sessions in the last second or so (buckets expire once full again)',
  apq: 'operations, not families (shared)',
  other: '–',
};

function redisRows(measurement: RedisMeasurement): string[][] {
  const kinds = measurement.usage.kinds.filter(
    (each) => each.kind !== 'other' || each.familyKeys + each.sharedKeys > 0,
  );
  return [...kinds, { ...measurement.usage.total, kind: 'total' as KindUsage['kind'] }].map((each) => [
    measurement.family,
    each.kind,
    formatKeys(each.keysPerFamily),
    formatBytes(each.bytesPerFamily),
    formatBytes(each.bytesPer1000Families),
    each.sharedKeys ? `${each.sharedKeys} keys, ${formatBytes(each.sharedBytes)}` : '–',
    SCALES[each.kind] ?? '',
    formatValidated(measurement.validation),
  ]);
}

/** Redis memory per family, by kind. */
export function sizingRedisTable(sizing: SizingResult): Table {
  return {
    title: 'Sizing: Redis memory per family after one dashboard (STORE=redis, cache in Redis; MEMORY USAGE by kind)',
    columns: [
      'family',
      'kind',
      'keys per family',
      'bytes per family',
      `per ${formatCount(FAMILIES_PER_LINE)} families (× ${formatCount(FAMILIES_PER_LINE)})`,
      'shared by all families (once)',
      'grows with',
      'validated',
    ],
    rows: sizing.redisUsage.flatMap(redisRows),
    notes: [
      `Redis: ${sizing.redis.note}`,
      ...sizing.redisUsage.map(
        (each) =>
          `${each.family}: ${each.usage.families} families measured under their own prefix; ${formatCount(each.usage.total.familyKeys)} keys, ${formatBytes(each.usage.total.familyBytes)} of them per family${each.usedMemoryGrowthBytes === null ? '' : `; INFO used_memory grew ${formatBytes(each.usedMemoryGrowthBytes)} (Redis's own buffers and dictionaries included)`}`,
      ),
      ...sizing.redisUsage.flatMap((each) => invalidNotes(`${each.family} dashboards`, each.validation)),
    ],
  };
}

function callsRow(run: CallsRun): string[] {
  const stale = run.validation.staleMarked ?? 0;
  return [
    run.family,
    run.cadence,
    String(run.families),
    `${run.viewsPerFamily} (${run.windowMinutes} min)`,
    run.firstViewCallsPerFamily.toFixed(run.firstViewCallsPerFamily % 1 ? 1 : 0),
    formatCount(run.calls),
    formatCount(run.perFamilyHour),
    formatCount(run.per1000FamiliesHour),
    run.per1000FamiliesPerSecond.toFixed(1),
    String(run.lateViews),
    `${formatValidated(run.validation)}, ${formatCount(stale)} with a part served stale`,
  ];
}

/** Upstream calls per family-hour, compressed. */
export function sizingCallsTable(sizing: SizingResult): Table {
  const scaled = sizing.calls.filter((run) => run.windowMinutes !== 60);
  return {
    title: `Sizing: upstream calls per family-hour (freshness windows ÷ ${sizing.compression}, one second for a minute, from cold)`,
    columns: [
      'family',
      'cadence',
      'families',
      'views each (window)',
      'first view, calls/family',
      'calls (all families)',
      'calls per family-hour',
      `per ${formatCount(FAMILIES_PER_LINE)} families-hour (× ${formatCount(FAMILIES_PER_LINE)})`,
      `calls/s for ${formatCount(FAMILIES_PER_LINE)} families`,
      'late views',
      'validated',
    ],
    rows: sizing.calls.map(callsRow),
    notes: [
      `CACHE_FRESHNESS=${sizing.freshness} and CACHE_PARTIAL_FRESH_S=${sizing.partialFreshS} (every default window ÷ ${sizing.compression}); background revalidations counted (the runs end when no call came for a second)`,
      'bench family: counted at the bench proxies in front of the simulators; demo family: by its four simulators (inside the demo gateway)',
      ...sizing.calls.map(
        (run) =>
          `${run.family}, ${run.cadence}: by diary ${Object.entries(run.callsBySource)
            .map(([source, count]) => `${source} ${count}`)
            .join(', ')}`,
      ),
      ...(scaled.length
        ? [
            `SCALED, not measured: ${scaled.map((run) => `${run.family} ${run.cadence} (${run.windowMinutes} min × ${formatRatio(60 / run.windowMinutes)})`).join('; ')} — a window shorter than an hour over-weights the cold first view and misses the refreshes of the longer windows (subjects and periods every 30 minutes, the schedule every 60): not an hour's figure`,
          ]
        : []),
      ...(sizing.demoNote ? [`NOTE: ${sizing.demoNote}`] : []),
      ...sizing.calls.flatMap((run) => invalidNotes(`${run.family}, ${run.cadence}`, run.validation)),
    ],
  };
}

const MIB = 2 ** 20;
const KIB = 2 ** 10;

/**
 * The summary in the deployment guide's shape: resource, family, per family, per 1,000 families (always
 * the per-family figure × 1,000), and where it comes from.
 */
export function sizingSummaryTable(sizing: SizingResult, memory: MemoryResult, calls: CallsResult): Table {
  const rows: string[][] = [];
  for (const measurement of sizing.redisUsage) {
    for (const kind of measurement.usage.kinds.filter((each) => each.kind === '{store}' || each.kind === 'cache')) {
      rows.push([
        `Redis, ${kind.kind === 'cache' ? 'shared cache' : 'store'}`,
        measurement.family,
        `${formatKeys(kind.keysPerFamily)} keys, ${formatBytes(kind.bytesPerFamily)}`,
        formatBytes(kind.bytesPer1000Families),
        'sizing (MEMORY USAGE)',
      ]);
    }
  }
  rows.push(
    [
      'gateway heap, in-process cache',
      'bench family',
      `${memory.cacheKibPerFamily.toFixed(0)} KiB`,
      `${((perThousandFamilies(memory.cacheKibPerFamily) * KIB) / MIB).toFixed(0)} MiB (bounded by CACHE_MAX_ENTRIES)`,
      `memory (${formatCount(memory.families)} families)`,
    ],
    ...[memory.sessions.gzip, memory.sessions.plain].map((run) => [
      `gateway RSS per concurrent session (${clientWords(run)})`,
      'bench family',
      run.kibPerConcurrentSession === null ? '–' : `${run.kibPerConcurrentSession.toFixed(0)} KiB`,
      run.kibPerConcurrentSession === null
        ? '–'
        : `${((perThousandFamilies(run.kibPerConcurrentSession) * KIB) / MIB).toFixed(0)} MiB`,
      `memory (${formatCount(memory.families)} sessions at once)`,
    ]),
    ['gateway RSS idle', '–', '–', `${memory.idle.rssMiB.toFixed(0)} MiB per replica`, 'memory'],
    [
      'upstream calls, first dashboard',
      'bench family',
      `${calls.coldPerQuery[0] ?? '–'} calls`,
      '–',
      'upstream calls (cold)',
    ],
  );
  for (const run of sizing.calls.filter((each) => each.family === 'demo family').slice(0, 1)) {
    rows.push([
      'upstream calls, first dashboard',
      run.family,
      `${run.firstViewCallsPerFamily.toFixed(0)} calls`,
      '–',
      'sizing (first view)',
    ]);
  }
  for (const run of sizing.calls) {
    rows.push([
      `upstream calls, ${run.cadence} for an hour`,
      run.family,
      `${formatCount(run.perFamilyHour)} calls/hour`,
      `${formatCount(run.per1000FamiliesHour)} calls/hour (${run.per1000FamiliesPerSecond.toFixed(1)}/s)`,
      `sizing (${run.windowMinutes === 60 ? 'a compressed hour' : `SCALED from ${run.windowMinutes} min`})`,
    ]);
  }
  return {
    title: `Sizing per ${formatCount(FAMILIES_PER_LINE)} families (each "per ${formatCount(FAMILIES_PER_LINE)}" = per family × ${formatCount(FAMILIES_PER_LINE)})`,
    columns: ['resource', 'family', 'per family', `per ${formatCount(FAMILIES_PER_LINE)} families`, 'scenario'],
    rows,
  };
}
