/**
 * The Redis store's message sends: `message-send:{id}`, one string per send, expiring at its `expiresAt`
 * (`PX`, by the store's clock), so a key is free again once its day is over without any sweep. A claim reads
 * the key, decides with the same rule as the other stores (`claimReplaces`, by the caller's `now`) and writes
 * only while the key still holds what it read (`GuardedWrite`): of claims racing for one id, one writes and
 * every other conflicts, reads again and is answered with the record written. One key in the `{store}` slot,
 * so it works alike on a single server, Sentinel and Cluster.
 */
import type { RedisConnection } from '../redis/connect.js';
import { checkMessageSendChange, claimReplaces, type MessageSendMethods } from './message-send-rules.js';
import { CONFLICT, GuardedWrite, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import type { RedisStoreKeys } from './redis-store-keys.js';
import { messageSendRecordSchema } from './store-document.js';
import type { MessageSendRecord } from './store.js';

/** The message-send methods of the Redis store; `now` turns a send's `expiresAt` into a Redis expiry. */
export function createRedisMessageSends(
  redis: RedisConnection,
  keys: RedisStoreKeys,
  read: RecordReader,
  now: () => number,
): MessageSendMethods {
  const readSend = (raw: string | null) => read(raw, messageSendRecordSchema, 'message send');

  /** Writes `send` only while its key holds `raw` (`null`: absent), expiring at its `expiresAt`. */
  const writeWhile = (raw: string | null, send: MessageSendRecord): Promise<boolean> => {
    const key = keys.messageSend(send.id);
    return new GuardedWrite()
      .whileValue(key, raw)
      .set(key, JSON.stringify(send), send.expiresAt - now())
      .run(redis);
  };

  return {
    async claimMessageSend(send, at) {
      return retryOnConflict(`the message send ${send.id}`, async () => {
        const raw = await redis.get(keys.messageSend(send.id));
        // An unreadable value reads as absent, as everywhere in this store: the claim replaces it.
        const stored = readSend(raw);
        if (stored && !claimReplaces(stored, send, at)) return stored;
        return (await writeWhile(raw, send)) ? structuredClone(send) : CONFLICT;
      });
    },

    async updateMessageSend(id, change) {
      return retryOnConflict(`the message send ${id}`, async () => {
        const raw = await redis.get(keys.messageSend(id));
        const current = readSend(raw);
        // Past its expiry by the store's clock the record is gone (Redis may not have dropped the key yet).
        if (!current || current.expiresAt <= now()) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        checkMessageSendChange(current, next);
        return (await writeWhile(raw, next)) ? structuredClone(next) : CONFLICT;
      });
    },
  };
}
