/**
 * Configuration: read once from the environment at start-up into a typed, validated, frozen object.
 * A bad value stops the gateway with a message naming the variable; secret values are never echoed.
 *
 * With no configuration at all the gateway runs its embedded default: demo mode, in-memory store,
 * built-in diary simulators on loopback.
 */
import { parseCredentialKeys } from './credential-keys.js';
import { parseVapidKeys } from './web-push.js';
import { environmentSchema } from './environment.js';
import { deadlinesOverRequest } from './provider-deadlines.js';
import { redisTopologyFrom, secretRedisVariables, type RedisTopology } from './redis-topology.js';
import type { GatewayConfig } from './gateway-config.js';

export type { GatewayConfig } from './gateway-config.js';

/** Thrown when the environment holds an invalid setting; the message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values must never be printed, even when invalid. */
const SECRET_VARIABLES = new Set([
  'ID_SECRET',
  'DNEVNIK_CLIENT_SECRET',
  'MESH_CLIENT_SECRET',
  'ELJUR_DEVKEY',
  ...secretRedisVariables('REDIS_'),
  ...secretRedisVariables('CACHE_REDIS_'),
  'CREDENTIAL_KEYS',
  'PERSONAL_DATA_SECRET',
  'VAPID_PRIVATE_KEY',
  'OIDC_CLIENT_SECRET',
  // A collector's URL may carry credentials (`https://user:key@…`).
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
]);

const DEMO_ID_SECRET = 'diary-gateway demo id key: not for production use';
const DEMO_PERSONAL_DATA_SECRET = 'diary-gateway demo personal-data key: not for production use';
/** 32 bytes, public: the demo's credentials are the simulators' and worthless elsewhere. */
const DEMO_CREDENTIAL_KEYS = 'demo:ZGlhcnktZ2F0ZXdheSBkZW1vIHNlYWxpbmcga2V5ISE=';

/** Empty strings count as unset, so `PORT=` behaves like no `PORT`. */
function withoutEmpty(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => !!entry[1]));
}

/**
 * Parses the environment into a frozen {@link GatewayConfig}.
 * @throws ConfigError naming every invalid variable (secret values are not shown).
 * @example
 * const config = loadConfig({ PORT: '4100', DEMO: 'on' });
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = environmentSchema.safeParse(withoutEmpty(environment));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '?');
        const message = SECRET_VARIABLES.has(variable) ? issue.message.replace(/"[^"]*"/g, '"…"') : issue.message;
        return `${variable}: ${message}`;
      }),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (!env.DEMO && !env.ID_SECRET) problems.push('ID_SECRET: required when DEMO=off (32+ random characters)');
  if (!env.DEMO && !env.PERSONAL_DATA_SECRET)
    problems.push('PERSONAL_DATA_SECRET: required when DEMO=off (32+ random characters)');
  if (!env.DEMO && !env.CREDENTIAL_KEYS)
    problems.push('CREDENTIAL_KEYS: required when DEMO=off (keyId:base64 of 32 random bytes)');
  problems.push(...deadlinesOverRequest(env.PROVIDER_DEADLINES_MS, env.REQUEST_DEADLINE_MS));
  const redisTopology = redisTopologyFrom(env, problems);
  const cacheRedisTopology = redisTopologyFrom(env, problems, 'CACHE_REDIS_');
  const storeKind = env.STORE ?? (redisTopology ? 'redis' : 'file');
  checkRedisRoles(storeKind, redisTopology, cacheRedisTopology, problems);
  const oidcSet = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3)
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three or none');
  const credentialKeys = parseCredentialKeys(env.CREDENTIAL_KEYS ?? DEMO_CREDENTIAL_KEYS, problems);
  const vapidKeys = parseVapidKeys(env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    accessLog: env.ACCESS_LOG,
    demo: env.DEMO,
    demoLatencyMs: env.DEMO_LATENCY_MS,
    idSecret: env.ID_SECRET ?? DEMO_ID_SECRET,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    providerDeadlinesMs: env.PROVIDER_DEADLINES_MS,
    prefetchStructure: env.PREFETCH_STRUCTURE,
    changes: {
      detection: env.CHANGE_DETECTION,
      pollIntervals: env.CHANGE_POLL_INTERVALS,
      pollQuiet: env.CHANGE_POLL_QUIET,
      retentionDays: env.CHANGE_FEED_RETENTION_DAYS,
    },
    webPush: {
      enabled: env.WEB_PUSH,
      vapidKeys,
      subject: env.VAPID_SUBJECT ?? null,
      endpoints: env.WEB_PUSH_ENDPOINTS,
    },
    deliveries: {
      enabled: env.DELIVERIES,
      webhookUrls: env.WEBHOOK_ALLOWED_URLS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: env.DELIVERY_RETRY_BASE_MS,
    },
    shutdown: { drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS, graceMs: env.SHUTDOWN_GRACE_MS },
    upstream: {
      connectTimeoutMs: env.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: env.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: env.UPSTREAM_BODY_TIMEOUT_MS,
      retries: env.UPSTREAM_RETRIES,
      breakerFailureThreshold: env.BREAKER_FAILURE_THRESHOLD,
      breakerHalfOpenAfterMs: env.BREAKER_HALF_OPEN_AFTER_MS,
      rateLimitPerSecond: env.UPSTREAM_RATE_LIMIT_PER_SECOND,
    },
    limits: {
      maxQueryDepth: env.MAX_QUERY_DEPTH,
      maxQueryCost: env.MAX_QUERY_COST,
      maxAliases: env.MAX_ALIASES,
      maxBodyBytes: env.MAX_BODY_BYTES,
      sessionRequestsPerMinute: env.SESSION_RATE_LIMIT_PER_MINUTE,
      addressRequestsPerMinute: env.ADDRESS_RATE_LIMIT_PER_MINUTE ?? 10 * env.SESSION_RATE_LIMIT_PER_MINUTE,
      signInRequestsPerMinute: env.SIGN_IN_RATE_LIMIT_PER_MINUTE,
      calendarFeedRequestsPerMinute: env.CALENDAR_FEED_RATE_LIMIT_PER_MINUTE,
    },
    mesh: {
      schoolBaseUrl: env.MESH_SCHOOL_BASE_URL,
      aclBaseUrl: env.MESH_ACL_BASE_URL,
      loginBaseUrl: env.MESH_LOGIN_BASE_URL,
      clientId: env.MESH_CLIENT_ID ?? null,
      clientSecret: env.MESH_CLIENT_SECRET ?? null,
    },
    dnevnik: {
      baseUrl: env.DNEVNIK_BASE_URL,
      loginBaseUrl: env.DNEVNIK_LOGIN_BASE_URL,
      clientId: env.DNEVNIK_CLIENT_ID ?? null,
      clientSecret: env.DNEVNIK_CLIENT_SECRET ?? null,
    },
    admission: { maxInFlight: env.MAX_EXECUTIONS_IN_FLIGHT, maxQueued: env.MAX_EXECUTIONS_QUEUED },
    answerCache: env.ANSWER_CACHE ? { maxBytes: env.ANSWER_CACHE_MAX_BYTES } : null,
    cache: {
      maxEntries: env.CACHE_MAX_ENTRIES,
      maxBytes: env.CACHE_MAX_BYTES,
      staleIfErrorMs: env.STALE_IF_ERROR_MAX_AGE_S * 1000,
      partialFreshMs: env.CACHE_PARTIAL_FRESH_S * 1000,
      freshness: env.CACHE_FRESHNESS,
      renewal: env.CACHE_RENEWAL,
    },
    redis: redisTopology ? { topology: redisTopology, keyPrefix: env.REDIS_KEY_PREFIX } : null,
    cacheRedis: cacheRedisTopology ? { topology: cacheRedisTopology, keyPrefix: env.REDIS_KEY_PREFIX } : null,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    store: {
      kind: storeKind,
      file: env.STORE_FILE,
      fallbackMaxAgeMs: env.STORE_FALLBACK_MAX_AGE_S * 1000,
      fallbackMaxEntries: env.STORE_FALLBACK_MAX_ENTRIES,
    },
    secrets: { credentialKeys, personalDataSecret: env.PERSONAL_DATA_SECRET ?? DEMO_PERSONAL_DATA_SECRET },
    sessionTtlMs: Math.round(env.SESSION_TTL_HOURS * 3_600_000),
    publicUrl: env.PUBLIC_URL ?? null,
    corsOrigins: env.CORS_ORIGINS,
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            scopes: env.OIDC_SCOPES,
          }
        : null,
    eljur: {
      baseUrl: env.ELJUR_BASE_URL,
      devkey: env.ELJUR_DEVKEY ?? null,
      vendor: env.ELJUR_VENDOR ?? null,
      timeZone: env.ELJUR_TIME_ZONE,
      vendors: env.ELJUR_VENDORS,
      redirectSignInUrl: env.ELJUR_REDIRECT_SIGN_IN_URL ?? null,
    },
    tenantsFile: env.TENANTS_FILE ?? null,
    persistedOperations: { mode: env.PERSISTED_OPERATIONS, manifestFile: env.PERSISTED_OPERATIONS_FILE },
    tracing: tracingFrom(env),
  });
}

/**
 * The rules between the store's Redis (`REDIS_*`) and the cache's own (`CACHE_REDIS_*`), once each has been
 * read: the store never goes on the cache's Redis (it may evict), and a store's Redis that nothing would use
 * is refused rather than silently ignored.
 */
function checkRedisRoles(
  storeKind: 'file' | 'redis' | 'memory',
  store: RedisTopology | null,
  cache: RedisTopology | null,
  problems: string[],
): void {
  if (storeKind === 'redis' && !store) {
    problems.push(
      'STORE: "redis" needs REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES' +
        (cache ? ' (CACHE_REDIS_* is the cache’s Redis, which may evict: the store never goes there)' : ''),
    );
  }
  if (store && cache && storeKind !== 'redis') {
    const variable = { single: 'REDIS_URL', sentinel: 'REDIS_SENTINELS', cluster: 'REDIS_CLUSTER_NODES' }[store.kind];
    problems.push(
      `${variable}: nothing would use it, since STORE is "${storeKind}" and the cache has a Redis of its own ` +
        `(CACHE_REDIS_*); drop ${variable}, or drop CACHE_REDIS_* to keep the cache on it`,
    );
  }
}

/** The traces' export settings, or `null` when no OTLP endpoint is set (tracing off). */
function tracingFrom(env: {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME: string;
  OTEL_TRACES_SAMPLER_ARG: number;
}): GatewayConfig['tracing'] {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // The OTLP specification: the signal's own variable is used as it is; the base gets `v1/traces` appended.
  const tracesUrl =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/(?<!\/)\/+$/, '')}/v1/traces` : null);
  if (tracesUrl === null) return null;
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME, sampleRatio: env.OTEL_TRACES_SAMPLER_ARG };
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    // Buffers (the credential keys) cannot be frozen; they are never handed out to be changed.
    if (child && typeof child === 'object' && !Buffer.isBuffer(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
