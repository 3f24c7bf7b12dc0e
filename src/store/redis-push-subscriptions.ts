/**
 * The Redis store's push subscriptions and gateway secrets: `push-subscription:{id}`, listed from the sorted
 * sets `owner-push-subscriptions:{userId}` and `push-subscriptions` (all of them) by `createdAt`, and
 * `gateway-secret:{name}`. A registration reads
 * the owner's index (at most the bound, a handful) and writes in one `GuardedWrite` guarded by that index,
 * so concurrent registrations by one owner cannot pass the bound, and a browser registering twice at once
 * ends with one record.
 */
import type { RedisConnection } from '../redis/connect.js';
import {
  checkGatewaySecretChange,
  checkPushSubscriptionChange,
  registeredAgain,
  type PushSubscriptionMethods,
} from './push-subscription-rules.js';
import { newestPushSubscriptionFirst } from './record-order.js';
import { CONFLICT, GuardedWrite, joinMembers, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import type { RedisStoreKeys } from './redis-store-keys.js';
import { gatewaySecretRecordSchema, pushSubscriptionRecordSchema } from './store-document.js';
import { StoreError } from './store-error.js';
import type { PushSubscriptionRecord } from './store.js';

/** A subscription in the owner's index as read: its record (`null`: gone or unreadable) and its raw value. */
interface IndexedSubscription {
  id: string;
  raw: string | null;
  record: PushSubscriptionRecord | null;
}

/** The push-subscription and gateway-secret methods of the Redis store. */
export function createRedisPushSubscriptions(
  redis: RedisConnection,
  keys: RedisStoreKeys,
  read: RecordReader,
): PushSubscriptionMethods {
  const readRecord = (raw: string | null) => read(raw, pushSubscriptionRecordSchema, 'push subscription');

  /** The owner's index in its order (oldest first), each id with its record. */
  const readIndex = async (ownerUserId: string): Promise<{ ids: string[]; entries: IndexedSubscription[] }> => {
    const ids = await redis.zrange(keys.ownerPushSubscriptions(ownerUserId), 0, -1);
    if (ids.length === 0) return { ids, entries: [] };
    const raws = await redis.mget(...ids.map(keys.pushSubscription));
    const entries = ids.map((id, index) => {
      const raw = raws[index] ?? null;
      const record = readRecord(raw);
      return { id, raw, record: record?.ownerUserId === ownerUserId ? record : null };
    });
    return { ids, entries };
  };

  return {
    async savePushSubscription(subscription, maxPerOwner) {
      const indexKey = keys.ownerPushSubscriptions(subscription.ownerUserId);
      return retryOnConflict(`the push subscriptions of ${subscription.ownerUserId}`, async () => {
        const { ids, entries } = await readIndex(subscription.ownerUserId);
        const write = new GuardedWrite().whileMembers(indexKey, joinMembers(ids));
        for (const entry of entries) {
          // An id left in the index without its record leaves it, while the record is still absent.
          if (entry.raw === null)
            write
              .whileValue(keys.pushSubscription(entry.id), null)
              .zrem(indexKey, entry.id)
              .zrem(keys.allPushSubscriptions, entry.id);
        }
        const existing = entries.find((entry) => entry.record?.endpointHash === subscription.endpointHash);
        let stored: PushSubscriptionRecord;
        if (existing?.record) {
          stored = registeredAgain(existing.record, subscription);
          write.whileValue(keys.pushSubscription(existing.id), existing.raw);
        } else {
          if ((await redis.exists(keys.pushSubscription(subscription.id))) > 0)
            throw new StoreError(
              'STORE_CONFLICT',
              `A push subscription with the id ${subscription.id} already exists; nothing was written.`,
            );
          const live = entries.filter((entry) => entry.record !== null).length;
          if (live >= Math.max(1, maxPerOwner)) return null;
          stored = subscription;
          write.whileValue(keys.pushSubscription(subscription.id), null);
        }
        write
          .set(keys.pushSubscription(stored.id), JSON.stringify(stored))
          .zadd(indexKey, stored.createdAt, stored.id)
          .zadd(keys.allPushSubscriptions, stored.createdAt, stored.id);
        return (await write.run(redis)) ? stored : CONFLICT;
      });
    },

    async updatePushSubscription(id, change) {
      return retryOnConflict(`the push subscription ${id}`, async () => {
        const raw = await redis.get(keys.pushSubscription(id));
        const current = readRecord(raw);
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        checkPushSubscriptionChange(current, next);
        const write = new GuardedWrite()
          .whileValue(keys.pushSubscription(id), raw)
          .set(keys.pushSubscription(id), JSON.stringify(next));
        return (await write.run(redis)) ? next : CONFLICT;
      });
    },

    async getPushSubscription(id) {
      return readRecord(await redis.get(keys.pushSubscription(id)));
    },

    async deletePushSubscription(id, ownerUserId) {
      return retryOnConflict(`the push subscription ${id}`, async () => {
        const raw = await redis.get(keys.pushSubscription(id));
        const current = readRecord(raw);
        if (current?.ownerUserId !== ownerUserId) return false;
        const write = new GuardedWrite()
          .whileValue(keys.pushSubscription(id), raw)
          .del(keys.pushSubscription(id))
          .zrem(keys.ownerPushSubscriptions(ownerUserId), id)
          .zrem(keys.allPushSubscriptions, id);
        return (await write.run(redis)) ? true : CONFLICT;
      });
    },

    async listPushSubscriptions(ownerUserId) {
      const { entries } = await readIndex(ownerUserId);
      return entries.flatMap((entry) => (entry.record ? [entry.record] : [])).sort(newestPushSubscriptionFirst);
    },

    async listAllPushSubscriptionIds() {
      return redis.zrange(keys.allPushSubscriptions, 0, -1);
    },

    async claimGatewaySecret(secret) {
      const key = keys.gatewaySecret(secret.name);
      // SET NX: of replicas starting at once, the first write wins and every one reads it back.
      await redis.set(key, JSON.stringify(secret), 'NX');
      const stored = read(await redis.get(key), gatewaySecretRecordSchema, 'gateway secret');
      if (!stored)
        throw new StoreError('STORE_CONFLICT', `The gateway secret "${secret.name}" is stored but unreadable.`);
      return stored;
    },

    async updateGatewaySecret(name, change) {
      const key = keys.gatewaySecret(name);
      return retryOnConflict(`the gateway secret ${name}`, async () => {
        const raw = await redis.get(key);
        const current = read(raw, gatewaySecretRecordSchema, 'gateway secret');
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        checkGatewaySecretChange(current, next);
        const written = await new GuardedWrite().whileValue(key, raw).set(key, JSON.stringify(next)).run(redis);
        return written ? next : CONFLICT;
      });
    },
  };
}
