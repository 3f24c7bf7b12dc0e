/**
 * The loaders of one piece of work that reads diaries: a GraphQL request (`src/graphql/context.ts`) or a
 * structure prefetch (`src/prefetch`). Both get the same deadlines, memo and background refreshes.
 */
import type { ProviderAccount, UpstreamScope } from '../domain/adapter.js';
import type { UpstreamCache } from '../cache/upstream-cache.js';
import { createDiaryScopes, createRequestScope, createUpstreamScope } from '../upstream/request-scope.js';
import type { AdapterRegistry } from './adapter-registry.js';
import { FreshnessLog } from './freshness-log.js';
import { createRequestLoaders, type RequestLoaderOptions, type RequestLoaders } from './request-loaders.js';
import { withStructure } from './structure-reads.js';

/** What {@link createLoaderSet} needs. */
export interface LoaderSetOptions {
  adapters: AdapterRegistry;
  cache: UpstreamCache;
  /** Deadline of every diary call of the work (`REQUEST_DEADLINE_MS`), from now. */
  deadlineMs: number;
  /** An account's diary deadline, shorter than `deadlineMs`; `undefined`: `deadlineMs` (see `diaryDeadlines`). */
  diaryDeadlineMs?: ((account: ProviderAccount) => number | undefined) | undefined;
  /** Told of every cached read, structure reads included (see {@link RequestLoaderOptions.onRead}). */
  onRead?: RequestLoaderOptions['onRead'];
  /** Resources read fresh or not at all (see {@link RequestLoaderOptions.freshOnly}). */
  freshOnly?: RequestLoaderOptions['freshOnly'];
  /** The replays the request's answer-cache check made (see {@link RequestLoaderOptions.replays}). */
  replays?: RequestLoaderOptions['replays'];
}

/** One piece of work's loaders and what they were built over. */
export interface LoaderSet {
  loaders: RequestLoaders;
  /** How fresh each account's data is, as the loaders served it. */
  freshness: FreshnessLog;
  /** The scope the loaders use for an account's calls (its diary's deadline, the shared memo). */
  scopeFor(account: ProviderAccount): UpstreamScope;
}

/** Creates the loaders of one request (or prefetch); their deadlines start now. */
export function createLoaderSet(options: LoaderSetOptions): LoaderSet {
  const { adapters, cache, deadlineMs, diaryDeadlineMs, onRead, freshOnly, replays } = options;
  const freshness = new FreshnessLog();
  // Each background refresh has its own deadline, but the refreshes of one request share one memo, so
  // they make an identical call once, as the request's own loads do (Eljur's months of grades all read
  // the current period's marks).
  // With renewal on, the memos tell each cached copy the calls it was built from (`call-journal.ts`).
  const journaled = cache.renews;
  const backgroundMemo = createUpstreamScope(undefined, journaled);
  // Every adapter call of the work, and every background refresh it starts, reads structure (profile ids,
  // periods, work types…) through the cache on its own long windows (`structure-reads.ts`): the prefetch's
  // `prefetchStructure` calls too, which is what makes them warm the cache.
  const backgroundScope = (): UpstreamScope =>
    withStructure(
      { ...createRequestScope(deadlineMs), once: (key, load) => backgroundMemo.once(key, load) },
      cache,
      backgroundScope,
    );
  const diaryScopes = createDiaryScopes(
    createRequestScope(deadlineMs, journaled),
    diaryDeadlineMs ?? (() => undefined),
  );
  const scopes = new Map<string, UpstreamScope>();
  const scopeFor = (account: ProviderAccount): UpstreamScope => {
    let scope = scopes.get(account.id);
    if (!scope) scopes.set(account.id, (scope = withStructure(diaryScopes(account), cache, backgroundScope, onRead)));
    return scope;
  };
  const loaders = createRequestLoaders({
    adapters,
    cache,
    scopeFor,
    backgroundScope,
    freshness,
    ...(onRead ? { onRead } : {}),
    ...(freshOnly ? { freshOnly } : {}),
    ...(replays ? { replays } : {}),
  });
  return { loaders, freshness, scopeFor };
}
