/**
 * The answer cache's renewal for one request: a kept answer whose upstream copies are past their fresh window is
 * served again once each copy is renewed — its diary calls made again, every answer byte for byte what it was
 * (`src/answers`, `renewCopies` in `src/loaders/renewing-fetch.ts`). Built here because it needs what only the
 * request's services have: the accounts' credentials (opened from the store), the diaries' deadlines.
 */
import type { CopyRenewer } from '../answers/answer-cache.js';
import { openProviderAccount } from '../accounts/save-account.js';
import type { ProviderAccount } from '../domain/adapter.js';
import { renewCopies } from '../loaders/renewing-fetch.js';
import type { Replays } from '../upstream/call-journal.js';
import type { GatewayServices } from './context.js';

/** One request's renewal: the renewer the answer cache's lookup is given, and the replays it makes. */
export interface RequestRenewal {
  renew: CopyRenewer;
  /**
   * The diary answers the renewal received, by call: handed to the request's loaders should the lookup fall
   * through to running the request (a copy whose answer changed), so no call is made twice.
   */
  replays: Replays;
}

/** The renewal of one request, or `null` when copies are never renewed (`CACHE_RENEWAL=off`). */
export function requestRenewal(services: GatewayServices): RequestRenewal | null {
  const { cache, store, vault } = services;
  if (!cache.renews) return null;
  const replays: Replays = new Map();
  // One deadline per account, from when its first call is replayed: its diary's, as the request's calls have.
  const signals = new Map<string, AbortSignal>();
  const signalFor = (account: ProviderAccount): AbortSignal => {
    let signal = signals.get(account.id);
    if (!signal) {
      signal = AbortSignal.timeout(services.diaryDeadlineMs?.(account) ?? services.requestDeadlineMs);
      signals.set(account.id, signal);
    }
    return signal;
  };
  const account = async (id: string): Promise<ProviderAccount | null> => {
    const record = await store.getProviderAccount(id);
    return record ? openProviderAccount(record, vault) : null;
  };
  return { replays, renew: (copies) => renewCopies(copies, { cache, replays, account, signalFor }) };
}
