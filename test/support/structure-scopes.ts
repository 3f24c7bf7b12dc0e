/**
 * Scopes as the gateway's loader sets make them for adapter tests of structure reads: every request its own
 * memo, all over one upstream cache (in-process tier), background refreshes in scopes of their own.
 */
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { UpstreamCache } from '../../src/cache/upstream-cache.js';
import type { UpstreamScope } from '../../src/domain/adapter.js';
import { withStructure } from '../../src/loaders/structure-reads.js';
import { createLogger } from '../../src/logging/logger.js';
import { createUpstreamScope } from '../../src/upstream/request-scope.js';

/** A maker of request scopes that read structure through one shared cache. */
export function structureRequests(): () => UpstreamScope {
  const cache = new UpstreamCache({ store: createMemoryCache(), logger: createLogger('silent') });
  const background = (): UpstreamScope => withStructure(createUpstreamScope(), cache, background);
  return () => withStructure(createUpstreamScope(), cache, background);
}
