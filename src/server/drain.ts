/**
 * Stopping the HTTP server the way a load balancer needs it (docs/deployment.md, "Graceful shutdown"):
 * 1. `/readyz` already answers 503 (the caller set its flag), and for `drainDelayMs` the server keeps
 *    serving everything, so a balancer that polls readiness stops sending new requests before the door closes;
 * 2. the server stops accepting connections and closes the idle keep-alive ones; requests in flight finish
 *    (their answers say `Connection: close`, see `http-server.ts`), each within the request deadline;
 * 3. whatever is still open after `graceMs` is cut, so a hung client cannot hold the shutdown past the
 *    orchestrator's own kill timer (Docker waits 10 s, Kubernetes 30 s by default).
 */
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long each step of {@link drainServer} may take. */
export interface DrainTimings {
  /** Step 1: serving on while `/readyz` says 503 (`SHUTDOWN_DRAIN_DELAY_MS`). */
  readonly drainDelayMs: number;
  /** Step 2: the longest wait for requests in flight before they are cut (`SHUTDOWN_GRACE_MS`). */
  readonly graceMs: number;
}

/** What {@link drainServer} did: whether it had to cut connections that were still busy. */
export interface DrainOutcome {
  /** `true` when requests were still in flight after `graceMs` and their connections were closed. */
  readonly cut: boolean;
}

/**
 * Stops `server` in the three steps of the module comment; resolves once every connection is closed.
 * @example
 * closing = true; // /readyz now answers 503
 * await drainServer(server, { drainDelayMs: 5000, graceMs: 10_000 });
 */
export async function drainServer(server: Server, timings: DrainTimings): Promise<DrainOutcome> {
  if (timings.drainDelayMs > 0) await sleep(timings.drainDelayMs);
  if (!server.listening) return { cut: false };
  let cut = false;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => {
    cut = true;
    server.closeAllConnections();
  }, timings.graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(deadline);
  }
  return { cut };
}
