/**
 * The store for replicas: every record in Redis under `<keyPrefix>store:`, JSON values. The key layout
 * and the durability Redis must be configured for are in docs/storage.md.
 *
 * Consistency: every write that depends on what is stored — replacing a record whose indexes move,
 * a grant's transition, relinking, a link that needs its account — is a compare-and-set: read the raw
 * value, decide, then write with `GuardedWrite` (one Lua script: "only while it is still what I read",
 * record and index entries together), retried on a conflict (`retryOnConflict`). So no update is lost
 * to a concurrent one, and an index entry never points at a record written without it. Lookups through an
 * index still check the record they find (a grant may have expired under its index entry), and records
 * that do not parse are read as absent (`redis-record-reader.ts`).
 */
import type { Redis } from 'ioredis';
import { createLogger, type Logger } from '../logging/logger.js';
import { StoreError } from './store-error.js';
import {
  grantRecordSchema,
  matchDecisionRecordSchema,
  pendingLoginRecordSchema,
  providerAccountRecordSchema,
  sessionRecordSchema,
  studentLinkRecordSchema,
  userRecordSchema,
} from './store-document.js';
import { CONFLICT, GuardedWrite, joinMembers, retryOnConflict } from './redis-guarded-write.js';
import { createRecordReader } from './redis-record-reader.js';
import { scanPrefix } from './redis-scan.js';
import {
  grantRetainedUntil,
  type GatewayStore,
  type GrantRecord,
  type ProviderAccountRecord,
  type StudentLinkRecord,
} from './store.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connection the caller owns (and closes). */
  redis: Redis;
  /** The gateway's prefix; the store writes under `${keyPrefix}store:`. @default "dg:" */
  keyPrefix?: string;
  /**
   * The clock that turns a session's or pending login's `expiresAt`, and a grant's end of retention, into
   * a Redis expiry (`PX`), so a gateway on a test clock keeps its sessions. @default Date.now
   */
  now?: () => number;
  /** Hears of unreadable records (by kind, once each). @default a silent logger */
  logger?: Logger;
}

/** An account as kept under `account:{id}`; its sealed credentials live in their own key (see `updateProviderCredentials`). */
const storedAccountSchema = providerAccountRecordSchema.omit({ sealedCredentials: true });

/** Plain code-unit order, the same on every replica whatever its locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalidChange(what: string): StoreError {
  return new StoreError(
    'STORE_INVALID_CHANGE',
    `A change of ${what} may not alter what identifies it; nothing was written.`,
  );
}

/** The `userId` of a stored account even when the rest of it is damaged, so deleting it still cleans its index. */
function userIdOf(raw: string | null): string | null {
  try {
    const userId = raw === null ? null : (JSON.parse(raw) as { userId?: unknown }).userId;
    return typeof userId === 'string' ? userId : null;
  } catch {
    return null;
  }
}

/** Creates the Redis store. `close()` leaves the connection open: it belongs to the caller. */
export function createRedisStore(options: RedisStoreOptions): GatewayStore {
  const { redis } = options;
  const now = options.now ?? Date.now;
  const read = createRecordReader(options.logger ?? createLogger('silent'));
  const p = `${options.keyPrefix ?? 'dg:'}store:`;
  // Issuers are URLs (with ":"), so both parts are URI-encoded: no two (issuer, subject) pairs share a key.
  const keys = {
    user: (id: string) => `${p}user:${id}`,
    login: (issuer: string, subject: string) =>
      `${p}login:${encodeURIComponent(issuer)}:${encodeURIComponent(subject)}`,
    session: (tokenHash: string) => `${p}session:${tokenHash}`,
    pendingLogin: (idHash: string) => `${p}pending-login:${idHash}`,
    account: (id: string) => `${p}account:${id}`,
    credentials: (accountId: string) => `${p}account-credentials:${accountId}`,
    userAccounts: (userId: string) => `${p}user-accounts:${userId}`,
    studentLinks: (accountId: string) => `${p}student-links:${accountId}`,
    matchDecisions: (userId: string) => `${p}match-decisions:${userId}`,
    grant: (id: string) => `${p}grant:${id}`,
    ownerGrants: (userId: string) => `${p}owner-grants:${userId}`,
    granteeGrants: (userId: string) => `${p}grantee-grants:${userId}`,
    grantCode: (codeHash: string) => `${p}grant-code:${codeHash}`,
  };
  // Provider kinds hold no ":", so "<provider>:<externalId>" names one child of one diary unambiguously.
  const linkField = (link: StudentLinkRecord) => `${link.snapshot.provider}:${link.snapshot.externalId}`;

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

  const readAccount = (
    stored: string | null | undefined,
    sealedCredentials: string | null | undefined,
  ): ProviderAccountRecord | null => {
    const account = read(stored, storedAccountSchema, 'account');
    return account && typeof sealedCredentials === 'string' ? { ...account, sealedCredentials } : null;
  };

  /**
   * The grants an index lists, newest first, that still `belong` to it. An id whose grant is gone (its
   * retention ended and Redis expired it) is removed from the index, only while the grant is still absent.
   */
  const listGrants = async (indexKey: string, belongs: (grant: GrantRecord) => boolean): Promise<GrantRecord[]> => {
    // ZREVRANGE: newest createdAt first, equal ones by id descending (the memory store sorts alike).
    const ids = await redis.zrevrange(indexKey, 0, -1);
    if (ids.length === 0) return [];
    const raws = await redis.mget(...ids.map(keys.grant));
    const grants: GrantRecord[] = [];
    for (const [index, raw] of raws.entries()) {
      if (raw === null) {
        await new GuardedWrite().whileValue(keys.grant(ids[index]!), null).zrem(indexKey, ids[index]!).run(redis);
        continue;
      }
      const grant = read(raw, grantRecordSchema, 'grant');
      if (grant && belongs(grant)) grants.push(grant);
    }
    return grants;
  };

  /** Writes a grant (expiring at the end of its retention) and the index entries `previous` had and it no longer has. */
  const grantWrite = (grant: GrantRecord, previous: GrantRecord | null): GuardedWrite => {
    const ttlMs = grantRetainedUntil(grant) - now();
    const write = new GuardedWrite()
      .set(keys.grant(grant.id), JSON.stringify(grant), ttlMs)
      .zadd(keys.ownerGrants(grant.ownerUserId), grant.createdAt, grant.id)
      .set(keys.grantCode(grant.codeHash), grant.id, ttlMs);
    if (grant.granteeUserId !== null) write.zadd(keys.granteeGrants(grant.granteeUserId), grant.createdAt, grant.id);
    if (previous) {
      if (previous.ownerUserId !== grant.ownerUserId) write.zrem(keys.ownerGrants(previous.ownerUserId), grant.id);
      if (previous.granteeUserId !== null && previous.granteeUserId !== grant.granteeUserId) {
        write.zrem(keys.granteeGrants(previous.granteeUserId), grant.id);
      }
      if (previous.codeHash !== grant.codeHash) write.delIf(keys.grantCode(previous.codeHash), grant.id);
    }
    return write;
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

    async putProviderAccount(account) {
      const { sealedCredentials, ...stored } = account;
      await retryOnConflict(`the account ${account.id}`, async () => {
        const raw = await redis.get(keys.account(account.id));
        const previousUserId = userIdOf(raw);
        const write = new GuardedWrite()
          .whileValue(keys.account(account.id), raw)
          .set(keys.account(account.id), JSON.stringify(stored))
          .set(keys.credentials(account.id), sealedCredentials)
          .zadd(keys.userAccounts(account.userId), account.linkedAt, account.id);
        if (previousUserId !== null && previousUserId !== account.userId)
          write.zrem(keys.userAccounts(previousUserId), account.id);
        return (await write.run(redis)) ? undefined : CONFLICT;
      });
    },
    async getProviderAccount(id) {
      const [stored, sealedCredentials] = await redis.mget(keys.account(id), keys.credentials(id));
      return readAccount(stored, sealedCredentials);
    },
    async listProviderAccounts(userId) {
      // ZRANGE orders by score (linkedAt), then by member (id): oldest link first.
      const ids = await redis.zrange(keys.userAccounts(userId), 0, -1);
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.flatMap((id) => [keys.account(id), keys.credentials(id)]));
      const accounts: ProviderAccountRecord[] = [];
      for (let index = 0; index < ids.length; index += 1) {
        const account = readAccount(raws[2 * index], raws[2 * index + 1]);
        if (account?.userId === userId) accounts.push(account);
      }
      return accounts;
    },
    async providerAccountsVersion(userId) {
      // The index itself, as the guard of `addProviderAccount` compares it inside Redis.
      return joinMembers(await redis.zrange(keys.userAccounts(userId), 0, -1));
    },
    async addProviderAccount(account, links, expectedVersion) {
      if (links.some((link) => link.accountId !== account.id))
        throw invalidChange(`the new account ${account.id} (a link of another account)`);
      const { sealedCredentials, ...stored } = account;
      const write = new GuardedWrite()
        .whileValue(keys.account(account.id), null)
        .whileMembers(keys.userAccounts(account.userId), expectedVersion)
        .set(keys.account(account.id), JSON.stringify(stored))
        .set(keys.credentials(account.id), sealedCredentials)
        .zadd(keys.userAccounts(account.userId), account.linkedAt, account.id)
        .del(keys.studentLinks(account.id));
      for (const link of links) write.hset(keys.studentLinks(account.id), linkField(link), JSON.stringify(link));
      return write.run(redis);
    },
    async updateProviderAccount(id, change) {
      return retryOnConflict(`the account ${id}`, async () => {
        const [stored, sealed] = await redis.mget(keys.account(id), keys.credentials(id));
        const current = readAccount(stored, sealed);
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        if (next.id !== id || next.userId !== current.userId) throw invalidChange(`the account ${id}`);
        const { sealedCredentials, ...rest } = next;
        const written = await new GuardedWrite()
          .whileValue(keys.account(id), stored ?? null)
          .whileValue(keys.credentials(id), sealed ?? null)
          .set(keys.account(id), JSON.stringify(rest))
          .set(keys.credentials(id), sealedCredentials)
          .zadd(keys.userAccounts(next.userId), next.linkedAt, id)
          .run(redis);
        return written ? next : CONFLICT;
      });
    },
    async updateProviderCredentials(accountId, sealedCredentials, expected) {
      // XX writes only over existing credentials: an account unlinked meanwhile stays deleted. Keeping the
      // credentials in their own key makes this one atomic command instead of a read-modify-write.
      if (expected === undefined)
        return (await redis.set(keys.credentials(accountId), sealedCredentials, 'XX')) === 'OK';
      return new GuardedWrite()
        .whileValue(keys.credentials(accountId), expected)
        .set(keys.credentials(accountId), sealedCredentials)
        .run(redis);
    },
    async listAllProviderAccountIds() {
      // `account:*` does not match `account-credentials:*`: the ":" comes right after "account".
      const accountPrefix = keys.account('');
      const ids = new Set<string>();
      for await (const batch of scanPrefix(redis, accountPrefix)) {
        for (const key of batch) ids.add(key.slice(accountPrefix.length));
      }
      return [...ids];
    },
    async deleteProviderAccount(accountId) {
      return retryOnConflict(`the account ${accountId}`, async () => {
        const raw = await redis.get(keys.account(accountId));
        const userId = userIdOf(raw);
        const write = new GuardedWrite()
          .whileValue(keys.account(accountId), raw)
          .del(keys.account(accountId))
          .del(keys.credentials(accountId))
          .del(keys.studentLinks(accountId));
        if (userId !== null) write.zrem(keys.userAccounts(userId), accountId);
        return (await write.run(redis)) ? raw !== null : CONFLICT;
      });
    },

    async putStudentLink(link) {
      const linksKey = keys.studentLinks(link.accountId);
      const field = linkField(link);
      return retryOnConflict(`a link of the account ${link.accountId}`, async () => {
        const [exists, raw] = await Promise.all([
          redis.exists(keys.account(link.accountId)),
          redis.hget(linksKey, field),
        ]);
        if (exists === 0) return null;
        const existing = read(raw, studentLinkRecordSchema, 'student link');
        const stored = existing ? { ...link, studentId: existing.studentId, firstSeenAt: existing.firstSeenAt } : link;
        const written = await new GuardedWrite()
          .whileExists(keys.account(link.accountId))
          .whileField(linksKey, field, raw)
          .hset(linksKey, field, JSON.stringify(stored))
          .run(redis);
        return written ? stored : CONFLICT;
      });
    },
    async listStudentLinks(accountId) {
      const links = (await redis.hvals(keys.studentLinks(accountId))).map((raw) =>
        read(raw, studentLinkRecordSchema, 'student link'),
      );
      return links
        .filter((link): link is StudentLinkRecord => link !== null)
        .sort((a, b) => a.firstSeenAt - b.firstSeenAt || byCodeUnits(a.studentId, b.studentId));
    },

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
      return decisions
        .filter((decision) => decision !== null)
        .sort((a, b) => a.decidedAt - b.decidedAt || byCodeUnits(a.pairKey, b.pairKey));
    },

    async createGrant(grant) {
      if (!(await grantWrite(grant, null).whileValue(keys.grant(grant.id), null).run(redis))) {
        throw new StoreError('STORE_CONFLICT', `A grant with the id ${grant.id} already exists; nothing was written.`);
      }
    },
    async updateGrant(id, change) {
      return retryOnConflict(`the grant ${id}`, async () => {
        const raw = await redis.get(keys.grant(id));
        const current = read(raw, grantRecordSchema, 'grant');
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        if (next.id !== id) throw invalidChange(`the grant ${id}`);
        return (await grantWrite(next, current).whileValue(keys.grant(id), raw).run(redis)) ? next : CONFLICT;
      });
    },
    async getGrant(id) {
      return read(await redis.get(keys.grant(id)), grantRecordSchema, 'grant');
    },
    async findGrantByCodeHash(codeHash) {
      const id = await redis.get(keys.grantCode(codeHash));
      if (id === null) return null;
      const grant = read(await redis.get(keys.grant(id)), grantRecordSchema, 'grant');
      return grant?.codeHash === codeHash ? grant : null;
    },
    listGrantsByOwner: (ownerUserId) =>
      listGrants(keys.ownerGrants(ownerUserId), (grant) => grant.ownerUserId === ownerUserId),
    listGrantsByGrantee: (granteeUserId) =>
      listGrants(keys.granteeGrants(granteeUserId), (grant) => grant.granteeUserId === granteeUserId),

    async close() {},
  };
}
