/**
 * Where the change log, the detector's state and the change bus live in Redis, under the gateway's prefix
 * (`REDIS_KEY_PREFIX`, default `dg:`): one function per kind of key, so every module spells a key the same way.
 *
 * Why these hash tags: on a Redis Cluster a script's keys must share a slot. Each append or read touches
 * one child's keys only, so they carry the child in a hash tag (`{chg:<childId>}`); a lease and a
 * snapshot are fenced together, so they carry the account (`{chg-acct:<accountId>}`). Unlike the store
 * (one slot for all of it), the logs then spread over every master. The schedule is one sorted set, so a
 * replica can ask which accounts are due; it is never in a script with the others. Ids are URI-encoded, so
 * a `{` or `}` in one cannot change the tag, and no two ids share a key.
 */

/** The keys and the channel of the change state under `keyPrefix`. */
export function redisChangeKeys(keyPrefix: string) {
  const child = (childId: string) => `${keyPrefix}{chg:${encodeURIComponent(childId)}}:`;
  const account = (accountId: string) => `${keyPrefix}{chg-acct:${encodeURIComponent(accountId)}}:`;
  return {
    /** Stream: the child's kept changes, each entry's id its position and its field `c` the change's JSON. */
    log: (childId: string) => `${child(childId)}log`,
    /** Sorted set: the ids remembered for de-duplication, scored by their position's milliseconds. */
    ids: (childId: string) => `${child(childId)}ids`,
    /** String: the newest position dropped from the child's log (absent until one is). */
    dropped: (childId: string) => `${child(childId)}dropped`,
    /** String with an expiry: the owner of the account's lease. */
    lease: (accountId: string) => `${account(accountId)}lease`,
    /** String: the account's last snapshot. */
    snapshot: (accountId: string) => `${account(accountId)}snapshot`,
    /** Sorted set: every account on the schedule, scored by the time its next poll is due. */
    due: `${keyPrefix}chg:due`,
    /** Pub/sub channel: which children's logs have grown (`redis-change-bus.ts`). */
    notifyChannel: `${keyPrefix}changes:notify`,
  };
}

/** The key layout under one prefix. */
export type RedisChangeKeys = ReturnType<typeof redisChangeKeys>;
