/** What the mail room's operations need of one request. */
import type { ProviderAdapter, UpstreamScope } from '../domain/adapter.js';
import type { CachedResource } from '../config/cache-freshness.js';
import type { AdapterRegistry } from '../loaders/adapter-registry.js';
import type { RequestLoaders, Served } from '../loaders/request-loaders.js';
import type { GatewayStore } from '../store/store.js';
import type { ViewerDirectory } from '../students/directory.js';
import { mailSources, type MailSource } from './mail-sources.js';

/** The request's parts the mail reads through. */
export interface MailDeps {
  userId: string;
  directory: ViewerDirectory;
  adapters: AdapterRegistry;
  loaders: RequestLoaders;
  store: GatewayStore;
  /** Forgets cached copies of an account's resources (after opening or sending changes what the diary shows). */
  forget: (accountId: string, resources: readonly CachedResource[]) => Promise<void>;
  now: () => number;
  /** The scope of calls that must not be cached (sending, signing): the request's deadline. */
  scope: UpstreamScope;
}

/** A cached read of one source's messaging. */
export async function readCached<T>(
  deps: MailDeps,
  source: MailSource,
  resource: CachedResource,
  params: readonly string[],
  fetch: (messaging: NonNullable<ProviderAdapter['messaging']>, scope: UpstreamScope) => Promise<T>,
): Promise<Served<T>> {
  return deps.loaders.read(resource, source.account, params, (adapter, scope) => {
    if (!adapter.messaging) throw new Error(`the ${source.provider} adapter reads no mail`);
    return fetch(adapter.messaging, scope);
  });
}

/** The request's sources, found once. */
export function sourcesOnce(deps: MailDeps): () => Promise<MailSource[]> {
  let sources: Promise<MailSource[]> | undefined;
  return () => (sources ??= mailSources(deps));
}
