/**
 * `npm run reseal-credentials`: moves every linked account's sealed credentials to the first key of
 * `CREDENTIAL_KEYS`, so an old key can be removed (rotation steps in docs/storage.md). It reads the same
 * environment as the gateway and opens the configured store.
 *
 * Output: one JSON line on stdout, `{"checked":…,"resealed":…,"failed":…}`; logs go to stderr.
 * Exit code: 0 when nothing failed, 1 when an account could not be resealed (or the run failed),
 * 2 when the configuration is invalid or names a store with nothing to reseal (`STORE=memory`, or a
 * `STORE_FILE` that does not exist: opening it would create an empty store and report success).
 */
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { ConfigError, loadConfig, type GatewayConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { createCredentialVault } from '../secrets/credential-vault.js';
import { resealAllCredentials } from '../secrets/reseal.js';
import { createStore } from '../store/create-store.js';

async function main(): Promise<number> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (config.store.kind === 'memory') {
    process.stderr.write(
      'STORE=memory: a memory store starts empty in every process, so there is nothing to reseal.\n',
    );
    return 2;
  }
  if (config.store.kind === 'file' && !existsSync(config.store.file)) {
    // Opening would create an empty store there and report `checked: 0`, which reads like success.
    process.stderr.write(
      `STORE_FILE: ${config.store.file} does not exist; run the command with the gateway's own settings.\n`,
    );
    return 2;
  }
  // Synchronous stderr: every log line is out before the process exits; stdout carries only the report.
  const logger = createLogger(config.logLevel, pino.destination({ fd: 2, sync: true }));
  const vault = createCredentialVault(config.secrets.credentialKeys);
  const opened = await createStore(config, { logger });
  try {
    const report = await resealAllCredentials({ store: opened.store, vault, logger });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.failed > 0 ? 1 : 0;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A store error names the file or setting (never a credential): e.g. the file store locked by a
    // running gateway, or Redis unreachable.
    process.stderr.write(`reseal-credentials failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
