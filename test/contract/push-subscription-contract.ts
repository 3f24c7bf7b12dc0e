/**
 * The push-subscription part of the store contract (`describeStoreContract` runs it for every store): one
 * record per owner and endpoint (a registration again updates it, keeping its id and history), listed
 * newest first, changed atomically, deleted only by its owner, bounded per owner even under concurrent
 * registrations; and a gateway secret claimed once, the first claim winning.
 */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import type { GatewayStore, PushSubscriptionRecord } from '../../src/store/store.js';

/** A subscription of `owner` for the endpoint `endpoint`, registered at `createdAt`. */
export function pushRecord(
  id: string,
  owner: string,
  endpoint: string,
  createdAt: number,
  overrides: Partial<PushSubscriptionRecord> = {},
): PushSubscriptionRecord {
  return {
    id,
    ownerUserId: owner,
    endpointHash: `hash-${endpoint}`,
    sealedTarget: `sealed-${id}`,
    pushService: 'push.example',
    label: null,
    createdAt,
    lastDeliveredAt: null,
    lastFailedAt: null,
    ...overrides,
  };
}

/** The push-subscription and gateway-secret contract, for stores `createStore` makes empty. */
export function describePushSubscriptionContract(createStore: () => Promise<GatewayStore> | GatewayStore): void {
  describe('push subscriptions', () => {
    const now = Date.now();

    it('should store, list newest first and find a subscription, each owner seeing only theirs', async () => {
      const store = await createStore();
      expect(await store.savePushSubscription(pushRecord('p-old', 'u1', 'a', now - 2000), 10)).toEqual(
        pushRecord('p-old', 'u1', 'a', now - 2000),
      );
      await store.savePushSubscription(pushRecord('p-new', 'u1', 'b', now), 10);
      await store.savePushSubscription(pushRecord('p-else', 'u2', 'a', now - 1000), 10);
      expect((await store.listPushSubscriptions('u1')).map((record) => record.id)).toEqual(['p-new', 'p-old']);
      expect((await store.listPushSubscriptions('u2')).map((record) => record.id)).toEqual(['p-else']);
      expect(await store.listPushSubscriptions('u3')).toEqual([]);
      expect(await store.getPushSubscription('p-else')).toEqual(pushRecord('p-else', 'u2', 'a', now - 1000));
      expect(await store.getPushSubscription('missing')).toBeNull();
      expect((await store.listAllPushSubscriptionIds()).sort()).toEqual(['p-else', 'p-new', 'p-old']);
    });

    it('should update the record of an endpoint registered again, keeping its id and delivery history', async () => {
      const store = await createStore();
      await store.savePushSubscription(pushRecord('p1', 'u1', 'a', now - 5000, { lastDeliveredAt: now - 100 }), 10);
      const again = await store.savePushSubscription(
        pushRecord('p2', 'u1', 'a', now, { sealedTarget: 'sealed-new', label: 'Телефон', pushService: 'other' }),
        10,
      );
      expect(again).toEqual(
        pushRecord('p1', 'u1', 'a', now, {
          sealedTarget: 'sealed-new',
          label: 'Телефон',
          pushService: 'other',
          lastDeliveredAt: now - 100,
        }),
      );
      expect(await store.listPushSubscriptions('u1')).toEqual([again]);
      expect(await store.getPushSubscription('p2')).toBeNull();
      expect(await store.listAllPushSubscriptionIds()).toEqual(['p1']);
    });

    it('should refuse a new subscription past the bound, and still take a registration again there', async () => {
      const store = await createStore();
      await store.savePushSubscription(pushRecord('p1', 'u1', 'a', now - 2), 2);
      await store.savePushSubscription(pushRecord('p2', 'u1', 'b', now - 1), 2);
      expect(await store.savePushSubscription(pushRecord('p3', 'u1', 'c', now), 2)).toBeNull();
      expect(await store.getPushSubscription('p3')).toBeNull();
      expect((await store.savePushSubscription(pushRecord('p4', 'u1', 'a', now), 2))?.id).toBe('p1');
      expect(await store.savePushSubscription(pushRecord('p5', 'u2', 'c', now), 2)).not.toBeNull();
    });

    it('should let concurrent registrations by one owner never pass the bound, one record per endpoint', async () => {
      const store = await createStore();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          store.savePushSubscription(pushRecord(`p${index}`, 'u1', `e${index % 6}`, now + index), 4),
        ),
      );
      const listed = await store.listPushSubscriptions('u1');
      expect(listed.length).toBe(4);
      expect(new Set(listed.map((record) => record.endpointHash)).size).toBe(4);
      expect(results.filter((result) => result === null).length).toBeGreaterThan(0);
    });

    it('should refuse a new subscription whose id is taken, keeping the first', async () => {
      const store = await createStore();
      await store.savePushSubscription(pushRecord('p1', 'u1', 'a', now), 10);
      const error = await store.savePushSubscription(pushRecord('p1', 'u2', 'b', now), 10).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_CONFLICT');
      expect(await store.listPushSubscriptions('u2')).toEqual([]);
    });

    it('should change a subscription atomically, refusing a change of what identifies it', async () => {
      const store = await createStore();
      await store.savePushSubscription(pushRecord('p1', 'u1', 'a', now), 10);
      let called = false;
      expect(
        await store.updatePushSubscription('missing', (record) => {
          called = true;
          return record;
        }),
      ).toBeNull();
      expect(called).toBe(false);
      const noted = await Promise.all(
        [1, 2, 3].map((step) =>
          store.updatePushSubscription('p1', (record) => ({
            ...record,
            lastDeliveredAt: Math.max(record.lastDeliveredAt ?? 0, now + step),
          })),
        ),
      );
      expect(noted.every((record) => record !== null)).toBe(true);
      expect((await store.getPushSubscription('p1'))?.lastDeliveredAt).toBe(now + 3);
      for (const breaking of [{ id: 'p9' }, { ownerUserId: 'u2' }, { endpointHash: 'other' }]) {
        const error = await store
          .updatePushSubscription('p1', (record) => ({ ...record, ...breaking }))
          .then(
            () => null,
            (thrown: unknown) => thrown,
          );
        expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
      }
      expect(await store.updatePushSubscription('p1', () => null)).toEqual(await store.getPushSubscription('p1'));
    });

    it('should delete a subscription only for its owner', async () => {
      const store = await createStore();
      await store.savePushSubscription(pushRecord('p1', 'u1', 'a', now), 10);
      expect(await store.deletePushSubscription('p1', 'u2')).toBe(false);
      expect(await store.getPushSubscription('p1')).not.toBeNull();
      expect(await store.deletePushSubscription('p1', 'u1')).toBe(true);
      expect(await store.deletePushSubscription('p1', 'u1')).toBe(false);
      expect(await store.listPushSubscriptions('u1')).toEqual([]);
      expect(await store.listAllPushSubscriptionIds()).toEqual([]);
      expect(await store.savePushSubscription(pushRecord('p2', 'u1', 'a', now), 10)).not.toBeNull();
    });
  });

  describe('gateway secrets', () => {
    it('should keep the first secret of a name claimed, even when claimed at once', async () => {
      const store = await createStore();
      const claims = await Promise.all(
        ['one', 'two', 'three'].map((sealed, index) =>
          store.claimGatewaySecret({ name: 'web-push-vapid', sealed, createdAt: 1000 + index }),
        ),
      );
      expect(new Set(claims.map((claim) => claim.sealed)).size).toBe(1);
      expect(await store.claimGatewaySecret({ name: 'web-push-vapid', sealed: 'later', createdAt: 5 })).toEqual(
        claims[0],
      );
      expect((await store.claimGatewaySecret({ name: 'other', sealed: 'x', createdAt: 7 })).sealed).toBe('x');
    });

    it('should change a secret atomically, never its name, and answer null for one never claimed', async () => {
      const store = await createStore();
      expect(await store.updateGatewaySecret('web-push-vapid', (secret) => secret)).toBeNull();
      await store.claimGatewaySecret({ name: 'web-push-vapid', sealed: 'old', createdAt: 1 });
      const resealed = await store.updateGatewaySecret('web-push-vapid', (secret) => ({ ...secret, sealed: 'new' }));
      expect(resealed).toEqual({ name: 'web-push-vapid', sealed: 'new', createdAt: 1 });
      expect(await store.updateGatewaySecret('web-push-vapid', () => null)).toEqual(resealed);
      const error = await store
        .updateGatewaySecret('web-push-vapid', (secret) => ({ ...secret, name: 'x' }))
        .then(
          () => null,
          (thrown: unknown) => thrown,
        );
      expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
      expect((await store.claimGatewaySecret({ name: 'web-push-vapid', sealed: 'later', createdAt: 9 })).sealed).toBe(
        'new',
      );
    });
  });
}
