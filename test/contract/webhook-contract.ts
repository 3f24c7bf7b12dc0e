/**
 * The webhook part of the store contract (`describeStoreContract` runs it for every store): listed newest
 * first per owner and all of them for the engine's sweep, changed atomically without moving what identifies
 * a webhook, deleted with its index entries, and bounded per owner even under concurrent creations.
 */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import type { GatewayStore, WebhookRecord } from '../../src/store/store.js';

/** A webhook of `owner`, made at `createdAt`. */
export function webhookRecord(id: string, owner: string, createdAt: number, overrides: Partial<WebhookRecord> = {}) {
  return {
    id,
    ownerUserId: owner,
    url: `https://hooks.example.com/${id}`,
    label: null,
    sealedSecret: `v1.k1.sealed-${id}`,
    createdAt,
    updatedAt: createdAt,
    disabledAt: null,
    disabledReason: null,
    ...overrides,
  } satisfies WebhookRecord;
}

/** The webhook contract, for stores `createStore` makes empty. */
export function describeWebhookContract(createStore: () => Promise<GatewayStore> | GatewayStore): void {
  describe('webhooks', () => {
    it('should list an owner’s webhooks newest first, and every id for the sweep', async () => {
      const store = await createStore();
      expect(await store.createWebhook(webhookRecord('w-old', 'u1', 1_000), 10)).toBe(true);
      expect(await store.createWebhook(webhookRecord('w-new', 'u1', 2_000), 10)).toBe(true);
      expect(await store.createWebhook(webhookRecord('w-else', 'u2', 1_500), 10)).toBe(true);
      expect((await store.listWebhooks('u1')).map((hook) => hook.id)).toEqual(['w-new', 'w-old']);
      expect(await store.listWebhooks('u3')).toEqual([]);
      expect((await store.listAllWebhookIds()).sort()).toEqual(['w-else', 'w-new', 'w-old']);
      expect(await store.getWebhook('w-else')).toEqual(webhookRecord('w-else', 'u2', 1_500));
      expect(await store.getWebhook('w-none')).toBeNull();
    });

    it('should refuse a webhook whose id exists, keeping the first', async () => {
      const store = await createStore();
      await store.createWebhook(webhookRecord('w1', 'u1', 1_000), 10);
      await expect(store.createWebhook(webhookRecord('w1', 'u2', 1_000), 10)).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
      });
      expect(await store.listWebhooks('u2')).toEqual([]);
    });

    it('should keep an owner under the bound, even when creations race', async () => {
      const store = await createStore();
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, n) => store.createWebhook(webhookRecord(`w${n}`, 'u1', 1_000 + n), 3)),
      );
      expect(created.filter(Boolean)).toHaveLength(3);
      expect(await store.listWebhooks('u1')).toHaveLength(3);
      expect(await store.createWebhook(webhookRecord('w-other', 'u2', 1_000), 3)).toBe(true);
    });

    it('should change a webhook atomically, and refuse a change of what identifies it', async () => {
      const store = await createStore();
      await store.createWebhook(webhookRecord('w1', 'u1', 1_000), 10);
      const disabled = await store.updateWebhook('w1', (hook) => ({
        ...hook,
        disabledAt: 5_000,
        disabledReason: 'FAILING',
        updatedAt: 5_000,
      }));
      expect(disabled).toEqual(
        webhookRecord('w1', 'u1', 1_000, { disabledAt: 5_000, disabledReason: 'FAILING', updatedAt: 5_000 }),
      );
      expect(await store.updateWebhook('w1', () => null)).toEqual(disabled);
      expect(await store.updateWebhook('w-none', () => webhookRecord('w-none', 'u1', 1))).toBeNull();
      const error = await store
        .updateWebhook('w1', (hook) => ({ ...hook, ownerUserId: 'u2' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
      expect(await store.getWebhook('w1')).toEqual(disabled);
      // Concurrent changes each see the other's: none is lost.
      await Promise.all(
        Array.from({ length: 6 }, () =>
          store.updateWebhook('w1', (hook) => ({ ...hook, updatedAt: hook.updatedAt + 1 })),
        ),
      );
      expect((await store.getWebhook('w1'))?.updatedAt).toBe(5_006);
    });

    it('should delete a webhook with its index entries, making room under the bound', async () => {
      const store = await createStore();
      await store.createWebhook(webhookRecord('w1', 'u1', 1_000), 1);
      expect(await store.createWebhook(webhookRecord('w2', 'u1', 2_000), 1)).toBe(false);
      expect(await store.deleteWebhook('w1')).toBe(true);
      expect(await store.deleteWebhook('w1')).toBe(false);
      expect(await store.getWebhook('w1')).toBeNull();
      expect(await store.listWebhooks('u1')).toEqual([]);
      expect(await store.listAllWebhookIds()).toEqual([]);
      expect(await store.createWebhook(webhookRecord('w2', 'u1', 2_000), 1)).toBe(true);
    });
  });
}
