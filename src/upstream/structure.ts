/**
 * How adapters read a structure resource (a token's profile id, work types, subjects, bell timetables,
 * periods): through the gateway's cache when the scope offers one (`UpstreamScope.structure`), else
 * straight through `load`, as on sign-in or in a test without the gateway.
 */
import type { ProviderAccount, UpstreamScope } from '../domain/adapter.js';

/**
 * Reads the structure resource `key` of `account` with `load`, cached on the long `structure` windows when
 * `scope` has a cache behind it. `load` must make its calls in the scope it is given (a background refresh
 * gives it its own) and return plain JSON data.
 */
export function readStructure<T>(
  scope: UpstreamScope,
  account: ProviderAccount,
  key: string,
  load: (scope: UpstreamScope) => Promise<T>,
): Promise<T> {
  // A miss loads in the caller's own scope (its drift and side failures reach the caller's result); a
  // background refresh in the scope the cache gives it.
  return scope.structure ? scope.structure(account, key, (refreshScope) => load(refreshScope ?? scope)) : load(scope);
}

/**
 * The structure reads of `scope`, to spread into a scope built over it (with its own drift receiver, say),
 * so that the new scope still reads structure through the cache. Empty when `scope` has none.
 */
export function structureOf(scope: UpstreamScope): Pick<UpstreamScope, 'structure'> {
  return scope.structure ? { structure: (account, key, load) => scope.structure!(account, key, load) } : {};
}
