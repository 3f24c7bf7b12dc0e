/**
 * The shape of the gateway's configuration, as `loadConfig` (`config.ts`) hands it out: one field per
 * setting, each documented with its environment variable and default.
 */
import type { PollIntervals } from './change-polling.js';
import type { CachedResource, FreshnessWindows } from './cache-freshness.js';
import type { EljurVendorSetting } from './eljur-vendors.js';
import type { ProviderDeadlines } from './provider-deadlines.js';
import type { RedisTopology } from './redis-topology.js';
import type { VapidKeyPair } from './web-push.js';

export type { EljurVendorSetting } from './eljur-vendors.js';
export type { RedisNode, RedisNodeAuth, RedisTopology } from './redis-topology.js';

/** One Redis deployment the gateway uses, and the prefix of the keys it writes there. */
export interface RedisSetting {
  /** Which Redis, by kind (a single server, Sentinel or Cluster). */
  readonly topology: RedisTopology;
  /** `REDIS_KEY_PREFIX`: prefix of every key this gateway writes. @default "dg:" */
  readonly keyPrefix: string;
}

/** The validated configuration. Every field is documented with its variable and default. */
export interface GatewayConfig {
  /** `HOST`: interface to listen on. @default "127.0.0.1" */
  readonly host: string;
  /** `PORT`: port to listen on (0 picks a free one). @default 4000 */
  readonly port: number;
  /** `LOG_LEVEL`: pino level. @default "info" */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * `ACCESS_LOG`: one line per HTTP request at `info` (health, readiness and metrics probes at `debug`), with
   * method, route, operation, status, duration, upstream calls, cache outcomes and a session id hash;
   * `off` writes none (the request metrics still count). @default "on"
   */
  readonly accessLog: boolean;
  /**
   * `DEMO`: `on` starts the built-in simulators and demo family and serves `GET /demo/token`; `off` serves
   * only what the store holds. @default "on"
   */
  readonly demo: boolean;
  /** `DEMO_LATENCY_MS`: latency the demo simulators add to every answer. @default 0 */
  readonly demoLatencyMs: number;
  /**
   * `ID_SECRET`: key that derives stable opaque student ids (HMAC). Required (32+ characters) when `DEMO=off`;
   * the demo uses a fixed development key.
   */
  readonly idSecret: string;
  /** `REQUEST_DEADLINE_MS`: deadline for all diary calls of one GraphQL request. @default 8000 */
  readonly requestDeadlineMs: number;
  /**
   * `PROVIDER_DEADLINES_MS`: each diary's own deadline within a request, `PROVIDER=ms,…` (for example
   * `ELJUR=3000,MESH=5000`), each at most `REQUEST_DEADLINE_MS`. A diary's calls are abandoned at its
   * deadline, and the answer goes out with its lists missing or stale while the others are complete. A
   * tenant's `deadlineMs` (`TENANTS_FILE`) wins over its diary's. @default none: every diary has the request's
   */
  readonly providerDeadlinesMs: ProviderDeadlines;
  /**
   * `PREFETCH_STRUCTURE`: after a parent signs in or links a diary account, read the family's structure
   * (accounts' children, periods, subjects, the adapters' own structure) into the cache in the background,
   * so the first dashboard starts with its data calls. @default "on"
   */
  readonly prefetchStructure: boolean;
  /** Detecting changes in the linked diaries and keeping each child's change feed (src/changes, docs/changes.md). */
  readonly changes: {
    /** `CHANGE_DETECTION`: whether this replica polls the linked accounts (the feed is served either way). @default "on" */
    readonly detection: boolean;
    /** `CHANGE_POLL_INTERVALS`: milliseconds between reads of each watched resource on a school day. */
    readonly pollIntervals: PollIntervals;
    /**
     * `CHANGE_POLL_QUIET`: whether the intervals are six times longer at night and three times on a day without
     * school, in each school's zone (`off`: the same around the clock). @default "on"
     */
    readonly pollQuiet: boolean;
    /** `CHANGE_FEED_RETENTION_DAYS`: how long each change stays in the feed. @default 30 */
    readonly retentionDays: number;
  };
  /** Telling browsers of changes with the page closed (Web Push: src/push, docs/changes.md). */
  readonly webPush: {
    /** `WEB_PUSH`: whether browsers may turn notifications on and are sent them. @default "on" */
    readonly enabled: boolean;
    /**
     * `VAPID_PUBLIC_KEY` and `VAPID_PRIVATE_KEY`: the key pair identifying the gateway to push services
     * (base64url, as `npx web-push generate-vapid-keys` prints them). @default none: one is made once and
     * kept in the store, sealed with `CREDENTIAL_KEYS`
     */
    readonly vapidKeys: VapidKeyPair | null;
    /**
     * `VAPID_SUBJECT`: how a push service reaches the gateway's operator, `mailto:…` or an `https` URL.
     * @default `PUBLIC_URL` when it is https, else `mailto:webpush@localhost`
     */
    readonly subject: string | null;
    /**
     * `WEB_PUSH_ENDPOINTS`: `public` sends only to https push services at public addresses; `any` also to
     * `http` and to loopback and private addresses (tests, a push service inside a closed network).
     * @default "public"
     */
    readonly endpoints: 'public' | 'any';
  };
  /** Delivering changes to webhooks (src/deliveries, docs/webhooks.md). */
  readonly deliveries: {
    /** `DELIVERIES`: whether this replica delivers (webhooks are registered and listed either way). @default "on" */
    readonly enabled: boolean;
    /** `WEBHOOK_ALLOWED_URLS`: `public` (https, public addresses only) or `any` (tests, closed networks). @default "public" */
    readonly webhookUrls: 'public' | 'any';
    /** `WEBHOOK_TIMEOUT_MS`: one delivery attempt is cut after this long. @default 10000 */
    readonly timeoutMs: number;
    /** `DELIVERY_RETRY_BASE_MS`: the first pause after a failed delivery; each next one doubles, up to an hour. @default 10000 */
    readonly retryBaseMs: number;
  };
  /** How a replica leaves on SIGTERM (src/server/drain.ts, docs/deployment.md "Graceful shutdown"). */
  readonly shutdown: {
    /**
     * `SHUTDOWN_DRAIN_DELAY_MS`: how long the replica keeps serving after `/readyz` turned 503, so a load
     * balancer stops sending before the port closes. @default 0
     */
    readonly drainDelayMs: number;
    /** `SHUTDOWN_GRACE_MS`: the longest wait for requests in flight; then they are cut. @default 10000 */
    readonly graceMs: number;
  };
  /** The admission gate of GraphQL executions (src/server/admission.ts); a request waits at most `requestDeadlineMs`. */
  readonly admission: {
    /** `MAX_EXECUTIONS_IN_FLIGHT`: executions that run at once. @default 128 */
    readonly maxInFlight: number;
    /** `MAX_EXECUTIONS_QUEUED`: requests that may wait for a turn; one more is refused (`SERVER_BUSY`). @default 4096 */
    readonly maxQueued: number;
  };
  /**
   * The answer cache: complete GraphQL answers served again while exactly what they were built from is
   * unchanged (src/answers). `null` with `ANSWER_CACHE=off`.
   */
  readonly answerCache: {
    /** `ANSWER_CACHE_MAX_BYTES`: bytes of answers kept in process memory. @default 67108864 (64 MiB) */
    readonly maxBytes: number;
  } | null;
  /** The upstream cache. */
  readonly cache: {
    /** `CACHE_MAX_ENTRIES`: entries kept in process memory (LRU). @default 150000 */
    readonly maxEntries: number;
    /**
     * `CACHE_MAX_BYTES`: bytes kept in process memory (keys, packed values and bookkeeping; LRU).
     * @default 268435456 (256 MiB)
     */
    readonly maxBytes: number;
    /** `STALE_IF_ERROR_MAX_AGE_S`: oldest copy served when a diary fails. @default 604800 (7 days) */
    readonly staleIfErrorMs: number;
    /**
     * `CACHE_PARTIAL_FRESH_S`: longest fresh window of a copy built without a side answer that failed (a
     * resource's own shorter window wins). @default 60000 (60 s)
     */
    readonly partialFreshMs: number;
    /**
     * `CACHE_FRESHNESS`: per-resource fresh windows, `resource=seconds,…` (for example `grades=60,schedule=7200`).
     * @default see src/config/cache-freshness.ts
     */
    readonly freshness: Partial<Record<CachedResource, FreshnessWindows>>;
    /**
     * `CACHE_RENEWAL`: a refresh of a data copy first asks the diary the same calls again and, when every
     * answer is byte for byte the same, keeps the copy without decoding them (src/upstream/call-journal.ts).
     * @default true (`on`)
     */
    readonly renewal: boolean;
  };
  /**
   * The store's Redis, shared by replicas; also the cache's unless {@link GatewayConfig.cacheRedis} is set.
   * `null` (and no `cacheRedis`) runs the embedded default (in-process cache only).
   * `REDIS_URL`, or `REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`, or `REDIS_CLUSTER_NODES` (exactly one).
   */
  readonly redis: RedisSetting | null;
  /**
   * A Redis of the cache's own, for everything that may be lost: the shared cache tier, its invalidations
   * (pub/sub), the rate-limit buckets and the automatic persisted queries. It may evict (`allkeys-lru`),
   * which the store's must not. `CACHE_REDIS_URL`, or `CACHE_REDIS_SENTINELS` + `CACHE_REDIS_SENTINEL_NAME`,
   * or `CACHE_REDIS_CLUSTER_NODES`, with `CACHE_REDIS_USERNAME`, `CACHE_REDIS_PASSWORD`, `CACHE_REDIS_TLS`,
   * `CACHE_REDIS_DB`, `CACHE_REDIS_SENTINEL_PASSWORD`: the rules of the `REDIS_*` ones. `keyPrefix` is
   * `REDIS_KEY_PREFIX`, as on the store's. @default null (the cache uses {@link GatewayConfig.redis})
   */
  readonly cacheRedis: RedisSetting | null;
  /** Which GraphQL operations the gateway runs (docs/persisted-operations.md). */
  readonly persistedOperations: {
    /**
     * `PERSISTED_OPERATIONS`: `off` runs any operation; `allow` also runs the registered operations by id
     * alone; `only` runs registered operations only (by id, or by a text whose hash is registered) and refuses
     * anything else with `PERSISTED_QUERY_NOT_ALLOWED`. Automatic persisted queries work unless `only`. @default "off"
     */
    readonly mode: 'off' | 'allow' | 'only';
    /** `PERSISTED_OPERATIONS_FILE`: the manifest read at start unless `off`. @default "client/src/generated/persisted-documents.json" */
    readonly manifestFile: string;
  };
  /** Timeouts of every diary call. */
  readonly upstream: {
    /** `UPSTREAM_CONNECT_TIMEOUT_MS` @default 3000 */
    readonly connectTimeoutMs: number;
    /** `UPSTREAM_HEADERS_TIMEOUT_MS` @default 5000 */
    readonly headersTimeoutMs: number;
    /** `UPSTREAM_BODY_TIMEOUT_MS` @default 5000 */
    readonly bodyTimeoutMs: number;
    /** `UPSTREAM_RETRIES`: extra attempts of a failed idempotent read (`GET`); 0 turns retries off. @default 2 */
    readonly retries: number;
    /** `BREAKER_FAILURE_THRESHOLD`: consecutive failures of a diary host that open its circuit breaker. @default 5 */
    readonly breakerFailureThreshold: number;
    /** `BREAKER_HALF_OPEN_AFTER_MS`: how long an open breaker refuses calls before it lets a probe through. @default 30000 */
    readonly breakerHalfOpenAfterMs: number;
    /** `UPSTREAM_RATE_LIMIT_PER_SECOND`: calls per second to each diary, from this replica. @default 50 */
    readonly rateLimitPerSecond: number;
  };
  /** What one client may ask of the gateway. */
  readonly limits: {
    /** `MAX_QUERY_DEPTH`: deepest field nesting of a query (introspection excluded). @default 10 */
    readonly maxQueryDepth: number;
    /** `MAX_QUERY_COST`: highest estimated cost of a query (each field 1, ×10 under each list; the full demo dashboard costs about 14500). @default 30000 */
    readonly maxQueryCost: number;
    /** `MAX_ALIASES`: most aliased fields in a query. @default 15 */
    readonly maxAliases: number;
    /** `MAX_BODY_BYTES`: largest request body; a larger one is answered 413 `REQUEST_TOO_LARGE`. @default 1048576 (1 MiB) */
    readonly maxBodyBytes: number;
    /** `SESSION_RATE_LIMIT_PER_MINUTE`: GraphQL requests per minute per session (or, without one, per address). @default 120 */
    readonly sessionRequestsPerMinute: number;
    /**
     * `ADDRESS_RATE_LIMIT_PER_MINUTE`: requests per minute per client address to `/graphql` and `/auth/*`,
     * taken before the request is authenticated (so a flood of made-up tokens costs no store or issuer
     * lookups past it). Per replica. Generous, since a school or a family's NAT puts many people behind
     * one address. @default 10 × `SESSION_RATE_LIMIT_PER_MINUTE` (1200)
     */
    readonly addressRequestsPerMinute: number;
    /**
     * `SIGN_IN_RATE_LIMIT_PER_MINUTE`: `/auth/login` and `/auth/callback` requests per minute per client
     * address (each starts or finishes a sign-in, which writes to the store). Per replica. @default 30
     */
    readonly signInRequestsPerMinute: number;
    /**
     * `CALENDAR_FEED_RATE_LIMIT_PER_MINUTE`: fetches per minute of one calendar feed's address (per token,
     * shared by replicas through Redis when there is one), after the per-address allowance. A calendar
     * app asks every few minutes at most; a leaked address is held to this, and its diary reads come from
     * the cache anyway. @default 10
     */
    readonly calendarFeedRequestsPerMinute: number;
  };
  /**
   * `TRUSTED_PROXY_HOPS`: how many reverse proxies in front of the gateway append to `X-Forwarded-For`.
   * 0 (the default) takes the client address from the connection; behind one proxy set 1, or every
   * client shares the proxy's address and its per-address allowances. @default 0
   */
  readonly trustedProxyHops: number;
  /**
   * OpenTelemetry traces, exported over OTLP/HTTP (JSON); `null` (no endpoint set) turns tracing off and
   * nothing of the SDK is loaded. See src/observability/tracing.ts. @default null
   */
  readonly tracing: {
    /**
     * Where spans are POSTed: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else `OTEL_EXPORTER_OTLP_ENDPOINT`
     * with `/v1/traces` appended (the OTLP specification's rule). Never printed with its credentials.
     */
    readonly tracesUrl: string;
    /** `OTEL_SERVICE_NAME`: `service.name` of every span. @default "diary-gateway" */
    readonly serviceName: string;
    /** `OTEL_TRACES_SAMPLER_ARG`: share of new traces recorded, 0–1 (parent-based ratio sampler). @default 1 */
    readonly sampleRatio: number;
  } | null;
  /**
   * `TENANTS_FILE`: a JSON (`.json`) or YAML (`.yaml`, `.yml`) file `{ tenants: [...] }` that adds diary
   * installations to the built-in ones, overrides their fields or turns them off (`enabled: false`); it is
   * read after the variables below, so its values win. See src/tenants/load-tenants.ts. @default none
   */
  readonly tenantsFile: string | null;
  /** Dnevnik.ru, the primary tenant `dnevnik-ru` of its platform (demo mode points it at the simulator). */
  readonly dnevnik: {
    /** `DNEVNIK_BASE_URL`: API host of the tenant (Kundelik.kz and eMaktab.uz are white labels). @default "https://api.dnevnik.ru" */
    readonly baseUrl: string;
    /** `DNEVNIK_LOGIN_BASE_URL`: host of the OAuth login page (`/oauth2`). @default "https://login.dnevnik.ru" */
    readonly loginBaseUrl: string;
    /** `DNEVNIK_CLIENT_ID`: OAuth client id, needed to refresh tokens and exchange codes. */
    readonly clientId: string | null;
    /** `DNEVNIK_CLIENT_SECRET`: OAuth client secret (never printed). */
    readonly clientSecret: string | null;
  };
  /** The primary Eljur tenant `eljur` (demo mode points it at the simulator). */
  readonly eljur: {
    /** `ELJUR_BASE_URL`: the tenant's host; `/apiv3/{method}` is appended. @default "https://api.eljur.ru" */
    readonly baseUrl: string;
    /**
     * `ELJUR_DEVKEY`: developer key issued by Eljur (never printed); also the key of every Eljur tenant that
     * has none of its own. Without it (and without a tenant's own) Eljur accounts are not served.
     */
    readonly devkey: string | null;
    /** `ELJUR_VENDOR`: the tenant's default vendor (school subdomain); also one school of its sign-in form. */
    readonly vendor: string | null;
    /** `ELJUR_TIME_ZONE`: IANA zone of the tenant's schools. @default "Europe/Moscow" */
    readonly timeZone: string;
    /**
     * `ELJUR_VENDORS`: the schools parents choose from on the gateway's Eljur sign-in form,
     * `vendor=Name;vendor=Name` (`school1=Лицей №1;school2=Гимназия №2`; names in Russian, `;` cannot be
     * part of one). @default none (the form is off unless `ELJUR_VENDOR` is set)
     */
    readonly vendors: readonly EljurVendorSetting[];
    /**
     * `ELJUR_REDIRECT_SIGN_IN_URL`: Eljur's sign-in page for partner apps, when Eljur gave the integrator
     * one (it sends the browser back with `?token=&state=`); `null` turns that flow off. @default none
     */
    readonly redirectSignInUrl: string | null;
  };
  /**
   * Where the gateway keeps users, sessions, links and grants.
   * `STORE`: `file` (the embedded default; survives restarts), `redis` (shared by replicas; needs a Redis:
   * `REDIS_URL`, `REDIS_SENTINELS` or `REDIS_CLUSTER_NODES`) or `memory` (gone on restart; for experiments).
   * @default "redis" when a Redis is configured, else "file"
   */
  readonly store: {
    readonly kind: 'file' | 'redis' | 'memory';
    /** `STORE_FILE`: the file of the `file` store (written by atomic replace). @default "data/diary-gateway-store.json" */
    readonly file: string;
    /**
     * `STORE_FALLBACK_MAX_AGE_S`: while a Redis store is unreachable, sessions, users, linked accounts,
     * student links, match decisions and grants this replica read at most this long ago are served from
     * its memory (writes and anything else answer `SERVICE_UNAVAILABLE`); 0 serves nothing from memory.
     * @default 300 (5 min)
     */
    readonly fallbackMaxAgeMs: number;
    /** `STORE_FALLBACK_MAX_ENTRIES`: most reads kept in memory for that (LRU). @default 10000 */
    readonly fallbackMaxEntries: number;
  };
  /** Keys protecting personal data at rest. */
  readonly secrets: {
    /**
     * `CREDENTIAL_KEYS`: keys sealing diary credentials (AES-256-GCM), `keyId:base64key,…`, each key 32 bytes.
     * The first seals; the others still open (rotation: put the new key first, keep the old ones until every
     * record was resealed). Required when `DEMO=off`; the demo uses a fixed development key.
     */
    readonly credentialKeys: readonly { readonly id: string; readonly key: Buffer }[];
    /**
     * `PERSONAL_DATA_SECRET`: HMAC key of stored SNILS and phone hashes (32+ characters). Changing it makes
     * every stored hash unmatchable. Required when `DEMO=off`.
     */
    readonly personalDataSecret: string;
  };
  /** `SESSION_TTL_HOURS`: how long a gateway session lasts. @default 168 (7 days) */
  readonly sessionTtlMs: number;
  /**
   * `PUBLIC_URL`: the gateway's address as browsers reach it; the OpenID redirect URI is `PUBLIC_URL/auth/callback`,
   * and session cookies are `Secure` when it is https. @default "http://HOST:PORT" (the demo's own address)
   */
  readonly publicUrl: string | null;
  /**
   * `CORS_ORIGINS`: web apps on origins of their own (`https://app.example.ru,http://localhost:5173`) that
   * may call `/graphql`, `/auth/session`, `/auth/logout` and, in demo mode, `/demo/*` from a browser, with
   * credentials. Exact origins only (`*` is refused: credentials are never granted to every origin).
   * See docs/security.md, "Calling the gateway from a web app". @default none (no CORS)
   */
  readonly corsOrigins: readonly string[];
  /**
   * The OpenID Connect issuer people sign in with (ESIA-style). `null` outside demo mode when `OIDC_ISSUER`
   * is unset: then only sessions already in the store work. Demo mode runs its own issuer on loopback.
   */
  readonly oidc: {
    /** `OIDC_ISSUER`: the issuer URL; its `/.well-known/openid-configuration` is read at start. */
    readonly issuer: string;
    /** `OIDC_CLIENT_ID` */
    readonly clientId: string;
    /** `OIDC_CLIENT_SECRET` (never printed). */
    readonly clientSecret: string;
    /** `OIDC_SCOPES`: space-separated. @default "openid profile birthdate snils phone kid_fullname kid_birthdate kid_snils" */
    readonly scopes: string;
  } | null;
  /** Moscow МЭШ, the primary tenant `mesh-moscow` of its platform (demo mode points it at the simulator). */
  readonly mesh: {
    /** `MESH_SCHOOL_BASE_URL` @default "https://school.mos.ru" */
    readonly schoolBaseUrl: string;
    /** `MESH_ACL_BASE_URL` @default "https://dnevnik.mos.ru" */
    readonly aclBaseUrl: string;
    /** `MESH_LOGIN_BASE_URL`: the mos.ru identity provider (СУДИР). @default "https://login.mos.ru" */
    readonly loginBaseUrl: string;
    /** `MESH_CLIENT_ID`: the client registered with СУДИР; without it parents cannot link МЭШ through mos.ru. */
    readonly clientId: string | null;
    /** `MESH_CLIENT_SECRET`: its secret (never printed). */
    readonly clientSecret: string | null;
  };
}
