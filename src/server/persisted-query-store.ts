/**
 * Where Apollo looks up an operation sent by hash alone (`extensions.persistedQuery.sha256Hash`): first the
 * registered operations of the manifest (read-only), then the texts clients registered themselves through
 * automatic persisted queries (APQ: hash first, then hash and text on `PersistedQueryNotFound`). APQ texts
 * live in process (bounded LRU) or, with Redis, under `REDIS_KEY_PREFIX` + `apq:` so every replica knows a
 * text any of them was given. Keys are the SHA-256 hex of the text; anything else is never looked up or kept.
 *
 * Only what is safe to keep is kept: a text larger than {@link MAX_STORED_QUERY_CHARS}, or one holding a
 * secret as a literal (`password: "…"` instead of a variable), still runs but is not stored, so the client
 * sends it again next time.
 */
import { InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Kind, parse, visit, type ArgumentNode, type ObjectFieldNode } from 'graphql';
import type { RedisConnection } from '../redis/connect.js';
import type { Logger } from '../logging/logger.js';

/** How long a text registered through APQ is kept after its last registration: a day. */
export const APQ_TTL_SECONDS = 24 * 60 * 60;

/** The longest text kept (characters); a longer one runs but is not stored. */
export const MAX_STORED_QUERY_CHARS = 64 * 1024;

/** The in-process APQ store's whole size (characters of text): 16 MiB at most. */
const MEMORY_MAX_CHARS = 16 * 1024 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Argument and input-field names whose literal value is a secret (schema: link inputs, invitation codes,
 * SNILS). Written as variables they never reach the text; written inline, the text is not stored.
 */
const SECRET_NAMES = new Set(['password', 'token', 'accessToken', 'refreshToken', 'code', 'snils', 'clientSecret']);

/** What Apollo's `persistedQueries.cache` is given: the manifest in front of the APQ store. */
export function createPersistedQueryStore(parts: {
  /** Registered operations, SHA-256 hex → text; `null` when the manifest is not used (`off`). */
  manifest: ReadonlyMap<string, string> | null;
  /** Where APQ registrations are kept; `null` when clients may not register (`only`). */
  automatic: KeyValueCache<string> | null;
}): KeyValueCache<string> {
  const { manifest, automatic } = parts;
  const store: KeyValueCache<string> = {
    async get(hash) {
      if (!SHA256_HEX.test(hash)) return undefined;
      return manifest?.get(hash) ?? (await automatic?.get(hash));
    },
    async set(hash, text, options) {
      if (!automatic || manifest?.has(hash) || !SHA256_HEX.test(hash) || !isSafeToKeep(text)) return;
      await automatic.set(hash, text, options);
    },
    async delete(hash) {
      return SHA256_HEX.test(hash) ? automatic?.delete(hash) : false;
    },
  };
  // Apollo prefixes its keys with `apq:` unless told this store holds nothing else: the keys are then the
  // bare hashes the manifest is keyed by, and the Redis store adds its own `apq:`.
  return PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(store);
}

/** The in-process APQ store: an LRU bounded by the total length of the texts it holds. */
export function createMemoryQueryStore(): KeyValueCache<string> {
  return new InMemoryLRUCache<string>({ maxSize: MEMORY_MAX_CHARS });
}

/**
 * The shared APQ store: `<keyPrefix>apq:<sha256 hex>` → text, with a TTL. Redis errors read as misses and
 * failed writes are dropped (logged): the client then sends the text again, and nothing fails.
 */
export function createRedisQueryStore(options: {
  redis: RedisConnection;
  keyPrefix: string;
  logger: Logger;
}): KeyValueCache<string> {
  const { redis, logger } = options;
  const prefix = `${options.keyPrefix}apq:`;
  return {
    async get(hash) {
      try {
        return (await redis.get(prefix + hash)) ?? undefined;
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, 'redis APQ read failed; treated as a miss');
        return undefined;
      }
    },
    async set(hash, text, setOptions) {
      try {
        await redis.set(prefix + hash, text, 'EX', Math.max(1, Math.round(setOptions?.ttl ?? APQ_TTL_SECONDS)));
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, 'redis APQ write failed; dropped');
      }
    },
    async delete(hash) {
      try {
        return (await redis.del(prefix + hash)) > 0;
      } catch {
        return false;
      }
    },
  };
}

/** A text is kept when it is small and holds no secret literal; Apollo stores it only once it validated. */
function isSafeToKeep(text: string): boolean {
  if (text.length > MAX_STORED_QUERY_CHARS) return false;
  let secret = false;
  const check = (node: ArgumentNode | ObjectFieldNode) => {
    if (SECRET_NAMES.has(node.name.value) && node.value.kind !== Kind.VARIABLE) secret = true;
  };
  try {
    visit(parse(text, { noLocation: true }), { Argument: check, ObjectField: check });
  } catch {
    return false;
  }
  return !secret;
}
