/**
 * Child process (core 1): the gateway in demo mode (`DEMO=on`), as `npm start` runs it, for the sizing
 * scenario's demo family — the README's parent with four diary accounts (two МЭШ nodes, Dnevnik.ru, Eljur).
 * Its four simulators run inside this process (the demo starts them), so the upstream calls are counted
 * here, from each simulator's own record of the requests it received, and handed to the parent on request.
 */
import { loadConfig } from '../src/config/config.js';
import { createGateway } from '../src/index.js';
import type { DemoSimulatorName } from '../src/demo/demo-simulators.js';
import { childOptions, serveParent } from './processes.js';

/** What the parent passes. */
export interface DemoGatewayOptions {
  /** Gateway environment (the same variables `npm start` reads; `DEMO=on`). */
  environment: Record<string, string>;
}

/** The `ready` message. */
export interface DemoGatewayReady {
  type: 'ready';
  url: string;
  /** The demo parent's session (the bench's own child process: it never leaves the machine or the run). */
  token: string;
}

/** The calls each demo simulator received since the last clear, and their sum. */
export interface DemoCalls {
  total: number;
  bySimulator: Record<DemoSimulatorName, number>;
}

async function main(): Promise<void> {
  const options = childOptions<DemoGatewayOptions>();
  const gateway = await createGateway(loadConfig(options.environment));
  const url = await gateway.listen();
  const demo = gateway.demo;
  if (!demo) throw new Error('the gateway did not start its demo: DEMO=on is missing from the environment');
  const simulators = demo.simulators;
  const names = Object.keys(simulators) as DemoSimulatorName[];
  // The demo linked its accounts at start (reading each holder from its diary): not the family's viewing.
  for (const name of names) simulators[name].clearRequests();
  serveParent(
    async (message) => {
      if (message.type !== 'calls') throw new Error(`unknown request ${String(message.type)}`);
      const bySimulator = Object.fromEntries(names.map((name) => [name, simulators[name].requests.length])) as Record<
        DemoSimulatorName,
        number
      >;
      if (message.clear) for (const name of names) simulators[name].clearRequests();
      return {
        total: Object.values(bySimulator).reduce((sum, count) => sum + count, 0),
        bySimulator,
      } satisfies DemoCalls;
    },
    () => gateway.close(),
  );
  process.send?.({ type: 'ready', url, token: demo.token } satisfies DemoGatewayReady);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo gateway failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
