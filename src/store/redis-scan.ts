/**
 * Walking a keyspace without blocking Redis: `SCAN` with `MATCH` and `COUNT`, never `KEYS`, which holds the
 * server for the whole keyspace at once. The store enumerates accounts with it and the cache forgets an
 * account's entries with it.
 */
import type { Redis } from 'ioredis';

/** How many keys one `SCAN` step looks at (a hint to Redis, not a page size). */
export const SCAN_COUNT = 500;

/**
 * `text` as a literal inside a `MATCH` glob: `*`, `?`, `[`, `]` and `\` are escaped, so a configured key
 * prefix such as `tenant[1]:` matches only itself.
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Yields the keys starting with `prefix`, one `SCAN` batch at a time. `SCAN` may return a key more than
 * once (when the keyspace is rehashed meanwhile), so callers that count must deduplicate; keys added or
 * removed during the walk may or may not be seen.
 */
export async function* scanPrefix(redis: Redis, prefix: string): AsyncGenerator<string[]> {
  const pattern = `${escapeGlob(prefix)}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    if (keys.length > 0) yield keys;
    cursor = next;
  } while (cursor !== '0');
}
