/**
 * The gateway's side of `UpstreamScope.structure`: an adapter's structure reads (ids, periods, work types,
 * subjects, bell timetables) go through the upstream cache as the `structure` resource, on its long windows
 * (`src/config/cache-freshness.ts`), so a request whose family's structure is known starts its data calls
 * at once. Each key is read once per request (the scope's memo), and a copy past its fresh window is served
 * at once while one background call refreshes it; a failed read serves the last good copy (stale-if-error),
 * so a structure route that fails costs the data nothing while a copy is kept.
 */
import type { ProviderAccount, UpstreamScope } from '../domain/adapter.js';
import type { ServedCopy, UpstreamCache } from '../cache/upstream-cache.js';
import { noteStructureRead, outsideJournal } from '../upstream/call-journal.js';

/**
 * `scope` with structure reads through `cache`. `backgroundScope` makes the scope of a background refresh
 * (its own deadline); the entries are keyed by the account's id, so no two families share one. `onRead` is
 * told of every copy served (or `null` for a failed read), as the request loaders tell theirs.
 */
export function withStructure(
  scope: UpstreamScope,
  cache: UpstreamCache,
  backgroundScope: () => UpstreamScope,
  onRead?: (copy: ServedCopy<unknown> | null) => void,
): UpstreamScope {
  return {
    ...scope,
    structure<T>(account: ProviderAccount, key: string, load: (refreshScope?: UpstreamScope) => Promise<T>) {
      return scope.once(`${account.id}:structure:${key}`, async () => {
        let served: ServedCopy<T>;
        try {
          // The structure entry's calls are its own, not those of the data built on it: the data's journal
          // notes which copy it read instead (`call-journal.ts`).
          served = await outsideJournal(() =>
            cache.load<T>(
              { resource: 'structure', provider: account.provider, accountId: account.id, params: [key] },
              () => load(),
              () => load(backgroundScope()),
              undefined,
              scope.signal,
            ),
          );
        } catch (error) {
          onRead?.(null);
          throw error;
        }
        noteStructureRead(served.key, served.fetchedAt);
        // An answer built on structure depends on it like on any other copy (src/answers).
        onRead?.(served);
        // A stale copy is served without a word: structure only says which calls to make, and the data
        // read with it carries its own freshness.
        return served.value;
      });
    },
  };
}
