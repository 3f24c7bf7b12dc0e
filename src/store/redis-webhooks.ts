/**
 * The Redis store's webhooks: `webhook:{id}`, listed from the sorted set `owner-webhooks:{userId}` and, for
 * the delivery engine's sweep, from `webhooks`, both by `createdAt`. A webhook and its index entries are
 * written in one `GuardedWrite`; a creation is guarded by the owner's whole index, so concurrent creations
 * by one owner cannot pass the bound together.
 */
import type { RedisConnection } from '../redis/connect.js';
import { CONFLICT, GuardedWrite, joinMembers, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import type { RedisStoreKeys } from './redis-store-keys.js';
import { webhookRecordSchema } from './store-document.js';
import { StoreError } from './store-error.js';
import type { WebhookRecord } from './store.js';
import { checkWebhookChange, hasRoomForWebhook } from './webhook-rules.js';
import type { WebhookMethods } from './memory-webhooks.js';

/** The webhook methods of the Redis store. */
export function createRedisWebhooks(redis: RedisConnection, keys: RedisStoreKeys, read: RecordReader): WebhookMethods {
  const readOne = async (id: string): Promise<{ raw: string | null; webhook: WebhookRecord | null }> => {
    const raw = await redis.get(keys.webhook(id));
    return { raw, webhook: read(raw, webhookRecordSchema, 'webhook') };
  };

  return {
    async createWebhook(webhook, maxPerOwner) {
      const indexKey = keys.ownerWebhooks(webhook.ownerUserId);
      return retryOnConflict(`the webhooks of ${webhook.ownerUserId}`, async () => {
        if ((await redis.exists(keys.webhook(webhook.id))) > 0)
          throw new StoreError(
            'STORE_CONFLICT',
            `A webhook with the id ${webhook.id} already exists; nothing was written.`,
          );
        const ids = await redis.zrange(indexKey, 0, -1);
        if (!hasRoomForWebhook(ids.length, maxPerOwner)) return false;
        // Only while the owner's index is as read: a concurrent creation (or deletion) starts this one over.
        const write = new GuardedWrite()
          .whileMembers(indexKey, joinMembers(ids))
          .whileValue(keys.webhook(webhook.id), null)
          .set(keys.webhook(webhook.id), JSON.stringify(webhook))
          .zadd(indexKey, webhook.createdAt, webhook.id)
          .zadd(keys.allWebhooks, webhook.createdAt, webhook.id);
        return (await write.run(redis)) ? true : CONFLICT;
      });
    },

    async updateWebhook(id, change) {
      return retryOnConflict(`the webhook ${id}`, async () => {
        const { raw, webhook: current } = await readOne(id);
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        checkWebhookChange(current, next);
        const write = new GuardedWrite().whileValue(keys.webhook(id), raw).set(keys.webhook(id), JSON.stringify(next));
        return (await write.run(redis)) ? next : CONFLICT;
      });
    },

    async deleteWebhook(id) {
      return retryOnConflict(`the webhook ${id}`, async () => {
        const { raw, webhook } = await readOne(id);
        if (raw === null) return false;
        const write = new GuardedWrite()
          .whileValue(keys.webhook(id), raw)
          .del(keys.webhook(id))
          .zrem(keys.allWebhooks, id);
        if (webhook) write.zrem(keys.ownerWebhooks(webhook.ownerUserId), id);
        return (await write.run(redis)) ? true : CONFLICT;
      });
    },

    async getWebhook(id) {
      return (await readOne(id)).webhook;
    },

    async listWebhooks(ownerUserId) {
      // ZREVRANGE: newest createdAt first, equal ones by id descending (the memory store sorts alike).
      const ids = await redis.zrevrange(keys.ownerWebhooks(ownerUserId), 0, -1);
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.map(keys.webhook));
      return raws.flatMap((raw) => {
        const webhook = read(raw, webhookRecordSchema, 'webhook');
        return webhook?.ownerUserId === ownerUserId ? [webhook] : [];
      });
    },

    async listAllWebhookIds() {
      return redis.zrange(keys.allWebhooks, 0, -1);
    },
  };
}
