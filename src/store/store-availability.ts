/**
 * Keeps the gateway answering sensibly while its store (Redis) is out of reach.
 *
 * {@link withStoreAvailability} wraps any `GatewayStore`:
 * - a failure to reach the store (connection refused or closed, ioredis giving up its retries, Redis
 *   loading or failing over) becomes a typed {@link StoreUnavailableError}: `SERVICE_UNAVAILABLE`, HTTP 503
 *   with `Retry-After`, instead of an "Unexpected error." 500;
 * - the reads a request needs to serve a family that is already signed in (its session, user, linked
 *   accounts, student links, match decisions and grants) are remembered, each as this process last read
 *   it, in a bounded LRU with a short maximum age. They are served from memory ONLY while the store is
 *   unavailable; while it answers, every read goes to the store. Not-found answers are never remembered,
 *   so a token the store never confirmed is refused with 503, never accepted from memory;
 * - writes are never buffered: they fail with `SERVICE_UNAVAILABLE`. Every write (attempted or done) first
 *   forgets what it may change, so a sign-out or a revocation made through this process is never undone
 *   by a copy in memory. A write made by another replica shortly before an outage is not seen by this one
 *   until the store is back: that bounded staleness (`maxAgeMs`) is the price of serving at all.
 *
 * Methods the wrapper does not know (added to the store later) pass through with the same failure
 * mapping, and count as writes that may change anything: they forget every remembered read.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logging/logger.js';
import {
  CREDENTIALS_UPDATE,
  FORGETS,
  PASS_THROUGH,
  REMEMBERED,
  type Args,
  type Method,
} from './store-availability-rules.js';
import { isStoreConnectionFailure, StoreUnavailableError } from './store-connection-failure.js';
import type { GatewayStore, ProviderAccountRecord, SessionRecord } from './store.js';

export { isStoreConnectionFailure, StoreUnavailableError } from './store-connection-failure.js';

/** Options of {@link withStoreAvailability}. */
export interface StoreAvailabilityOptions {
  logger: Logger;
  /** Oldest remembered read served while the store is unavailable; 0 serves nothing from memory. @default 300000 (5 min) */
  maxAgeMs?: number;
  /** Most remembered reads (one per session, user, account list, …). @default 10000 */
  maxEntries?: number;
  /** Sent as `Retry-After` with every `SERVICE_UNAVAILABLE`. @default 5 */
  retryAfterSeconds?: number;
  /**
   * `false` while the store is known to be unreachable (a Redis connection that is not `ready`). After a
   * failure has been seen, calls then answer at once (from memory, or 503) instead of each waiting for
   * the client's reconnect attempts to give up. Absent: every call asks the store.
   */
  isConnected?: () => boolean;
  /** Clock of the maximum age, in milliseconds. @default performance.now */
  now?: () => number;
}

/** One remembered read: a copy of the answer and the record ids it holds (to forget it when one changes). */
interface Remembered {
  value: unknown;
  mentions: readonly string[];
}

/** Wraps `store`; see the module comment. `close()` is the wrapped store's. */
export function withStoreAvailability(store: GatewayStore, options: StoreAvailabilityOptions): GatewayStore {
  const { logger } = options;
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;
  const remembered =
    maxAgeMs > 0
      ? new LRUCache<string, Remembered>({
          max: options.maxEntries ?? 10_000,
          ttl: maxAgeMs,
          ...(options.now ? { perf: { now: options.now } } : {}),
          // Exact expiry: "at most maxAgeMs old" is what the operator configured.
          ttlResolution: 0,
        })
      : null;
  let unavailableSince: number | null = null;
  // A read that started before a write must not remember its older answer. Every forget gets the next
  // generation, recorded per key and per record id (bounded: a read still in flight after 10,000 later
  // forgets is not worth protecting), so unrelated writes elsewhere never keep a read from being remembered.
  let generation = 0;
  let everythingForgottenAt = 0;
  const forgottenAt = new LRUCache<string, number>({ max: 10_000 });

  const markUnavailable = (error: unknown) => {
    if (unavailableSince !== null) return;
    unavailableSince = Date.now();
    logger.warn(
      { err: { name: (error as Error).name, message: (error as Error).message } },
      'the store is unavailable: recent reads are served from memory, writes and anything else answer SERVICE_UNAVAILABLE',
    );
  };
  const markAvailable = () => {
    if (unavailableSince === null) return;
    logger.info({ unavailableForMs: Date.now() - unavailableSince }, 'the store answers again');
    unavailableSince = null;
  };
  /** Known to be down: a failure was seen and the connection has not come back since. */
  const knownDown = () => unavailableSince !== null && options.isConnected !== undefined && !options.isConnected();

  const unavailable = (cause: unknown) => new StoreUnavailableError(retryAfterSeconds, { cause });

  const forget = (change: { keys: string[]; ids: string[] } | 'everything') => {
    if (!remembered) return;
    generation += 1;
    if (change === 'everything') {
      everythingForgottenAt = generation;
      remembered.clear();
      return;
    }
    for (const key of change.keys) {
      forgottenAt.set(`key:${key}`, generation);
      remembered.delete(key);
    }
    for (const id of change.ids) forgottenAt.set(`id:${id}`, generation);
    if (change.ids.length === 0) return;
    const holding = [...remembered.entries()].filter(([, entry]) =>
      entry.mentions.some((id) => change.ids.includes(id)),
    );
    for (const [key] of holding) remembered.delete(key);
  };

  /** A remembered answer still worth serving (an expired session is not). */
  const recall = (method: Method, key: string, args: Args): { value: unknown } | null => {
    const entry = remembered?.get(key);
    if (!entry) return null;
    if (method === 'findSession') {
      const session = entry.value as SessionRecord;
      const at = args[1] as number;
      if (session.expiresAt !== null && session.expiresAt <= at) return null;
    }
    return { value: structuredClone(entry.value) };
  };

  const call = async (method: Method, args: Args): Promise<unknown> => {
    try {
      // Called on `store` itself, never detached: a store's methods may use `this`.
      const value = await (store[method] as (...parameters: unknown[]) => Promise<unknown>).apply(
        store,
        args as unknown[],
      );
      markAvailable();
      return value;
    } catch (error) {
      if (!isStoreConnectionFailure(error)) throw error;
      markUnavailable(error);
      throw unavailable(error);
    }
  };

  const rememberingRead =
    (method: Method, spec: NonNullable<(typeof REMEMBERED)[Method]>) =>
    async (...args: Args) => {
      const key = spec.key(args);
      if (knownDown()) {
        const served = recall(method, key, args);
        if (served) return served.value;
        throw unavailable(new Error('the store connection is not ready'));
      }
      const startedAt = generation;
      try {
        const value = await call(method, args);
        // `null` (not found) is never remembered: only what the store confirmed may be served later.
        if (remembered && value !== null) {
          const mentions = spec.mentions(value);
          const changedSince = (name: string) => (forgottenAt.get(name) ?? 0) > startedAt;
          const outdated =
            everythingForgottenAt > startedAt ||
            changedSince(`key:${key}`) ||
            mentions.some((id) => changedSince(`id:${id}`));
          if (!outdated) remembered.set(key, { value: structuredClone(value), mentions });
        }
        return value;
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        const served = recall(method, key, args);
        if (served) return served.value;
        throw error;
      }
    };

  /** Puts newly sealed credentials into every remembered copy of the account. */
  const refreshCredentials = (accountId: string, sealedCredentials: string) => {
    if (!remembered) return;
    const refreshed = (account: ProviderAccountRecord) =>
      account.id === accountId ? { ...account, sealedCredentials } : account;
    // Collected first: setting a key moves it in the LRU's order, which would make a live iteration loop.
    const holding = [...remembered.entries()].filter(([, entry]) => entry.mentions.includes(accountId));
    for (const [key, entry] of holding) {
      const value = Array.isArray(entry.value)
        ? (entry.value as ProviderAccountRecord[]).map(refreshed)
        : refreshed(entry.value as ProviderAccountRecord);
      // `noUpdateTTL`: the copy is not younger for it; its age stays that of the read.
      remembered.set(key, { ...entry, value }, { noUpdateTTL: true });
    }
  };

  const updateCredentials = async (...args: Args) => {
    if (knownDown()) throw unavailable(new Error('the store connection is not ready'));
    const written = await call(CREDENTIALS_UPDATE, args);
    if (written === true) refreshCredentials(String(args[0]), String(args[1]));
    return written;
  };

  const write =
    (method: Method) =>
    async (...args: Args) => {
      const forgets = FORGETS[method as string];
      forget(forgets ? forgets(args) : 'everything');
      if (knownDown()) throw unavailable(new Error('the store connection is not ready'));
      return call(method, args);
    };

  const passThrough =
    (method: Method) =>
    async (...args: Args) => {
      if (knownDown()) throw unavailable(new Error('the store connection is not ready'));
      return call(method, args);
    };

  const wrapped: Record<string, unknown> = { close: () => store.close() };
  for (const name of methodNames(store)) {
    if (name === 'close') continue;
    const spec = REMEMBERED[name];
    if (name === CREDENTIALS_UPDATE) wrapped[name] = updateCredentials;
    else wrapped[name] = spec ? rememberingRead(name, spec) : PASS_THROUGH.has(name) ? passThrough(name) : write(name);
  }
  return wrapped as unknown as GatewayStore;
}

/** Every method of the store, own or inherited (a store may be an object literal or a class instance). */
function methodNames(store: GatewayStore): Method[] {
  const names = new Set<string>();
  for (
    let target: object | null = store;
    target && target !== Object.prototype;
    target = Object.getPrototypeOf(target) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(target)) {
      if (name !== 'constructor' && typeof (store as unknown as Record<string, unknown>)[name] === 'function')
        names.add(name);
    }
  }
  return [...names] as Method[];
}
