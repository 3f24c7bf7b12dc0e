/**
 * The per-request counts of the access log (src/server/access-log.ts), kept where the gateway already
 * observes each event for its metrics: every HTTP attempt to a diary (`instrument-transport.ts`) and every
 * upstream-cache lookup (the cache's `onOutcome`, wired in src/index.ts). Outside a request (start-up, a
 * background refresh that outlived its request's line) there is nothing to count in, and nothing is counted.
 */
import { currentRequestActivity } from '../logging/request-context.js';
import type { CacheEventOutcome } from './metrics.js';

/** Counts one HTTP attempt to a diary for the request being served. */
export function countUpstreamCall(): void {
  const activity = currentRequestActivity();
  if (activity) activity.upstreamCalls += 1;
}

/**
 * Which counter each cache outcome adds to. `revalidate` serves an old copy while a background call refreshes
 * it, so it is stale like `stale_served` (an old copy because the diary failed, reported after that lookup's
 * `miss`). A failed background refresh is no lookup of this request, nor is a renewal (a refresh's outcome,
 * reported after the lookup's own `miss` or `revalidate`).
 */
const COUNTER_OF_OUTCOME: Readonly<
  Record<CacheEventOutcome | 'revalidate', 'cacheHits' | 'cacheMisses' | 'cacheStale' | null>
> = {
  hit: 'cacheHits',
  miss: 'cacheMisses',
  revalidate: 'cacheStale',
  stale_served: 'cacheStale',
  refresh_failed: null,
  renewed: null,
};

/** Counts one upstream-cache outcome for the request being served. */
export function countCacheOutcome(outcome: CacheEventOutcome | 'revalidate'): void {
  const activity = currentRequestActivity();
  const counter = COUNTER_OF_OUTCOME[outcome];
  if (activity && counter) activity[counter] += 1;
}
