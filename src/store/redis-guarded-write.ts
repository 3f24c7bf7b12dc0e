/**
 * Conditional writes in Redis, the base of every read-modify-write of the Redis store: a list of
 * conditions on keys and a list of writes, run by one Lua script. Redis runs a script atomically, so
 * either every condition holds and every write happens, or nothing is written.
 *
 * The store reads a record, decides in TypeScript what to write (validating with zod, calling the
 * caller's change), then writes "only while the record is still exactly what I read" — a compare-and-set
 * on the raw value — together with the index entries the change moves. On a conflict it reads again and
 * retries, a bounded number of times (`retryOnConflict`).
 *
 * Why a script and not `WATCH`/`MULTI`/`EXEC`: `WATCH` belongs to a connection, and the store's connection
 * is shared by every concurrent request, so one request's `EXEC` would clear (or trip on) another's watch.
 */
import type { RedisConnection } from '../redis/connect.js';
import { redisScript } from '../redis/script.js';
import { StoreError } from './store-error.js';

// ARGV[1]: how many conditions; then 4 arguments per condition and per write: key index, kind, a, b.
// Every condition is checked before the first write, so a failed one leaves nothing half-written.
const SCRIPT = redisScript(`
local at = 2
for _ = 1, tonumber(ARGV[1]) do
  local key, kind, a, b = KEYS[tonumber(ARGV[at])], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  at = at + 4
  local ok
  if kind == 'value' then ok = redis.call('GET', key) == a
  elseif kind == 'absent' then ok = redis.call('EXISTS', key) == 0
  elseif kind == 'exists' then ok = redis.call('EXISTS', key) == 1
  elseif kind == 'field' then ok = redis.call('HGET', key, a) == b
  elseif kind == 'no-field' then ok = redis.call('HEXISTS', key, a) == 0
  elseif kind == 'members' then ok = table.concat(redis.call('ZRANGE', key, 0, -1), '\\n') == a
  else return redis.error_reply('unknown condition ' .. kind) end
  if not ok then return 0 end
end
while at <= #ARGV do
  local key, op, a, b = KEYS[tonumber(ARGV[at])], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  at = at + 4
  if op == 'set' then
    if b == '' then redis.call('SET', key, a) else redis.call('SET', key, a, 'PX', b) end
  elseif op == 'del' then redis.call('DEL', key)
  elseif op == 'del-if' then
    if redis.call('GET', key) == a then redis.call('DEL', key) end
  elseif op == 'zadd' then redis.call('ZADD', key, a, b)
  elseif op == 'zrem' then redis.call('ZREM', key, a)
  elseif op == 'hset' then redis.call('HSET', key, a, b)
  elseif op == 'hdel' then redis.call('HDEL', key, a)
  else return redis.error_reply('unknown write ' .. op) end
end
return 1
`);

/** Separates members in a `whileMembers` condition; ids and hashes never hold a newline. */
const MEMBER_SEPARATOR = '\n';

/** The members of a sorted set as one string, as `whileMembers` compares them. */
export function joinMembers(members: readonly string[]): string {
  return members.join(MEMBER_SEPARATOR);
}

/**
 * One conditional write, built up and then `run` once. Conditions and writes name keys in full (prefix
 * included).
 */
export class GuardedWrite {
  private readonly keys: string[] = [];
  private readonly conditions: string[] = [];
  private readonly writes: string[] = [];

  /** Only while `key` holds exactly `value`; `null`: only while it does not exist. */
  whileValue(key: string, value: string | null): this {
    return value === null ? this.condition(key, 'absent') : this.condition(key, 'value', value);
  }

  /** Only while `key` exists. */
  whileExists(key: string): this {
    return this.condition(key, 'exists');
  }

  /** Only while the hash field holds exactly `value`; `null`: only while the field does not exist. */
  whileField(key: string, field: string, value: string | null): this {
    return value === null ? this.condition(key, 'no-field', field) : this.condition(key, 'field', field, value);
  }

  /** Only while the sorted set's members, in its order, are exactly these (as {@link joinMembers} joins them). */
  whileMembers(key: string, joined: string): this {
    return this.condition(key, 'members', joined);
  }

  /** Sets `key`; with `ttlMs`, it expires then (a `ttlMs` of 0 or less deletes it instead: already past). */
  set(key: string, value: string, ttlMs: number | null = null): this {
    if (ttlMs !== null && ttlMs <= 0) return this.write(key, 'del');
    return this.write(key, 'set', value, ttlMs === null ? '' : String(Math.ceil(ttlMs)));
  }

  /** Deletes `key`. */
  del(key: string): this {
    return this.write(key, 'del');
  }

  /** Deletes `key` only if it still holds `value` (an index entry that may have moved on to another record). */
  delIf(key: string, value: string): this {
    return this.write(key, 'del-if', value);
  }

  /** Adds `member` to a sorted set (or moves it to `score`). */
  zadd(key: string, score: number, member: string): this {
    return this.write(key, 'zadd', String(score), member);
  }

  /** Removes `member` from a sorted set. */
  zrem(key: string, member: string): this {
    return this.write(key, 'zrem', member);
  }

  /** Sets a hash field. */
  hset(key: string, field: string, value: string): this {
    return this.write(key, 'hset', field, value);
  }

  /** Deletes a hash field. */
  hdel(key: string, field: string): this {
    return this.write(key, 'hdel', field);
  }

  /** Runs it: `true` when every condition held and everything was written, `false` when nothing was. */
  async run(redis: RedisConnection): Promise<boolean> {
    const args = [String(this.conditions.length / 4), ...this.conditions, ...this.writes];
    return (await SCRIPT.run(redis, this.keys, args)) === 1;
  }

  private slot(key: string): string {
    let index = this.keys.indexOf(key);
    if (index < 0) index = this.keys.push(key) - 1;
    return String(index + 1);
  }

  private condition(key: string, kind: string, a = '', b = ''): this {
    this.conditions.push(this.slot(key), kind, a, b);
    return this;
  }

  private write(key: string, op: string, a = '', b = ''): this {
    this.writes.push(this.slot(key), op, a, b);
    return this;
  }
}

/** How often a read-modify-write is tried before giving up with `STORE_CONFLICT`. */
export const MAX_ATTEMPTS = 16;

/** What an attempt of {@link retryOnConflict} returns when its compare-and-set lost: read again. */
export const CONFLICT = Symbol('conflict');

/**
 * Runs `attempt` (read, decide, guarded write) until it does not report {@link CONFLICT}, at most
 * {@link MAX_ATTEMPTS} times. Each conflict means another writer changed the record meanwhile and
 * finished, so trying again at once makes progress; only a storm of writers on one record exhausts it.
 * @param what The record, for the error message (an id, never a value).
 * @throws StoreError `STORE_CONFLICT` when every attempt lost.
 */
export async function retryOnConflict<T>(what: string, attempt: () => Promise<T | typeof CONFLICT>): Promise<T> {
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
  }
  throw new StoreError(
    'STORE_CONFLICT',
    `Other writers kept changing ${what} through ${MAX_ATTEMPTS} attempts; nothing was written. Try again.`,
  );
}
