/**
 * Configuration: read once from the environment at start-up into a typed, validated, frozen object.
 * A bad value stops the gateway with a message naming the variable; secret values are never echoed.
 *
 * With no configuration at all the gateway runs its embedded default: demo mode, in-memory store,
 * built-in diary simulators on loopback.
 */
import { z } from 'zod';
import { parseFreshnessOverrides, type CachedResource, type FreshnessWindows } from '../cache/freshness.js';

/** The validated configuration. Every field is documented with its variable and default. */
export interface GatewayConfig {
  /** `HOST`: interface to listen on. @default "127.0.0.1" */
  readonly host: string;
  /** `PORT`: port to listen on (0 picks a free one). @default 4000 */
  readonly port: number;
  /** `LOG_LEVEL`: pino level. @default "info" */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
  /** The upstream cache. */
  readonly cache: {
    /** `CACHE_MAX_ENTRIES`: entries kept in process memory (LRU). @default 20000 */
    readonly maxEntries: number;
    /** `STALE_IF_ERROR_MAX_AGE_S`: oldest copy served when a diary fails. @default 604800 (7 days) */
    readonly staleIfErrorMs: number;
    /**
     * `CACHE_FRESHNESS`: per-resource fresh windows, `resource=seconds,…` (for example `grades=60,schedule=7200`).
     * @default see src/cache/freshness.ts
     */
    readonly freshness: Partial<Record<CachedResource, FreshnessWindows>>;
  };
  /** Redis, shared by replicas; `null` runs the embedded default (in-process cache only). */
  readonly redis: {
    /** `REDIS_URL`, e.g. `redis://127.0.0.1:6379/0` (never printed: it may hold a password). */
    readonly url: string;
    /** `REDIS_KEY_PREFIX`: prefix of every key this gateway writes. @default "dg:" */
    readonly keyPrefix: string;
  } | null;
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
  };
  /**
   * `TRUSTED_PROXY_HOPS`: how many reverse proxies in front of the gateway append to `X-Forwarded-For`.
   * 0 (the default) takes the client address from the connection; behind one proxy set 1, or every
   * client shares the proxy's address and its per-address allowances. @default 0
   */
  readonly trustedProxyHops: number;
  /** Dnevnik.ru (demo mode points it at the simulator). */
  readonly dnevnik: {
    /** `DNEVNIK_BASE_URL`: API host of the tenant (Kundelik.kz and eMaktab.uz are white labels). @default "https://api.dnevnik.ru" */
    readonly baseUrl: string;
    /** `DNEVNIK_CLIENT_ID`: OAuth client id, needed to refresh tokens and exchange codes. */
    readonly clientId: string | null;
    /** `DNEVNIK_CLIENT_SECRET`: OAuth client secret (never printed). */
    readonly clientSecret: string | null;
  };
  /** Eljur tenant (demo mode points it at the simulator). */
  readonly eljur: {
    /** `ELJUR_BASE_URL`: the tenant's host; `/apiv3/{method}` is appended. @default "https://api.eljur.ru" */
    readonly baseUrl: string;
    /** `ELJUR_DEVKEY`: developer key issued by Eljur (never printed); without it Eljur accounts are not served. */
    readonly devkey: string | null;
    /** `ELJUR_VENDOR`: the tenant's default vendor (school subdomain). */
    readonly vendor: string | null;
    /** `ELJUR_TIME_ZONE`: IANA zone of the tenant's schools. @default "Europe/Moscow" */
    readonly timeZone: string;
  };
  /**
   * Where the gateway keeps users, sessions, links and grants.
   * `STORE`: `file` (the embedded default; survives restarts), `redis` (shared by replicas; needs `REDIS_URL`)
   * or `memory` (gone on restart; for experiments). @default "redis" when `REDIS_URL` is set, else "file"
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
  /** МЭШ hosts (demo mode points them at the simulator). */
  readonly mesh: {
    /** `MESH_SCHOOL_BASE_URL` @default "https://school.mos.ru" */
    readonly schoolBaseUrl: string;
    /** `MESH_ACL_BASE_URL` @default "https://dnevnik.mos.ru" */
    readonly aclBaseUrl: string;
  };
}

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
  'ELJUR_DEVKEY',
  'REDIS_URL',
  'CREDENTIAL_KEYS',
  'PERSONAL_DATA_SECRET',
  'OIDC_CLIENT_SECRET',
]);

const DEMO_ID_SECRET = 'diary-gateway demo id key: not for production use';
const DEMO_PERSONAL_DATA_SECRET = 'diary-gateway demo personal-data key: not for production use';
/** 32 bytes, public: the demo's credentials are the simulators' and worthless elsewhere. */
const DEMO_CREDENTIAL_KEYS = 'demo:ZGlhcnktZ2F0ZXdheSBkZW1vIHNlYWxpbmcga2V5ISE=';

const milliseconds = (fallback: number, max = 120_000) => z.coerce.number().int().min(1).max(max).default(fallback);
const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .default('on')
  .transform((v) => ['on', 'true', '1'].includes(v));
/** Trailing slashes; `(?<!\/)` lets a match start only at a run's first slash, so no run is rescanned. */
const TRAILING_SLASHES = /(?<!\/)\/+$/;
const httpUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(fallback)
    .transform((v) => v.replace(TRAILING_SLASHES, ''));

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: onOff,
  DEMO_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  ID_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  REQUEST_DEADLINE_MS: milliseconds(8000),
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
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  MESH_SCHOOL_BASE_URL: httpUrl('https://school.mos.ru'),
  MESH_ACL_BASE_URL: httpUrl('https://dnevnik.mos.ru'),
  DNEVNIK_BASE_URL: httpUrl('https://api.dnevnik.ru'),
  DNEVNIK_CLIENT_ID: z.string().min(1).optional(),
  DNEVNIK_CLIENT_SECRET: z.string().min(1).optional(),
  ELJUR_BASE_URL: httpUrl('https://api.eljur.ru'),
  ELJUR_DEVKEY: z.string().min(8, 'must be the developer key Eljur issued (8+ characters)').optional(),
  ELJUR_VENDOR: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a school subdomain (letters, digits, - and _)')
    .optional(),
  ELJUR_TIME_ZONE: z
    .string()
    .default('Europe/Moscow')
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Samara'),
  CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
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
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
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
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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
  const storeKind = env.STORE ?? (env.REDIS_URL ? 'redis' : 'file');
  if (storeKind === 'redis' && !env.REDIS_URL) problems.push('STORE: "redis" needs REDIS_URL');
  const oidcSet = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3)
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three or none');
  const credentialKeys = parseCredentialKeys(env.CREDENTIAL_KEYS ?? DEMO_CREDENTIAL_KEYS, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    demo: env.DEMO,
    demoLatencyMs: env.DEMO_LATENCY_MS,
    idSecret: env.ID_SECRET ?? DEMO_ID_SECRET,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
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
    },
    mesh: { schoolBaseUrl: env.MESH_SCHOOL_BASE_URL, aclBaseUrl: env.MESH_ACL_BASE_URL },
    dnevnik: {
      baseUrl: env.DNEVNIK_BASE_URL,
      clientId: env.DNEVNIK_CLIENT_ID ?? null,
      clientSecret: env.DNEVNIK_CLIENT_SECRET ?? null,
    },
    cache: {
      maxEntries: env.CACHE_MAX_ENTRIES,
      staleIfErrorMs: env.STALE_IF_ERROR_MAX_AGE_S * 1000,
      freshness: env.CACHE_FRESHNESS,
    },
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : null,
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
    },
  });
}

/** `keyId:base64,…` → keys; problems name the entry by position, never show a key. */
function parseCredentialKeys(spec: string, problems: string[]): { id: string; key: Buffer }[] {
  const keys: { id: string; key: Buffer }[] = [];
  spec.split(',').forEach((entry, index) => {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry.trim());
    const key = match ? Buffer.from(match[2]!, 'base64') : null;
    if (!match || key?.length !== 32) {
      problems.push(`CREDENTIAL_KEYS: entry ${index + 1} must be keyId:base64 of exactly 32 bytes`);
      return;
    }
    if (keys.some((known) => known.id === match[1]))
      problems.push(`CREDENTIAL_KEYS: key id "${match[1]}" appears twice`);
    keys.push({ id: match[1]!, key });
  });
  return keys;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    // Buffers (the credential keys) cannot be frozen; they are never handed out to be changed.
    if (child && typeof child === 'object' && !Buffer.isBuffer(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
