/**
 * The Redis store's grants: `grant:{id}`, expiring at the end of the grant's retention, found by code in
 * `grant-code:{codeHash}` and listed from the sorted sets `owner-grants:{userId}` and
 * `grantee-grants:{userId}` by `createdAt`. A grant and its index entries are written in one `GuardedWrite`.
 */
import type { RedisConnection } from '../redis/connect.js';
import { CONFLICT, GuardedWrite, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import type { RedisStoreKeys } from './redis-store-keys.js';
import { grantRecordSchema } from './store-document.js';
import { invalidChangeError, StoreError } from './store-error.js';
import { grantRetainedUntil, type GatewayStore, type GrantRecord } from './store.js';

/** The grant methods of the Redis store; `now` turns a grant's end of retention into a Redis expiry. */
export function createRedisGrants(
  redis: RedisConnection,
  keys: RedisStoreKeys,
  read: RecordReader,
  now: () => number,
): Pick<
  GatewayStore,
  'createGrant' | 'updateGrant' | 'getGrant' | 'findGrantByCodeHash' | 'listGrantsByOwner' | 'listGrantsByGrantee'
> {
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
        if (next.id !== id) throw invalidChangeError(`the grant ${id}`);
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
  };
}
