/**
 * Which Redis the gateway talks to, as operators run it: one server (`REDIS_URL`), a Sentinel-watched
 * master (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`) or a Cluster (`REDIS_CLUSTER_NODES`). This module
 * holds the shape (`RedisTopology`), the reading of `host:port` lists, and the rules between the Redis
 * variables; `src/redis/connect.ts` turns a topology into an ioredis connection.
 */

/** One Redis node (a sentinel or a Cluster seed) as `host:port`. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/** Credentials and TLS of the data nodes of a Sentinel or Cluster set-up (a single server's are in its URL). */
export interface RedisNodeAuth {
  /** `REDIS_USERNAME` (Redis 6 ACL user). @default null (the default user) */
  readonly username: string | null;
  /** `REDIS_PASSWORD` (never printed). @default null */
  readonly password: string | null;
  /** `REDIS_TLS`: speak TLS to the data nodes. @default false */
  readonly tls: boolean;
}

/** The Redis the gateway uses, by kind. */
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

/** The Redis variables, as the environment schema has parsed them. */
export interface RedisVariables {
  REDIS_URL?: string | undefined;
  REDIS_SENTINELS?: RedisNode[] | undefined;
  REDIS_SENTINEL_NAME?: string | undefined;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
  REDIS_CLUSTER_NODES?: RedisNode[] | undefined;
  REDIS_USERNAME?: string | undefined;
  REDIS_PASSWORD?: string | undefined;
  REDIS_TLS?: boolean | undefined;
  REDIS_DB?: number | undefined;
}

/**
 * The topology the variables describe, or `null` when none is set; each broken rule is pushed to
 * `problems` (naming the variables, never their values).
 */
export function redisTopologyFrom(env: RedisVariables, problems: string[]): RedisTopology | null {
  const chosen = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((name) => env[name]);
  if (chosen.length > 1) {
    problems.push(
      `${chosen.join(' and ')}: set one Redis topology (a single server, Sentinel or Cluster), not ${chosen.length}`,
    );
    return null;
  }
  const refuse = (variable: keyof RedisVariables, why: string) => {
    if (env[variable] !== undefined) problems.push(`${variable}: ${why}`);
  };
  if (!env.REDIS_SENTINELS) {
    refuse('REDIS_SENTINEL_NAME', 'is used only with REDIS_SENTINELS');
    refuse('REDIS_SENTINEL_PASSWORD', 'is used only with REDIS_SENTINELS');
    refuse(
      'REDIS_DB',
      'is used only with REDIS_SENTINELS (a REDIS_URL names its database itself; a Cluster has only 0)',
    );
  }
  if (!env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) {
    const where = env.REDIS_URL ? 'with REDIS_URL, put it in the URL' : 'no Redis is configured';
    for (const variable of ['REDIS_USERNAME', 'REDIS_PASSWORD'] as const)
      refuse(variable, `is used only with REDIS_SENTINELS or REDIS_CLUSTER_NODES (${where})`);
    if (env.REDIS_TLS) refuse('REDIS_TLS', `is used only with REDIS_SENTINELS or REDIS_CLUSTER_NODES (${where})`);
  }
  const auth: RedisNodeAuth = {
    username: env.REDIS_USERNAME ?? null,
    password: env.REDIS_PASSWORD ?? null,
    tls: env.REDIS_TLS ?? false,
  };
  if (env.REDIS_URL) return { kind: 'single', url: env.REDIS_URL };
  if (env.REDIS_SENTINELS) {
    if (!env.REDIS_SENTINEL_NAME) {
      problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group name sentinels monitor)');
      return null;
    }
    return {
      kind: 'sentinel',
      sentinels: env.REDIS_SENTINELS,
      name: env.REDIS_SENTINEL_NAME,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD ?? null,
      db: env.REDIS_DB ?? 0,
      auth,
    };
  }
  if (env.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES, auth };
  return null;
}
