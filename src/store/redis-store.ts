/**
 * The store for replicas: every record in Redis under `<keyPrefix>{store}:` (one Cluster slot: see
 * redis-store-keys.ts), JSON values. The key layout
 * and the durability Redis must be configured for are in docs/storage.md.
 *
 * Consistency: every write that depends on what is stored — replacing a record whose indexes move,
 * a grant's transition, relinking, a child's link (`redis-student-links.ts`) — is a compare-and-set: read the raw
 * value, decide, then write with `GuardedWrite` (one Lua script: "only while it is still what I read",
 * record and index entries together), retried on a conflict (`retryOnConflict`). So no update is lost
 * to a concurrent one, and an index entry never points at a record written without it. Lookups through an
 * index still check the record they find (a grant may have expired under its index entry), and records
 * that do not parse are read as absent (`redis-record-reader.ts`).
 */
import type { RedisConnection } from '../redis/connect.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { createRedisAccounts } from './redis-accounts.js';
import { createRedisCalendarFeeds } from './redis-calendar-feeds.js';
import { createRedisMessageSends } from './redis-message-sends.js';
import { createRedisPushSubscriptions } from './redis-push-subscriptions.js';
import { createRedisWebhooks } from './redis-webhooks.js';
import { createRedisGrants } from './redis-grants.js';
import { CONFLICT, GuardedWrite, retryOnConflict } from './redis-guarded-write.js';
import { createRecordReader } from './redis-record-reader.js';
import { redisStoreKeys, storeKeyPrefix } from './redis-store-keys.js';
import { createRedisStudentLinks } from './redis-student-links.js';
import { oldestDecisionFirst } from './record-order.js';
import {
  matchDecisionRecordSchema,
  pendingLinkRecordSchema,
  pendingLoginRecordSchema,
  sessionRecordSchema,
  userRecordSchema,
} from './store-document.js';
import type { GatewayStore } from './store.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connection the caller owns (and closes). */
  redis: RedisConnection;
  /** The gateway's prefix; the store writes under `${keyPrefix}{store}:`. @default "dg:" */
  keyPrefix?: string;
  /**
   * The clock that turns a session's, pending login's, pending link's or message send's `expiresAt`, and a
   * grant's or a revoked calendar feed's end of retention, into a Redis expiry (`PX`), so a gateway on a test
   * clock keeps its sessions. @default Date.now
   */
  now?: () => number;
  /** Hears of unreadable records (by kind, once each). @default a silent logger */
  logger?: Logger;
}

/** Creates the Redis store. `close()` leaves the connection open: it belongs to the caller. */
export function createRedisStore(options: RedisStoreOptions): GatewayStore {
  const { redis } = options;
  const now = options.now ?? Date.now;
  const read = createRecordReader(options.logger ?? createLogger('silent'));
  const keys = redisStoreKeys(storeKeyPrefix(options.keyPrefix ?? 'dg:'));
  /** Sets a value that must vanish at `expiresAt` (already past: nothing is kept). */
  const setExpiring = async (key: string, value: unknown, expiresAt: number | null): Promise<void> => {
    if (expiresAt === null) {
      await redis.set(key, JSON.stringify(value));
      return;
    }
    const ttlMs = expiresAt - now();
    if (ttlMs <= 0) await redis.del(key);
    else await redis.set(key, JSON.stringify(value), 'PX', ttlMs);
  };

  return {
    async putUser(user) {
      await retryOnConflict(`the user ${user.id}`, async () => {
        const raw = await redis.get(keys.user(user.id));
        const previous = read(raw, userRecordSchema, 'user');
        const write = new GuardedWrite()
          .whileValue(keys.user(user.id), raw)
          .set(keys.user(user.id), JSON.stringify(user));
        if (previous?.login) {
          const oldKey = keys.login(previous.login.issuer, previous.login.subject);
          if (!user.login || oldKey !== keys.login(user.login.issuer, user.login.subject)) write.delIf(oldKey, user.id);
        }
        if (user.login) write.set(keys.login(user.login.issuer, user.login.subject), user.id);
        return (await write.run(redis)) ? undefined : CONFLICT;
      });
    },
    async getUser(id) {
      return read(await redis.get(keys.user(id)), userRecordSchema, 'user');
    },
    async findUserByLogin(issuer, subject) {
      const userId = await redis.get(keys.login(issuer, subject));
      if (userId === null) return null;
      const user = read(await redis.get(keys.user(userId)), userRecordSchema, 'user');
      return user?.login?.issuer === issuer && user.login.subject === subject ? user : null;
    },

    async putSession(session) {
      await setExpiring(keys.session(session.tokenHash), session, session.expiresAt);
    },
    async findSession(tokenHash, at) {
      const session = read(await redis.get(keys.session(tokenHash)), sessionRecordSchema, 'session');
      // Redis expires the key by its own clock; the caller's `at` decides too, as in the other stores.
      return session && (session.expiresAt === null || session.expiresAt > at) ? session : null;
    },
    async deleteSession(tokenHash) {
      return (await redis.del(keys.session(tokenHash))) > 0;
    },

    async putPendingLogin(login) {
      // Each expires with its sign-in (minutes): the keyspace they take is bounded by rate × lifetime.
      await setExpiring(keys.pendingLogin(login.idHash), login, login.expiresAt);
    },
    async takePendingLogin(idHash, at) {
      // GETDEL: of two callbacks racing with one login cookie, exactly one gets the record.
      const login = read(await redis.getdel(keys.pendingLogin(idHash)), pendingLoginRecordSchema, 'pending login');
      return login && login.expiresAt > at ? login : null;
    },

    async putPendingLink(link) {
      // Like pending logins: each expires with its flow, and only signed-in parents, rate-limited, make them.
      await setExpiring(keys.pendingLink(link.stateHash), link, link.expiresAt);
    },
    async takePendingLink(stateHash, at) {
      // GETDEL: of two callbacks (or form posts) racing with one state, exactly one gets the record.
      const link = read(await redis.getdel(keys.pendingLink(stateHash)), pendingLinkRecordSchema, 'pending link');
      return link && link.expiresAt > at ? link : null;
    },

    ...createRedisAccounts(redis, keys, read),

    ...createRedisStudentLinks(redis, keys, read),

    async addMatchDecision(decision) {
      // HSETNX: of two decisions racing for one pair, exactly one is written.
      return (
        (await redis.hsetnx(keys.matchDecisions(decision.userId), decision.pairKey, JSON.stringify(decision))) === 1
      );
    },
    async listMatchDecisions(userId) {
      const decisions = (await redis.hvals(keys.matchDecisions(userId))).map((raw) =>
        read(raw, matchDecisionRecordSchema, 'match decision'),
      );
      return decisions.filter((decision) => decision !== null).sort(oldestDecisionFirst);
    },

    ...createRedisGrants(redis, keys, read, now),

    ...createRedisCalendarFeeds(redis, keys, read, now),
    ...createRedisWebhooks(redis, keys, read),

    ...createRedisPushSubscriptions(redis, keys, read),
    ...createRedisMessageSends(redis, keys, read, now),

    async close() {},
  };
}
