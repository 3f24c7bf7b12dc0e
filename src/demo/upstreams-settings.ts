/**
 * The settings of the standalone demo upstreams (`upstreams-main.ts`): the environment variables it reads,
 * as one zod schema, like the gateway's own (`src/config/environment.ts`). They are the demo service's
 * only: a gateway reads none of them, and the upstreams read none of the gateway's.
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | `UPSTREAMS_HOST` | `127.0.0.1` | Interface every server listens on (`0.0.0.0` in a container). |
 * | `UPSTREAMS_PUBLIC_HOST` | `localhost` | Host name browsers and gateways reach the servers at. |
 * | `UPSTREAMS_ISSUER_PORT` | `4010` | The sign-in issuer (`/demo/issuer`), `/healthz` and the JSON guide (`/`). |
 * | `UPSTREAMS_MESH_PORT`, `UPSTREAMS_MOSREG_PORT`, `UPSTREAMS_DNEVNIK_PORT`, `UPSTREAMS_ELJUR_PORT` | `4011`–`4014` | The diaries' simulators. |
 * | `UPSTREAMS_GATEWAY_URLS` | `http://localhost:4000` | Every gateway's `PUBLIC_URL`, comma-separated: each may sign in and link here. |
 * | `UPSTREAMS_LATENCY_MS` | `0` | Latency each simulator adds to its answers. |
 *
 * Port `0` lets the system pick one (tests); the printed guide then shows the ports taken.
 */
import { z } from 'zod';
import type { DemoSimulatorName } from './demo-simulators.js';

/** Most gateways one demo serves: far above a compose file's replicas, and bounds the issuer's client. */
const MAX_GATEWAYS = 16;
/** Trailing slashes; `(?<!\/)` lets a match start only at a run's first slash, so no run is rescanned. */
const TRAILING_SLASHES = /(?<!\/)\/+$/;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** A gateway's public URL as its `PUBLIC_URL` says it: http(s), no query or fragment, no trailing slash. */
const gatewayUrl = z
  .url({ protocol: /^https?$/, error: 'must be http(s) URLs' })
  .refine((url) => !/[?#]/.test(url), 'must be base URLs, without query or fragment')
  .transform((url) => url.replace(TRAILING_SLASHES, ''));

/** Every variable the standalone demo upstreams read, with its type, bounds and default. */
export const upstreamsEnvironmentSchema = z.object({
  UPSTREAMS_HOST: z.string().min(1).max(255, 'is too long').default('127.0.0.1'),
  UPSTREAMS_PUBLIC_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a host name or an IPv4 address')
    .default('localhost'),
  UPSTREAMS_ISSUER_PORT: port(4010),
  UPSTREAMS_MESH_PORT: port(4011),
  UPSTREAMS_MOSREG_PORT: port(4012),
  UPSTREAMS_DNEVNIK_PORT: port(4013),
  UPSTREAMS_ELJUR_PORT: port(4014),
  UPSTREAMS_GATEWAY_URLS: z
    .string()
    .max(4096, 'is too long')
    .default('http://localhost:4000')
    .transform((list) => list.split(',').map((url) => url.trim()))
    .pipe(z.array(gatewayUrl).min(1).max(MAX_GATEWAYS, `must name at most ${MAX_GATEWAYS} gateways`)),
  UPSTREAMS_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

/** What the standalone demo upstreams run with. */
export interface UpstreamsSettings {
  /** Interface every server listens on. */
  host: string;
  /** Host name the servers are reached at (their URLs, the tenants', the issuer's). */
  publicHost: string;
  /** Port of the sign-in issuer, its health check and the JSON guide. */
  issuerPort: number;
  /** Port of each diary's simulator. */
  ports: Readonly<Record<DemoSimulatorName, number>>;
  /** Every gateway's public URL (its `PUBLIC_URL`): the issuer's redirect URIs and the diaries' link callbacks. */
  gatewayUrls: readonly string[];
  /** Latency each simulator adds. */
  latencyMs: number;
}

/** Thrown for an invalid setting; the message names every variable at fault (values are demo data, but kept out). */
export class UpstreamsSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid demo upstreams configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'UpstreamsSettingsError';
  }
}

/**
 * Reads the settings from `environment`; empty variables count as unset.
 * @throws UpstreamsSettingsError naming every invalid variable.
 * @example
 * const settings = loadUpstreamsSettings({ UPSTREAMS_GATEWAY_URLS: 'http://localhost:4001,http://localhost:4002' });
 */
export function loadUpstreamsSettings(environment: NodeJS.ProcessEnv = process.env): UpstreamsSettings {
  const given = Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const parsed = upstreamsEnvironmentSchema.safeParse(given);
  if (!parsed.success)
    throw new UpstreamsSettingsError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`),
    );
  const env = parsed.data;
  const ports = {
    mesh: env.UPSTREAMS_MESH_PORT,
    meshRegion: env.UPSTREAMS_MOSREG_PORT,
    dnevnik: env.UPSTREAMS_DNEVNIK_PORT,
    eljur: env.UPSTREAMS_ELJUR_PORT,
  };
  const fixed = [env.UPSTREAMS_ISSUER_PORT, ...Object.values(ports)].filter((value) => value !== 0);
  if (new Set(fixed).size !== fixed.length)
    throw new UpstreamsSettingsError(['UPSTREAMS_*_PORT: every server needs a port of its own (or 0)']);
  return Object.freeze({
    host: env.UPSTREAMS_HOST,
    publicHost: env.UPSTREAMS_PUBLIC_HOST,
    issuerPort: env.UPSTREAMS_ISSUER_PORT,
    ports: Object.freeze(ports),
    gatewayUrls: Object.freeze([...new Set(env.UPSTREAMS_GATEWAY_URLS)]),
    latencyMs: env.UPSTREAMS_LATENCY_MS,
  });
}
