/**
 * The running bench: its child processes (simulators and load on core 0, the gateway or a baseline
 * alone on core 1) and the helpers every scenario uses.
 */
import type { WatchedResource } from '../src/config/change-polling.js';
import type { DemoFamily } from '../src/demo/demo-family.js';
import type { DashboardDates } from './dashboard.js';
import type { FaultPlan } from './fault-proxy.js';
import type { GatewayProcessOptions, GatewayReady, MemoryReport } from './gateway-process.js';
import type { LoadJob, LoadResult } from './load.js';
import { startChild, type BenchChild, type Pinning } from './processes.js';
import { gatewayEnvironment as providerEnvironment, type BenchProvider } from './providers.js';
import { gatewayEnvironment, type BenchSettings } from './settings.js';
import type { RecordedCalls } from './upstream-calls.js';

/** The gateway under test, started by {@link Harness.startGateway}. */
export interface GatewayUnderTest {
  child: BenchChild;
  url: string;
  /**
   * One session per seeded family (`sessionsPerFamily` each, in order); the last one is kept for probing
   * (ids, golden answer).
   */
  sessions: string[];
  probe: string;
  environment: Record<string, string>;
  memory(gc: boolean): Promise<MemoryReport>;
  /** Starts V8's CPU profiler inside the gateway (the warm-only profile). */
  profileStart(): Promise<void>;
  /** Stops it and writes the profile to `file`. */
  profileStop(file: string): Promise<void>;
  /**
   * Has the gateway prefetch these families' structure (`prefetchStructure(userId)`, issue 15); resolves
   * `false`, having done nothing, when the build has no such method.
   */
  prefetch(sessions: readonly string[]): Promise<boolean>;
  /** Has the gateway's detector poll every linked account now (every resource, or only `resources`). */
  detect(resources?: readonly WatchedResource[]): Promise<void>;
}

/** Upstream calls recorded by each simulator. */
export type CallsByProvider = Partial<Record<BenchProvider, RecordedCalls>>;

/** Everything a scenario needs. */
export interface Harness {
  settings: BenchSettings;
  pinning: Pinning;
  logDirectory: string;
  family: DemoFamily;
  dates: DashboardDates;
  providers: BenchProvider[];
  /** Demo child keys on the dashboard (one per diary), used as the query's aliases. */
  childKeys: string[];
  idSecret: string;
  simulators: BenchChild;
  simulatorUrls: Partial<Record<BenchProvider, string>>;
  load: BenchChild;
  /** Folder for V8 CPU profiles of the gateway (`--profile`, `--profile-warm`), or `null` when not profiling. */
  profileDirectory: string | null;
  /** `--profile`: every gateway process is profiled from start to end (`--cpu-prof`), besides its warm rounds. */
  profileWholeRun: boolean;
  progress(message: string): void;
}

/** Runs a load job in the load process. */
export function runLoad(harness: Harness, job: LoadJob): Promise<LoadResult> {
  return harness.load.call<LoadResult>({ type: 'load', job });
}

/** Reads (and by default clears) the calls each simulator recorded; `timeline` adds every call's timing. */
export function readCalls(harness: Harness, clear = true, timeline = false): Promise<CallsByProvider> {
  return harness.simulators.call<CallsByProvider>({ type: 'calls', clear, timeline });
}

/** Turns the proxies' replay of stored answers on or off. */
export async function setReplay(harness: Harness, enabled: boolean): Promise<void> {
  await harness.simulators.call({ type: 'replay', enabled });
}

/** Makes every replayed answer differ in its bytes from the last (see `FaultProxy.setVary`), or stop doing so. */
export async function setVary(harness: Harness, enabled: boolean): Promise<void> {
  await harness.simulators.call({ type: 'vary', enabled });
}

/** Sets the fault plan of one provider's proxy. */
export async function setPlan(harness: Harness, provider: BenchProvider, plan: FaultPlan): Promise<void> {
  await harness.simulators.call({ type: 'plan', provider, plan });
}

/** Options of {@link startGateway} beyond the environment. */
export interface StartGatewayOptions {
  /** Families to seed besides the probe family. @default settings.families */
  families?: number;
  /** Variables of the bench's overrides to leave at the gateway's own defaults instead. */
  defaults?: readonly string[];
  /** Sessions per family (the change scenarios' subscribers). @default 1 */
  sessionsPerFamily?: number;
}

/** Starts a gateway process pinned to core 1 with the run's configuration plus `extra`. */
export async function startGateway(
  harness: Harness,
  name: string,
  extra: Record<string, string> = {},
  startOptions: StartGatewayOptions = {},
): Promise<GatewayUnderTest> {
  const urls: Record<string, string> = {};
  for (const provider of harness.providers)
    Object.assign(urls, providerEnvironment(provider, harness.simulatorUrls[provider]!));
  const environment = gatewayEnvironment(harness.idSecret, urls, extra);
  for (const variable of startOptions.defaults ?? []) delete environment[variable];
  const options: GatewayProcessOptions = {
    environment,
    today: harness.family.today,
    providers: harness.providers,
    families: (startOptions.families ?? harness.settings.families) + 1,
    ...(startOptions.sessionsPerFamily ? { sessionsPerFamily: startOptions.sessionsPerFamily } : {}),
  };
  const { child, ready } = await startChild<GatewayReady>({
    name,
    entry: 'gateway-process.js',
    role: 'system-under-test',
    pinning: harness.pinning,
    options,
    logDirectory: harness.logDirectory,
    nodeFlags: [
      '--expose-gc',
      ...(harness.profileDirectory && harness.profileWholeRun
        ? ['--cpu-prof', `--cpu-prof-dir=${harness.profileDirectory}`, `--cpu-prof-name=${name}.cpuprofile`]
        : []),
    ],
  });
  const sessions = ready.sessions.slice(0, -1);
  return {
    child,
    url: ready.url,
    sessions,
    probe: ready.sessions.at(-1)!,
    environment,
    memory: (gc) => child.call<MemoryReport>({ type: 'memory', gc }),
    profileStart: () => child.call<void>({ type: 'profile-start' }),
    profileStop: (file) => child.call<void>({ type: 'profile-stop', file }),
    prefetch: (sessions) => child.call<boolean>({ type: 'prefetch', sessions }),
    detect: (resources) => child.call<void>({ type: 'detect', resources }),
  };
}

/** An answer to one GraphQL request sent by the orchestrator itself (setup and probes, never load). */
export interface PostedAnswer {
  status: number;
  text: string;
  contentType: string;
  ms: number;
}

/** Sends one GraphQL request. */
export async function postGraphql(url: string, token: string, body: string): Promise<PostedAnswer> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    contentType: response.headers.get('content-type') ?? '',
    ms: performance.now() - started,
  };
}

/** Runs `task` over `items` with at most `concurrency` at a time. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** How a fill went: every family asked once, partial answers asked again (at most twice more). */
export interface FillOutcome {
  families: number;
  retried: number;
  stillInvalid: number;
}

/**
 * Serves the dashboard once to each family, so its data is cached (not a measurement). An answer that
 * is not the golden one (a timeout under the fill's own load) is asked again, at most twice.
 */
export async function fillFamilies(
  gateway: Pick<GatewayUnderTest, 'url'>,
  dashboard: { body: string; golden: string },
  sessions: readonly string[],
  concurrency: number,
): Promise<FillOutcome> {
  const outcome: FillOutcome = { families: sessions.length, retried: 0, stillInvalid: 0 };
  await inPool(sessions, concurrency, async (session) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await postGraphql(gateway.url, session, dashboard.body);
      if (answer.status === 200 && answer.text === dashboard.golden) return;
      if (attempt < 2) outcome.retried++;
    }
    outcome.stillInvalid++;
  });
  return outcome;
}
