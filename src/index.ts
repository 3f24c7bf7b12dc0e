/**
 * `createGateway`: wires configuration, store, adapters, the demo and the HTTP edge into one server.
 * This is the composition root; every other module receives its dependencies from here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLinkedAccount } from './accounts/save-account.js';
import { createGatewayAuth } from './auth/oidc/gateway-auth.js';
import { createGatewayCache } from './cache/create-cache.js';
import { createChangeDetector, type ChangeDetector } from './changes/detector.js';
import { openChangeState, type ChangeState } from './changes/open-change-state.js';
import { DETECTED_RESOURCES, type PolledResource } from './config/change-polling.js';
import { feedLogs } from './messages/feed-logs.js';
import type { GatewayConfig } from './config/config.js';
import type { RunningDemo } from './demo/start-demo.js';
import { createContext, type GatewayServices, type TenantDirectory } from './graphql/context.js';
import { createDeliveryEngine, type DeliveryEngine } from './deliveries/delivery-engine.js';
import { openDeliveryState, type DeliveryStates } from './deliveries/open-delivery-state.js';
import { createWebhookRegistry } from './deliveries/webhook-registry.js';
import { createWebhookTransport } from './deliveries/webhook-transport.js';
import type { DeliveryTarget, DeliveryTransport, TargetRegistry } from './deliveries/ports.js';
import type { VapidKeyPair } from './config/web-push.js';
import type { StudentRecord } from './domain/model.js';
import { createPushRegistry, createPushTransport } from './push/push-delivery.js';
import type { VisibleChildren } from './changes/viewer-feed.js';
import { createGatewayLinkingEdge } from './linking/gateway-linking-edge.js';
import { createFeedBodies } from './feeds/feed-bodies.js';
import { createLoaderSet } from './loaders/loader-set.js';
import type { AdapterRegistry } from './loaders/adapter-registry.js';
import { prefetchFamilyStructure } from './prefetch/family-structure.js';
import { createStructurePrefetcher, type StructurePrefetcher } from './prefetch/prefetcher.js';
import { diaryDeadlines } from './tenants/diary-deadlines.js';
import { createAdapters } from './tenant-adapters.js';
import { loadTenants } from './tenants/load-tenants.js';
import { createTenantRegistry, type TenantRegistry } from './tenants/tenant-registry.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createGatewayMetrics, type GatewayMetrics } from './observability/metrics.js';
import { countCacheOutcome } from './observability/request-counters.js';
import { createSchemaDriftReporter } from './observability/schema-drift.js';
import { startTracing } from './observability/tracing.js';
import { pingEveryMaster } from './redis/nodes.js';
import { createGuardedTransports, type RetryBackoff } from './resilience/guarded-transport.js';
import { AnswerCache } from './answers/answer-cache.js';
import { sharedRateLimiters } from './resilience/redis-rate-limiter.js';
import { createAdmissionGate } from './server/admission.js';
import { createApolloServer } from './server/apollo.js';
import { defaultFamilyPageDir, loadFamilyPage } from './server/family-page.js';
import { loadGraphiqlAssets } from './server/graphiql.js';
import { createOperationLabels, registeredOperationNames } from './server/operation-labels.js';
import { createPersistedOperations } from './server/persisted-operations.js';
import { createRequestListener, type HttpEdgeOptions } from './server/http-server.js';
import { attachSubscriptions } from './server/subscriptions.js';
import { createSchema } from './graphql/schema.js';
import { deriveStudentId } from './students/student-ids.js';
import { createSessionRateLimit } from './server/session-rate-limit.js';
import { drainServer } from './server/drain.js';
import type { ReadinessCheck } from './server/readiness.js';
import type { RedisConnection } from './redis/connect.js';
import { createCredentialVault, CredentialVaultError, type CredentialVault } from './secrets/credential-vault.js';
import { resolveVapidKeys, vapidSubject } from './push/vapid-keys.js';
import { createStore, type OpenedStore } from './store/create-store.js';
import type { GatewayStore } from './store/store.js';
import type { HttpTransport } from './upstream/transport.js';

export type { GatewayConfig } from './config/config.js';
export { loadConfig } from './config/config.js';

/** Replaceable parts (tests inject a clock, a store or a transport). */
export interface GatewayDependencies {
  logger?: Logger;
  now?: () => Date;
  store?: GatewayStore;
  /** The base transport of every diary (under the resilience policies); default: an undici pool per diary. */
  transport?: HttpTransport;
  /**
   * The pauses between retries of a failed diary read; how many retries there are stays `UPSTREAM_RETRIES`.
   * Tests that fail diaries on purpose shorten them: at the defaults most of their time is spent asleep.
   * @default `withRetries`' own: about 100 ms before the first retry, at most 1000 ms
   */
  retryBackoff?: RetryBackoff;
  /** Where the family page's build is (its `index.html` and `assets/`). @default dist/web beside package.json */
  familyPageDir?: string;
}

/** A gateway ready to listen. */
export interface Gateway {
  /** The underlying HTTP server. */
  server: Server;
  /** The running demo, in demo mode. */
  demo: RunningDemo | null;
  /** The gateway's metrics (served at `/metrics`); the cache reports its events here. */
  metrics: GatewayMetrics;
  /** What `/readyz` checks besides "not shutting down"; add a check per dependency (e.g. Redis PING). */
  readinessChecks: ReadinessCheck[];
  /** Whether the family page's build was found at start (`/` serves it); `false` until `npm run build:web`. */
  servesFamilyPage: boolean;
  /**
   * Reads the family structure of `userId` (children, periods, subjects, the adapters' own structure) into the
   * cache now, as a sign-in or a link does in the background, and resolves when it is done (never rejects;
   * failures are logged and counted). Runs whatever `PREFETCH_STRUCTURE` says; joins a prefetch in flight.
   */
  prefetchStructure(userId: string): Promise<void>;
  /**
   * Polls every linked account for changes now, every watched resource (or only `resources`: the bench
   * counts each one's cost), as the detector does on its schedule, and resolves when every poll has ended
   * (tests, the bench). Works whatever `CHANGE_DETECTION` says.
   */
  detectChanges(resources?: readonly PolledResource[]): Promise<void>;
  /**
   * Delivers to every webhook now what it has not been sent (back-offs still apply), and resolves when every
   * run has ended (tests, the bench). Works whatever `DELIVERIES` says.
   */
  deliverChanges(): Promise<void>;
  /** Starts listening on the configured host and port; resolves with the base URL. */
  listen(): Promise<string>;
  /**
   * Leaves gracefully (`src/server/drain.ts`): `/readyz` turns 503, requests go on being served for
   * `SHUTDOWN_DRAIN_DELAY_MS`, then the port closes and requests in flight finish (cut after
   * `SHUTDOWN_GRACE_MS`); then Apollo, the cache, the demo simulators, the store and tracing stop.
   */
  close(): Promise<void>;
}

/**
 * Builds a gateway from a validated configuration.
 * @example
 * const gateway = await createGateway(loadConfig());
 * console.log(`listening on ${await gateway.listen()}`);
 */
export async function createGateway(config: GatewayConfig, dependencies: GatewayDependencies = {}): Promise<Gateway> {
  const logger = dependencies.logger ?? createLogger(config.logLevel);
  const now = dependencies.now ?? (() => new Date());
  // Before anything is opened: a bad TENANTS_FILE stops the start with every problem named. The demo's
  // tenants point at its simulators and are known once they run.
  const configuredTenants = config.demo ? null : loadTenants(config);
  // A store handed in (tests) stays its owner's to close; one opened here is closed with the gateway.
  const openedStore = dependencies.store ? null : await createStore(config, { logger, now: () => now().getTime() });
  const store = dependencies.store ?? openedStore!.store;
  const releases: (() => Promise<void>)[] = [];
  try {
    return await assembleGateway(config, dependencies, {
      logger,
      now,
      configuredTenants,
      store,
      openedStore,
      releaseOnFailure: (release) => releases.push(release),
    });
  } catch (error) {
    // A start that fails half-way lets go of what it opened, newest first and the store last: a file
    // store's lock would refuse the next start in this process, and a Redis connection, a simulator's
    // socket or Apollo would keep the process alive.
    for (const release of [...releases.reverse(), async () => openedStore?.close()]) {
      await release().catch((releaseError: unknown) => {
        logger.error(
          { err: { message: (releaseError as Error).message } },
          'could not release a part after a failed start',
        );
      });
    }
    throw error;
  }
}

/**
 * `/readyz`'s Redis check: the store's Redis answers `PING` on every master (a replica missing one could
 * not serve that master's keys). The cache's Redis is not a condition, whether it is the same deployment
 * or its own: a replica without it still serves every request (misses go to the diaries), and a balancer
 * that took every replica out because a cache is away would turn a slower gateway into none.
 */
function storeReadinessChecks(storeRedis: RedisConnection | null | undefined): ReadinessCheck[] {
  if (!storeRedis) return [];
  const check: ReadinessCheck = () => pingEveryMaster(storeRedis);
  return [Object.defineProperty(check, 'name', { value: 'storeRedisAnswers' })];
}

/**
 * The replica's structure prefetcher (src/prefetch): each prefetch reads through a loader set of its own,
 * under the request's deadlines, into the shared cache; its outcomes are counted in `metrics`.
 */
function createPrefetcher(
  config: GatewayConfig,
  parts: Pick<GatewayServices, 'store' | 'vault' | 'cache' | 'diaryDeadlineMs'> & { adapters: AdapterRegistry },
  observers: { logger: Logger; metrics: GatewayMetrics },
): StructurePrefetcher {
  const { store, vault, adapters, cache, diaryDeadlineMs } = parts;
  return createStructurePrefetcher({
    enabled: config.prefetchStructure,
    logger: observers.logger.child({ component: 'prefetch' }),
    onOutcome: (outcome) => observers.metrics.prefetchRuns.inc({ outcome }),
    prefetch: (userId) =>
      prefetchFamilyStructure(userId, {
        store,
        adapters,
        openAccount: (record) => openLinkedAccount(record, { store, vault }),
        loaderSet: () => createLoaderSet({ adapters, cache, deadlineMs: config.requestDeadlineMs, diaryDeadlineMs }),
      }),
  });
}

/**
 * The replica's change detector (src/changes): each poll reads through a loader set of its own whose data
 * resources are read fresh (not a copy being refreshed behind), into the shared cache; its polls are counted.
 */
function createDetector(
  config: GatewayConfig,
  parts: Pick<GatewayServices, 'store' | 'vault' | 'cache' | 'diaryDeadlineMs'> & {
    adapters: AdapterRegistry;
    changes: ChangeState;
  },
  observers: { logger: Logger; metrics: GatewayMetrics; now: () => Date },
): ChangeDetector {
  const { store, vault, adapters, cache, diaryDeadlineMs, changes } = parts;
  const { metrics } = observers;
  return createChangeDetector({
    state: changes.detector,
    log: changes.log,
    bus: changes.bus,
    store,
    openAccount: (record) => openLinkedAccount(record, { store, vault }),
    loaderSet: () =>
      createLoaderSet({
        adapters,
        cache,
        deadlineMs: config.requestDeadlineMs,
        diaryDeadlineMs,
        freshOnly: (resource) => DETECTED_RESOURCES.has(resource),
      }),
    childId: (student) => deriveStudentId(config.idSecret, student.provider, student.externalId, student.tenant),
    intervals: config.changes.pollIntervals,
    quiet: config.changes.pollQuiet,
    // Longer than a poll can take (its reads end at the request deadline), short enough for a quick hand-over.
    leaseMs: 2 * config.requestDeadlineMs + 10_000,
    now: observers.now,
    logger: observers.logger.child({ component: 'changes' }),
    onPoll: (outcome, appended) => {
      metrics.changePolls.inc({ outcome });
      metrics.changesDetected.inc(appended);
    },
  });
}

/**
 * The Web Push key pair (`src/push/vapid-keys.ts`); `null`, said loudly, when the stored pair does not open
 * (`CREDENTIAL_KEYS` lost the key that sealed it): Web Push is then off on this replica, and nothing else is.
 */
async function webPushKeys(
  config: GatewayConfig,
  parts: { store: GatewayStore; vault: CredentialVault; now: () => Date; logger: Logger },
): Promise<VapidKeyPair | null> {
  try {
    return await resolveVapidKeys({
      configured: config.webPush.vapidKeys,
      store: parts.store,
      vault: parts.vault,
      now: () => parts.now().getTime(),
    });
  } catch (error) {
    if (!(error instanceof CredentialVaultError)) throw error;
    parts.logger.error(
      { code: error.code, reason: error.message },
      'the stored Web Push key pair does not open with CREDENTIAL_KEYS: Web Push is off until the key that sealed ' +
        'it is listed again (then run npm run reseal-credentials) or VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set',
    );
    return null;
  }
}

/** What every delivery engine of a replica shares. */
interface DeliveryParts {
  services: () => GatewayServices;
  changes: ChangeState;
  states: DeliveryStates;
}

/** The viewer's students as their own GraphQL requests list them (a fresh context, so nothing is stale). */
async function viewerStudents(services: GatewayServices, userId: string): Promise<StudentRecord[]> {
  const context = await createContext(services, undefined, { userId, sessionTokenHash: null });
  return (await context.directory!.listStudents()).students;
}

/**
 * One delivery engine (src/deliveries) over `transport`: each target's viewer seen as their own GraphQL
 * requests see them, before every attempt; its attempts counted per transport.
 */
function createDeliveries<T extends DeliveryTarget>(
  config: GatewayConfig,
  transport: DeliveryTransport<T>,
  registry: TargetRegistry<T>,
  parts: DeliveryParts,
  observers: { logger: Logger; metrics: GatewayMetrics; now: () => Date },
): DeliveryEngine {
  const { services, changes, states } = parts;
  const visibleChildren = async (userId: string): Promise<VisibleChildren> => {
    const context = await createContext(services(), undefined, { userId, sessionTokenHash: null });
    return feedLogs(context.directory!, services().adapters);
  };
  return createDeliveryEngine({
    transport,
    registry,
    state: states.forTransport(transport.name),
    log: changes.log,
    bus: changes.bus,
    visibleChildren,
    logger: observers.logger.child({ component: 'deliveries', transport: transport.name }),
    now: () => observers.now().getTime(),
    attemptTimeoutMs: config.deliveries.timeoutMs,
    backoff: { baseMs: config.deliveries.retryBaseMs },
    onAttempt: (outcome, durationMs) => {
      observers.metrics.deliveries.inc({ transport: transport.name, outcome });
      observers.metrics.deliveryDuration.observe({ transport: transport.name }, durationMs / 1000);
    },
  });
}

/** The replica's webhook deliveries: signed POSTs to the registered receivers (docs/webhooks.md). */
function createWebhookDeliveries(
  config: GatewayConfig,
  parts: DeliveryParts,
  observers: { logger: Logger; metrics: GatewayMetrics; now: () => Date },
): { engine: DeliveryEngine; close(): Promise<void> } {
  const now = () => observers.now().getTime();
  const transport = createWebhookTransport({ policy: config.deliveries.webhookUrls, now });
  const registry = createWebhookRegistry({ store: parts.services().store, vault: parts.services().vault, now });
  const engine = createDeliveries(config, transport, registry, parts, observers);
  return { engine, close: () => transport.close() };
}

/**
 * The replica's Web Push deliveries: one notification per delivery to each browser with notifications on
 * (docs/changes.md, "Web Push"); `null` with Web Push off.
 */
function createPushDeliveries(
  config: GatewayConfig,
  vapidKeys: VapidKeyPair | null,
  parts: DeliveryParts & { publicUrl: () => string | null },
  observers: { logger: Logger; metrics: GatewayMetrics; now: () => Date },
): { engine: DeliveryEngine; close(): Promise<void> } | null {
  if (!vapidKeys) return null;
  const { services, publicUrl } = parts;
  const transport = createPushTransport({
    store: services().store,
    vault: services().vault,
    vapidKeys,
    subject: () => vapidSubject(config.webPush.subject, publicUrl()),
    pageUrl: () => `${publicUrl() ?? ''}/`,
    names: async (userId) =>
      new Map(
        (await viewerStudents(services(), userId)).map((student) => [
          student.id,
          student.enrollments[0]!.student.firstName,
        ]),
      ),
    policy: config.webPush.endpoints,
    timeoutMs: config.deliveries.timeoutMs,
    now: () => observers.now().getTime(),
  });
  const engine = createDeliveries(config, transport, createPushRegistry(services().store), parts, observers);
  return { engine, close: () => transport.close() };
}

/** The rest of {@link createGateway}, on a store already open (`openedStore` when the gateway owns it). */
async function assembleGateway(
  config: GatewayConfig,
  dependencies: GatewayDependencies,
  parts: {
    logger: Logger;
    now: () => Date;
    /** The tenants of the configuration; `null` in demo mode. */
    configuredTenants: TenantRegistry | null;
    store: GatewayStore;
    openedStore: OpenedStore | null;
    /** Registers what to release should the start fail after this point. */
    releaseOnFailure: (release: () => Promise<void>) => void;
  },
): Promise<Gateway> {
  const { logger, now, store, openedStore, releaseOnFailure } = parts;
  // The address browsers reach the gateway at: PUBLIC_URL, else the listening address once known.
  let listeningUrl: string | null = null;
  const publicUrl = () => config.publicUrl ?? listeningUrl;
  const vault = createCredentialVault(config.secrets.credentialKeys);
  // Before anything serves: browsers subscribe with the public key, so every replica must have the same pair.
  const vapidKeys = config.webPush.enabled ? await webPushKeys(config, { store, vault, now, logger }) : null;
  const metrics = createGatewayMetrics();
  // Before anything serves: with an OTLP endpoint, spans of every request and diary call; else nothing.
  const tracing = await startTracing(config.tracing, logger);
  releaseOnFailure(() => tracing.shutdown());
  const readinessChecks: ReadinessCheck[] = [];

  const gatewayCache = createGatewayCache(config, {
    logger,
    now: () => now().getTime(),
    onOutcome: ({ provider, resource }, outcome) => {
      metrics.cacheEvents.inc({ provider, resource, outcome });
      countCacheOutcome(outcome);
    },
  });
  releaseOnFailure(() => gatewayCache.close());
  metrics.reportCacheSize(() => gatewayCache.memorySize());
  // The cache's Redis (its own with CACHE_REDIS_*, else the store's): what may be lost goes there, the
  // rate-limit buckets and the automatic persisted queries too.
  const { redis, keyPrefix: cacheKeyPrefix } = gatewayCache;
  readinessChecks.push(...storeReadinessChecks(openedStore?.redis));
  // With Redis, rate-limit buckets are shared by every replica; without it each replica keeps its own.
  const sharedLimiter = sharedRateLimiters(redis, cacheKeyPrefix, logger);
  const { rateLimitPerSecond } = config.upstream;
  // Each tenant's adapter gets `guardedTransport(provider, tenant)`: retries, breakers and rate limit around it.
  const guardedTransport = createGuardedTransports({
    upstream: config.upstream,
    metrics,
    transport: dependencies.transport,
    retryBackoff: dependencies.retryBackoff,
    rateLimiter: sharedLimiter('upstream', rateLimitPerSecond, rateLimitPerSecond),
  });
  // Loaded in demo mode only: a production gateway never loads src/demo (nor the demo issuer's oidc-provider).
  const demoModule = config.demo ? await import('./demo/start-demo.js') : null;
  const demo = demoModule
    ? await demoModule.startDemo({
        store,
        now,
        latencyMs: config.demoLatencyMs,
        idSecret: config.idSecret,
        personalDataSecret: config.secrets.personalDataSecret,
        sessionTtlMs: config.sessionTtlMs,
      })
    : null;
  if (demo) releaseOnFailure(() => demo.dispose());
  const onSchemaDrift = createSchemaDriftReporter(metrics, logger);
  const tenantRegistry = parts.configuredTenants ?? createTenantRegistry(demo?.tenants ?? []);
  const adapters = createAdapters(tenantRegistry, {
    guardedTransport,
    store,
    vault,
    now,
    onSchemaDrift,
    personalDataSecret: config.secrets.personalDataSecret,
  });
  await demo?.linkAccounts({ adapters, vault });
  const diaryDeadlineMs = diaryDeadlines({
    tenantOf: (account) => {
      const tenantId = adapters.tenantOf(account);
      return tenantId === undefined ? undefined : tenantRegistry.get(tenantId);
    },
    providerDeadlinesMs: config.providerDeadlinesMs,
    requestDeadlineMs: config.requestDeadlineMs,
  });
  const changes = await openChangeState({
    config,
    redis: openedStore?.redis ?? null,
    logger,
    now: () => now().getTime(),
  });
  releaseOnFailure(() => changes.close());
  const deliveryStates = await openDeliveryState({
    config,
    redis: openedStore?.redis ?? null,
    logger,
    now: () => now().getTime(),
  });
  releaseOnFailure(() => deliveryStates.close());
  const detector = createDetector(
    config,
    { store, adapters, vault, cache: gatewayCache.cache, diaryDeadlineMs, changes },
    { logger, metrics, now },
  );
  const prefetcher = createPrefetcher(
    config,
    { store, adapters, vault, cache: gatewayCache.cache, diaryDeadlineMs },
    {
      logger,
      metrics,
    },
  );
  // ── OpenID Connect sign-in: the configured issuer, else in demo mode the demo issuer at /demo/issuer.
  // Its issuer URL and redirect URI need the real address, so `listen()` calls `auth.start(url)`.
  const auth = createGatewayAuth({
    config,
    store,
    logger,
    now,
    embeddedIssuer: demo?.issuer ?? null,
    onSignedIn: (userId) => prefetcher.trigger(userId, 'sign-in'),
  });
  const tenants: TenantDirectory = {
    all: () => tenantRegistry.all(),
    get: (id) => tenantRegistry.get(id),
    primary: (platform) => tenantRegistry.primary(platform),
    linkFlows: (tenant) => tenantRegistry.linkFlows(tenant, { publicUrl: publicUrl() }),
  };
  const linkingEdge = createGatewayLinkingEdge({
    tenants,
    linking: {
      store,
      adapters,
      vault,
      idSecret: config.idSecret,
      now: () => now().getTime(),
      onLinked: (userId) => {
        prefetcher.trigger(userId, 'link');
        detector.enrolSoon();
      },
    },
    browserSignIn: (tenantId) => adapters.forTenant(tenantId)?.browserSignIn,
    requestDeadlineMs: config.requestDeadlineMs,
    publicUrl,
  });
  const services: GatewayServices = {
    store,
    adapters,
    tenants,
    cache: gatewayCache.cache,
    vault,
    idSecret: config.idSecret,
    personalDataSecret: config.secrets.personalDataSecret,
    requestDeadlineMs: config.requestDeadlineMs,
    diaryDeadlineMs,
    afterLink: (userId) => {
      prefetcher.trigger(userId, 'link');
      detector.enrolSoon();
    },
    changes: { log: changes.log, bus: changes.bus },
    webhooks: {
      state: deliveryStates.forTransport('webhook'),
      policy: config.deliveries.webhookUrls,
      engine: { begin: (target) => webhooks.engine.begin(target), wake: (id) => webhooks.engine.wake(id) },
    },
    publicUrl,
    push: {
      vapidKeys,
      allowHttpEndpoints: config.webPush.endpoints === 'any',
      engine: {
        begin: async (target) => pushes?.engine.begin(target),
        wake: (id) => pushes?.engine.wake(id),
      },
    },
    now,
    logger,
  };
  const deliveryParts: DeliveryParts = { services: () => services, changes, states: deliveryStates };
  const webhooks = createWebhookDeliveries(config, deliveryParts, { logger, metrics, now });
  releaseOnFailure(() => webhooks.close());
  const pushes = createPushDeliveries(config, vapidKeys, { ...deliveryParts, publicUrl }, { logger, metrics, now });
  if (pushes) releaseOnFailure(() => pushes.close());

  const { limits } = config;
  // With Redis, texts registered by automatic persisted queries are shared by every replica.
  const persistedOperations = createPersistedOperations(config.persistedOperations, {
    redis,
    keyPrefix: cacheKeyPrefix,
    logger,
  });
  // One schema for HTTP (Apollo) and WebSocket subscriptions.
  const schema = createSchema();
  const apollo = createApolloServer(logger, {
    limits: { maxDepth: limits.maxQueryDepth, maxCost: limits.maxQueryCost, maxAliases: limits.maxAliases },
    metrics,
    persistedOperations,
    schema,
  });
  await apollo.start();
  releaseOnFailure(() => apollo.stop());
  let closing = false;
  const familyPage = loadFamilyPage(dependencies.familyPageDir ?? defaultFamilyPageDir());
  // A request that waited its deadline out for a turn would answer late anyway: it is refused then.
  const admission = createAdmissionGate({ ...config.admission, maxWaitMs: config.requestDeadlineMs });
  metrics.reportAdmissionLoad(() => admission.load());
  const edge: HttpEdgeOptions = {
    apollo,
    services,
    graphiql: loadGraphiqlAssets({ demo: config.demo }),
    familyPage,
    demoToken: demo?.token ?? null,
    demoLinkingCredentials: demo ? () => demo.linkingCredentials() : null,
    maxBodyBytes: limits.maxBodyBytes,
    // Checked against this process's upstream copies and the store itself (never a recording one).
    answers: config.answerCache
      ? new AnswerCache({
          maxBytes: config.answerCache.maxBytes,
          upstream: gatewayCache.cache,
          store,
          now: () => now().getTime(),
        })
      : null,
    admission,
    metrics,
    readinessChecks,
    isAcceptingTraffic: () => !closing,
    auth: auth.edge,
    linking: { edge: linkingEdge },
    sessionRateLimit: createSessionRateLimit({
      perMinute: limits.sessionRequestsPerMinute,
      ...(redis
        ? { limiter: sharedLimiter('session', limits.sessionRequestsPerMinute / 60, limits.sessionRequestsPerMinute) }
        : {}),
    }),
    // In process on purpose: taken before anything else, they must cost no network call, and they keep
    // working while Redis is down (when the shared limiters let everything through).
    addressRateLimit: createSessionRateLimit({ perMinute: limits.addressRequestsPerMinute }),
    signInRateLimit: createSessionRateLimit({ perMinute: limits.signInRequestsPerMinute }),
    // Per feed token, shared by the replicas when there is a Redis: a leaked address is held to it everywhere.
    calendarFeedRateLimit: createSessionRateLimit({
      perMinute: limits.calendarFeedRequestsPerMinute,
      ...(redis
        ? {
            limiter: sharedLimiter(
              'calendar-feed',
              limits.calendarFeedRequestsPerMinute / 60,
              limits.calendarFeedRequestsPerMinute,
            ),
          }
        : {}),
    }),
    calendarFeedBodies: createFeedBodies(),
    trustedProxyHops: config.trustedProxyHops,
    publicOrigin: () => (config.publicUrl ? new URL(config.publicUrl).origin : null),
    corsOrigins: config.corsOrigins,
    accessLog: {
      enabled: config.accessLog,
      operationLabels: createOperationLabels({
        registered: registeredOperationNames(config.persistedOperations.manifestFile, logger),
      }),
    },
  };
  const server = createServer(createRequestListener(edge));
  // Subscriptions on the same port (`/graphql` upgrades), under the same limits as queries.
  const subscriptions = attachSubscriptions(server, {
    edge,
    schema,
    limits: { maxDepth: limits.maxQueryDepth, maxCost: limits.maxQueryCost, maxAliases: limits.maxAliases },
    persistedOperations,
  });

  return {
    server,
    demo,
    metrics,
    readinessChecks,
    servesFamilyPage: familyPage !== null,
    prefetchStructure: (userId) => prefetcher.run(userId),
    detectChanges: (resources) => detector.pollAll(resources),
    deliverChanges: async () => {
      await Promise.all([webhooks.engine.deliverAll(), pushes?.engine.deliverAll()]);
    },
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { address, port } = server.address() as AddressInfo;
          const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
          listeningUrl = url;
          demo?.allowLinkCallbacks(publicUrl() ?? url);
          // Said once at start, so an incomplete set-up is known before a parent meets it.
          for (const line of tenantRegistry.setupReport({ publicUrl: publicUrl() })) logger.warn(line);
          if (!config.demo && !config.publicUrl) {
            logger.warn(
              `PUBLIC_URL is not set: the link callbacks are ${url}/link/<platform>/callback, which a diary accepts ` +
                'only if registered there; set PUBLIC_URL to the address browsers reach the gateway at.',
            );
          }
          // Polls start once the gateway serves: a gateway that never listens (a tool, a test) polls nothing.
          if (config.changes.detection) detector.start();
          if (config.deliveries.enabled) {
            webhooks.engine.start();
            pushes?.engine.start();
          }
          auth.start(url).then(() => resolve(url), reject);
        });
      }),
    async close() {
      // /readyz answers 503 from here on; the server drains as docs/deployment.md describes.
      closing = true;
      await detector.stop();
      // Each run in flight ends within one attempt's timeout; what it delivered is saved, the rest waits.
      await Promise.all([webhooks.engine.stop(), pushes?.engine.stop()]);
      await webhooks.close();
      await pushes?.close();
      // Subscribers are told the gateway is going away (1001) and reconnect to another replica with their cursor.
      await subscriptions.close();
      const { cut } = await drainServer(server, config.shutdown);
      if (cut) logger.warn('requests still in flight after SHUTDOWN_GRACE_MS were cut');
      await apollo.stop();
      await gatewayCache.close();
      await changes.close();
      await deliveryStates.close();
      await demo?.dispose();
      await openedStore?.close();
      // Last: the spans of the requests just finished are exported before the process may end.
      await tracing.shutdown();
    },
  };
}
