/**
 * Child process (core 0): the load generator. Runs one autocannon job per request from the parent, so
 * load generation never shares a process (or an event loop) with the orchestrator or the servers.
 */
import { runLoad, type LoadJob } from './load.js';
import { serveParent } from './processes.js';

serveParent(
  async (message) => {
    if (message.type !== 'load') throw new Error(`unknown request ${String(message.type)}`);
    return runLoad(message.job as LoadJob);
  },
  async () => {},
);
process.send?.({ type: 'ready' });
