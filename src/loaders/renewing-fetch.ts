/**
 * A data read that keeps its cached copy when the diary's answers behind it come back unchanged (issue 15:
 * on a revalidated dashboard, decoding and normalising answers identical to the last ones was most of the CPU).
 *
 * The read is built inside a call journal (`src/upstream/call-journal.ts`), kept beside the copy in this
 * process. When the copy is refreshed and its journal may be replayed — same inputs (account, credentials,
 * child, range), same UTC quarter hour (so the same "today" in every school's zone), every structure copy it
 * read still the one held and fresh — its calls are sent again; if every answer has the bytes it had, the copy
 * is kept with a new fetch time. Otherwise the read is built as before, its calls answered by the replays.
 */
import type { CachedResource } from '../config/cache-freshness.js';
import {
  BuiltValue,
  HeldStillHolds,
  keyedCopy,
  type CacheFetch,
  type RenewedCopy,
  type UpstreamCache,
} from '../cache/upstream-cache.js';
import type { CacheEntry } from '../cache/cache-store.js';
import type { ProviderAccount } from '../domain/adapter.js';
import {
  CallJournal,
  ClosedJournal,
  journaling,
  RENEWAL_SLOT_MS,
  replayJournal,
  secretsDigestOf,
  secretsOf,
  type Replays,
  type Secrets,
} from '../upstream/call-journal.js';

/**
 * The resources a refresh may renew: the data a dashboard reads on short windows. Structure (ids, periods,
 * subjects) is refreshed rarely and is what the data's journals depend on; mail is read page by page with
 * read state changing under it, so it is built again on every refresh.
 */
export const RENEWED_RESOURCES: ReadonlySet<CachedResource> = new Set<CachedResource>([
  'averages',
  'grades',
  'homework',
  'schedule',
  'attendance',
]);

/** What a renewing read needs besides the read itself. */
export interface RenewingFetchOptions {
  cache: UpstreamCache;
  /** The replays of the request (or of its background refreshes), shared by every read they make. */
  replays: Replays;
  /** Digest of the read's inputs (`journalInputs`). */
  inputs: string;
  /** The deadline the replays are sent under. */
  signal: AbortSignal | undefined;
  /** The account's credential values (`secretsOf`): masked in the journal, filled in again to replay. */
  secrets?: Secrets;
}

/**
 * `build` as a cache fetch that journals what it builds from and keeps a held copy whose answers are unchanged.
 * A copy built with none held (the first read of it, or after an eviction) keeps no journal: a family read once
 * holds none (they were most of a family's cache memory beyond its copies), and its first refresh builds one.
 */
export function renewingFetch<T>(options: RenewingFetchOptions, build: () => Promise<T>): CacheFetch<T> {
  // The cache's clock, which dated the structure copies and the held copy: a journal's time is compared with theirs.
  const now = options.cache.now;
  return async (held) => {
    if (!held) return build();
    const journal = replayableJournal(held, options.cache, now(), (kept) => kept.inputs === options.inputs);
    const { replays, signal, secrets = [] } = options;
    if (journal && (await replayJournal(journal, replays, signal, secrets))) return new HeldStillHolds(journal);
    const fresh = new CallJournal(options.inputs, now(), secretsDigestOf(secrets));
    const value = await journaling(fresh, replays, build, secrets);
    const closed = fresh.close();
    return closed && !readStructureFetchedSince(closed) ? new BuiltValue(value, closed) : value;
  };
}

/**
 * Whether a structure copy the read used was fetched while it was being built. A read built while its structure
 * is read may call more than a read built on a kept copy (МЭШ numbers the lessons of the days the structure was
 * learnt from with those very days), and a journal is replayed whole: such a read keeps no journal, and the next
 * refresh, on the kept structure, builds one that calls only what the data needs.
 */
function readStructureFetchedSince(journal: ClosedJournal): boolean {
  return journal.structure.some(([, fetchedAt]) => fetchedAt >= journal.builtAt);
}

/**
 * The held copy's journal when replaying it now would vouch for the copy (see the module comment), else `null`:
 * `sameInputs` tells whether it was built for what the copy is asked for now.
 */
function replayableJournal(
  held: CacheEntry | null,
  cache: UpstreamCache,
  now: number,
  sameInputs: (journal: ClosedJournal) => boolean,
): ClosedJournal | null {
  const journal = held?.basis;
  if (!(journal instanceof ClosedJournal) || !sameInputs(journal)) return null;
  if (Math.floor(journal.builtAt / RENEWAL_SLOT_MS) !== Math.floor(now / RENEWAL_SLOT_MS)) return null;
  for (const [key, fetchedAt] of journal.structure) {
    if (!cache.holdsFresh(key, 'structure', fetchedAt)) return null;
  }
  return journal;
}

/** A copy a kept answer was built from, to renew ({@link renewCopies}). */
export interface CopyToRenew {
  /** Its cache key (which names its account and resource). */
  key: string;
  /** The stored entry the answer read (`ServedCopy.version`). */
  version: object;
}

/** What {@link renewCopies} needs besides the copies. */
export interface CopyRenewalOptions {
  cache: UpstreamCache;
  /** The request's replays, which its execution answers its adapters' calls from should a renewal fail. */
  replays: Replays;
  /** The account a copy is of, with its credentials, or `null` (gone); asked once per account. */
  account: (accountId: string) => Promise<ProviderAccount | null>;
  /** The deadline an account's replays are sent under (its diary's deadline). */
  signalFor: (account: ProviderAccount) => AbortSignal | undefined;
}

/**
 * Renews the stale copies a kept answer was built from (the answer cache's check, src/answers), each when its
 * journal may be replayed now and the diary answers every call as before; one result per copy, `null` where it
 * was not renewed. A loader's inputs are not at hand here: they are what they were, since the answer's request,
 * its store reads and every other copy it read (the profile the child comes from) are checked to be the same; the
 * credentials are compared by digest, so a journal is only unmasked with the values it was masked of.
 */
export async function renewCopies(
  copies: readonly CopyToRenew[],
  options: CopyRenewalOptions,
): Promise<(RenewedCopy | null)[]> {
  const { cache, replays } = options;
  // Each account opened once, with its secrets and their digest, however many of its copies are renewed.
  const accounts = new Map<string, Promise<{ account: ProviderAccount; secrets: Secrets; digest: string } | null>>();
  const accountOf = (id: string) => {
    let opened = accounts.get(id);
    if (!opened) {
      opened = options.account(id).then(
        (account) => {
          if (!account) return null;
          const secrets = secretsOf(account.credentials);
          return { account, secrets, digest: secretsDigestOf(secrets) };
        },
        () => null,
      );
      accounts.set(id, opened);
    }
    return opened;
  };
  return Promise.all(
    copies.map(async ({ key, version }) => {
      const keyed = keyedCopy(key);
      if (!keyed || !RENEWED_RESOURCES.has(keyed.resource)) return null;
      const opened = await accountOf(keyed.accountId);
      if (!opened) return null;
      const { account, secrets, digest } = opened;
      const of = { ...keyed, provider: account.provider };
      return cache.renewHeld(key, of, version, async (held) => {
        const journal = replayableJournal(held, cache, cache.now(), (kept) => kept.secretsDigest === digest);
        const signal = options.signalFor(account);
        return journal && (await replayJournal(journal, replays, signal, secrets)) ? new HeldStillHolds(journal) : null;
      });
    }),
  );
}
