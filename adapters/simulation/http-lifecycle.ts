/**
 * Starting and stopping a diary simulator's HTTP server: the same for every simulator, so it lives here
 * once. `dispose` is idempotent, releases pending latency timers, and closes idle keep-alive sockets too,
 * so tests and benchmarks never wait for connections to time out.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Delays } from './delays.js';

/** Listens on `host:port` (port 0 picks a free one) and resolves with the origin, e.g. `http://127.0.0.1:40123`. */
export async function listenForSimulator(
  server: Server,
  options: { host?: string | undefined; port?: number | undefined },
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Creates the simulator's `dispose`: `onDispose` runs first (the simulator stops answering), once. */
export function simulatorDisposer(server: Server, delays: Delays, onDispose: () => void): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= new Promise<void>((resolve, reject) => {
      onDispose();
      delays.releaseAll();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
}
