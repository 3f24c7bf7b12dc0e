/**
 * The upstream-call cache: every adapter call's normalised result, keyed by diary account + resource +
 * parameters (never shared between families), with per-resource freshness, stale-while-revalidate,
 * stale-if-error and single flight (concurrent identical misses in one replica make one call).
 *
 * It sits under the per-request DataLoaders, so partial dashboards still hit: a cache key is one diary
 * call, not one GraphQL response.
 */
import { hash } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { ATTR_CACHE_OUTCOME } from '../domain/trace-attributes.js';
import type { ProviderKind } from '../domain/model.js';
import { GatewayError, ProviderTimeoutError } from '../errors/gateway-error.js';
import type { Logger } from '../logging/logger.js';
import {
  renewedEntry,
  withBasis,
  withVersion,
  type CacheEntry,
  type CacheStore,
  type EntryBasis,
} from './cache-store.js';
import {
  DEFAULT_FRESHNESS,
  DEFAULT_PARTIAL_FRESH_MS,
  type CachedResource,
  type FreshnessWindows,
} from '../config/cache-freshness.js';

/**
 * Most times one miss starts a call again after the request that started it gave up (each restart waited
 * for another caller's deadline, so a handful covers any pile-up; past it, the caller takes the failure).
 */
const MAX_FLIGHT_RESTARTS = 3;

/** Bound on remembered refresh failures (one small record per failing key; the oldest goes first). */
const MAX_REMEMBERED_FAILURES = 10_000;

/** A result as served, with how old it is and, when it is a stale copy, why. */
export interface Served<T> {
  value: T;
  /** Epoch ms of the diary call that produced `value`. */
  fetchedAt: number;
  /** Older than its fresh window. */
  isStale: boolean;
  /** The failure that made the cache serve this old copy; `null` when the diary was not failing. */
  staleBecause: GatewayError | null;
}

/** A result as {@link UpstreamCache.load} serves it: with where it came from, for the answer cache (src/answers). */
export interface ServedCopy<T> extends Served<T> {
  /**
   * Epoch ms at which the copy leaves its fresh window (the shorter window of a partial copy included): until
   * then this cache serves it as it is, without asking the diary.
   */
  freshUntil: number;
  /** The cache key the copy was served under ({@link cacheKey}; {@link keyedCopy} reads it back). */
  key: string;
  /**
   * The stored entry the copy came from, as an opaque token: {@link UpstreamCache.isCurrent} tells whether this
   * process still holds exactly that entry (not a newer fetch, not nothing after a `forget`).
   */
  version: object;
}

/** What a cached copy is of: its resource, diary and account. */
export type CopyOf = Pick<CacheRequest, 'resource' | 'provider' | 'accountId'>;

/** A copy renewed by {@link UpstreamCache.renewHeld}: its new stored version and the end of its fresh window. */
export interface RenewedCopy {
  version: object;
  freshUntil: number;
}

/** What is being loaded. */
export interface CacheRequest {
  resource: CachedResource;
  provider: ProviderKind;
  /** Gateway id of the diary account: part of the key, so no two families ever share an entry. */
  accountId: string;
  /** Everything else the call depends on (child id, range…). */
  params: readonly string[];
}

/** A fetched value with what it was built from, kept beside its entry in this process ({@link CacheEntry.basis}). */
export class BuiltValue<T> {
  constructor(
    readonly value: T,
    readonly basis: EntryBasis,
  ) {}
}

/**
 * A fetch's word that the copy it was given (`held`) still holds: the diary was asked and answered as before.
 * The copy is kept, with a new fetch time and `basis`, without its value being built again.
 */
export class HeldStillHolds {
  constructor(readonly basis: EntryBasis) {}
}

/**
 * What a fetch resolves with: a value, a value with its basis, or word that the copy it was given still holds
 * (only ever for a copy it was given).
 */
export type Fetched<T> = T | BuiltValue<T> | HeldStillHolds;

/**
 * A fetch: it is given the copy the cache holds for the key (past its fresh window, or `null`), so it can
 * check whether that copy still holds instead of building the value again.
 */
export type CacheFetch<T> = (held: CacheEntry | null) => Promise<Fetched<T>>;

/** What happened, for metrics. */
export type CacheOutcome = 'hit' | 'miss' | 'revalidate' | 'stale_served' | 'refresh_failed' | 'renewed';

/** Options of {@link UpstreamCache}. */
export interface UpstreamCacheOptions {
  store: CacheStore;
  /** Per-resource windows. @default DEFAULT_FRESHNESS */
  freshness?: Partial<Record<CachedResource, FreshnessWindows>>;
  /** Oldest copy served when the diary fails. @default 7 days */
  staleIfErrorMs?: number;
  /**
   * Longest fresh window of a partial copy (built without a side answer whose call failed): long enough
   * for a burst of requests during an outage to share one copy, short enough that what it lacks comes back
   * soon after the route does. A resource whose own window is shorter keeps that. Past it, the diary is
   * asked before the copy is served again (no stale-while-revalidate). @default 60 s
   */
  partialFreshMs?: number;
  /**
   * Whether the loaders may keep a copy whose diary answers came back unchanged instead of building it again
   * (`CACHE_RENEWAL`; the loaders read {@link UpstreamCache.renews}). @default true
   */
  renewal?: boolean;
  now?: () => number;
  logger: Logger;
  onOutcome?: (request: CacheRequest, outcome: CacheOutcome) => void;
}

/** The cache. One per gateway process. */
/** One upstream call shared by concurrent identical misses. */
interface Flight {
  promise: Promise<CacheEntry>;
  /** Set by {@link UpstreamCache.forget}: the call may have read the diary before the change, so its result is not kept. */
  forgotten: boolean;
  /**
   * The deadline of the request that started the call (its calls are made under it); `undefined` for a
   * call nobody gives up on. Once it has passed, the call is doomed, and it is nobody else's failure.
   */
  signal: AbortSignal | undefined;
}

export class UpstreamCache {
  private readonly inflight = new Map<string, Flight>();
  /**
   * The last failed background refresh per key (this replica), so the copies served after it say why they
   * are old — a lapsed diary token shows as `PROVIDER_AUTH_FAILED` at once, not after the copy expires.
   */
  private readonly refreshFailures = new Map<string, { error: GatewayError; at: number }>();
  private readonly freshness: Record<CachedResource, FreshnessWindows>;
  private readonly staleIfErrorMs: number;
  private readonly partialFreshMs: number;
  /** The cache's clock (epoch ms): what fetch times and ages are measured with. */
  readonly now: () => number;
  /** Whether copies may be renewed when their diary answers come back unchanged (`CACHE_RENEWAL`). */
  readonly renews: boolean;

  constructor(private readonly options: UpstreamCacheOptions) {
    this.renews = options.renewal ?? true;
    this.freshness = { ...DEFAULT_FRESHNESS, ...options.freshness };
    this.staleIfErrorMs = options.staleIfErrorMs ?? 7 * 24 * 3_600_000;
    this.partialFreshMs = options.partialFreshMs ?? DEFAULT_PARTIAL_FRESH_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Serves `request` from cache when fresh enough, else through `fetch`. `refresh` is the same call made
   * outside the current GraphQL request (its own deadline), used for background revalidation. `isPartial`
   * tells a result built without a failed side answer: it is kept, but fresh only for `partialFreshMs`; past
   * that it is not served while the diary is asked again (the route may be back), only if the diary fails.
   *
   * `signal` is the caller's deadline, the one `fetch` makes its calls under. A caller that finds the same
   * call already in flight for another request waits for it, but never past its own deadline, and never
   * takes that request's giving up for its own: when the other request's deadline cuts the call, the caller
   * asks the diary itself (a family's view one second after a slow one would otherwise fail with it).
   *
   * `freshOnly`: a copy past its fresh window is not served while it is refreshed behind; the diary is asked
   * first (the change detector must see what the diary shows now), and the copy is served only if that fails.
   */
  async load<T>(
    request: CacheRequest,
    fetch: CacheFetch<T>,
    refresh: CacheFetch<T>,
    isPartial: (value: T) => boolean = () => false,
    signal?: AbortSignal,
    freshOnly = false,
  ): Promise<ServedCopy<T>> {
    const key = cacheKey(request);
    const windows = this.freshness[request.resource];
    const cached = await this.options.store.get(key);
    const age = cached ? this.now() - cached.fetchedAt : Infinity;
    const freshMs = this.freshMsOf(request.resource, cached?.partial);
    const at = { key, freshMs, partialFreshMs: this.freshMsOf(request.resource, true) };
    if (cached && age < freshMs) {
      this.report(request, 'hit');
      return served<T>(cached, at, false, null);
    }
    if (cached && !cached.partial && !freshOnly && age < windows.revalidateMs) {
      this.report(request, 'revalidate');
      this.revalidate(request, key, () => this.noting(request, refresh(cached)), isPartial, cached);
      // Only a recent failure is news: after a quiet spell this request's own refresh finds out afresh.
      const failure = this.refreshFailures.get(key);
      const recent = failure && failure.at >= cached.fetchedAt && this.now() - failure.at < windows.freshMs;
      return served<T>(cached, at, true, recent ? failure.error : null);
    }
    try {
      this.report(request, 'miss');
      return served<T>(
        await this.missFlight(request, key, () => this.noting(request, fetch(cached)), isPartial, signal, cached),
        at,
        false,
        null,
      );
    } catch (error) {
      if (!(error instanceof GatewayError) || !cached || age >= this.staleIfErrorMs) throw error;
      this.report(request, 'stale_served');
      return served<T>(cached, at, true, error);
    }
  }

  /**
   * Whether this process's in-process tier still holds exactly the entry `version` was served from under
   * `key` (see {@link Served.version}). Never asks Redis: a copy forgotten here or on another replica (the
   * invalidation bus drops it here too), refetched, evicted or expired is not current. Costs one map lookup.
   */
  isCurrent(key: string, version: object): boolean {
    return this.options.store.peekNear?.(key) === version;
  }

  /**
   * Whether this process's in-process tier holds, under `key`, the copy of `resource` fetched at `fetchedAt`,
   * and it is still inside its fresh window: a result built on that copy would be built on it again now.
   * Never asks Redis; costs one map lookup.
   */
  holdsFresh(key: string, resource: CachedResource, fetchedAt: number): boolean {
    return (
      this.options.store.peekFetchedAt?.(key) === fetchedAt && this.now() - fetchedAt < this.freshness[resource].freshMs
    );
  }

  /**
   * Renews the copy this process's in-process tier holds under `key`, if it is still exactly `version` and no
   * call for the key is in flight: `check` is given the held copy and says whether the diary still answers as
   * it did for it (a {@link HeldStillHolds}) or not (`null`). A renewed copy is stored with a new fetch time, as a
   * load's renewal is (reported `renewed`); nothing is stored when the check fails or throws, when the tier's
   * copy changed meanwhile (a `forget`, another fetch) or when another call for the key started. For the answer
   * cache (src/answers): a kept answer whose copies are renewed is what running it again would give.
   */
  async renewHeld(
    key: string,
    of: CopyOf,
    version: object,
    check: (held: CacheEntry) => Promise<HeldStillHolds | null>,
  ): Promise<RenewedCopy | null> {
    const { store } = this.options;
    if (this.inflight.has(key) || store.peekNear?.(key) !== version) return null;
    const held = await store.get(key);
    if (held?.version !== version) return null;
    const verdict = await check(held).catch(() => null);
    // Checked and written in one step (no await between): a `forget` either ran before, or deletes this write.
    if (!verdict || this.inflight.has(key) || store.peekNear?.(key) !== version) return null;
    const entry = renewedEntry(held, this.now(), verdict.basis);
    const written = store.set(key, entry, this.staleIfErrorMs);
    const renewed = store.peekNear?.(key);
    await written;
    this.refreshFailures.delete(key);
    this.report({ ...of, params: [] }, 'renewed');
    if (!renewed || store.peekNear?.(key) !== renewed) return null;
    return { version: renewed, freshUntil: entry.fetchedAt + this.freshMsOf(of.resource, held.partial) };
  }

  /** The fresh window of a copy of `resource`: no longer than `partialFreshMs` for a partial one. */
  private freshMsOf(resource: CachedResource, partial: boolean | undefined): number {
    const { freshMs } = this.freshness[resource];
    return partial ? Math.min(freshMs, this.partialFreshMs) : freshMs;
  }

  /**
   * Forgets what is cached for one diary account: every resource, or only `resources`. Call it after a
   * change made through the gateway (an absence notice alters attendance) or when the account is unlinked.
   * Calls already in flight still answer their callers, but their results are not stored, since they may
   * have read the diary before the change; the next read asks the diary. This replica's in-process tier
   * and the shared Redis tier are cleared, and with Redis the other replicas drop their in-process copies
   * when the invalidation reaches them (invalidation-bus.ts); their calls in flight are not stopped.
   */
  async forget(accountId: string, resources?: readonly CachedResource[]): Promise<void> {
    // Keys are `v2:<account>:<resource>:<digest>`; account ids never hold ":", so the prefix is exact.
    const prefixes = resources
      ? resources.map((resource) => `${KEY_VERSION}:${accountId}:${resource}:`)
      : [`${KEY_VERSION}:${accountId}:`];
    const matches = (key: string) => prefixes.some((prefix) => key.startsWith(prefix));
    for (const [key, flight] of this.inflight) {
      if (!matches(key)) continue;
      flight.forgotten = true;
      this.inflight.delete(key);
    }
    for (const key of this.refreshFailures.keys()) if (matches(key)) this.refreshFailures.delete(key);
    await Promise.all(prefixes.map((prefix) => this.options.store.deleteByPrefix(prefix)));
  }

  /**
   * A miss's call: this caller's own, or one in flight for another request, waited for until `signal`
   * aborts. A call cut by the deadline of the request that started it is started again under `signal`
   * (at most {@link MAX_FLIGHT_RESTARTS} times: each restart means another caller's deadline passed first).
   */
  private async missFlight<T>(
    request: CacheRequest,
    key: string,
    fetch: () => Promise<Fetched<T>>,
    isPartial: (value: T) => boolean,
    signal: AbortSignal | undefined,
    held: CacheEntry | null,
  ): Promise<CacheEntry> {
    for (let restarts = 0; ; restarts++) {
      const flight = this.singleFlight(key, fetch, isPartial, held, signal);
      if (flight.signal === signal) return flight.promise;
      try {
        return await untilAborted(flight.promise, signal, request.provider);
      } catch (error) {
        const cutByItsStarter = flight.signal?.aborted === true && !signal?.aborted;
        if (!cutByItsStarter || restarts >= MAX_FLIGHT_RESTARTS) throw error;
      }
    }
  }

  private singleFlight<T>(
    key: string,
    fetch: () => Promise<Fetched<T>>,
    isPartial: (value: T) => boolean,
    held: CacheEntry | null,
    signal?: AbortSignal,
  ): Flight {
    const current = this.inflight.get(key);
    // A call whose starter has given up is doomed (its calls abort with it): a caller with time left starts
    // its own, which takes the key; the doomed one's end leaves it be (see `finally` below). Should the doomed
    // one answer after all, its result is not kept: out of the map, a `forget` would no longer reach it.
    if (current && (current.signal === signal || !current.signal?.aborted || signal?.aborted)) return current;
    if (current) current.forgotten = true;
    const state = { forgotten: false, signal };
    const promise = (async () => {
      const entry = fetchedEntry(await fetch(), held, isPartial, this.now());
      // A write already started when `forget` runs is issued before its deletes (both tiers start their
      // commands at once, and Redis runs one connection's commands in order), so it is deleted too.
      if (!state.forgotten) {
        await this.options.store.set(key, entry, this.staleIfErrorMs);
        this.refreshFailures.delete(key);
        // What the in-process tier now holds for the key is this entry (the key's only flight wrote it; a
        // `forget` meanwhile leaves nothing): its identity lets an answer built on this very fetch be kept.
        const held = this.options.store.peekNear?.(key);
        if (held) withVersion(entry, held);
      }
      return entry;
    })().finally(() => {
      // A forgotten flight may have been followed by a new one under the same key: leave that one be.
      if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
    });
    const flight = Object.assign(state, { promise });
    this.inflight.set(key, flight);
    return flight;
  }

  private revalidate<T>(
    request: CacheRequest,
    key: string,
    refresh: () => Promise<Fetched<T>>,
    isPartial: (value: T) => boolean,
    held: CacheEntry,
  ): void {
    if (this.inflight.has(key)) return;
    // The failure is dated when the diary was asked, not when the answer (or the timeout) came back.
    const askedAt = this.now();
    const flight = this.singleFlight(key, refresh, isPartial, held);
    flight.promise.catch((error: unknown) => {
      this.report(request, 'refresh_failed');
      // A forgotten call's failure speaks of the account before the change (or of an unlinked one).
      if (error instanceof GatewayError && !flight.forgotten) this.rememberRefreshFailure(key, error, askedAt);
      this.options.logger.warn(
        { err: error, provider: request.provider, resource: request.resource },
        'background refresh failed',
      );
    });
  }

  private rememberRefreshFailure(key: string, error: GatewayError, askedAt: number): void {
    this.refreshFailures.delete(key); // re-inserted last, so the map's order is oldest failure first
    this.refreshFailures.set(key, { error, at: askedAt });
    if (this.refreshFailures.size > MAX_REMEMBERED_FAILURES) {
      this.refreshFailures.delete(this.refreshFailures.keys().next().value!);
    }
  }

  /** `fetched`, with a renewal of the held copy reported as `renewed`. */
  private async noting<T>(request: CacheRequest, fetched: Promise<Fetched<T>>): Promise<Fetched<T>> {
    const result = await fetched;
    if (result instanceof HeldStillHolds) this.report(request, 'renewed');
    return result;
  }

  private report(request: CacheRequest, outcome: CacheOutcome): void {
    this.options.onOutcome?.(request, outcome);
    // On the loader's span of this read (`src/loaders/request-loaders.ts`), when traced; a later outcome of the
    // same read (a miss whose call failed, then a stale copy served) replaces the earlier one. No span: no-op.
    const span = trace.getSpan(context.active());
    if (span?.isRecording()) span.setAttribute(ATTR_CACHE_OUTCOME, outcome);
  }
}

/** The entry to keep for what a fetch resolved with (see {@link Fetched}), fetched at `now`. */
function fetchedEntry<T>(
  fetched: Fetched<T>,
  held: CacheEntry | null,
  isPartial: (value: T) => boolean,
  now: number,
): CacheEntry {
  if (fetched instanceof HeldStillHolds) {
    if (!held) throw new Error('a fetch said the held copy still holds, but it was given none');
    return renewedEntry(held, now, fetched.basis);
  }
  const [value, basis] = fetched instanceof BuiltValue ? [fetched.value, fetched.basis] : [fetched, undefined];
  return withBasis({ value, fetchedAt: now, ...(isPartial(value) ? { partial: true } : {}) }, basis);
}

/** Where a copy was served from: its key and the fresh windows of its resource (whole and partial). */
interface ServedAt {
  key: string;
  freshMs: number;
  partialFreshMs: number;
}

function served<T>(
  entry: CacheEntry,
  at: ServedAt,
  isStale: boolean,
  staleBecause: GatewayError | null,
): ServedCopy<T> {
  const freshMs = entry.partial ? at.partialFreshMs : at.freshMs;
  return {
    value: entry.value as T,
    fetchedAt: entry.fetchedAt,
    isStale,
    staleBecause,
    freshUntil: entry.fetchedAt + freshMs,
    key: at.key,
    // The in-process tier's stored object when the copy came from there; otherwise the copy itself, which
    // no tier holds, so an answer built on it is never taken for current.
    version: entry.version ?? entry,
  };
}

/**
 * The version of what a cache entry holds. `v2`: results carry the schema drift met while decoding them
 * (`src/upstream/tolerant-decode.ts`), so a replica of the previous version, during a rolling deploy, never
 * reads a result of the new shape as its own (nor the other way round).
 */
const KEY_VERSION = 'v2';

/** `v2:<account>:<resource>:<digest of params>`: short, and free of the diary's own ids. */
export function cacheKey(request: CacheRequest): string {
  // One-shot `hash` (the same digest as `createHash`): a key is made for every cache read, and a Hash
  // object per key cost five times as much.
  const digest = hash('sha256', request.params.join('\u0000'), 'base64url').slice(0, 22);
  return `${KEY_VERSION}:${request.accountId}:${request.resource}:${digest}`;
}

/**
 * The account and resource a {@link cacheKey} names, or `null` for a key of another form. Kept answers hold their
 * copies' keys only (src/answers), and a renewal needs the account and resource back.
 */
export function keyedCopy(key: string): { accountId: string; resource: CachedResource } | null {
  const [version, accountId, resource, digest, ...rest] = key.split(':');
  if (version !== KEY_VERSION || !accountId || !resource || !digest || rest.length > 0) return null;
  return { accountId, resource: resource as CachedResource };
}

/**
 * `promise`, or a `PROVIDER_TIMEOUT` once `signal` aborts, whichever comes first: a caller waiting for a call
 * another request started stops at its own deadline, as its own calls would (with the same words).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, provider: ProviderKind): Promise<T> {
  if (!signal) return promise;
  const abandoned = () => ProviderTimeoutError.abandoned(provider);
  if (signal.aborted) return Promise.reject(abandoned());
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abandoned());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
