/**
 * The store for replicas: every record in Redis under `<keyPrefix>store:`, JSON values. The key layout
 * and the durability Redis must be configured for are in docs/storage.md.
 *
 * Consistency: a record and the index entries pointing at it are written in one MULTI/EXEC, and deletes
 * remove the indexes with the record, so an index never points at a missing record. Replacing a record
 * whose indexed fields changed (a user's login, a grant's grantee) reads the old record first; two such
 * replacements racing could leave a stale index entry, so every lookup through an index checks the record
 * it finds still matches and ignores it otherwise.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type {
  GatewayStore,
  GrantRecord,
  MatchDecisionRecord,
  PendingLoginRecord,
  ProviderAccountRecord,
  SessionRecord,
  StudentLinkRecord,
  UserRecord,
} from './store.js';
import { scanPrefix } from './redis-scan.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connection the caller owns (and closes). */
  redis: Redis;
  /** The gateway's prefix; the store writes under `${keyPrefix}store:`. @default "dg:" */
  keyPrefix?: string;
  /**
   * The clock that turns a session's or pending login's `expiresAt` into the Redis expiry (`PX`), so a
   * gateway on a test clock keeps its sessions. @default Date.now
   */
  now?: () => number;
}

/** An account as kept under `account:{id}`; its sealed credentials live in their own key (see `updateProviderCredentials`). */
type StoredAccount = Omit<ProviderAccountRecord, 'sealedCredentials'>;

/** Sets KEYS[1] to ARGV[2] only while it holds exactly ARGV[1]; 1 when written, 0 otherwise (also when absent). */
const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`;

const parse = <T>(raw: string | null): T | null => (raw === null ? null : (JSON.parse(raw) as T));

/** Runs a transaction and throws the first command error (ioredis reports them per command). */
/** Every record stored as a value of one hash, in the order `compare` gives. */
async function hashRecords<T>(redis: Redis, key: string, compare: (a: T, b: T) => number): Promise<T[]> {
  return (await redis.hvals(key)).map((raw) => JSON.parse(raw) as T).sort(compare);
}

/** Plain code-unit order, the same on every replica whatever its locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function execAll(transaction: ChainableCommander): Promise<unknown[]> {
  const results = await transaction.exec();
  if (results === null) throw new Error('redis transaction was aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, value]) => value);
}

/** Creates the Redis store. `close()` leaves the connection open: it belongs to the caller. */
export function createRedisStore(options: RedisStoreOptions): GatewayStore {
  const { redis } = options;
  const now = options.now ?? Date.now;
  const p = `${options.keyPrefix ?? 'dg:'}store:`;
  // Issuers are URLs (with ":"), so both parts are URI-encoded: no two (issuer, subject) pairs share a key.
  const keys = {
    user: (id: string) => `${p}user:${id}`,
    login: (issuer: string, subject: string) => `${p}login:${encodeURIComponent(issuer)}:${encodeURIComponent(subject)}`,
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

  const getGrants = async (ids: string[], belongs: (grant: GrantRecord) => boolean): Promise<GrantRecord[]> => {
    if (ids.length === 0) return [];
    const raws = await redis.mget(...ids.map(keys.grant));
    return raws.map((raw) => parse<GrantRecord>(raw)).filter((grant): grant is GrantRecord => grant !== null && belongs(grant));
  };

  return {
    async putUser(user) {
      const previous = parse<UserRecord>(await redis.get(keys.user(user.id)));
      const transaction = redis.multi().set(keys.user(user.id), JSON.stringify(user));
      if (previous?.login) {
        const oldKey = keys.login(previous.login.issuer, previous.login.subject);
        const newKey = user.login ? keys.login(user.login.issuer, user.login.subject) : null;
        if (oldKey !== newKey && (await redis.get(oldKey)) === user.id) transaction.del(oldKey);
      }
      if (user.login) transaction.set(keys.login(user.login.issuer, user.login.subject), user.id);
      await execAll(transaction);
    },
    async getUser(id) {
      return parse<UserRecord>(await redis.get(keys.user(id)));
    },
    async findUserByLogin(issuer, subject) {
      const userId = await redis.get(keys.login(issuer, subject));
      if (userId === null) return null;
      const user = parse<UserRecord>(await redis.get(keys.user(userId)));
      return user?.login?.issuer === issuer && user.login.subject === subject ? user : null;
    },

    async putSession(session) {
      await setExpiring(keys.session(session.tokenHash), session, session.expiresAt);
    },
    async findSession(tokenHash, at) {
      const session = parse<SessionRecord>(await redis.get(keys.session(tokenHash)));
      // Redis expires the key by its own clock; the caller's `at` decides too, as in the other stores.
      return session && (session.expiresAt === null || session.expiresAt > at) ? session : null;
    },
    async deleteSession(tokenHash) {
      return (await redis.del(keys.session(tokenHash))) > 0;
    },

    async putPendingLogin(login) {
      await setExpiring(keys.pendingLogin(login.idHash), login, login.expiresAt);
    },
    async takePendingLogin(idHash, at) {
      // GETDEL: of two callbacks racing with one login cookie, exactly one gets the record.
      const login = parse<PendingLoginRecord>(await redis.getdel(keys.pendingLogin(idHash)));
      return login && login.expiresAt > at ? login : null;
    },

    async putProviderAccount(account) {
      const { sealedCredentials, ...stored } = account;
      const previous = parse<StoredAccount>(await redis.get(keys.account(account.id)));
      const transaction = redis
        .multi()
        .set(keys.account(account.id), JSON.stringify(stored))
        .set(keys.credentials(account.id), sealedCredentials)
        .zadd(keys.userAccounts(account.userId), account.linkedAt, account.id);
      if (previous && previous.userId !== account.userId) transaction.zrem(keys.userAccounts(previous.userId), account.id);
      await execAll(transaction);
    },
    async getProviderAccount(id) {
      const [stored, sealedCredentials] = await redis.mget(keys.account(id), keys.credentials(id));
      const account = parse<StoredAccount>(stored ?? null);
      return account && typeof sealedCredentials === 'string' ? { ...account, sealedCredentials } : null;
    },
    async listProviderAccounts(userId) {
      // ZRANGE orders by score (linkedAt), then by member (id): oldest link first.
      const ids = await redis.zrange(keys.userAccounts(userId), 0, -1);
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.flatMap((id) => [keys.account(id), keys.credentials(id)]));
      const accounts: ProviderAccountRecord[] = [];
      for (let index = 0; index < ids.length; index += 1) {
        const account = parse<StoredAccount>(raws[2 * index] ?? null);
        const sealedCredentials = raws[2 * index + 1];
        if (account?.userId === userId && typeof sealedCredentials === 'string') accounts.push({ ...account, sealedCredentials });
      }
      return accounts;
    },
    async updateProviderCredentials(accountId, sealedCredentials, expected) {
      // XX writes only over existing credentials: an account unlinked meanwhile stays deleted. Keeping the
      // credentials in their own key makes this one atomic command instead of a read-modify-write.
      if (expected === undefined) return (await redis.set(keys.credentials(accountId), sealedCredentials, 'XX')) === 'OK';
      // A script runs atomically, so nothing can slip between the comparison and the write; WATCH would
      // need a connection of its own, since this one is shared by concurrent requests.
      return (await redis.eval(COMPARE_AND_SET, 1, keys.credentials(accountId), expected, sealedCredentials)) === 1;
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
      const previous = parse<StoredAccount>(await redis.get(keys.account(accountId)));
      const transaction = redis
        .multi()
        .del(keys.account(accountId))
        .del(keys.credentials(accountId))
        .del(keys.studentLinks(accountId));
      if (previous) transaction.zrem(keys.userAccounts(previous.userId), accountId);
      const [deleted] = await execAll(transaction);
      return deleted === 1;
    },

    async putStudentLink(link) {
      await redis.hset(keys.studentLinks(link.accountId), linkField(link), JSON.stringify(link));
    },
    listStudentLinks: (accountId) =>
      hashRecords<StudentLinkRecord>(redis, keys.studentLinks(accountId), (a, b) => a.firstSeenAt - b.firstSeenAt || byCodeUnits(a.studentId, b.studentId)),

    async putMatchDecision(decision) {
      await redis.hset(keys.matchDecisions(decision.userId), decision.pairKey, JSON.stringify(decision));
    },
    listMatchDecisions: (userId) =>
      hashRecords<MatchDecisionRecord>(redis, keys.matchDecisions(userId), (a, b) => a.decidedAt - b.decidedAt || byCodeUnits(a.pairKey, b.pairKey)),

    async putGrant(grant) {
      const previous = parse<GrantRecord>(await redis.get(keys.grant(grant.id)));
      const transaction = redis
        .multi()
        .set(keys.grant(grant.id), JSON.stringify(grant))
        .zadd(keys.ownerGrants(grant.ownerUserId), grant.createdAt, grant.id)
        .set(keys.grantCode(grant.codeHash), grant.id);
      if (grant.granteeUserId !== null) transaction.zadd(keys.granteeGrants(grant.granteeUserId), grant.createdAt, grant.id);
      if (previous) {
        if (previous.ownerUserId !== grant.ownerUserId) transaction.zrem(keys.ownerGrants(previous.ownerUserId), grant.id);
        if (previous.granteeUserId !== null && previous.granteeUserId !== grant.granteeUserId) {
          transaction.zrem(keys.granteeGrants(previous.granteeUserId), grant.id);
        }
        if (previous.codeHash !== grant.codeHash) transaction.del(keys.grantCode(previous.codeHash));
      }
      await execAll(transaction);
    },
    async getGrant(id) {
      return parse<GrantRecord>(await redis.get(keys.grant(id)));
    },
    async findGrantByCodeHash(codeHash) {
      const id = await redis.get(keys.grantCode(codeHash));
      if (id === null) return null;
      const grant = parse<GrantRecord>(await redis.get(keys.grant(id)));
      return grant?.codeHash === codeHash ? grant : null;
    },
    async listGrantsByOwner(ownerUserId) {
      // ZREVRANGE: newest createdAt first, equal ones by id descending (the memory store sorts alike).
      const ids = await redis.zrevrange(keys.ownerGrants(ownerUserId), 0, -1);
      return getGrants(ids, (grant) => grant.ownerUserId === ownerUserId);
    },
    async listGrantsByGrantee(granteeUserId) {
      const ids = await redis.zrevrange(keys.granteeGrants(granteeUserId), 0, -1);
      return getGrants(ids, (grant) => grant.granteeUserId === granteeUserId);
    },

    async close() {},
  };
}
