/**
 * `npm run bench` (and `bench:quick`): the benchmark of issue 6 (and the sizing of issue 18). Builds nothing itself (the npm script
 * compiles first); starts the simulators and the load generator on core 0 and the gateway (then each
 * baseline) alone on core 1, runs the scenarios in order, prints one markdown table per scenario plus
 * the goals, and writes everything as JSON to `bench/results/<timestamp>.json`.
 *
 * Flags: `--quick` (about two minutes, figures not for citing); `--mesh-only` (ignore Dnevnik.ru and
 * Eljur even if the gateway serves them); `--without-eljur` (issue 6's two-child dashboard); `--profile`
 * (CPU-profile the gateway, the whole run and the warm rounds alone, and print where its time went;
 * profiling slows it, so figures are not for citing); `--profile-warm` (only the warm rounds' and the revalidated cases' measured queries);
 * `--inputs-only` (only the worst-case name inputs of issue 10, in this process, a few seconds: prints
 * their table and starts nothing else); `--changes-only` (only issue 16's change scenarios, about six
 * minutes: their tables printed and saved as `<timestamp>.changes.json`); `--dashboard-only` (the calls, cold,
 * warm and memory scenarios alone, printed, for an A/B of those rows between two versions). The goals of issue 15 are
 * printed last.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoFamily } from '../src/demo/generate-family.js';
import { dateInZone } from '../src/domain/dates.js';
import { dashboardDates } from './dashboard.js';
import { fillFamilies, readCalls, setReplay, startGateway, type GatewayUnderTest, type Harness } from './harness.js';
import { describeMachine, machineBusyPercent, type MachineDescription } from './machine.js';
import { detectPinning, pinSelf, startChild, type BenchChild, type Pinning } from './processes.js';
import { chooseProviders, type BenchProvider } from './providers.js';
import { summarizeProfiles } from './profile-summary.js';
import { issue15Goals, issue15GoalsTable, revalidatedTable } from './issue-15.js';
import { formatTable, goalsTable } from './report.js';
import { changesTables } from './changes-tables.js';
import { measureCalls } from './scenarios/calls.js';
import { measureChanges } from './scenarios/changes.js';
import { measureColdPath } from './scenarios/cold.js';
import { measureFaults } from './scenarios/faults.js';
import { prepareDashboard, type Dashboard } from './scenarios/golden.js';
import { measureInputs, type InputsResult } from './scenarios/inputs.js';
import { measureMemory, sampleMemory } from './scenarios/memory.js';
import { measureRevalidated, type RevalidatedResult } from './scenarios/revalidated.js';
import { measureSizing } from './scenarios/sizing.js';
import { measureWarm } from './scenarios/warm.js';
import { sizingCallsTable, sizingRedisTable, sizingSummaryTable } from './sizing-tables.js';
import {
  ALWAYS_REVALIDATE,
  ANSWER_CACHE_OFF,
  BENCH_DEADLINE_MS,
  DATA_REVALIDATE,
  FULL,
  GATEWAY_OVERRIDES,
  QUICK,
  runIdSecret,
  type BenchSettings,
} from './settings.js';
import type { SimulatorsOptions, SimulatorsReady } from './simulators-process.js';
import {
  callsTable,
  coldTable,
  faultsTable,
  goalVerdicts,
  inputsTable,
  memoryTable,
  warmTable,
  type ScenarioResults,
} from './tables.js';

/** `bench/results/` of the repository (this file runs from `dist/bench/`). */
const RESULTS = join(import.meta.dirname, '..', '..', 'bench', 'results');

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value)}%`);

/** Everything decided before any process starts. */
interface RunPlan {
  settings: BenchSettings;
  machine: MachineDescription;
  pinning: Pinning;
  stamp: string;
  logDirectory: string;
  notes: string[];
  providers: BenchProvider[];
  childKeys: string[];
  /** `--profile`: whole run and warm rounds; `--profile-warm`: the warm rounds only. */
  profile: 'none' | 'whole-and-warm' | 'warm';
}

async function plan(argv: readonly string[]): Promise<RunPlan> {
  const settings = argv.includes('--quick') ? QUICK : FULL;
  const machine = describeMachine(false, new Date());
  const pinning = detectPinning(machine.nproc);
  machine.pinned = pinning.enabled;
  pinSelf(pinning);
  const stamp = machine.timestamp.replace(/[:.]/g, '-');
  const logDirectory = join(RESULTS, `${stamp}.logs`);
  mkdirSync(logDirectory, { recursive: true });
  const { providers, childKeys, note } = chooseProviders(argv);
  const notes = [pinning.note, note].filter((each): each is string => each !== null);
  machine.foreignCpuPercent.before = await machineBusyPercent();
  if ((machine.foreignCpuPercent.before ?? 0) > 10) {
    notes.push(
      `the machine was ${percent(machine.foreignCpuPercent.before)} busy with other processes before the run: absolute figures are noisy, ratios less so.`,
    );
  }
  for (const each of notes) progress(`NOTE: ${each}`);
  return {
    settings,
    machine,
    pinning,
    stamp,
    logDirectory,
    notes,
    providers,
    childKeys,
    profile: argv.includes('--profile') ? 'whole-and-warm' : argv.includes('--profile-warm') ? 'warm' : 'none',
  };
}

async function startHarness(run: RunPlan, children: BenchChild[]): Promise<Harness> {
  const { settings, pinning, logDirectory, providers } = run;
  const today = dateInZone(new Date(run.machine.timestamp), 'Europe/Moscow');
  const simulatorOptions: SimulatorsOptions = {
    today,
    providers,
    latencyMs: settings.upstreamLatencyMs,
    replay: false,
  };
  const simulators = await startChild<SimulatorsReady>({
    name: 'simulators',
    entry: 'simulators-process.js',
    role: 'load-and-simulators',
    pinning,
    options: simulatorOptions,
    logDirectory,
  });
  children.push(simulators.child);
  const load = await startChild({
    name: 'load',
    entry: 'load-process.js',
    role: 'load-and-simulators',
    pinning,
    options: {},
    logDirectory,
  });
  children.push(load.child);
  return {
    settings,
    pinning,
    logDirectory,
    family: generateDemoFamily({ today }),
    dates: dashboardDates(today),
    providers,
    childKeys: run.childKeys,
    idSecret: runIdSecret(),
    simulators: simulators.child,
    simulatorUrls: simulators.ready.urls,
    load: load.child,
    profileDirectory: run.profile === 'none' ? null : join(logDirectory, 'profiles'),
    profileWholeRun: run.profile === 'whole-and-warm',
    progress,
  };
}

/** The worst-case name inputs, in this process: pure CPU, run while no other bench process is busy. */
function runInputs(settings: BenchSettings): InputsResult {
  progress(
    `worst-case name inputs: ${settings.inputsBaseLength}, ${10 * settings.inputsBaseLength} and ${100 * settings.inputsBaseLength} characters`,
  );
  return measureInputs({
    baseLength: settings.inputsBaseLength,
    batches: settings.inputsBatches,
    batchMs: settings.inputsBatchMs,
  });
}

/** The second gateway of the warm rounds: `ANSWER_CACHE=off`, its own copies of the warm families filled once. */
async function startAnswerCacheOff(
  harness: Harness,
  children: BenchChild[],
  dashboard: Dashboard,
  families: number,
): Promise<GatewayUnderTest> {
  const gateway = await startGateway(harness, 'gateway-answer-cache-off', { ...ANSWER_CACHE_OFF }, { families });
  children.push(gateway.child);
  harness.progress(`warm: filling ${families} families in the gateway with ANSWER_CACHE=off`);
  const fill = await fillFamilies(gateway, dashboard, gateway.sessions.slice(0, families), 6);
  if (fill.stillInvalid > 0) harness.progress(`NOTE: ${fill.stillInvalid} families never got a complete answer`);
  return gateway;
}

/** The scenarios on the first gateway: upstream calls, cold paths, warm rounds (beside `ANSWER_CACHE=off`), memory. */
async function measureDashboardScenarios(harness: Harness, children: BenchChild[]) {
  const { settings } = harness;
  const gateway = await startGateway(harness, 'gateway');
  children.push(gateway.child);
  const idle = await sampleMemory(gateway, settings.memorySamples, 1000);
  const dashboard = await prepareDashboard(harness, gateway);
  await readCalls(harness);

  const { sessions } = gateway;
  const coldFrom = settings.callSamples;
  const coldDataFrom = coldFrom + settings.coldQueries;
  const coldStructureFrom = coldDataFrom + settings.coldDataQueries;
  const warmUntil = coldStructureFrom + settings.coldStructureQueries;
  progress(`upstream calls: ${settings.callSamples} dashboards one at a time, cold then warm`);
  const calls = await measureCalls(harness, gateway, dashboard, sessions.slice(0, coldFrom));
  // From here on the proxies replay stored answers: the simulators' rendering CPU must not be the limit.
  await setReplay(harness, true);
  const cold = await measureColdPath(harness, gateway, dashboard, {
    cold: sessions.slice(coldFrom, coldDataFrom),
    coldData: sessions.slice(coldDataFrom, coldStructureFrom),
    coldStructure: sessions.slice(coldStructureFrom, warmUntil),
  });
  const answerCacheOff = await startAnswerCacheOff(harness, children, dashboard, warmUntil);
  const warm = await measureWarm(harness, { gateway, answerCacheOff }, dashboard, warmUntil);
  await answerCacheOff.child.stop();
  const memory = await measureMemory(harness, gateway, dashboard, idle, warmUntil);
  await gateway.child.stop();
  return { dashboard, calls, cold, warm, memory };
}

/** Runs the scenarios in order; the families each one uses are disjoint slices of the seeded ones. */
async function runScenarios(
  harness: Harness,
  children: BenchChild[],
  inputs: InputsResult,
): Promise<{ results: ScenarioResults; dashboard: Dashboard }> {
  const { dashboard, calls, cold, warm, memory } = await measureDashboardScenarios(harness, children);

  const { revalidated, revalidatedRebuilt, revalidatedChanging, revalidatedAnswerRun } = await measureRevalidatedCases(
    harness,
    children,
    dashboard,
  );

  const revalidating = await startGateway(harness, 'gateway-revalidating', { CACHE_FRESHNESS: ALWAYS_REVALIDATE });
  children.push(revalidating.child);
  const failing = harness.providers.includes('DNEVNIK') ? 'DNEVNIK' : 'MESH';
  const faults = await measureFaults(harness, revalidating, dashboard, failing, BENCH_DEADLINE_MS);
  await revalidating.child.stop();

  const sizing = await measureSizing(harness, dashboard);
  const changes = await measureChanges(harness);
  return {
    results: {
      calls,
      cold,
      warm,
      memory,
      revalidated,
      revalidatedRebuilt,
      revalidatedChanging,
      revalidatedAnswerRun,
      faults,
      inputs,
      sizing,
      changes,
    },
    dashboard,
  };
}

function header(run: RunPlan): string {
  const { machine } = run;
  return [
    `## diary-gateway benchmark (${run.settings.name} run), ${machine.timestamp}`,
    '',
    `${machine.cpuModel}, ${machine.nproc} cores, ${machine.totalMemoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, git ${machine.gitSha}`,
    `gateway pinned to core 1 and load + simulators to core 0: ${machine.pinned ? 'yes' : 'NO'}; diaries: ${run.providers.join(' + ')}; dashboard: ${run.childKeys.join(' + ')}`,
    `other processes' CPU before / after the run: ${percent(machine.foreignCpuPercent.before)} / ${percent(machine.foreignCpuPercent.after)} of all cores`,
    ...run.notes.map((each) => `NOTE: ${each}`),
    ...(run.profile === 'none'
      ? []
      : [
          `NOTE: ${run.profile === 'warm' ? "--profile-warm: the gateway's warm rounds" : '--profile: the gateway'} ran under the CPU profiler; its figures are slower than normal and not for citing.`,
        ]),
    '',
  ].join('\n');
}

function printAndSave(run: RunPlan, harness: Harness, results: ScenarioResults, dashboard: Dashboard): void {
  const goals = goalVerdicts(results);
  const goals15 = issue15Goals(results);
  const tables = [
    callsTable(results.calls),
    coldTable(results.cold, run.settings.upstreamLatencyMs),
    warmTable(results.warm, run.settings.warmConnections),
    memoryTable(results.memory),
    revalidatedTable(results.revalidated),
    ...(results.revalidatedRebuilt ? [revalidatedTable(results.revalidatedRebuilt)] : []),
    ...(results.revalidatedChanging ? [revalidatedTable(results.revalidatedChanging)] : []),
    ...(results.revalidatedAnswerRun ? [revalidatedTable(results.revalidatedAnswerRun)] : []),
    ...(results.faults ? [faultsTable(results.faults)] : []),
    sizingRedisTable(results.sizing),
    sizingCallsTable(results.sizing),
    sizingSummaryTable(results.sizing, results.memory, results.calls),
    inputsTable(results.inputs),
    ...changesTables(results.changes),
    goalsTable(goals),
    ...(harness.profileDirectory ? summarizeProfiles(harness.profileDirectory) : []),
    issue15GoalsTable(goals15),
  ];
  process.stdout.write(`\n${header(run)}\n${tables.map(formatTable).join('\n')}`);
  const file = join(RESULTS, `${run.stamp}.json`);
  const golden = {
    ids: dashboard.ids,
    goldenBytes: Buffer.byteLength(dashboard.golden),
    coldEqualsWarm: dashboard.coldEqualsWarm,
    expected: dashboard.expected,
  };
  const json = {
    machine: run.machine,
    settings: run.settings,
    providers: run.providers,
    childKeys: run.childKeys,
    notes: run.notes,
    gatewayOverrides: GATEWAY_OVERRIDES,
    dashboard: golden,
    ...results,
    goals,
    issue15Goals: goals15,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(run.logDirectory, 'golden.json'), dashboard.golden);
  process.stdout.write(`\nJSON: ${file}\n`);
}

/**
 * The harness and the golden dashboard of a one-scenario run, with the proxies replaying stored answers from
 * then on, as they do once the full run has passed its call counts.
 */
async function replayingHarness(
  run: RunPlan,
  children: BenchChild[],
): Promise<{ harness: Harness; dashboard: Dashboard }> {
  const harness = await startHarness(run, children);
  const gateway = await startGateway(harness, 'gateway');
  children.push(gateway.child);
  const dashboard = await prepareDashboard(harness, gateway);
  await gateway.child.stop();
  await setReplay(harness, true);
  return { harness, dashboard };
}

/**
 * `--sizing-only`: the sizing scenario alone (its tables printed, nothing saved), for chasing a sizing row
 * without the 17-minute run.
 */
async function runSizingOnly(run: RunPlan, children: BenchChild[]): Promise<void> {
  const { harness, dashboard } = await replayingHarness(run, children);
  const sizing = await measureSizing(harness, dashboard);
  const tables = [sizingRedisTable(sizing), sizingCallsTable(sizing)];
  process.stdout.write(`\n${header(run)}\n${tables.map(formatTable).join('\n')}`);
  process.stdout.write(
    `\n${JSON.stringify(
      sizing.calls.map((each) => each.validation),
      null,
      2,
    )}\n`,
  );
}

/**
 * The revalidated dashboard's four cases: copies renewed (the default: a kept answer is sent once its copies are
 * renewed), the same gateway while every answer changes its bytes, a gateway renewing copies but running every
 * answer (`ANSWER_CACHE=off`), and a gateway rebuilding every copy (`CACHE_RENEWAL=off`).
 */
async function measureRevalidatedCases(
  harness: Harness,
  children: BenchChild[],
  dashboard: Dashboard,
): Promise<
  Record<'revalidated' | 'revalidatedRebuilt' | 'revalidatedChanging' | 'revalidatedAnswerRun', RevalidatedResult>
> {
  const families = { families: harness.settings.revalidatedFamilies };
  const renewing = await startGateway(
    harness,
    'gateway-data-revalidating',
    { CACHE_FRESHNESS: DATA_REVALIDATE },
    families,
  );
  children.push(renewing.child);
  const revalidated = await measureRevalidated(harness, renewing, dashboard, DATA_REVALIDATE, 'renewed');
  const revalidatedChanging = await measureRevalidated(
    harness,
    renewing,
    dashboard,
    DATA_REVALIDATE,
    'answers changing',
  );
  await renewing.child.stop();
  const answerRunning = await startGateway(
    harness,
    'gateway-data-renewing-answers-off',
    { CACHE_FRESHNESS: DATA_REVALIDATE, ...ANSWER_CACHE_OFF },
    families,
  );
  children.push(answerRunning.child);
  const revalidatedAnswerRun = await measureRevalidated(
    harness,
    answerRunning,
    dashboard,
    DATA_REVALIDATE,
    'answer run',
  );
  await answerRunning.child.stop();
  const rebuilding = await startGateway(
    harness,
    'gateway-data-rebuilding',
    { CACHE_FRESHNESS: DATA_REVALIDATE, CACHE_RENEWAL: 'off' },
    families,
  );
  children.push(rebuilding.child);
  const revalidatedRebuilt = await measureRevalidated(harness, rebuilding, dashboard, DATA_REVALIDATE, 'rebuilt');
  await rebuilding.child.stop();
  return { revalidated, revalidatedRebuilt, revalidatedChanging, revalidatedAnswerRun };
}

/**
 * `--revalidated-only`: the revalidated dashboard alone (its table printed, nothing saved), for working on
 * its CPU; with `--profile`, the gateway's whole profile is mostly its revalidated dashboards; with
 * `--profile-warm`, each case's measured queries alone (`revalidated-<case>.cpuprofile`).
 */
async function runRevalidatedOnly(run: RunPlan, children: BenchChild[]): Promise<void> {
  const { harness, dashboard } = await replayingHarness(run, children);
  const cases = await measureRevalidatedCases(harness, children, dashboard);
  const tables = [
    revalidatedTable(cases.revalidated),
    revalidatedTable(cases.revalidatedRebuilt),
    revalidatedTable(cases.revalidatedChanging),
    revalidatedTable(cases.revalidatedAnswerRun),
  ];
  process.stdout.write(`\n${header(run)}\n${tables.map(formatTable).join('\n')}`);
  if (harness.profileDirectory) {
    for (const table of summarizeProfiles(harness.profileDirectory)) process.stdout.write(`\n${formatTable(table)}`);
  }
}

/**
 * `--memory-only`: the memory scenario alone (its table printed, nothing saved), on a gateway of its own that
 * fills every family itself, for working on what a family or a session holds.
 */
async function runMemoryOnly(run: RunPlan, children: BenchChild[]): Promise<void> {
  const { harness, dashboard } = await replayingHarness(run, children);
  const gateway = await startGateway(harness, 'gateway-memory');
  children.push(gateway.child);
  const idle = await sampleMemory(gateway, run.settings.memorySamples, 1000);
  const memory = await measureMemory(harness, gateway, dashboard, idle, 0);
  process.stdout.write(`\n${header(run)}\n${formatTable(memoryTable(memory))}`);
}

/**
 * `--dashboard-only`: the first scenarios of the full run alone (upstream calls, cold paths, warm rounds, memory;
 * their tables printed, nothing saved), for comparing those rows between two versions of the code on one box.
 */
async function runDashboardOnly(run: RunPlan, children: BenchChild[]): Promise<void> {
  const harness = await startHarness(run, children);
  const { calls, cold, warm, memory } = await measureDashboardScenarios(harness, children);
  const tables = [
    callsTable(calls),
    coldTable(cold, run.settings.upstreamLatencyMs),
    warmTable(warm, run.settings.warmConnections),
    memoryTable(memory),
  ];
  process.stdout.write(`\n${header(run)}\n${tables.map(formatTable).join('\n')}`);
}

/**
 * `--changes-only`: issue 16's change scenarios alone (no dashboard, no golden answer: they need neither),
 * their tables printed and saved as `bench/results/<timestamp>.changes.json`.
 */
async function runChangesOnly(run: RunPlan, children: BenchChild[]): Promise<void> {
  const harness = await startHarness(run, children);
  const changes = await measureChanges(harness);
  for (const child of children.splice(0).reverse()) await child.stop();
  run.machine.foreignCpuPercent.after = await machineBusyPercent();
  process.stdout.write(`\n${header(run)}\n${changesTables(changes).map(formatTable).join('\n')}`);
  const file = join(RESULTS, `${run.stamp}.changes.json`);
  const json = { machine: run.machine, settings: run.settings, providers: run.providers, notes: run.notes, changes };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${file}\n`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--inputs-only')) {
    const settings = process.argv.includes('--quick') ? QUICK : FULL;
    process.stdout.write(`\n${formatTable(inputsTable(runInputs(settings)))}`);
    return;
  }
  const run = await plan(process.argv);
  const children: BenchChild[] = [];
  const only = process.argv.includes('--sizing-only')
    ? runSizingOnly
    : process.argv.includes('--revalidated-only')
      ? runRevalidatedOnly
      : process.argv.includes('--memory-only')
        ? runMemoryOnly
        : process.argv.includes('--changes-only')
          ? runChangesOnly
          : process.argv.includes('--dashboard-only')
            ? runDashboardOnly
            : null;
  if (only) {
    try {
      await only(run, children);
    } finally {
      for (const child of children.reverse()) await child.stop();
    }
    return;
  }
  try {
    const inputs = runInputs(run.settings);
    const harness = await startHarness(run, children);
    progress(
      `${run.settings.name} run, ${run.providers.join(' + ')}, dashboard of ${run.childKeys.join(' + ')}, logs in ${run.logDirectory}`,
    );
    const { results, dashboard } = await runScenarios(harness, children, inputs);
    for (const child of children.splice(0).reverse()) await child.stop();
    run.machine.foreignCpuPercent.after = await machineBusyPercent();
    if ((run.machine.foreignCpuPercent.after ?? 0) > 10) {
      run.notes.push(
        `the machine was ${percent(run.machine.foreignCpuPercent.after)} busy with other processes right after the run.`,
      );
    }
    printAndSave(run, harness, results, dashboard);
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
