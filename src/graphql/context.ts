/**
 * The context every resolver receives: who is asking, the request's loaders and directory, and where to
 * report partial failures. Built fresh for each GraphQL request; nothing here outlives it.
 */
import type { Logger } from '../logging/logger.js';
import { authenticate } from '../auth/sessions.js';
import type { UpstreamCache } from '../cache/upstream-cache.js';
import { FreshnessLog } from '../loaders/freshness-log.js';
import { createRequestLoaders, type AdapterRegistry, type RequestLoaders } from '../loaders/request-loaders.js';
import type { GatewayStore } from '../store/store.js';
import { ViewerDirectory } from '../students/directory.js';
import { createRequestScope } from '../upstream/request-scope.js';
import { PartialErrors } from './partial-errors.js';

/** Long-lived parts shared by all requests of one gateway. */
export interface GatewayServices {
  store: GatewayStore;
  adapters: AdapterRegistry;
  /** The process-wide upstream cache. */
  cache: UpstreamCache;
  idSecret: string;
  requestDeadlineMs: number;
  now: () => Date;
  logger: Logger;
}

/** What resolvers see. */
export interface GatewayContext {
  services: GatewayServices;
  /** The signed-in user, `null` when the request carried no valid session. */
  userId: string | null;
  loaders: RequestLoaders;
  /** The viewer's accounts and students; `null` when not signed in. */
  directory: ViewerDirectory | null;
  partialErrors: PartialErrors;
  /** How fresh the data of each diary account in this response is. */
  freshness: FreshnessLog;
}

/**
 * Builds the context of one request from its `Authorization` header. `authenticatedUserId` is the
 * session the HTTP edge already resolved from that header (for its rate limit), so the store is not
 * asked twice; without it the header is authenticated here.
 */
export async function createContext(
  services: GatewayServices,
  authorization: string | undefined,
  authenticatedUserId?: string | null,
): Promise<GatewayContext> {
  const userId =
    authenticatedUserId === undefined ? await authenticate(services.store, authorization, services.now().getTime()) : authenticatedUserId;
  const freshness = new FreshnessLog();
  const loaders = createRequestLoaders({
    adapters: services.adapters,
    cache: services.cache,
    scope: createRequestScope(services.requestDeadlineMs),
    backgroundScope: () => createRequestScope(services.requestDeadlineMs),
    freshness,
  });
  const directory = userId
    ? new ViewerDirectory({ userId, store: services.store, loaders, idSecret: services.idSecret })
    : null;
  return { services, userId, loaders, directory, partialErrors: new PartialErrors(), freshness };
}
