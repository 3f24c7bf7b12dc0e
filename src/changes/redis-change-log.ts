/**
 * The change log in Redis, for replicas: one stream per child (`<prefix>{chg:<childId>}:log`), whose entry
 * ids are the positions, a sorted set of the ids it remembers (`…:ids`) and the newest position it dropped
 * (`…:dropped`). Works on a single server, Sentinel and Cluster (a child's keys share a slot).
 *
 * Each append is one script: it skips remembered ids, adds the rest with `XADD <ms>-*` (the milliseconds
 * from this gateway's clock, never below the stream's last id, so positions only grow even when replicas'
 * clocks disagree or one goes back), and trims by the retention window and the per-child bound in the same
 * step, noting the newest position it dropped (it resolves with every change it added, even one the bound
 * dropped in that step, as the in-process log does). Each read is one script too, so a page and its `complete`
 * agree with each other even while an append trims. The clock is passed into the scripts, so tests can
 * move it.
 *
 * A child's keys expire a day after the retention window following its last append: a child without new
 * changes keeps its last changes until its next append trims them (reads leave out what is past the window
 * meanwhile, and say so), and a child no longer watched (unlinked, left the school) leaves nothing behind.
 * A reader whose position predates the window of a child whose keys have expired is told its page may be
 * incomplete: it cannot know what was there.
 */
import type { DetectedChange, LoggedChange } from '../domain/changes.js';
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/connect.js';
import {
  checkAppend,
  checkRead,
  resolveChangeLogLimits,
  retentionCutoff,
  type ChangeLogLimitOptions,
} from './change-log-limits.js';
import type { ChangeLog, ChildLogPage } from './ports.js';
import { parsePosition } from './positions.js';
import { redisChangeKeys } from './redis-change-keys.js';
import { redisScript } from '../redis/script.js';
import { LUA_POSITIONS } from './redis-lua-positions.js';

/** Options of {@link createRedisChangeLog}. */
export interface RedisChangeLogOptions extends ChangeLogLimitOptions {
  /** A connection the caller owns (and closes): the store's suits, since a lost append loses a change. */
  redis: RedisConnection;
  /** The gateway's prefix (`REDIS_KEY_PREFIX`). @default "dg:" */
  keyPrefix?: string;
  /** Where an unreadable entry (edited by hand, a bad restore) is reported, once per log. */
  logger: Logger;
  /** The clock positions and the retention window are made from. @default Date.now */
  now?: () => number;
}

// KEYS: log, ids, dropped. ARGV: now, cutoff (first millisecond kept), most kept, most ids, the keys' time to
// live (ms), then an id and the change's JSON per change. Returns, per change appended, its index (from 1)
// and its position.
const APPEND = redisScript(`${LUA_POSITIONS}
local log, ids, dropped = KEYS[1], KEYS[2], KEYS[3]
local now, cutoff = tonumber(ARGV[1]), tonumber(ARGV[2])
local maxKept, maxIds, ttl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
-- The newest id the stream ever made, kept or trimmed: new positions continue after it.
local lastText, lastMs = nil, -1
if redis.call('EXISTS', log) == 1 then
  local info = redis.call('XINFO', 'STREAM', log)
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      lastText = string.match(info[i + 1], '^(%d+)-')
      lastMs = tonumber(lastText)
    end
  end
end
-- An id is remembered for the window only: one past it no longer stops its change.
if cutoff > 0 then redis.call('ZREMRANGEBYSCORE', ids, '-inf', '(' .. ARGV[2]) end
local appended = {}
for i = 6, #ARGV, 2 do
  local id = ARGV[i]
  if not redis.call('ZSCORE', ids, id) then
    -- <ms>-* makes <ms>-0, or the next sequence when <ms> is the stream's last millisecond.
    local ms = ARGV[1]
    if lastMs >= now then ms = lastText end
    local position = redis.call('XADD', log, ms .. '-*', 'c', ARGV[i + 1])
    lastText = ms
    lastMs = tonumber(ms)
    redis.call('ZADD', ids, ms, id)
    appended[#appended + 1] = (i - 4) / 2
    appended[#appended + 1] = position
  end
end
if #appended == 0 then return appended end
redis.call('PEXPIRE', log, ttl)
redis.call('PEXPIRE', ids, ttl)
local highest = nil
if cutoff > 0 then
  local old = redis.call('XREVRANGE', log, '(' .. ARGV[2] .. '-0', '-', 'COUNT', 1)
  if #old > 0 then
    highest = old[1][1]
    redis.call('XTRIM', log, 'MINID', ARGV[2] .. '-0')
  end
end
local over = redis.call('XLEN', log) - maxKept
if over > 0 then
  local gone = redis.call('XRANGE', log, '-', '+', 'COUNT', over)
  highest = gone[#gone][1]
  redis.call('XTRIM', log, 'MAXLEN', maxKept)
end
if highest then
  local before = redis.call('GET', dropped)
  if not before or newer(highest, before) then redis.call('SET', dropped, highest) end
end
redis.call('PEXPIRE', dropped, ttl)
local extra = redis.call('ZCARD', ids) - maxIds
if extra > 0 then redis.call('ZREMRANGEBYRANK', ids, 0, extra - 1) end
return appended
`);

// KEYS: log, dropped. ARGV: after ('' for from the oldest kept), cutoff, limit. Returns { complete, entries }.
const READ = redisScript(`${LUA_POSITIONS}
local log, dropped = KEYS[1], KEYS[2]
local after, cutoff, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local complete = 1
local start = '-'
if after ~= '' then
  start = '(' .. after
  local newest = redis.call('GET', dropped)
  if newest and newer(newest, after) then complete = 0 end
end
if cutoff > 0 then
  local floor = ARGV[2] .. '-0'
  -- The keys expired (no append for a window and a day): what followed the position is unknown.
  if after ~= '' and newer(floor, after) and redis.call('EXISTS', log) == 0 then complete = 0 end
  if after == '' or newer(floor, after) then
    -- Past the window but not trimmed yet (no append since): dropped in effect.
    if complete == 1 and after ~= '' and #redis.call('XRANGE', log, start, '(' .. floor, 'COUNT', 1) > 0 then
      complete = 0
    end
    start = floor
  end
end
return { complete, redis.call('XRANGE', log, start, '+', 'COUNT', limit) }
`);

/**
 * How much longer than the retention window a child's keys live after its last append: Redis expires them
 * by its own clock, which may disagree with the gateway's by minutes, never by a day.
 */
const KEY_TTL_MARGIN_MS = 86_400_000;

/** A stream entry as ioredis hands it over: its id and its fields and values, alternating. */
type StreamEntry = [string, string[]];

/** Creates the Redis change log. */
export function createRedisChangeLog(options: RedisChangeLogOptions): ChangeLog {
  const { redis, logger } = options;
  const limits = resolveChangeLogLimits(options);
  const now = options.now ?? Date.now;
  const keys = redisChangeKeys(options.keyPrefix ?? 'dg:');
  let reportedUnreadable = false;

  /** The entry as a logged change, or `null` (reported once) when it is not one of ours. */
  const readEntry = ([position, fields]: StreamEntry): LoggedChange | null => {
    const field = fields.indexOf('c');
    const change = field < 0 ? null : parseChange(fields[field + 1]);
    if (change !== null && parsePosition(position) !== null) return { ...change, position };
    if (!reportedUnreadable) {
      reportedUnreadable = true;
      logger.warn('an unreadable change log entry was left out (reported once per process)');
    }
    return null;
  };

  return {
    async append(childId, changes) {
      checkAppend(childId, changes);
      if (changes.length === 0) return [];
      const at = Math.max(0, Math.floor(now()));
      const args: (string | number)[] = [
        at,
        Math.max(0, retentionCutoff(limits, at)),
        limits.maxPerChild,
        limits.maxIdsPerChild,
        limits.retentionMs + KEY_TTL_MARGIN_MS,
      ];
      for (const change of changes) args.push(change.id, JSON.stringify(change));
      const flat = (await APPEND.run(redis, [keys.log(childId), keys.ids(childId), keys.dropped(childId)], args)) as (
        number | string
      )[];
      const appended: LoggedChange[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const change = changes[Number(flat[i]) - 1]!;
        appended.push({ ...structuredClone(change), position: String(flat[i + 1]) });
      }
      return appended;
    },

    async read(childId, after, limit): Promise<ChildLogPage> {
      checkRead(after, limit);
      const cutoff = Math.max(0, retentionCutoff(limits, now()));
      const [complete, entries] = (await READ.run(
        redis,
        [keys.log(childId), keys.dropped(childId)],
        [after ?? '', cutoff, limit],
      )) as [number, StreamEntry[]];
      return { changes: entries.flatMap((entry) => readEntry(entry) ?? []), complete: complete === 1 };
    },

    async head(childId) {
      const [newest] = (await redis.xrevrange(keys.log(childId), '+', '-', 'COUNT', 1)) as StreamEntry[];
      const parts = newest && parsePosition(newest[0]);
      return parts && parts.ms >= retentionCutoff(limits, now()) ? newest[0] : null;
    },
  };
}

/** The change in an entry's `c` field, or `null` when it is not JSON of a change. */
function parseChange(json: string | undefined): DetectedChange | null {
  if (json === undefined) return null;
  try {
    const value = JSON.parse(json) as Partial<DetectedChange> | null;
    return typeof value === 'object' && value !== null && typeof value.id === 'string' && typeof value.type === 'string'
      ? (value as DetectedChange)
      : null;
  } catch {
    return null;
  }
}
