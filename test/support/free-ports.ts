/**
 * Loopback ports free at the moment of asking, for servers a test must name before they start (a replica's
 * `PUBLIC_URL`, a Redis Cluster's nodes). Another process may take one between the asking and the use; on a
 * test machine that is rare enough, and the server that loses the race fails loudly on `EADDRINUSE`. A server
 * named long before it listens (other processes started in between) takes a {@link reserveLoopbackPort} instead.
 */
import { createServer, type Server } from 'node:net';

/** `count` distinct free loopback ports (all held open together while asked, so no two are the same). */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * A free loopback port held open until `release`, called just before the server that needs it listens: no other
 * process can take it while a test starts what must know the address first (seconds, where the race is likely).
 */
export async function reserveLoopbackPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as { port: number };
  return { port, release: () => new Promise<void>((resolve) => holder.close(() => resolve())) };
}

/** One free loopback port. */
export async function freeLoopbackPort(): Promise<number> {
  const [port] = await freeLoopbackPorts(1);
  return port!;
}
