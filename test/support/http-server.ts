/** Loopback HTTP servers that tests start (a misbehaving upstream, a counting proxy), closed when done. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerTeardown } from './teardown.js';

/** A started server and its origin. */
export interface ListeningServer {
  server: Server;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
}

/**
 * Starts a server on a free loopback port. When the test (or file) that started it ends, it is closed
 * and every connection still open is cut, so a request left hanging on purpose never holds the run.
 */
export async function listeningServer(handler: RequestListener): Promise<ListeningServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registerTeardown(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
