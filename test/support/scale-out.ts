/**
 * The scale-out world: three gateway replicas (separate processes, replicas.ts) on one Redis, in front of
 * one set of diaries and one sign-in issuer, all on loopback.
 *
 * - The diaries: the demo's four simulators (src/demo/demo-simulators.ts), started in the test process
 *   and seeded with the demo family generated around today, as `npm start` seeds them; the replicas reach
 *   them through a `TENANTS_FILE` (DEMO=off), so every replica reads the same diaries and a test can count
 *   the requests they received.
 * - Sign-in: a real OpenID issuer (oidc-provider, oidc-issuer.ts) whose one redirect URI is replica A's
 *   `/auth/callback`: every replica's `PUBLIC_URL` is A's address, as if A's were the load balancer's, so
 *   sign-ins and diary link flows come back to A wherever they started, and sessions work everywhere. It
 *   knows many parents with the demo parent's claims under subjects of their own, so each test is a family
 *   of its own (its own user id, accounts, cache entries and rate-limit allowance) on replicas the whole
 *   file shares.
 * - The replicas: `DEMO=off`, `STORE=redis`, the Redis a test gives (its topology's variables and a key
 *   prefix of the file's own), secrets made for the file, the issuer and the tenants file. The per-address
 *   limits are lifted (every request of the tests comes from 127.0.0.1), the per-session one is
 *   {@link SESSION_REQUESTS_PER_MINUTE}.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { startDemoSimulators, type StartedDemoSimulators } from '../../src/demo/demo-simulators.js';
import type { DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { DEMO_ISSUER_CLIENT, demoIssuerAccounts, type DemoIssuerAccount } from '../../src/demo/identity-provider.js';
import { dateInZone } from '../../src/domain/dates.js';
import { BUILT_IN_TENANTS } from '../../src/tenants/built-in-tenants.js';
import { postGraphql, type GraphqlResponse, type Operation } from './graphql.js';
import { signIn } from './oidc-browser.js';
import { listenForIssuer } from './oidc-issuer.js';
import { freeLoopbackPorts } from './free-ports.js';
import { startReplicas, type Replica } from './replicas.js';
import { disposedWhenDone } from './teardown.js';
import { tempDir } from './temp-dir.js';

/** Each replica's `SESSION_RATE_LIMIT_PER_MINUTE` (also the burst a quiet session may send at once). */
export const SESSION_REQUESTS_PER_MINUTE = 60;
/** How many parents the issuer knows: one per test that needs a family of its own. */
const PARENTS = 24;
/** The names of the replicas, in order: A is the one people sign in on. */
export const REPLICA_NAMES = ['A', 'B', 'C'] as const;

/** One of {@link REPLICA_NAMES}. */
export type ReplicaName = (typeof REPLICA_NAMES)[number];

/** How {@link useScaleOut} sets the replicas up beyond what they all share. */
export interface ScaleOutOptions {
  /**
   * Variables of a replica's own, over the shared ones, by its name: e.g. `{ B: { CHANGE_DETECTION: 'on' } }`
   * for a test of one replica doing what the others do not.
   */
  replicaEnvironment?: Partial<Record<ReplicaName, Readonly<Record<string, string>>>>;
}

/** The running world; its fields are set before the first test of the block that asked for it. */
export interface ScaleOut {
  /** Replicas A, B and C. */
  readonly replicas: readonly Replica[];
  /** The four diaries, their tenants, and what links the family's accounts. */
  readonly diaries: StartedDemoSimulators;
  readonly family: DemoFamily;
  /** The issuer login of a parent no test used yet (each call a new one): a family of its own. */
  nextParent(): string;
  /** How many requests the diaries have received so far, all four together. */
  upstreamRequests(): number;
}

/**
 * Starts the world before the tests of the calling `describe` block (or file), on the Redis that
 * `redisEnvironment` names when called in `beforeAll` (for example a topology's variables and a fresh
 * `REDIS_KEY_PREFIX`), each replica with its own variables from `options` over the shared ones.
 * Everything it starts stops when the file ends (teardown.ts).
 */
export function useScaleOut(
  redisEnvironment: () => Readonly<Record<string, string>>,
  options: ScaleOutOptions = {},
): ScaleOut {
  const world = {} as { -readonly [K in keyof ScaleOut]: ScaleOut[K] };
  let parentsUsed = 0;
  world.nextParent = () => {
    parentsUsed += 1;
    if (parentsUsed > PARENTS) throw new Error(`the issuer knows ${PARENTS} parents: raise PARENTS in scale-out.ts`);
    return `parent-${parentsUsed}`;
  };
  world.upstreamRequests = () => {
    const { mesh, meshRegion, dnevnik, eljur } = world.diaries.simulators;
    return [mesh, meshRegion, dnevnik, eljur].reduce((sum, simulator) => sum + simulator.requests.length, 0);
  };

  beforeAll(async () => {
    const now = () => new Date();
    world.family = generateDemoFamily({ today: dateInZone(now(), 'Europe/Moscow') });
    const [diaries, issuer, ports] = await Promise.all([
      disposedWhenDone(startDemoSimulators({ family: world.family, now })),
      listenForIssuer(),
      freeLoopbackPorts(REPLICA_NAMES.length),
    ]);
    world.diaries = diaries;
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    diaries.allowLinkCallbacks(urls[0]!);
    await issuer.start({ accounts: parentAccounts(world.family), redirectUri: `${urls[0]}/auth/callback` });
    const environment = {
      ...gatewayEnvironment(),
      // The address browsers reach the gateway at is one for every replica, as behind a load balancer. There
      // is no balancer here: A's address stands for it, so every sign-in and link callback comes back to A.
      PUBLIC_URL: urls[0]!,
      ...redisEnvironment(),
      TENANTS_FILE: await writeTenantsFile(diaries),
      OIDC_ISSUER: issuer.issuerUrl,
      OIDC_CLIENT_ID: DEMO_ISSUER_CLIENT.id,
      OIDC_CLIENT_SECRET: DEMO_ISSUER_CLIENT.secret,
    };
    const ownOf = (name: string) => options.replicaEnvironment?.[name as ReplicaName] ?? {};
    world.replicas = await startReplicas(REPLICA_NAMES, (name) => ({ ...environment, ...ownOf(name) }), ports);
  }, 120_000);
  return world;
}

/** What every replica is configured with besides Redis, the tenants and the issuer. */
function gatewayEnvironment(): Record<string, string> {
  const secret = () => randomBytes(32).toString('base64url');
  return {
    DEMO: 'off',
    STORE: 'redis',
    LOG_LEVEL: 'warn',
    ID_SECRET: secret(),
    PERSONAL_DATA_SECRET: secret(),
    CREDENTIAL_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    SESSION_RATE_LIMIT_PER_MINUTE: String(SESSION_REQUESTS_PER_MINUTE),
    ADDRESS_RATE_LIMIT_PER_MINUTE: '1000000',
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000',
    // Change detection would poll the linked accounts behind the tests' backs, adding diary calls the tests
    // count; a test of detection turns it on for its own replicas.
    CHANGE_DETECTION: 'off',
    DELIVERIES: 'off',
  };
}

/** The issuer's people: {@link PARENTS} parents with the demo parent's claims, `parent-1`…, and the grandmother. */
function parentAccounts(family: DemoFamily): DemoIssuerAccount[] {
  const [parent, grandmother] = demoIssuerAccounts(family);
  const parents = Array.from({ length: PARENTS }, (_, index) => ({
    ...parent!,
    login: `parent-${index + 1}`,
    subject: `9${String(index + 1).padStart(9, '0')}`,
  }));
  return [...parents, grandmother!];
}

/**
 * A tenants file with the demo's four tenants pointed at the simulators and every other built-in tenant
 * off (they would only fill the replicas' start-up report); mode 0600, as the docs ask of the real one.
 */
async function writeTenantsFile(diaries: StartedDemoSimulators): Promise<string> {
  const served = new Set(diaries.tenants.map((tenant) => tenant.id));
  const off = BUILT_IN_TENANTS.filter((tenant) => !served.has(tenant.id)).map(({ id }) => ({ id, enabled: false }));
  const file = join(await tempDir('dg-scale-out-'), 'tenants.json');
  await writeFile(file, JSON.stringify({ tenants: [...diaries.tenants, ...off] }), { mode: 0o600 });
  return file;
}

/** Signs `login` in on `replica` through the issuer as an API client; resolves with the bearer token. */
export function signInOn(replica: Replica, login: string): Promise<string> {
  return signIn(replica.url, login, 'bearer');
}

/** Posts a GraphQL request to `replica` with `token` as the bearer (none: without a session). */
export function graphqlOn<TData>(
  replica: Replica,
  token: string | null,
  query: Operation<TData> | string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<TData>> {
  return postGraphql(replica.url, query, {
    variables,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}
