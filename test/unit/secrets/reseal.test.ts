import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { createCredentialVault } from '../../../src/secrets/credential-vault.js';
import { resealAllCredentials } from '../../../src/secrets/reseal.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { GatewayStore } from '../../../src/store/store.js';
import { records } from '../../contract/store-contract.js';
import { webhookRecord } from '../../contract/webhook-contract.js';
import { gatewaySecretSealContext, webhookSealContext } from '../../../src/secrets/seal-contexts.js';
import { pushTargetContext } from '../../../src/store/store.js';
import { pushRecord } from '../../contract/push-subscription-contract.js';
import { captureLogs } from '../../support/logs.js';

const oldKey = { id: 'k2025', key: randomBytes(32) };
const newKey = { id: 'k2026', key: randomBytes(32) };
const lostKey = { id: 'k2019', key: randomBytes(32) };
const credentialsOf = (accountId: string) => ({ accessToken: `Secret-token-of-${accountId}` });

/** The vault before the rotation, during it (new key first), and after the old key is gone. */
const before = createCredentialVault([oldKey]);
const during = createCredentialVault([newKey, oldKey]);
const after = createCredentialVault([newKey]);

/** A memory store holding accounts sealed with the given vaults. */
async function storeWith(accounts: Record<string, ReturnType<typeof createCredentialVault>>): Promise<GatewayStore> {
  const store = createMemoryStore();
  let linkedAt = 100;
  for (const [id, vault] of Object.entries(accounts)) {
    await store.putProviderAccount(
      records.account(id, 'u1', (linkedAt += 1), { sealedCredentials: vault.seal(credentialsOf(id), id) }),
    );
  }
  return store;
}

async function sealedOf(store: GatewayStore, id: string): Promise<string> {
  return (await store.getProviderAccount(id))!.sealedCredentials;
}

describe('resealAllCredentials', () => {
  it('should move every account on an old key to the first key, leave current ones alone, and count them', async () => {
    const store = await storeWith({ a1: before, a2: during, a3: before });
    const current = await sealedOf(store, 'a2');
    const report = await resealAllCredentials({ store, vault: during, logger: createLogger('silent') });
    expect(report).toEqual({ checked: 3, resealed: 2, failed: 0 });
    expect(await sealedOf(store, 'a2')).toBe(current);
    for (const id of ['a1', 'a2', 'a3']) {
      expect(await sealedOf(store, id)).toMatch(/^v1\.k2026\./);
      expect(after.open(await sealedOf(store, id), id)).toEqual(credentialsOf(id));
    }
    expect(await resealAllCredentials({ store, vault: during, logger: createLogger('silent') })).toEqual({
      checked: 3,
      resealed: 0,
      failed: 0,
    });
  });

  it('should count and log by id an account sealed with a key no longer listed, keep it as it was, and go on', async () => {
    const logs = captureLogs();
    const store = await storeWith({ a1: before, lost: createCredentialVault([lostKey]), a3: before });
    const lostBlob = await sealedOf(store, 'lost');
    const report = await resealAllCredentials({ store, vault: during, logger: createLogger('info', logs.stream) });
    expect(report).toEqual({ checked: 3, resealed: 2, failed: 1 });
    expect(await sealedOf(store, 'lost')).toBe(lostBlob);
    expect(after.open(await sealedOf(store, 'a3'), 'a3')).toEqual(credentialsOf('a3'));

    const failures = logs
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.level === 50);
    expect(failures).toEqual([
      expect.objectContaining({
        accountId: 'lost',
        code: 'UNKNOWN_KEY',
        msg: 'could not reseal the credentials of an account',
      }),
    ]);
    expect(logs.text()).toContain('k2019');
    expect(logs.text()).not.toContain(lostBlob.split('.')[3]);
    expect(logs.text()).not.toContain('Secret-token');
  });

  it('should count a damaged blob as failed', async () => {
    const store = await storeWith({ a1: before });
    await store.putProviderAccount(records.account('broken', 'u1', 500, { sealedCredentials: 'not-a-sealed-blob' }));
    expect(await resealAllCredentials({ store, vault: during, logger: createLogger('silent') })).toEqual({
      checked: 2,
      resealed: 1,
      failed: 1,
    });
  });

  it('should not overwrite credentials the gateway refreshed while the account was being resealed', async () => {
    const inner = await storeWith({ a1: before });
    let raced = false;
    // The real memory store, with the gateway's token refresh landing right after the reseal read the account.
    const store: GatewayStore = {
      ...inner,
      async getProviderAccount(id) {
        const account = await inner.getProviderAccount(id);
        if (!raced) {
          raced = true;
          await inner.updateProviderCredentials(id, during.seal({ accessToken: 'Secret-refreshed' }, id));
        }
        return account;
      },
    };
    const report = await resealAllCredentials({ store, vault: during, logger: createLogger('silent') });
    expect(report).toEqual({ checked: 1, resealed: 0, failed: 0 });
    expect(after.open(await sealedOf(inner, 'a1'), 'a1')).toEqual({ accessToken: 'Secret-refreshed' });
  });

  it('should skip an account unlinked after the listing', async () => {
    const inner = await storeWith({ a1: before, a2: before });
    const store: GatewayStore = {
      ...inner,
      async listAllProviderAccountIds() {
        const ids = await inner.listAllProviderAccountIds();
        await inner.deleteProviderAccount('a1');
        return ids;
      },
    };
    expect(await resealAllCredentials({ store, vault: during, logger: createLogger('silent') })).toEqual({
      checked: 1,
      resealed: 1,
      failed: 0,
    });
  });

  it('should reseal webhooks’ signing secrets too, bound to their webhook, and count a lost one as failed', async () => {
    const store = await storeWith({ a1: during });
    const secretOf = (id: string) => ({ secret: `whsec_secret_of_${id}` });
    const sealHook = async (id: string, vault: ReturnType<typeof createCredentialVault>) =>
      store.createWebhook(
        webhookRecord(id, 'u1', 1_000, { sealedSecret: vault.seal(secretOf(id), webhookSealContext(id)) }),
        10,
      );
    await sealHook('w-old', before);
    await sealHook('w-current', during);
    await sealHook('w-lost', createCredentialVault([lostKey]));
    const lostBlob = (await store.getWebhook('w-lost'))!.sealedSecret;
    const report = await resealAllCredentials({ store, vault: during, logger: createLogger('silent') });
    expect(report).toEqual({ checked: 4, resealed: 1, failed: 1 });
    const moved = (await store.getWebhook('w-old'))!.sealedSecret;
    expect(after.open(moved, webhookSealContext('w-old'))).toEqual(secretOf('w-old'));
    expect((await store.getWebhook('w-lost'))!.sealedSecret).toBe(lostBlob);
  });
});

describe('resealing what Web Push keeps', () => {
  it('should move browsers’ subscriptions and the stored key pair to the first key, each still opening', async () => {
    const store = createMemoryStore();
    const browser = { endpoint: 'https://fcm.googleapis.com/fcm/send/x', p256dh: 'BKey', auth: 'secret16' };
    const record = pushRecord('push_1', 'u1', browser.endpoint, 1_000);
    await store.savePushSubscription({ ...record, sealedTarget: before.seal(browser, pushTargetContext(record)) }, 10);
    const pair = { publicKey: 'BPublic', privateKey: 'private' };
    await store.claimGatewaySecret({
      name: 'web-push-vapid',
      sealed: before.seal(pair, gatewaySecretSealContext('web-push-vapid')),
      createdAt: 1_000,
    });
    const report = await resealAllCredentials({ store, vault: during, logger: createLogger('silent') });
    expect(report).toEqual({ checked: 2, resealed: 2, failed: 0 });
    const resealed = (await store.getPushSubscription('push_1'))!;
    expect(after.open(resealed.sealedTarget, pushTargetContext(resealed))).toEqual(browser);
    const secret = await store.claimGatewaySecret({ name: 'web-push-vapid', sealed: 'unused', createdAt: 2_000 });
    expect(after.open(secret.sealed, gatewaySecretSealContext('web-push-vapid'))).toEqual(pair);
    expect(await resealAllCredentials({ store, vault: during, logger: createLogger('silent') })).toEqual({
      checked: 2,
      resealed: 0,
      failed: 0,
    });
  });
});
