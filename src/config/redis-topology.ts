/**
 * Which Redis the gateway talks to, as operators run it: one server (`REDIS_URL`), a Sentinel-watched
 * master (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`) or a Cluster (`REDIS_CLUSTER_NODES`). This module
 * holds the shape (`RedisTopology`), the reading of `host:port` lists, and the rules between the Redis
 * variables — one set of rules for both families of them, the store's `REDIS_*` and the cache's own
 * `CACHE_REDIS_*`; `src/redis/connect.ts` turns a topology into an ioredis connection.
 */

/** One Redis node (a sentinel or a Cluster seed) as `host:port`. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/**
 * Credentials and TLS of the data nodes of a Sentinel or Cluster set-up (a single server's are in its URL);
 * `CACHE_REDIS_USERNAME` and so on for a Redis of the cache's own.
 */
export interface RedisNodeAuth {
  /** `REDIS_USERNAME` (Redis 6 ACL user). @default null (the default user) */
  readonly username: string | null;
  /** `REDIS_PASSWORD` (never printed). @default null */
  readonly password: string | null;
  /** `REDIS_TLS`: speak TLS to the data nodes. @default false */
  readonly tls: boolean;
}

/**
 * A Redis the gateway uses, by kind. The variables named below are the store's; a Redis of the cache's own
 * is read from the same names with `CACHE_` in front (`CACHE_REDIS_URL`, …).
 */
export type RedisTopology =
  | {
      readonly kind: 'single';
      /** `REDIS_URL`, e.g. `redis://127.0.0.1:6379/0` (never printed: it may hold a password). */
      readonly url: string;
    }
  | {
      readonly kind: 'sentinel';
      /** `REDIS_SENTINELS`: the sentinels to ask where the master is. */
      readonly sentinels: readonly RedisNode[];
      /** `REDIS_SENTINEL_NAME`: the master group's name (`sentinel monitor <name> …`). */
      readonly name: string;
      /** `REDIS_SENTINEL_PASSWORD`: the sentinels' own password (never printed). @default null */
      readonly sentinelPassword: string | null;
      /** `REDIS_DB`: the database number on the master. @default 0 */
      readonly db: number;
      readonly auth: RedisNodeAuth;
    }
  | {
      readonly kind: 'cluster';
      /** `REDIS_CLUSTER_NODES`: seeds; the rest of the Cluster is discovered from them. */
      readonly nodes: readonly RedisNode[];
      readonly auth: RedisNodeAuth;
    };

/** Most sentinels `REDIS_SENTINELS` may name (a Sentinel set-up has 3 or 5). */
export const MAX_SENTINELS = 16;
/** Most seeds `REDIS_CLUSTER_NODES` may name (the rest is discovered). */
export const MAX_CLUSTER_SEEDS = 64;

/** A host name or IPv4 address, or an IPv6 address in brackets; then `:port`. Linear: no nested quantifiers. */
const NODE = /^(?:\[([0-9A-Fa-f:.]{2,45})\]|([A-Za-z0-9.-]{1,253})):(\d{1,5})$/;

/**
 * Reads `host:port,host:port` into nodes.
 * @throws Error naming the first entry that is not `host:port`, or the count when over `max`.
 */
export function parseRedisNodes(spec: string, max: number): RedisNode[] {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('must list host:port entries, separated by commas');
  if (entries.length > max) throw new Error(`lists ${entries.length} nodes; at most ${max} are allowed`);
  return entries.map((entry) => {
    const match = NODE.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65_535)
      throw new Error(`"${entry.slice(0, 80)}" is not host:port (an IPv6 address goes in brackets: [::1]:26379)`);
    return { host: match[1] ?? match[2]!, port };
  });
}

/**
 * The two families of Redis variables: `REDIS_` describes the store's Redis (and the cache's, unless the
 * other is set); `CACHE_REDIS_` a Redis of the cache's own, for everything that may be lost (the cache
 * tier, its invalidations, rate-limit buckets, automatic persisted queries). Both follow the same rules.
 */
export type RedisVariablePrefix = 'REDIS_' | 'CACHE_REDIS_';

/** Each Redis variable without its prefix, with the type the environment schema parses it to. */
export interface RedisVariableValues {
  URL: string;
  SENTINELS: RedisNode[];
  SENTINEL_NAME: string;
  SENTINEL_PASSWORD: string;
  CLUSTER_NODES: RedisNode[];
  USERNAME: string;
  PASSWORD: string;
  TLS: boolean;
  DB: number;
}

/** The variables of one family, as the environment schema has parsed them (`REDIS_URL`, `CACHE_REDIS_URL`, …). */
export type RedisVariables<P extends RedisVariablePrefix = 'REDIS_'> = {
  [K in keyof RedisVariableValues as `${P}${K}`]?: RedisVariableValues[K] | undefined;
};

/** The variables whose values are secret (a URL may hold a password), for `loadConfig` never to echo. */
export function secretRedisVariables(prefix: RedisVariablePrefix): string[] {
  return (['URL', 'PASSWORD', 'SENTINEL_PASSWORD'] as const).map((suffix) => `${prefix}${suffix}`);
}

/**
 * The topology one family of variables describes, or `null` when none is set; each broken rule is pushed to
 * `problems`, naming that family's variables (`CACHE_REDIS_DB: …`), never their values.
 * @example
 * redisTopologyFrom(env, problems); // REDIS_URL, REDIS_SENTINELS, …
 * redisTopologyFrom(env, problems, 'CACHE_REDIS_'); // CACHE_REDIS_URL, CACHE_REDIS_SENTINELS, …
 */
export function redisTopologyFrom<P extends RedisVariablePrefix = 'REDIS_'>(
  env: RedisVariables<P>,
  problems: string[],
  prefix: P = 'REDIS_' as P,
): RedisTopology | null {
  // One family read through its suffixes, so the rules below are written once for both.
  const value = <K extends keyof RedisVariableValues>(suffix: K): RedisVariableValues[K] | undefined =>
    (env as Partial<Record<string, RedisVariableValues[K]>>)[`${prefix}${suffix}`];
  const name = (suffix: keyof RedisVariableValues) => `${prefix}${suffix}`;
  const chosen = (['URL', 'SENTINELS', 'CLUSTER_NODES'] as const).filter((suffix) => value(suffix)).map(name);
  if (chosen.length > 1) {
    problems.push(
      `${chosen.join(' and ')}: set one Redis topology (a single server, Sentinel or Cluster), not ${chosen.length}`,
    );
    return null;
  }
  const refuse = (suffix: keyof RedisVariableValues, why: string) => {
    if (value(suffix) !== undefined) problems.push(`${name(suffix)}: ${why}`);
  };
  const sentinels = value('SENTINELS');
  const clusterNodes = value('CLUSTER_NODES');
  const url = value('URL');
  if (!sentinels) {
    refuse('SENTINEL_NAME', `is used only with ${name('SENTINELS')}`);
    refuse('SENTINEL_PASSWORD', `is used only with ${name('SENTINELS')}`);
    refuse(
      'DB',
      `is used only with ${name('SENTINELS')} (a ${name('URL')} names its database itself; a Cluster has only 0)`,
    );
  }
  if (!sentinels && !clusterNodes) {
    const where = url ? `with ${name('URL')}, put it in the URL` : 'no Redis is configured';
    const onlyWith = `is used only with ${name('SENTINELS')} or ${name('CLUSTER_NODES')} (${where})`;
    refuse('USERNAME', onlyWith);
    refuse('PASSWORD', onlyWith);
    if (value('TLS')) refuse('TLS', onlyWith);
  }
  const auth: RedisNodeAuth = {
    username: value('USERNAME') ?? null,
    password: value('PASSWORD') ?? null,
    tls: value('TLS') ?? false,
  };
  if (url) return { kind: 'single', url };
  if (sentinels) {
    const masterName = value('SENTINEL_NAME');
    if (!masterName) {
      problems.push(
        `${name('SENTINEL_NAME')}: required with ${name('SENTINELS')} (the master group name sentinels monitor)`,
      );
      return null;
    }
    return {
      kind: 'sentinel',
      sentinels,
      name: masterName,
      sentinelPassword: value('SENTINEL_PASSWORD') ?? null,
      db: value('DB') ?? 0,
      auth,
    };
  }
  if (clusterNodes) return { kind: 'cluster', nodes: clusterNodes, auth };
  return null;
}
