/**
 * What one GraphQL request learnt about each diary account's data: the oldest copy it served, whether
 * any of it was stale, and the last failure. `Student.freshness` reads it once every load the request
 * started has settled, so it describes exactly the data in the same response.
 */
import type { ProviderKind } from '../domain/model.js';
import type { GatewayError } from '../errors/gateway-error.js';

/** The state of one account's data in this response. */
export interface AccountFreshness {
  provider: ProviderKind;
  /** Epoch ms of the oldest diary answer served; `null` when nothing was served. */
  oldestFetchedAt: number | null;
  isStale: boolean;
  /** The last failure of this diary in this request. */
  error: GatewayError | null;
}

/** The log of one request. */
export class FreshnessLog {
  private readonly accounts = new Map<string, AccountFreshness>();
  private readonly pending = new Set<Promise<unknown>>();

  /** Follows a load until it settles (so `settled()` waits for it). */
  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const forget = () => this.pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Records data served for an account. */
  recordServed(
    accountId: string,
    provider: ProviderKind,
    fetchedAt: number,
    isStale: boolean,
    staleBecause: GatewayError | null,
  ): void {
    const entry = this.entry(accountId, provider);
    entry.oldestFetchedAt = entry.oldestFetchedAt === null ? fetchedAt : Math.min(entry.oldestFetchedAt, fetchedAt);
    entry.isStale ||= isStale;
    if (staleBecause) entry.error = staleBecause;
  }

  /** Records a failure for which nothing could be served. */
  recordFailure(accountId: string, provider: ProviderKind, error: GatewayError): void {
    this.entry(accountId, provider).error = error;
  }

  /** What is known of an account, or `null` when the request loaded nothing of it. */
  of(accountId: string): AccountFreshness | null {
    return this.accounts.get(accountId) ?? null;
  }

  /**
   * Resolves once no load of this request is pending. Loads start as resolvers run, and resolvers run
   * over several turns of the event loop, so it waits a macrotask and looks again until nothing is left.
   */
  async settled(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.pending.size === 0) return;
      await Promise.allSettled([...this.pending]);
    }
  }

  private entry(accountId: string, provider: ProviderKind): AccountFreshness {
    let entry = this.accounts.get(accountId);
    if (!entry) {
      entry = { provider, oldestFetchedAt: null, isStale: false, error: null };
      this.accounts.set(accountId, entry);
    }
    return entry;
  }
}
