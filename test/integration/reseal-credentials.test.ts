/**
 * `npm run reseal-credentials` as an operator runs it: a separate process with the gateway's environment,
 * against a real store file and a real Redis (unique key prefix). Accounts are sealed with the old key;
 * after the command, a vault holding only the new key opens every one of them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { createCredentialVault, type CredentialVault } from '../../src/secrets/credential-vault.js';
import { openFileStore } from '../../src/store/file-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { records } from '../contract/store-contract.js';
import { SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';
import { registerTeardown } from '../support/teardown.js';
import { tempDir } from '../support/temp-dir.js';

const COMMAND = ['--import', 'tsx', 'src/tools/reseal-credentials.ts'];
const oldKey = { id: 'old2025', key: randomBytes(32) };
const newKey = { id: 'new2026', key: randomBytes(32) };
const lostKey = { id: 'lost2019', key: randomBytes(32) };
const spec = (...keys: { id: string; key: Buffer }[]) =>
  keys.map(({ id, key }) => `${id}:${key.toString('base64')}`).join(',');
const oldVault = createCredentialVault([oldKey]);
const newOnly = createCredentialVault([newKey]);
const credentialsOf = (id: string) => ({ accessToken: `Secret-token-${id}` });

/** The environment of a production gateway after the new key was put first. */
const gatewayEnvironment = (store: Record<string, string>): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  DEMO: 'off',
  ID_SECRET: 'x'.repeat(40),
  PERSONAL_DATA_SECRET: 'y'.repeat(40),
  CREDENTIAL_KEYS: spec(newKey, oldKey),
  ...store,
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCommand(environment: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, COMMAND, {
      cwd: process.cwd(),
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Links accounts sealed with `vault` (id → vault). */
async function seed(store: GatewayStore, accounts: Record<string, CredentialVault>): Promise<void> {
  let linkedAt = 1_000;
  for (const [id, vault] of Object.entries(accounts)) {
    await store.putProviderAccount(
      records.account(id, 'u1', (linkedAt += 1), { sealedCredentials: vault.seal(credentialsOf(id), id) }),
    );
  }
}

async function expectOpenWithNewKeyOnly(store: GatewayStore, ids: string[]): Promise<void> {
  for (const id of ids) {
    const account = await store.getProviderAccount(id);
    expect(newOnly.open(account!.sealedCredentials, id)).toEqual(credentialsOf(id));
  }
}

const logger = createLogger('silent');

describe('against a store file', () => {
  async function storeFile(): Promise<string> {
    return join(await tempDir('dg-reseal-'), 'store.json');
  }
  /** Opens the store file, closed when the test ends unless the test closed it first (to run the command). */
  async function openStore(file: string): Promise<GatewayStore> {
    const store = await openFileStore(file, { logger });
    registerTeardown(() => store.close());
    return store;
  }

  it('should reseal every account, print the counts as one JSON line and exit 0', async () => {
    const file = await storeFile();
    const store = await openStore(file);
    await seed(store, { acc_a: oldVault, acc_b: oldVault, acc_c: createCredentialVault([newKey]) });
    await store.close();

    const run = await runCommand(gatewayEnvironment({ STORE: 'file', STORE_FILE: file }));
    expect(run.stdout).toBe('{"checked":3,"resealed":2,"failed":0}\n');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Secret-token');

    await expectOpenWithNewKeyOnly(await openStore(file), ['acc_a', 'acc_b', 'acc_c']);
  });

  it('should exit 1 naming the account whose key is missing, and still reseal the others', async () => {
    const file = await storeFile();
    const store = await openStore(file);
    await seed(store, { acc_a: oldVault, acc_lost: createCredentialVault([lostKey]) });
    await store.close();

    const run = await runCommand(gatewayEnvironment({ STORE: 'file', STORE_FILE: file }));
    expect(run.stdout).toBe('{"checked":2,"resealed":1,"failed":1}\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('acc_lost');
    expect(run.stderr).toContain('UNKNOWN_KEY');
    expect(run.stderr).not.toContain('Secret-token');

    await expectOpenWithNewKeyOnly(await openStore(file), ['acc_a']);
  });

  it('should refuse, exit 1 and change nothing while a gateway holds the store file', async () => {
    const file = await storeFile();
    const store = await openStore(file);
    await seed(store, { acc_a: oldVault });
    const sealed = (await store.getProviderAccount('acc_a'))!.sealedCredentials;
    const run = await runCommand(gatewayEnvironment({ STORE: 'file', STORE_FILE: file }));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/reseal-credentials failed: .*(lock|another|process)/i);
    expect((await store.getProviderAccount('acc_a'))!.sealedCredentials).toBe(sealed);
  });

  it('should refuse a configuration it cannot use with exit code 2', async () => {
    const run = await runCommand({ PATH: process.env.PATH ?? '', DEMO: 'off' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CREDENTIAL_KEYS');
    expect((await runCommand({ PATH: process.env.PATH ?? '', STORE: 'memory' })).code).toBe(2);
    const missing = join(await storeFile(), 'nowhere.json');
    const typo = await runCommand(gatewayEnvironment({ STORE: 'file', STORE_FILE: missing }));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('does not exist');
    expect(existsSync(missing)).toBe(false);
  });
});

describe('against Redis', () => {
  const shared = useSharedRedis();

  it('should reseal every account under the configured prefix and only there', async () => {
    const ownPrefix = shared.prefix();
    // Another gateway sharing the Redis, under a longer prefix that starts with this one's.
    const neighbourPrefix = `${ownPrefix}other:`;
    const store = createRedisStore({ redis: shared.redis, keyPrefix: ownPrefix });
    const neighbour = createRedisStore({ redis: shared.redis, keyPrefix: neighbourPrefix });
    await seed(store, { acc_a: oldVault, acc_b: oldVault, acc_c: createCredentialVault([newKey]) });
    await seed(neighbour, { acc_n: oldVault });
    const neighbourBlob = (await neighbour.getProviderAccount('acc_n'))!.sealedCredentials;

    const run = await runCommand(
      gatewayEnvironment({ STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: ownPrefix }),
    );
    expect(run.stdout).toBe('{"checked":3,"resealed":2,"failed":0}\n');
    expect(run.code).toBe(0);

    await expectOpenWithNewKeyOnly(store, ['acc_a', 'acc_b', 'acc_c']);
    expect((await neighbour.getProviderAccount('acc_n'))!.sealedCredentials).toBe(neighbourBlob);
  });
});
