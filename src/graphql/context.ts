/**
 * The context every resolver receives: who is asking, the request's loaders and directory, and where to
 * report partial failures. Built fresh for each GraphQL request; nothing here outlives it.
 */
import { openLinkedAccount } from '../accounts/save-account.js';
import type { AnswerBasisRecorder } from '../answers/answer-basis.js';
import { recordingStore } from '../answers/recording-store.js';
import type { ChangeBus, ChangeLog } from '../changes/ports.js';
import type { VapidKeyPair } from '../config/web-push.js';
import type { PushRegistrationDeps } from '../push/push-registrations.js';
import type { WebhookDeps } from '../deliveries/webhooks.js';
import type { Logger } from '../logging/logger.js';
import { authenticateRequest, type RequestIdentity } from '../auth/sessions.js';
import type { UpstreamCache } from '../cache/upstream-cache.js';
import { UnauthenticatedError } from '../errors/gateway-error.js';
import type { Language } from '../errors/language.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { FreshnessLog } from '../loaders/freshness-log.js';
import { createLoaderSet } from '../loaders/loader-set.js';
import type { AdapterRegistry, RequestLoaders } from '../loaders/request-loaders.js';
import type { GatewayStore } from '../store/store.js';
import type { ProviderAccount } from '../domain/adapter.js';
import type { ProviderKind } from '../domain/model.js';
import type { LinkFlowStatus, Tenant } from '../tenants/tenant.js';
import { ViewerDirectory } from '../students/directory.js';
import type { Replays } from '../upstream/call-journal.js';
import { PartialErrors } from './partial-errors.js';

/** The tenants the gateway serves, as resolvers need them (`src/tenants`'s registry, narrowed). */
export interface TenantDirectory {
  all(): readonly Tenant[];
  get(id: string): Tenant | undefined;
  primary(platform: ProviderKind): Tenant | undefined;
  /** The tenant's link flows, each on or off with the reason. */
  linkFlows(tenant: Tenant): LinkFlowStatus[];
}

/** Long-lived parts shared by all requests of one gateway. */
export interface GatewayServices {
  store: GatewayStore;
  adapters: AdapterRegistry;
  tenants: TenantDirectory;
  /** The process-wide upstream cache. */
  cache: UpstreamCache;
  /** Seals and opens diary credentials at rest. */
  vault: CredentialVault;
  idSecret: string;
  /** HMAC key of SNILS and phone hashes. */
  personalDataSecret: string;
  requestDeadlineMs: number;
  /**
   * An account's diary deadline within a request (`PROVIDER_DEADLINES_MS`, a tenant's `deadlineMs`), shorter
   * than `requestDeadlineMs`; `undefined`: the request's. Absent: every diary has the request's.
   */
  diaryDeadlineMs?: (account: ProviderAccount) => number | undefined;
  /**
   * Told after a parent linked a diary account: starts reading the family's structure into the cache
   * (`src/prefetch`) and puts the account on the change detector's schedule (`src/changes`), both in the
   * background; returns at once and never throws. Absent: nothing happens.
   */
  afterLink?: (userId: string) => void;
  /** The children's change logs and the bus that announces their growth (`src/changes`). */
  changes: { log: ChangeLog; bus: ChangeBus };
  /** Webhooks' delivery state, address policy and the engine's hooks (`src/deliveries`). */
  webhooks: Pick<WebhookDeps, 'state' | 'policy' | 'engine'>;
  /**
   * The gateway's address as browsers and calendars reach it (`PUBLIC_URL`, else the listening address once
   * known; `null` before), for the addresses of calendar feeds. Absent: feeds cannot be made.
   */
  publicUrl?: () => string | null;
  /**
   * Web Push (`src/push`): the gateway's VAPID key pair (`null` with `WEB_PUSH=off`) and whether `http`
   * endpoints are accepted (tests with a push service on loopback). Absent: Web Push is off.
   */
  push?: {
    vapidKeys: VapidKeyPair | null;
    allowHttpEndpoints: boolean;
    /** The push deliveries' hooks (`PushRegistrationDeps.engine`). */
    engine?: PushRegistrationDeps['engine'];
  };
  now: () => Date;
  logger: Logger;
}

/** What resolvers see. */
export interface GatewayContext {
  services: GatewayServices;
  /** The signed-in user, `null` when the request carried no valid session. */
  userId: string | null;
  /**
   * SHA-256 of the gateway session token the request used (bearer or `dg_session` cookie), for `signOut`;
   * `null` when unauthenticated or authenticated by an issuer access token (no gateway session to end).
   */
  sessionTokenHash: string | null;
  loaders: RequestLoaders;
  /** The viewer's accounts and students; `null` when not signed in. */
  directory: ViewerDirectory | null;
  /** A new directory, for a mutation that must show its own effect (`directory` memoises what it listed). */
  freshDirectory(): ViewerDirectory;
  partialErrors: PartialErrors;
  /** How fresh the data of each diary account in this response is. */
  freshness: FreshnessLog;
  /** The language the request asked its errors in (`Accept-Language`; English when it did not say). */
  language: Language;
  /**
   * Says that the answer was decided by the clock and may be different from `epochMs` on (a grant that
   * expires then): a cached answer (src/answers) is not served past it. Decisions that change only at a
   * school's midnight or another quarter hour of UTC need not call it (every cached answer ends at the next).
   */
  dependsOnTimeUntil(epochMs: number): void;
  /**
   * Says that the answer read something the answer cache cannot watch (the change feed grows without any
   * upstream copy or store record changing), so it is never kept and served again.
   */
  answerNotKept(reason: string): void;
  /**
   * Says that the answer shows when its data was fetched (`DataFreshness.fetchedAt`): a kept answer is then
   * served again only while every copy it read is fresh, never after its copies are renewed (a renewal is a
   * new fetch time).
   */
  answerShowsFetchTimes(): void;
}

/**
 * Builds the context of one request. `identity` is what the HTTP edge already resolved from the
 * request's bearer token or session cookie (for its rate limit), so the store is not asked twice; without
 * it the `Authorization` header alone is authenticated here (as a gateway session token). `language` is
 * what the edge read from `Accept-Language`. With `recorder` (the answer cache's, src/answers), the request's
 * store reads, cached upstream reads and clock bounds are recorded in it; its store writes refuse the answer.
 * `replays`: the diary answers the answer cache's renewal already received for this request (answer-renewal.ts),
 * which answer the loaders' calls.
 */
export async function createContext(
  gatewayServices: GatewayServices,
  authorization: string | undefined,
  identity?: RequestIdentity,
  language: Language = 'en',
  recorder?: AnswerBasisRecorder,
  replays?: Replays,
): Promise<GatewayContext> {
  const { userId, sessionTokenHash } =
    identity ??
    (await authenticateRequest(
      gatewayServices.store,
      { authorization, cookie: undefined },
      gatewayServices.now().getTime(),
    ));
  // Everything below (resolvers, the directory, account opening) reaches the store through `services`.
  const services = recorder
    ? { ...gatewayServices, store: recordingStore(gatewayServices.store, recorder) }
    : gatewayServices;
  const dependsOnTimeUntil = (epochMs: number) => recorder?.dependsOnTimeUntil(epochMs);
  const { loaders, freshness } = createLoaderSet({
    adapters: services.adapters,
    cache: services.cache,
    deadlineMs: services.requestDeadlineMs,
    diaryDeadlineMs: services.diaryDeadlineMs,
    ...(recorder ? { onRead: (copy) => recorder.upstreamRead(copy) } : {}),
    ...(replays ? { replays } : {}),
  });
  const newDirectory = (id: string) =>
    new ViewerDirectory({
      userId: id,
      store: services.store,
      loaders,
      idSecret: services.idSecret,
      openAccount: (record) => openLinkedAccount(record, { store: services.store, vault: services.vault }),
      now: () => services.now().getTime(),
      dependsOnTimeUntil,
    });
  return {
    services,
    userId,
    sessionTokenHash,
    loaders,
    directory: userId ? newDirectory(userId) : null,
    freshDirectory() {
      if (!userId) throw new UnauthenticatedError();
      return newDirectory(userId);
    },
    partialErrors: new PartialErrors(),
    freshness,
    language,
    dependsOnTimeUntil,
    answerNotKept: (reason) => recorder?.refuse(reason),
    answerShowsFetchTimes: () => recorder?.dependsOnFetchTimes(),
  };
}
