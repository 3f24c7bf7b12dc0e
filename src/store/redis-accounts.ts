/**
 * The Redis store's diary accounts: `account:{id}` (the record without its credentials), the sealed
 * credentials in `account-credentials:{id}` (so refreshing them is one atomic command), and each user's
 * accounts in the sorted set `user-accounts:{userId}` by `linkedAt`. Every change that moves an index entry
 * is a compare-and-set (`GuardedWrite`), retried on a conflict.
 */
import type { RedisConnection } from '../redis/connect.js';
import { CONFLICT, GuardedWrite, joinMembers, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import { scanPrefix } from '../redis/scan.js';
import type { RedisStoreKeys } from './redis-store-keys.js';
import { linkField } from './redis-student-links.js';
import { providerAccountRecordSchema } from './store-document.js';
import { invalidChangeError } from './store-error.js';
import type { GatewayStore, ProviderAccountRecord } from './store.js';

/** An account as kept under `account:{id}`; its sealed credentials live in their own key (see `updateProviderCredentials`). */
const storedAccountSchema = providerAccountRecordSchema.omit({ sealedCredentials: true });

/** The `userId` of a stored account even when the rest of it is damaged, so deleting it still cleans its index. */
function userIdOf(raw: string | null): string | null {
  try {
    const userId = raw === null ? null : (JSON.parse(raw) as { userId?: unknown }).userId;
    return typeof userId === 'string' ? userId : null;
  } catch {
    return null;
  }
}

/** The account methods of the Redis store. */
export function createRedisAccounts(
  redis: RedisConnection,
  keys: RedisStoreKeys,
  read: RecordReader,
): Pick<
  GatewayStore,
  | 'putProviderAccount'
  | 'getProviderAccount'
  | 'listProviderAccounts'
  | 'providerAccountsVersion'
  | 'addProviderAccount'
  | 'updateProviderAccount'
  | 'updateProviderCredentials'
  | 'listAllProviderAccountIds'
  | 'deleteProviderAccount'
> {
  const readAccount = (
    stored: string | null | undefined,
    sealedCredentials: string | null | undefined,
  ): ProviderAccountRecord | null => {
    const account = read(stored, storedAccountSchema, 'account');
    return account && typeof sealedCredentials === 'string' ? { ...account, sealedCredentials } : null;
  };

  return {
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
        throw invalidChangeError(`the new account ${account.id} (a link of another account)`);
      const { sealedCredentials, ...stored } = account;
      const write = new GuardedWrite()
        .whileValue(keys.account(account.id), null)
        .whileMembers(keys.userAccounts(account.userId), expectedVersion)
        .set(keys.account(account.id), JSON.stringify(stored))
        .set(keys.credentials(account.id), sealedCredentials)
        .zadd(keys.userAccounts(account.userId), account.linkedAt, account.id)
        .del(keys.studentLinks(account.id));
      for (const link of links) {
        const field = linkField(link.snapshot.provider, link.snapshot.externalId);
        write.hset(keys.studentLinks(account.id), field, JSON.stringify(link));
      }
      return write.run(redis);
    },
    async updateProviderAccount(id, change) {
      return retryOnConflict(`the account ${id}`, async () => {
        const [stored, sealed] = await redis.mget(keys.account(id), keys.credentials(id));
        const current = readAccount(stored, sealed);
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        if (next.id !== id || next.userId !== current.userId) throw invalidChangeError(`the account ${id}`);
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
  };
}
