/** Entry point of `npm start`: configuration from the environment, then serve until a signal arrives. */
import { ConfigError, loadConfig } from './config/config.js';
import { createGateway } from './index.js';
import { createLogger } from './logging/logger.js';
import { TenantConfigError } from './tenants/tenant-config-error.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let gateway;
  try {
    gateway = await createGateway(config, { logger });
  } catch (error) {
    // A bad TENANTS_FILE (or tenant settings) is the operator's to fix: say what, as for the environment.
    if (error instanceof TenantConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const url = await gateway.listen();
  logger.info(
    { url, demo: config.demo },
    `diary-gateway listening on ${url} (family page at ${url}/, GraphQL at ${url}/graphql, IDE at ${url}/graphiql)`,
  );
  if (!gateway.servesFamilyPage)
    logger.warn('the family page is not built: `npm run build:web` builds it (`npm start` does), then restart');
  if (config.demo) logger.info(`demo mode: get a token with  curl ${url}/demo/token`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`diary-gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
