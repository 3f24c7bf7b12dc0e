/**
 * Child process (core 0): the diary simulators serving the bench family, each behind a fault proxy.
 * The parent steers it over IPC: fault plans, replay, and the calls each diary received (the
 * "upstream calls" figures are counted here, on the diaries' side, never by the gateway).
 */
import { generateDemoFamily } from '../src/demo/generate-family.js';
import { enterTaggedMark } from './changes-marks.js';
import { startFaultProxy, type FaultPlan, type FaultProxy } from './fault-proxy.js';
import { childOptions, serveParent } from './processes.js';
import { startSimulator, type BenchProvider, type SimulatorHandle } from './providers.js';
import { summarize } from './stats.js';
import { routeTemplate, summarizeRequests, type RecordedCalls } from './upstream-calls.js';

/** What the parent passes. */
export interface SimulatorsOptions {
  /** Moscow date the family is generated around (the same in every process of the run). */
  today: string;
  /** Replay stored answers from the start (see fault-proxy.ts). */
  replay: boolean;
  providers: BenchProvider[];
  latencyMs: number;
}

/** The `ready` message. */
export interface SimulatorsReady {
  type: 'ready';
  /** Base URL the gateway must use for each provider (the proxy in front of its simulator). */
  urls: Partial<Record<BenchProvider, string>>;
}

interface Running {
  simulator: SimulatorHandle;
  proxy: FaultProxy;
}

async function main(): Promise<void> {
  const options = childOptions<SimulatorsOptions>();
  const family = generateDemoFamily({ today: options.today });
  const running = new Map<BenchProvider, Running>();
  for (const [index, provider] of options.providers.entries()) {
    const simulator = await startSimulator(provider, { family, latencyMs: options.latencyMs });
    const proxy = await startFaultProxy({ target: simulator.url, seed: 6 + index, routeOf: routeTemplate });
    proxy.setLatency(options.latencyMs);
    proxy.setReplay(options.replay);
    running.set(provider, { simulator, proxy });
  }

  const each = (provider: unknown): Running => {
    const found = running.get(provider as BenchProvider);
    if (!found) throw new Error(`no simulator for provider ${String(provider)}`);
    return found;
  };

  serveParent(
    async (message) => {
      switch (message.type) {
        case 'plan':
          each(message.provider).proxy.setPlan(message.plan as FaultPlan);
          return null;
        case 'clock':
          // The epoch of this process's `performance.now()`: turns the proxies' timelines into machine time.
          return performance.timeOrigin;
        case 'enter-mark':
          // A teacher entering a mark: the next read of the child's diary shows it (change scenarios).
          return enterTaggedMark(family, String(message.childKey), String(message.tag));
        case 'replay':
          for (const { proxy } of running.values()) proxy.setReplay(message.enabled === true);
          return null;
        case 'vary':
          for (const { proxy } of running.values()) proxy.setVary(message.enabled === true);
          return null;
        case 'calls': {
          const calls: Partial<Record<BenchProvider, RecordedCalls>> = {};
          for (const [provider, { simulator, proxy }] of running) {
            const durations = Object.fromEntries(
              Object.entries(proxy.durations()).map(([route, values]) => [route, summarize(values)]),
            );
            calls[provider] = {
              ...summarizeRequests(proxy.requests()),
              simulatorTotal: simulator.requests.length,
              proxy: proxy.counts(),
              durations,
            };
            if (message.timeline) {
              calls[provider].timeline = proxy
                .requests()
                .map(({ path, at, ms }) => ({ route: `${provider} ${routeTemplate(path)}`, at, ms }));
            }
            if (message.clear) {
              simulator.clearRequests();
              proxy.reset();
            }
          }
          return calls;
        }
        default:
          throw new Error(`unknown request ${String(message.type)}`);
      }
    },
    async () => {
      for (const { simulator, proxy } of running.values()) {
        await proxy.dispose();
        await simulator.dispose();
      }
    },
  );

  const urls: SimulatorsReady['urls'] = {};
  for (const [provider, { proxy }] of running) urls[provider] = proxy.url;
  process.send?.({ type: 'ready', urls } satisfies SimulatorsReady);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulators failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
