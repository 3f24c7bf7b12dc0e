/**
 * The environment variables the gateway reads, as one zod schema: each variable's type, bounds and
 * default. `loadConfig` (`config.ts`) parses the environment with it and builds the configuration.
 */
import { z } from 'zod';
import { DEFAULT_CACHE_MAX_BYTES, DEFAULT_CACHE_MAX_ENTRIES } from './cache-bounds.js';
import { DEFAULT_MAX_EXECUTIONS_IN_FLIGHT, DEFAULT_MAX_EXECUTIONS_QUEUED } from './admission-bounds.js';
import { parsePollIntervals } from './change-polling.js';
import { DEFAULT_PARTIAL_FRESH_MS, parseFreshnessOverrides } from './cache-freshness.js';
import { parseCorsOrigins } from './cors-origins.js';
import { parseEljurVendors } from './eljur-vendors.js';
import { parseProviderDeadlines } from './provider-deadlines.js';
import { MAX_CLUSTER_SEEDS, MAX_SENTINELS, parseRedisNodes, type RedisVariablePrefix } from './redis-topology.js';

const milliseconds = (fallback: number, max = 120_000) => z.coerce.number().int().min(1).max(max).default(fallback);
const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .default('on')
  .transform((v) => ['on', 'true', '1'].includes(v));
/** Trailing slashes; `(?<!\/)` lets a match start only at a run's first slash, so no run is rescanned. */
const TRAILING_SLASHES = /(?<!\/)\/+$/;
/** An OAuth client id: bounded, so a pasted file cannot slip in. */
const clientId = z.string().min(1).max(256, 'is too long').optional();
/** A client secret; its value is never echoed (config.ts SECRET_VARIABLES). */
const clientSecret = z.string().min(1).max(1024, 'is too long').optional();
const httpUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(fallback)
    .transform((v) => v.replace(TRAILING_SLASHES, ''));

/** An OTLP/HTTP collector's URL: http(s), bounded. */
const otlpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048, 'is too long')
  .optional();

/** A comma-separated `host:port` list of at most `max` nodes (bounded in length before it is split). */
const redisNodes = (max: number) =>
  z
    .string()
    .max(max * 300, 'is too long')
    .optional()
    .transform((spec, context) => {
      if (spec === undefined) return undefined;
      try {
        return parseRedisNodes(spec, max);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/**
 * One family of Redis variables (the store's `REDIS_*` or the cache's `CACHE_REDIS_*`): the same types and
 * bounds under either prefix, so the two can never drift apart.
 */
function redisVariableSchemas<P extends RedisVariablePrefix>(prefix: P) {
  const schemas = {
    URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    SENTINELS: redisNodes(MAX_SENTINELS),
    SENTINEL_NAME: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be the master group name: 1–64 letters, digits, ".", "_" or "-"')
      .optional(),
    /** The sentinels' own password; never echoed (config.ts, secretRedisVariables). */
    SENTINEL_PASSWORD: z.string().min(1).max(1024, 'is too long').optional(),
    CLUSTER_NODES: redisNodes(MAX_CLUSTER_SEEDS),
    USERNAME: z
      .string()
      .regex(/^\S{1,256}$/, 'must be 1–256 characters without spaces')
      .optional(),
    /** The data nodes' password; never echoed (config.ts, secretRedisVariables). */
    PASSWORD: z.string().min(1).max(1024, 'is too long').optional(),
    TLS: z
      .enum(['on', 'off', 'true', 'false', '1', '0'])
      .default('off')
      .transform((v) => ['on', 'true', '1'].includes(v)),
    DB: z.coerce.number().int().min(0).max(255).optional(),
  };
  type Prefixed = { [K in keyof typeof schemas as `${P}${K}`]: (typeof schemas)[K] };
  return Object.fromEntries(
    Object.entries(schemas).map(([suffix, schema]) => [`${prefix}${suffix}`, schema]),
  ) as Prefixed;
}

/** Every variable the gateway reads, with its type, bounds and default; cross-variable rules are `loadConfig`'s. */
export const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_LOG: onOff,
  DEMO: onOff,
  DEMO_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  ID_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  REQUEST_DEADLINE_MS: milliseconds(8000),
  // Each at most REQUEST_DEADLINE_MS (a rule between variables: loadConfig's).
  PROVIDER_DEADLINES_MS: z
    .string()
    .max(1024, 'is too long')
    .default('')
    .transform((spec, context) => {
      try {
        return parseProviderDeadlines(spec);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  PREFETCH_STRUCTURE: onOff,
  CHANGE_DETECTION: onOff,
  CHANGE_POLL_INTERVALS: z
    .string()
    .max(1024, 'is too long')
    .default('')
    .transform((spec, context) => {
      try {
        return parsePollIntervals(spec);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  CHANGE_POLL_QUIET: onOff,
  CHANGE_FEED_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WEB_PUSH: onOff,
  WEB_PUSH_ENDPOINTS: z.enum(['public', 'any']).default('public'),
  VAPID_PUBLIC_KEY: z.string().max(200, 'is too long').optional(),
  VAPID_PRIVATE_KEY: z.string().max(200, 'is too long').optional(),
  VAPID_SUBJECT: z
    .string()
    .max(512, 'is too long')
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: address or an https URL')
    .optional(),
  DELIVERIES: onOff,
  WEBHOOK_ALLOWED_URLS: z.enum(['public', 'any']).default('public'),
  WEBHOOK_TIMEOUT_MS: milliseconds(10_000, 60_000),
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  SHUTDOWN_DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  SHUTDOWN_GRACE_MS: milliseconds(10_000),
  UPSTREAM_CONNECT_TIMEOUT_MS: milliseconds(3000),
  UPSTREAM_HEADERS_TIMEOUT_MS: milliseconds(5000),
  UPSTREAM_BODY_TIMEOUT_MS: milliseconds(5000),
  UPSTREAM_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
  BREAKER_HALF_OPEN_AFTER_MS: milliseconds(30_000, 3_600_000),
  UPSTREAM_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(1).max(100_000_000).default(30_000),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  SESSION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  // No default here: it follows SESSION_RATE_LIMIT_PER_MINUTE (see loadConfig).
  ADDRESS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000_000).optional(),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  CALENDAR_FEED_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  MESH_SCHOOL_BASE_URL: httpUrl('https://school.mos.ru'),
  MESH_ACL_BASE_URL: httpUrl('https://dnevnik.mos.ru'),
  MESH_LOGIN_BASE_URL: httpUrl('https://login.mos.ru'),
  MESH_CLIENT_ID: clientId,
  MESH_CLIENT_SECRET: clientSecret,
  DNEVNIK_BASE_URL: httpUrl('https://api.dnevnik.ru'),
  DNEVNIK_LOGIN_BASE_URL: httpUrl('https://login.dnevnik.ru'),
  DNEVNIK_CLIENT_ID: clientId,
  DNEVNIK_CLIENT_SECRET: clientSecret,
  ELJUR_BASE_URL: httpUrl('https://api.eljur.ru'),
  ELJUR_DEVKEY: z.string().min(8, 'must be the developer key Eljur issued (8+ characters)').optional(),
  ELJUR_VENDOR: z
    .string()
    .max(63, 'must be a school subdomain (letters, digits, - and _)')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a school subdomain (letters, digits, - and _)')
    .optional(),
  ELJUR_VENDORS: z
    .string()
    .max(64 * 1024, 'is too long')
    .default('')
    .transform((spec, context) => {
      try {
        return parseEljurVendors(spec);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  ELJUR_REDIRECT_SIGN_IN_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'is too long')
    .optional(),
  ELJUR_TIME_ZONE: z
    .string()
    .default('Europe/Moscow')
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Samara'),
  TENANTS_FILE: z.string().min(1).max(4096, 'is too long').optional(),
  CACHE_MAX_ENTRIES: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 (the in-process tier cannot be turned off)')
    .max(10_000_000)
    .default(DEFAULT_CACHE_MAX_ENTRIES),
  CACHE_MAX_BYTES: z.coerce
    .number()
    .int('must be a whole number of bytes')
    .min(2 ** 20, 'must be at least 1048576 (1 MiB)')
    .max(2 ** 40, 'must be at most 1099511627776 (1 TiB)')
    .default(DEFAULT_CACHE_MAX_BYTES),
  MAX_EXECUTIONS_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_EXECUTIONS_IN_FLIGHT),
  MAX_EXECUTIONS_QUEUED: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_MAX_EXECUTIONS_QUEUED),
  ANSWER_CACHE: onOff,
  CACHE_RENEWAL: onOff,
  ANSWER_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024, 'must be at least 1 MiB (1048576)')
    .max(64 * 1024 ** 3)
    .default(64 * 1024 * 1024),
  CACHE_PARTIAL_FRESH_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(DEFAULT_PARTIAL_FRESH_MS / 1000),
  STALE_IF_ERROR_MAX_AGE_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(365 * 86_400)
    .default(7 * 86_400),
  CACHE_FRESHNESS: z
    .string()
    .default('')
    .transform((spec, context) => {
      try {
        return parseFreshnessOverrides(spec);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  // The store's Redis (and the cache's, unless it has its own): docs/storage.md, "Redis topologies"; the rules
  // between the variables are redis-topology.ts'.
  ...redisVariableSchemas('REDIS_'),
  // A Redis of the cache's own, for what may be lost (docs/deployment.md): the same variables, the same rules.
  ...redisVariableSchemas('CACHE_REDIS_'),
  STORE: z.enum(['file', 'redis', 'memory']).optional(),
  STORE_FILE: z.string().min(1).default('data/diary-gateway-store.json'),
  STORE_FALLBACK_MAX_AGE_S: z.coerce.number().int().min(0).max(3600).default(300),
  STORE_FALLBACK_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  CREDENTIAL_KEYS: z.string().optional(),
  PERSONAL_DATA_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(168),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .transform((v) => v?.replace(TRAILING_SLASHES, '')),
  CORS_ORIGINS: z
    .string()
    .max(32 * 1024, 'is too long')
    .default('')
    .transform((spec, context) => {
      try {
        return parseCorsOrigins(spec);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z
    .string()
    .regex(/^openid( [\w:.-]+)*$/, 'must start with "openid" and be space-separated')
    .default('openid profile birthdate snils phone kid_fullname kid_birthdate kid_snils'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1–64 letters, digits, ":", "_" or "-"')
    .default('dg:'),
  PERSISTED_OPERATIONS: z.enum(['off', 'allow', 'only']).default('off'),
  PERSISTED_OPERATIONS_FILE: z
    .string()
    .min(1)
    .max(4096, 'is too long')
    .default('client/src/generated/persisted-documents.json'),
  // OpenTelemetry traces (src/observability/tracing.ts): the standard variables; without an endpoint, off.
  /** The collector's OTLP/HTTP base URL (`/v1/traces` is appended); may hold credentials, never echoed. */
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
  /** The full traces URL, used as it is; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`. Never echoed. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl,
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[\w.:/-]{1,128}$/, 'must be 1–128 letters, digits, ".", "_", ":", "/" or "-"')
    .default('diary-gateway'),
  /** Share of new traces recorded (the gateway's sampler is always `parentbased_traceidratio`). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
