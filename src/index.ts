/**
 * `createGateway`: wires configuration, store, adapters, the demo and the HTTP edge into one server.
 * This is the composition root; every other module receives its dependencies from here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMeshAdapter } from '../adapters/mesh/index.js';
import { createGatewayCache } from './cache/create-cache.js';
import type { GatewayConfig } from './config/config.js';
import { startDemo, type RunningDemo } from './demo/start-demo.js';
import type { GatewayServices } from './graphql/context.js';
import type { AdapterRegistry } from './loaders/request-loaders.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createApolloServer } from './server/apollo.js';
import { loadGraphiqlAssets } from './server/graphiql.js';
import { createRequestListener } from './server/http-server.js';
import { createMemoryStore } from './store/memory-store.js';
import type { GatewayStore } from './store/store.js';
import { createUndiciTransport, type HttpTransport } from './upstream/transport.js';

export type { GatewayConfig } from './config/config.js';
export { loadConfig } from './config/config.js';

/** Replaceable parts (tests inject a clock, a store or a transport). */
export interface GatewayDependencies {
  logger?: Logger;
  now?: () => Date;
  store?: GatewayStore;
  transport?: HttpTransport;
}

/** A gateway ready to listen. */
export interface Gateway {
  /** The underlying HTTP server. */
  server: Server;
  /** The running demo, in demo mode. */
  demo: RunningDemo | null;
  /** Starts listening on the configured host and port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops accepting requests, then stops Apollo and the demo simulators. */
  close(): Promise<void>;
}

/**
 * Builds a gateway from a validated configuration.
 * @example
 * const gateway = await createGateway(loadConfig());
 * console.log(`listening on ${await gateway.listen()}`);
 */
export async function createGateway(config: GatewayConfig, dependencies: GatewayDependencies = {}): Promise<Gateway> {
  const logger = dependencies.logger ?? createLogger(config.logLevel);
  const now = dependencies.now ?? (() => new Date());
  const store = dependencies.store ?? createMemoryStore();
  const transport =
    dependencies.transport ??
    createUndiciTransport({
      connectTimeoutMs: config.upstream.connectTimeoutMs,
      headersTimeoutMs: config.upstream.headersTimeoutMs,
      bodyTimeoutMs: config.upstream.bodyTimeoutMs,
    });

  const demo = config.demo ? await startDemo({ store, now, latencyMs: config.demoLatencyMs }) : null;
  const meshHosts = demo ? { schoolBaseUrl: demo.simulators.mesh.url, aclBaseUrl: demo.simulators.mesh.url } : config.mesh;
  const adapters: AdapterRegistry = { MESH: createMeshAdapter({ transport, hosts: meshHosts, now }) };
  const gatewayCache = createGatewayCache(config, { logger, now: () => now().getTime() });
  const services: GatewayServices = { store, adapters, cache: gatewayCache.cache, idSecret: config.idSecret, requestDeadlineMs: config.requestDeadlineMs, now, logger };

  const apollo = createApolloServer(logger);
  await apollo.start();
  const server = createServer(
    createRequestListener({ apollo, services, graphiql: loadGraphiqlAssets({ demo: config.demo }), demoToken: demo?.token ?? null }),
  );

  return {
    server,
    demo,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { address, port } = server.address() as AddressInfo;
          resolve(`http://${address.includes(':') ? `[${address}]` : address}:${port}`);
        });
      }),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await gatewayCache.close();
      await demo?.dispose();
    },
  };
}
