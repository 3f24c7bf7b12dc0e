/**
 * Turns scenario results into the printed tables and the issue's goal verdicts. Pure: the same
 * results always print the same tables.
 */
import {
  formatCount,
  formatMiB,
  formatMs,
  formatRatio,
  formatShare,
  formatValidated,
  type GoalVerdict,
  type Table,
} from './report.js';
import type { CallsResult } from './scenarios/calls.js';
import type { ChangesResult } from './scenarios/changes.js';
import type { ColdResult } from './scenarios/cold.js';
import type { FaultsResult } from './scenarios/faults.js';
import type { InputsResult } from './scenarios/inputs.js';
import type { MemoryResult, SessionsRun } from './scenarios/memory.js';
import type { RevalidatedResult } from './scenarios/revalidated.js';
import type { SizingResult } from './scenarios/sizing.js';
import type { WarmResult } from './scenarios/warm.js';
import { median } from './stats.js';
import type { ValidationSummary } from './validate.js';

/** Everything one run measured (also the JSON written to bench/results). */
export interface ScenarioResults {
  calls: CallsResult;
  cold: ColdResult[];
  warm: WarmResult;
  memory: MemoryResult;
  revalidated: RevalidatedResult;
  /**
   * The same scenario on a gateway with `CACHE_RENEWAL=off` (every copy rebuilt: the path before renewal), and on
   * the renewing gateway while every answer changes its bytes; `null` in runs made before renewal existed.
   */
  revalidatedRebuilt?: RevalidatedResult | null;
  revalidatedChanging?: RevalidatedResult | null;
  /** Copies renewed, the answer cache off: every answer run on renewed copies (absent in older runs). */
  revalidatedAnswerRun?: RevalidatedResult | null;
  faults: FaultsResult | null;
  inputs: InputsResult;
  sizing: SizingResult;
  /** Issue 16: change detection's calls, the delay to a subscriber, memory and fan-out of subscriptions. */
  changes: ChangesResult;
}

/**
 * The most a step of 10× length may cost for the name functions to count as linear. Linear is about 10×
 * and quadratic about 100×; on a shared 2-core box a single step was seen up to about 27× for linear code
 * (the 100,000-character strings leave the CPU caches, and other processes interfere), so 30× keeps the
 * verdict about the algorithm, not the noise.
 */
export const MAX_LINEAR_GROWTH = 30;

/** Notes listing why answers were invalid, with one example each (nothing when all were valid). */
export function invalidNotes(label: string, summary: ValidationSummary): string[] {
  return Object.entries(summary.reasons).map(
    ([reason, count]) =>
      `${label}: ${count} × ${reason}${summary.examples[reason] ? ` — e.g. ${summary.examples[reason]}` : ''}`,
  );
}

const range = (values: readonly number[]) => (values.length ? `${Math.min(...values)}–${Math.max(...values)}` : '–');

/** Upstream calls per query against the minimum. */
export function callsTable(calls: CallsResult): Table {
  const routes = Object.entries(calls.coldByRoute).flatMap(([provider, byRoute]) =>
    Object.entries(byRoute).map(
      ([route, count]) =>
        `${provider} ${route} ×${count} (min ${calls.minimumByRoute[provider as 'MESH']?.[route] ?? 0})`,
    ),
  );
  return {
    title: 'Upstream calls per dashboard query (counted by the simulators)',
    columns: ['cache', 'queries', 'calls per query', 'theoretical minimum', 'equal', 'validated'],
    rows: [
      [
        'cold (new family)',
        String(calls.coldPerQuery.length),
        range(calls.coldPerQuery),
        `${calls.minimum} (data ${calls.minimumData} + structure ${calls.minimumStructure})`,
        calls.differences.length === 0 && calls.coldPerQuery.every((n) => n === calls.minimum) ? 'yes' : 'NO',
        calls.invalid === 0 ? 'validated' : `INVALID ${calls.invalid}`,
      ],
      [
        'warm (same family, within freshness)',
        String(calls.warmPerQuery.length),
        range(calls.warmPerQuery),
        '0',
        calls.warmPerQuery.every((n) => n === 0) ? 'yes' : 'NO',
        calls.invalid === 0 ? 'validated' : `INVALID ${calls.invalid}`,
      ],
    ],
    notes: [
      `first cold query by route: ${routes.join('; ')}`,
      calls.differences.length
        ? `routes off the minimum: ${calls.differences.join('; ')}`
        : 'every route at its minimum in every sample',
      calls.duplicates.length
        ? `identical calls repeated within one query: ${calls.duplicates.join('; ')}`
        : 'no identical call repeated within a query',
      `calls counted by the proxies equal the simulators' own records: ${calls.simulatorsAgree ? 'yes' : 'NO'}`,
      `first cold query, calls in time order: ${calls.timeline.join('; ')}`,
      `longest chain of calls waiting for each other: ${calls.chainDepth}`,
      `the same queries' latency, each sent alone: cold median ${formatMs(median(calls.coldMs))}, warm median ${formatMs(median(calls.warmMs))}`,
    ],
  };
}

/** Cold-path latency against the slowest single upstream call. */
export function coldTable(cold: readonly ColdResult[], upstreamLatencyMs: number): Table {
  return {
    title: `Cold path: dashboard latency vs the slowest single upstream call (simulators at ${upstreamLatencyMs} ms)`,
    columns: [
      'variant',
      'primed by',
      'queries',
      'p50',
      'p99',
      'max',
      'slowest upstream call p50',
      'p50 ratio',
      'p99 ratio',
      'chain of waits',
      'p50 ÷ (chain × call)',
      'upstream calls/query',
      'of which structure',
      'gateway CPU/query',
      'validated',
    ],
    rows: cold.map((each) => [
      each.variant,
      each.primedBy,
      formatCount(each.load.requests),
      formatMs(each.load.latencyMs.p50),
      formatMs(each.load.latencyMs.p99),
      formatMs(each.load.latencyMs.max),
      `${formatMs(each.slowestCall.p50)} (${each.slowestCall.provider} ${each.slowestCall.route})`,
      formatRatio(each.ratioP50),
      formatRatio(each.ratioP99),
      String(each.chainDepth),
      formatRatio(each.ratioToChain),
      each.callsPerQuery.toFixed(1),
      each.structureCallsPerQuery.toFixed(1),
      formatMs(each.gatewayCpuMsPerQuery ?? Number.NaN),
      formatValidated(each.load.validation),
    ]),
    notes: [
      ...cold.map(
        (each) =>
          `${each.variant} (primed by ${each.primedBy}): one query alone took ${formatMs(each.aloneMs)} (${each.aloneValid ? 'validated' : 'INVALID answer'}); its longest chain of upstream calls waiting for each other is ${each.chainDepth} long; simulators' CPU per query ${formatMs(each.simulatorsCpuMsPerQuery ?? Number.NaN)}`,
      ),
      ...cold.flatMap((each) => invalidNotes(each.variant, each.load.validation)),
    ],
  };
}

/** Warm throughput, gateway vs baselines. */
export function warmTable(warm: WarmResult, connections: number): Table {
  return {
    title: `Warm cache: throughput at ${connections} connections (closed loop, no pipelining)`,
    columns: [
      'variant',
      'req/s median [min–max]',
      'p50',
      'p99',
      'server CPU',
      'req/s per CPU-s',
      'CPU per request',
      'vs gateway',
      'validated',
    ],
    rows: warm.variants.map((variant) => {
      const checked = variant.rounds.reduce((sum, each) => sum + each.load.validation.checked, 0);
      const invalid = variant.rounds.reduce((sum, each) => sum + each.load.validation.invalid, 0);
      return [
        variant.variant,
        `${formatCount(variant.medianRps)} [${formatCount(variant.minRps)}–${formatCount(variant.maxRps)}]`,
        formatMs(variant.medianP50),
        formatMs(variant.medianP99),
        variant.medianCpuPercent === null ? '–' : `${Math.round(variant.medianCpuPercent)}%`,
        variant.rpsPerCpuSecond === null ? '–' : formatCount(variant.rpsPerCpuSecond),
        formatMs(variant.cpuMsPerRequest ?? Number.NaN),
        formatRatio(warm.variants[0]!.medianRps / variant.medianRps),
        formatValidated({ checked, invalid }),
      ];
    }),
    notes: [
      `gateway ÷ B1h = ${formatRatio(warm.ratioToApollo)}, gateway ÷ B0 = ${formatRatio(warm.ratioToBare)}; CPU per request: gateway ÷ B1h = ${formatRatio(warm.cpuRatioToApollo)}`,
      warm.answerCacheOff
        ? `ANSWER_CACHE=off: ÷ B1h = ${formatRatio(warm.answerCacheOff.ratioToApollo)}, CPU per request ÷ B1h = ${formatRatio(warm.answerCacheOff.cpuRatioToApollo)}${warm.answerCacheKnown ? '' : ' — this build does not read ANSWER_CACHE, so both gateway rows are the same gateway'}`
        : 'ANSWER_CACHE=off: not run',
      ...(warm.profiles.length ? [`warm-only CPU profiles: ${warm.profiles.join(', ')}`] : []),
      `upstream calls during the gateway's warm rounds: ${warm.upstreamCalls}`,
      `load generator CPU (max over rounds): ${Math.round(Math.max(...warm.variants.flatMap((v) => v.rounds.map((r) => r.load.loadCpuPercent))))}% of core 0`,
      ...warm.variants.flatMap((variant) =>
        variant.rounds.flatMap((each) => invalidNotes(variant.variant, each.load.validation)),
      ),
    ],
  };
}

/** Memory figures. */
export function memoryTable(memory: MemoryResult): Table {
  return {
    title: 'Memory of the gateway process',
    columns: ['point', 'RSS', 'heap used (after GC)', 'validated'],
    rows: [
      [
        'idle (1,001 families seeded, nothing cached)',
        formatMiB(memory.idle.rssMiB),
        formatMiB(memory.idle.heapUsedMiB),
        '–',
      ],
      [
        `${formatCount(memory.families)} families served once (cache filled), idle`,
        formatMiB(memory.served.rssMiB),
        formatMiB(memory.served.heapUsedMiB),
        memory.fill.stillInvalid === 0
          ? `validated (${formatCount(memory.fill.families)}/${formatCount(memory.fill.families)})`
          : `INVALID ${memory.fill.stillInvalid}/${memory.fill.families}`,
      ],
      ...sessionRows(memory, memory.sessions.gzip),
      ...sessionRows(memory, memory.sessions.plain),
    ],
    notes: [
      `cache per family: (heap used + external after filling − the same idle) ÷ families = ${memory.cacheKibPerFamily.toFixed(0)} KiB`,
      ...[memory.sessions.gzip, memory.sessions.plain].map(
        (run) =>
          `per concurrent session, ${clientWords(run)}: (median RSS during the run − RSS after filling) ÷ sessions = ${run.rssKibPerSession.toFixed(1)} KiB; heap + external the same way = ${run.heapKibPerSession.toFixed(1)} KiB; issue 6's way, (peak RSS − RSS after filling) ÷ sessions = ${run.kibPerConcurrentSession === null ? '–' : `${run.kibPerConcurrentSession.toFixed(1)} KiB`}; ${formatCount(run.concurrent.rps)} req/s, p50 ${formatMs(run.concurrent.latencyMs.p50)}, p99 ${formatMs(run.concurrent.latencyMs.p99)}; answers kept / run: ${formatCount(run.answers.kept)} / ${formatCount(run.answers.run)}`,
      ),
      `idle and filled figures are medians of ${memory.samples} readings, each after a forced GC; the sessions ran with clients taking gzip first, then without`,
      `filling: ${memory.fill.retried} answers were partial (deadline under the fill's own load) and asked again; ${memory.fill.stillInvalid} never complete`,
      ...invalidNotes('concurrent, gzip', memory.sessions.gzip.concurrent.validation),
      ...invalidNotes('concurrent, no gzip', memory.sessions.plain.concurrent.validation),
    ],
  };
}

/** How a sessions run's clients are named in the tables. */
export function clientWords(run: SessionsRun): string {
  return run.client === 'gzip' ? 'clients taking gzip' : 'clients taking no gzip';
}

/** The memory table's two rows of one sessions run: its RSS peak and its medians after GC. */
function sessionRows(memory: MemoryResult, run: SessionsRun): string[][] {
  const sessions = `${formatCount(memory.families)} concurrent sessions, ${clientWords(run)}`;
  return [
    [`peak with ${sessions}`, formatMiB(run.peakRssMiB), '–', formatValidated(run.concurrent.validation)],
    [
      `${sessions}, median of ${memory.samples} readings after GC`,
      formatMiB(run.concurrentMedian.rssMiB),
      `${formatMiB(run.concurrentMedian.heapUsedMiB)} (+ ${formatMiB(run.concurrentMedian.externalMiB)} external)`,
      formatValidated(run.concurrent.validation),
    ],
  ];
}

/** The fault phases. */
export function faultsTable(faults: FaultsResult): Table {
  return {
    title: `Under faults: ${faults.failingProvider} failing (${faults.failing.join(', ')}), ${faults.healthy.length ? `${faults.healthy.join(', ')} healthy` : 'no healthy diary'}; every request revalidates`,
    columns: [
      'phase',
      'answers',
      'healthy child complete',
      'failing child fresh / stale copy / lists missing',
      'p50',
      'p99',
      `p99 ÷ deadline (${faults.deadlineMs} ms)`,
      'attempts/query at failing diary',
      'error codes (answers)',
      'validated',
    ],
    rows: faults.phases.map(({ phase, load, failingAttemptsPerQuery }) => {
      const v = load.validation;
      const failing = v.failing ?? { fresh: 0, stale: 0, partial: 0 };
      return [
        phase,
        formatCount(load.requests),
        faults.healthy.length ? formatShare(v.healthyData ?? 0, v.checked) : 'n/a',
        `${formatShare(failing.fresh, v.checked)} / ${formatShare(failing.stale, v.checked)} / ${formatShare(failing.partial, v.checked)}`,
        formatMs(load.latencyMs.p50),
        formatMs(load.latencyMs.p99),
        formatRatio(load.latencyMs.p99 / faults.deadlineMs),
        failingAttemptsPerQuery === null ? '–' : failingAttemptsPerQuery.toFixed(1),
        Object.entries(v.codes ?? {})
          .map(([code, count]) => `${code} ${count}`)
          .join(', ') || 'none',
        formatValidated(v),
      ];
    }),
    notes: [
      `priming: ${faults.prime.families} families served once while healthy (${faults.prime.retried} partial answers asked again, ${faults.prime.stillInvalid} never complete)`,
      ...faults.phases.flatMap((each) => invalidNotes(each.phase, each.load.validation)),
    ],
  };
}

/** Worst-case name inputs at growing lengths. */
export function inputsTable(inputs: InputsResult): Table {
  const lengths = inputs.scales.map((scale) => `${scale}× (${formatCount(inputs.baseLength * scale)})`);
  const steps = inputs.scales.slice(1).map((scale, index) => `growth ${inputs.scales[index]}×→${scale}×`);
  return {
    title: 'Worst-case name inputs (issue 10): time per call as the attacking run grows',
    columns: ['input', 'function', ...lengths, ...steps, 'validated'],
    rows: inputs.rows.map((row) => [
      row.input,
      row.fn,
      ...row.msPerCall.map((ms) => `${ms < 0.1 ? ms.toFixed(4) : ms.toFixed(2)} ms`),
      ...row.growth.map(formatRatio),
      formatValidated({ checked: row.calls, invalid: row.wrongAnswers }),
    ]),
    notes: [
      `linear code grows about 10× per 10× length, quadratic about 100×; worst growth here ${formatRatio(inputs.worstGrowth)}`,
      'at 1× fixed costs (NFKC, splitting, allocation) weigh more, so the first step is often below 10×',
    ],
  };
}

/** The issue's goals, judged from the results. */
export function goalVerdicts(results: ScenarioResults): GoalVerdict[] {
  const cold = results.cold[0]!;
  const { calls, warm, faults } = results;
  const faulty = faults?.phases.filter((each) => each.phase !== 'healthy') ?? [];
  const healthyShares = faulty.map(
    (each) => (each.load.validation.healthyData ?? 0) / Math.max(1, each.load.validation.checked),
  );
  const worstP99 = Math.max(...faulty.map((each) => each.load.latencyMs.p99));
  const down = faults?.phases.find((each) => each.phase === 'down');
  const staleShare = down
    ? (down.load.validation.failing?.stale ?? 0) / Math.max(1, down.load.validation.checked)
    : Number.NaN;
  return [
    {
      goal: 'cold path p50 ÷ slowest upstream call',
      target: '≤ 1.2×',
      measured: `${formatRatio(cold.ratioP50)} (p99 ${formatRatio(cold.ratioP99)})`,
      met: cold.ratioP50 <= 1.2,
    },
    {
      goal: 'cold path p50 ÷ (chain of waits × slowest call)',
      target: 'reported (1.0: nothing beyond the unavoidable waits)',
      measured: `${formatRatio(cold.ratioToChain)} (chain of ${cold.chainDepth})`,
      met: null,
    },
    {
      goal: 'upstream calls per cold query',
      target: `= minimum (${calls.minimum})`,
      measured: range(calls.coldPerQuery),
      met: calls.coldPerQuery.every((n) => n === calls.minimum),
    },
    {
      goal: 'upstream calls per warm query',
      target: '0',
      measured: `${range(calls.warmPerQuery)} (and ${warm.upstreamCalls} over all warm rounds)`,
      met: calls.warmPerQuery.every((n) => n === 0) && warm.upstreamCalls === 0,
    },
    {
      goal: 'warm req/s ÷ Apollo in-memory (B1h)',
      target: '≥ 0.7',
      measured: formatRatio(warm.ratioToApollo),
      met: warm.ratioToApollo >= 0.7,
    },
    {
      goal: 'warm req/s ÷ bare node:http (B0)',
      target: 'ceiling (reported)',
      measured: formatRatio(warm.ratioToBare),
      met: null,
    },
    {
      goal: 'faults: answers with the healthy diary’s data',
      target: '100%',
      measured:
        faults && faults.healthy.length
          ? healthyShares.map((share) => formatShare(share, 1)).join(' (flaky), ') + ' (down)'
          : 'not measured: one diary only',
      met: faults && faults.healthy.length ? healthyShares.every((share) => share === 1) : null,
    },
    {
      goal: 'faults: p99 latency',
      target: `≤ deadline + 10% (${faults ? Math.round(faults.deadlineMs * 1.1) : '–'} ms)`,
      measured: faults ? formatMs(worstP99) : '–',
      met: faults ? worstP99 <= faults.deadlineMs * 1.1 : null,
    },
    {
      goal: 'faults: failing diary served from stale copies when down',
      target: 'reported',
      measured: faults ? formatShare(staleShare, 1) : '–',
      met: null,
    },
    {
      goal: 'worst-case name inputs: time growth per 10× length (issue 10)',
      target: `≤ ${MAX_LINEAR_GROWTH}× (linear ≈ 10×, quadratic ≈ 100×), every answer right`,
      measured: formatRatio(results.inputs.worstGrowth),
      met:
        results.inputs.worstGrowth <= MAX_LINEAR_GROWTH && results.inputs.rows.every((row) => row.wrongAnswers === 0),
    },
  ];
}
