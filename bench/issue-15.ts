/**
 * Issue 15's goals ("Faster than the servers it stands on"): every row of the issue's table judged from
 * one run, with the figure the issue started from beside it, and the revalidated dashboard's table. Pure:
 * the same results always print the same tables.
 */
import { formatCount, formatMs, formatRatio, formatShare, formatValidated, type Table } from './report.js';
import type { RevalidatedResult, RevalidatedRun } from './scenarios/revalidated.js';
import type { MemoryResult } from './scenarios/memory.js';
import type { ScenarioResults } from './tables.js';
import { clientWords, invalidNotes } from './tables.js';
import { median } from './stats.js';
import { totalOf } from './upstream-calls.js';

/** One row of issue 15's table: the issue's "now", its goal, this run's figure and the verdict. */
export interface Issue15Goal {
  figure: string;
  now: string;
  goal: string;
  measured: string;
  /** `null` when the run could not measure it (said in `measured`). */
  met: boolean | null;
}

/**
 * Gateway CPU per revalidated dashboard before issue 15, ms: a constant, not a measurement of this bench —
 * the lower end of the 21–30 ms the issue's independent side-by-side measured on its own box (same fake
 * diaries, the three-child dashboard, the gateway pinned to one core); this bench had no such scenario
 * before the issue's changes. The goal is a third of it. Each run prints its own figure beside it (and
 * their ratio), since another box's CPU is only roughly comparable; once a run of this bench from before
 * the issue's changes exists, its figure belongs here instead.
 */
export const REVALIDATED_CPU_BEFORE_MS = 21;

/** How close calls per query must come to the minimum to count as equal (averages over many queries). */
const CALLS_TOLERANCE = 0.05;

/** The run of a revalidated result that is worst for `figure` (the goal must hold at every concurrency). */
function worstRun(result: RevalidatedResult, figure: (run: RevalidatedRun) => number): RevalidatedRun {
  return result.runs.reduce((worst, run) => (figure(run) > figure(worst) ? run : worst));
}

function coldGoal(results: ScenarioResults, variant: string, figure: string, now: string, goal: number): Issue15Goal {
  const cold = results.cold.find((each) => each.variant === variant);
  if (!cold) return { figure, now, goal: `≤ ${goal}×`, measured: 'not measured', met: null };
  // With the structure known, a structure call means the priming left some of it out: not the case measured.
  const structureKnown = variant === 'cold data, structure known';
  const structureNote = structureKnown ? `, structure calls/query ${cold.structureCallsPerQuery.toFixed(1)}` : '';
  return {
    figure,
    now,
    goal: `≤ ${goal}×`,
    measured: `${formatRatio(cold.ratioP50)} (p50 ${formatMs(cold.load.latencyMs.p50)}, chain of ${cold.chainDepth}; primed by ${cold.primedBy}${structureNote})`,
    met:
      cold.ratioP50 <= goal &&
      cold.load.validation.invalid === 0 &&
      (!structureKnown || cold.structureCallsPerQuery === 0),
  };
}

function warmGoals(results: ScenarioResults): Issue15Goal[] {
  const { warm } = results;
  const off = warm.answerCacheOff;
  const offNote = off
    ? `; ANSWER_CACHE=off ${formatRatio(off.ratioToApollo)}${warm.answerCacheKnown ? '' : ' (this build has no answer cache: same gateway)'}`
    : '';
  const offCpu = off ? `; ANSWER_CACHE=off ${formatRatio(off.cpuRatioToApollo)}` : '';
  return [
    {
      figure: 'warm req/s ÷ Apollo Server with in-memory resolvers (B1h)',
      now: '0.43×',
      goal: '≥ 1.2×',
      measured: `${formatRatio(warm.ratioToApollo)}${offNote}`,
      met: warm.ratioToApollo >= 1.2 && warm.upstreamCalls === 0,
    },
    {
      figure: 'warm gateway CPU per dashboard ÷ B1h’s',
      now: '2.3×',
      goal: '≤ 0.8×',
      measured: `${formatRatio(warm.cpuRatioToApollo)}${offCpu}`,
      met: Number.isFinite(warm.cpuRatioToApollo) ? warm.cpuRatioToApollo <= 0.8 : null,
    },
  ];
}

const cpuOf = (run: RevalidatedRun) => run.gatewayCpuMsPerQuery ?? Number.NaN;

/**
 * The revalidated CPU goal, "a third of today's, measured in the bench": the renewing gateway's CPU per
 * dashboard ÷ the same scenario's with every copy rebuilt (`CACHE_RENEWAL=off`, the path the issue measured),
 * both in this run, at each concurrency; ≤ 1/3 at every one. The issue's own figure from another box
 * (REVALIDATED_CPU_BEFORE_MS) is printed beside it, not judged: CPU milliseconds differ between boxes.
 */
function revalidatedCpuGoal(results: ScenarioResults): Issue15Goal {
  const renewed = results.revalidated;
  const rebuilt = results.revalidatedRebuilt ?? null;
  const valid = [renewed, rebuilt].every(
    (each) => each?.runs.every((run) => run.load.validation.invalid === 0) ?? true,
  );
  const figure = 'gateway CPU per dashboard with every data resource revalidated';
  const now = `21–30 ms on the side-by-side box; the same scenario rebuilding every copy (CACHE_RENEWAL=off), this run`;
  const goal = 'a third of the rebuilding gateway’s, same run: ≤ 0.33× at every concurrency';
  const absolute = renewed.runs.map((run) => `${formatMs(cpuOf(run))} at c=${run.connections}`).join(', ');
  const side = `(REVALIDATED_CPU_BEFORE_MS ${formatMs(REVALIDATED_CPU_BEFORE_MS)} ÷ 3 = ${formatMs(REVALIDATED_CPU_BEFORE_MS / 3)}, another box’s)`;
  if (!rebuilt)
    return { figure, now, goal, measured: `${absolute}; no rebuilding gateway in this run ${side}`, met: null };
  const ratios = renewed.runs.map((run) => {
    const other = rebuilt.runs.find((each) => each.connections === run.connections);
    return { run, other, ratio: other ? cpuOf(run) / cpuOf(other) : Number.NaN };
  });
  const measured = ratios
    .map(
      ({ run, other, ratio }) =>
        `c=${run.connections}: ${formatMs(cpuOf(run))} ÷ ${formatMs(other ? cpuOf(other) : Number.NaN)} = ${formatRatio(ratio)}`,
    )
    .join(', ');
  const finite = ratios.every(({ ratio }) => Number.isFinite(ratio));
  const run = results.revalidatedAnswerRun ?? null;
  const answerRun = run
    ? `; copies renewed but the answer run (ANSWER_CACHE=off, not judged): ${run.runs
        .map((each) => {
          const other = rebuilt.runs.find((candidate) => candidate.connections === each.connections);
          return `c=${each.connections} ${formatRatio(other ? cpuOf(each) / cpuOf(other) : Number.NaN)}`;
        })
        .join(', ')}`
    : '';
  return {
    figure,
    now,
    goal,
    measured: `${measured}${answerRun} ${side}`,
    met: finite ? ratios.every(({ ratio }) => ratio <= 1 / 3) && valid : null,
  };
}

function revalidatedGoals(results: ScenarioResults): Issue15Goal[] {
  const result = results.revalidated;
  const callsWorst = worstRun(result, (run) => run.callsPerQuery);
  const structureWorst = worstRun(result, (run) => run.structureCallsPerQuery);
  const valid = result.runs.every((run) => run.load.validation.invalid === 0);
  return [
    revalidatedCpuGoal(results),
    {
      figure: 'upstream calls per revalidated dashboard',
      now: '23 for the side-by-side’s three children',
      goal: `one per route, child and range the data needs (${result.dataMinimum}); none for cached structure`,
      measured: `${callsWorst.callsPerQuery.toFixed(1)} (of which structure ${structureWorst.structureCallsPerQuery.toFixed(1)})`,
      met:
        Math.abs(callsWorst.callsPerQuery - result.dataMinimum) <= CALLS_TOLERANCE &&
        structureWorst.structureCallsPerQuery === 0 &&
        valid,
    },
  ];
}

function callsGoal(results: ScenarioResults): Issue15Goal {
  const { calls } = results;
  const ratio = median(calls.coldPerQuery) / calls.minimum;
  return {
    figure: 'upstream calls per dashboard ÷ distinct data needed',
    now: '1.0 as counted today',
    goal: '1.0 with the month pieces shared (no month fetched twice, nothing the cache could answer)',
    measured: `${ratio.toFixed(2)} (${median(calls.coldPerQuery)} ÷ ${calls.minimum}); ${calls.duplicates.length} calls repeated within a query; warm ${Math.max(0, ...calls.warmPerQuery)}`,
    met:
      calls.coldPerQuery.every((count) => count === calls.minimum) &&
      calls.differences.length === 0 &&
      calls.duplicates.length === 0 &&
      calls.warmPerQuery.every((count) => count === 0),
  };
}

function memoryGoals(results: ScenarioResults): Issue15Goal[] {
  const { memory } = results;
  return [
    {
      figure: 'cache heap + external per family (this dashboard)',
      now: '402 KiB',
      goal: '≤ 100 KiB',
      measured: `${memory.cacheKibPerFamily.toFixed(0)} KiB (median of ${memory.samples} readings after GC)`,
      met: memory.cacheKibPerFamily <= 100,
    },
    {
      figure: `RSS per concurrent session at ${formatCount(memory.families)} sessions`,
      now: '72 KiB (one peak; 293 KiB in another run)',
      goal: '≤ 24 KiB',
      measured: [memory.sessions.gzip, memory.sessions.plain]
        .map(
          (run) =>
            `${clientWords(run)}: ${run.rssKibPerSession.toFixed(1)} KiB RSS, ${run.heapKibPerSession.toFixed(1)} KiB heap + external`,
        )
        .join('; ')
        .concat(` (medians of ${memory.samples})`),
      met: sessionGoalMet(memory),
    },
  ];
}

/**
 * Met when every kind of client is within the goal: the issue's figure was measured with clients taking no
 * gzip, so clients that take it (the usual ones) alone do not meet it. RSS that fell while the sessions were
 * connected (the collector returned memory between the readings) says nothing about what a session holds:
 * not established (`null`), rather than met.
 */
function sessionGoalMet(memory: MemoryResult): boolean | null {
  const runs = [memory.sessions.gzip, memory.sessions.plain];
  if (runs.some((run) => run.rssKibPerSession < 0)) return null;
  return runs.every((run) => run.rssKibPerSession <= 24 && run.concurrent.validation.invalid === 0);
}

function faultGoal(results: ScenarioResults): Issue15Goal {
  const { faults } = results;
  const figure = 'fault scenario: healthy child complete; p99 ÷ deadline';
  if (!faults || faults.healthy.length === 0)
    return { figure, now: '100%; 1.00×', goal: '100%; ≤ 1.02×', measured: 'not measured: one diary only', met: null };
  const faulty = faults.phases.filter((each) => each.phase !== 'healthy');
  const complete = faulty.reduce((sum, each) => sum + (each.load.validation.healthyData ?? 0), 0);
  const checked = faulty.reduce((sum, each) => sum + each.load.validation.checked, 0);
  const worstP99 = Math.max(...faulty.map((each) => each.load.latencyMs.p99));
  const ratio = worstP99 / faults.deadlineMs;
  return {
    figure,
    now: '100%; 1.00×',
    goal: '100%; ≤ 1.02×',
    measured: `${formatShare(complete, checked)}; ${formatRatio(ratio)}`,
    met: checked > 0 && complete === checked && ratio <= 1.02,
  };
}

/** Every row of issue 15's table, judged from the run. */
export function issue15Goals(results: ScenarioResults): Issue15Goal[] {
  return [
    ...warmGoals(results),
    coldGoal(results, 'cold family', 'cold family p50 ÷ slowest single upstream call', '8.2×', 3.5),
    coldGoal(
      results,
      'cold data, structure known',
      'cold data with the family’s structure known p50 ÷ slowest call',
      '4.4×',
      1.3,
    ),
    ...revalidatedGoals(results),
    callsGoal(results),
    ...memoryGoals(results),
    faultGoal(results),
  ];
}

/** The goals as a table. */
export function issue15GoalsTable(goals: readonly Issue15Goal[]): Table {
  const met = goals.filter((goal) => goal.met === true).length;
  return {
    title: 'Goals of issue 15 (now → goal, this run)',
    columns: ['figure', 'now (issue 15)', 'goal', 'this run', 'met'],
    rows: goals.map((goal) => [
      goal.figure,
      goal.now,
      goal.goal,
      goal.measured,
      goal.met === null ? '– (not measured)' : goal.met ? 'yes' : 'NOT YET',
    ]),
    notes: [`${met} of ${goals.length} goals met`],
  };
}

/** Calls per query by route as `route ×n` (one decimal when not whole). */
function routeList(byRoute: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byRoute).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return 'none';
  return entries.map(([route, count]) => `${route} ×${Number.isInteger(count) ? count : count.toFixed(2)}`).join(', ');
}

/** The revalidated dashboard's table. */
export function revalidatedTable(result: RevalidatedResult): Table {
  const kind = {
    renewed: 'copies renewed when the answers are unchanged (CACHE_RENEWAL=on, the default)',
    rebuilt: 'every copy rebuilt (CACHE_RENEWAL=off)',
    'answers changing': 'CACHE_RENEWAL=on, every answer’s bytes changed on every call',
    'answer run':
      'copies renewed but every answer run (ANSWER_CACHE=off: as for a query that shows fetch times, which a kept answer is never renewed for)',
  }[result.case ?? 'renewed'];
  return {
    title: `Revalidated dashboard, ${kind}: every data resource at freshness 0, structure cached (CACHE_FRESHNESS=${result.freshness})`,
    columns: [
      'concurrency',
      'queries',
      'p50',
      'p99',
      'gateway CPU/query',
      'calls/query',
      'structure calls/query',
      'data minimum',
      'validated',
    ],
    rows: result.runs.map((run) => [
      `c=${run.connections}`,
      formatCount(run.load.requests),
      formatMs(run.load.latencyMs.p50),
      formatMs(run.load.latencyMs.p99),
      formatMs(run.gatewayCpuMsPerQuery ?? Number.NaN),
      run.callsPerQuery.toFixed(1),
      run.structureCallsPerQuery.toFixed(1),
      String(result.dataMinimum),
      formatValidated(run.load.validation),
    ]),
    notes: [
      `gateway CPU/query beside REVALIDATED_CPU_BEFORE_MS (${formatMs(REVALIDATED_CPU_BEFORE_MS)}, a constant: the side-by-side box's figure before issue 15, not measured here): ${result.runs.map((run) => `c=${run.connections} ${formatMs(run.gatewayCpuMsPerQuery ?? Number.NaN)} (${formatRatio((run.gatewayCpuMsPerQuery ?? Number.NaN) / REVALIDATED_CPU_BEFORE_MS)})`).join(', ')}`,
      `priming: ${result.prime.families} families served twice (structure, then data; the second pass: ${result.prime.retried} partial answers asked again, ${result.prime.stillInvalid} never complete)`,
      ...Object.entries(result.dataMinimumByRoute).map(
        ([provider, byRoute]) => `data minimum ${provider} (${totalOf(byRoute)}): ${routeList(byRoute)}`,
      ),
      ...result.runs.flatMap((run) =>
        Object.entries(run.byProvider).flatMap(([provider, calls]) => [
          `c=${run.connections} ${provider} data per query: ${routeList(calls.data)}`,
          `c=${run.connections} ${provider} STRUCTURE per query (each a miss: the structure is cached): ${routeList(calls.structure)}`,
        ]),
      ),
      ...result.runs.map(
        (run) =>
          `c=${run.connections}: ${run.load.validation.staleMarked ?? 0} answers carried a stale marker in freshness`,
      ),
      ...result.runs.flatMap((run) => invalidNotes(`c=${run.connections}`, run.load.validation)),
    ],
  };
}
