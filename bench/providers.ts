/**
 * The diaries the benchmark can drive, and what each one needs: its simulator, the gateway settings that
 * point the gateway at it, the credentials a linked account stores, and which demo child stands for it
 * on the dashboard. МЭШ is always there; Dnevnik.ru and Eljur join when the gateway registers their adapters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DNEVNIK_SIMULATOR_CLIENT, startDnevnikSimulator } from '../adapters/dnevnik/simulator/index.js';
import {
  ELJUR_SIMULATOR_DEVKEY,
  ELJUR_SIMULATOR_VENDOR,
  startEljurSimulator,
} from '../adapters/eljur/simulator/index.js';
import { startMeshSimulator } from '../adapters/mesh/simulator/index.js';
import type { DemoAccount, DemoFamily } from '../src/demo/demo-family.js';

/** A provider the bench can simulate. */
export type BenchProvider = 'MESH' | 'DNEVNIK' | 'ELJUR';

/** What the bench needs of a running simulator (the shape every simulator shares). */
export interface SimulatorHandle {
  url: string;
  readonly requests: readonly { method: string; path: string; query: Readonly<Record<string, string>> }[];
  clearRequests(): void;
  dispose(): Promise<void>;
}

/** Starts the simulator of `provider` on an ephemeral loopback port. */
export function startSimulator(
  provider: BenchProvider,
  options: { family: DemoFamily; latencyMs: number },
): Promise<SimulatorHandle> {
  const common = { family: options.family, host: '127.0.0.1', latencyMs: options.latencyMs };
  if (provider === 'MESH') return startMeshSimulator(common);
  if (provider === 'DNEVNIK') return startDnevnikSimulator(common);
  return startEljurSimulator(common);
}

/** The factory each optional diary's adapter is registered with in the composition root. */
const ADAPTER_FACTORY: Readonly<Record<Exclude<BenchProvider, 'MESH'>, RegExp>> = Object.freeze({
  DNEVNIK: /createDnevnikAdapter/,
  ELJUR: /createEljurAdapter/,
});

/**
 * Whether the compiled gateway serves `provider`: its composition root registers the diary's adapter, in
 * `dist/src/index.js` or, since the root split its adapter wiring off, `dist/src/tenant-adapters.js`. Read
 * from the build, so the bench follows the code.
 */
export function providerAvailable(
  provider: Exclude<BenchProvider, 'MESH'>,
  distRoot: string = join(import.meta.dirname, '..'),
): boolean {
  return ['src/index.js', 'src/tenant-adapters.js'].some((file) => {
    const root = join(distRoot, file);
    return existsSync(root) && ADAPTER_FACTORY[provider].test(readFileSync(root, 'utf8'));
  });
}

/** Whether the compiled gateway serves Dnevnik.ru (see {@link providerAvailable}). */
export function dnevnikAvailable(distRoot: string = join(import.meta.dirname, '..')): boolean {
  return providerAvailable('DNEVNIK', distRoot);
}

/** The Eljur tenant's zone: the demo family's Eljur schools are in Samara, as the demo's tenant says. */
export const ELJUR_BENCH_TIME_ZONE = 'Europe/Samara';

/** Gateway environment variables pointing `provider` at `url`. */
export function gatewayEnvironment(provider: BenchProvider, url: string): Record<string, string> {
  if (provider === 'MESH') return { MESH_SCHOOL_BASE_URL: url, MESH_ACL_BASE_URL: url };
  if (provider === 'ELJUR') {
    // The simulator's developer key and school, as the demo's Eljur tenant configures them.
    return {
      ELJUR_BASE_URL: url,
      ELJUR_DEVKEY: ELJUR_SIMULATOR_DEVKEY,
      ELJUR_VENDOR: ELJUR_SIMULATOR_VENDOR,
      ELJUR_TIME_ZONE: ELJUR_BENCH_TIME_ZONE,
    };
  }
  // The simulator's OAuth client: only used if a token had to be refreshed, which the demo tokens never need.
  return {
    DNEVNIK_BASE_URL: url,
    DNEVNIK_CLIENT_ID: DNEVNIK_SIMULATOR_CLIENT.id,
    DNEVNIK_CLIENT_SECRET: DNEVNIK_SIMULATOR_CLIENT.secret,
  };
}

/** The credentials a linked account of the demo family stores, in the adapter's shape. */
export function accountCredentials(account: DemoAccount): Record<string, string> {
  if (account.provider === 'MESH') return { token: account.token };
  // An Eljur account as it stands after its first sign-in: login and password, and the token Eljur issued
  // (no known expiry, so it is used until refused), so a dashboard makes no sign-in call, as on the others.
  if (account.provider === 'ELJUR')
    return { login: account.login ?? '', password: account.password ?? '', token: account.token };
  return account.refreshToken
    ? { accessToken: account.token, refreshToken: account.refreshToken }
    : { accessToken: account.token };
}

/**
 * The demo accounts each benchmark family links: one per diary, the one on the diary's main installation.
 * The bench starts one simulator per diary; an account of another installation (the family's «Моя школа»
 * account, tenant `mesh-mosreg`) would need a simulator of its own, and its child is not on the dashboard.
 */
export function benchAccounts(family: DemoFamily, providers: readonly BenchProvider[]): DemoAccount[] {
  return providers.flatMap((provider) => {
    const account = family.accounts.find((each) => each.provider === provider && each.tenant === undefined);
    return account ? [account] : [];
  });
}

/**
 * The demo child that stands for each provider on the dashboard (issue 6: two children, two providers;
 * issue 15: a third, on Eljur). Мария also has an Eljur enrollment (her art school, `masha-art`): with
 * Eljur linked, the gateway merges it into her student, so her dashboard carries both diaries' data.
 */
export const DASHBOARD_CHILD: Readonly<Record<BenchProvider, string>> = Object.freeze({
  MESH: 'masha',
  DNEVNIK: 'sonya',
  ELJUR: 'lev',
});

/** With МЭШ alone, the dashboard's second child is Артём (same МЭШ account as Мария). */
export const MESH_ONLY_SECOND_CHILD = 'artem';

/**
 * The diaries of the run: МЭШ, Dnevnik.ru and Eljur when the build serves them (one dashboard child each);
 * `--without-eljur` leaves Eljur out (issue 6's two-child dashboard), `--mesh-only` leaves both out.
 */
export function chooseProviders(
  argv: readonly string[],
  available: (provider: Exclude<BenchProvider, 'MESH'>) => boolean = providerAvailable,
): {
  providers: BenchProvider[];
  childKeys: string[];
  note: string | null;
} {
  const meshOnly = argv.includes('--mesh-only');
  if (!meshOnly && available('DNEVNIK')) {
    const providers: BenchProvider[] = ['MESH', 'DNEVNIK'];
    let note: string | null = null;
    if (argv.includes('--without-eljur'))
      note = 'NO ELJUR (--without-eljur was given): the dashboard is issue 6’s two children.';
    else if (available('ELJUR')) providers.push('ELJUR');
    else note = 'NO ELJUR: the gateway does not register an Eljur adapter.';
    return { providers, childKeys: providers.map((provider) => DASHBOARD_CHILD[provider]), note };
  }
  const why = meshOnly ? '--mesh-only was given' : 'the gateway does not register a Dnevnik.ru adapter yet';
  return {
    providers: ['MESH'],
    childKeys: [DASHBOARD_CHILD.MESH, MESH_ONLY_SECOND_CHILD],
    note: `МЭШ ONLY (${why}): the dashboard shows masha and artem, both on МЭШ; the fault scenario has no healthy diary.`,
  };
}
