/**
 * The diaries the benchmark can drive, and what each one needs: its simulator, the gateway settings that
 * point the gateway at it, the credentials a linked account stores, and which demo child stands for it
 * on the dashboard. МЭШ is always there; Dnevnik.ru joins once the gateway registers its adapter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DNEVNIK_SIMULATOR_CLIENT, startDnevnikSimulator } from '../adapters/dnevnik/simulator/index.js';
import { startMeshSimulator } from '../adapters/mesh/simulator/index.js';
import type { DemoAccount, DemoFamily } from '../src/demo/demo-family.js';

/** A provider the bench can simulate. */
export type BenchProvider = 'MESH' | 'DNEVNIK';

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
  const start = provider === 'MESH' ? startMeshSimulator : startDnevnikSimulator;
  return start({ family: options.family, host: '127.0.0.1', latencyMs: options.latencyMs });
}

/**
 * Whether the compiled gateway serves Dnevnik.ru: its composition root registers a Dnevnik.ru adapter, in
 * `dist/src/index.js` or, since the root split its adapter wiring off, `dist/src/tenant-adapters.js`. Read
 * from the build, so the bench follows the code.
 */
export function dnevnikAvailable(distRoot: string = join(import.meta.dirname, '..')): boolean {
  return ['src/index.js', 'src/tenant-adapters.js'].some((file) => {
    const root = join(distRoot, file);
    return existsSync(root) && /createDnevnikAdapter/.test(readFileSync(root, 'utf8'));
  });
}

/** Gateway environment variables pointing `provider` at `url`. */
export function gatewayEnvironment(provider: BenchProvider, url: string): Record<string, string> {
  if (provider === 'MESH') return { MESH_SCHOOL_BASE_URL: url, MESH_ACL_BASE_URL: url };
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

/** The demo child that stands for each provider on the dashboard (issue 6: two children, two providers). */
export const DASHBOARD_CHILD: Readonly<Record<BenchProvider, string>> = Object.freeze({
  MESH: 'masha',
  DNEVNIK: 'sonya',
});

/** With МЭШ alone, the dashboard's second child is Артём (same МЭШ account as Мария). */
export const MESH_ONLY_SECOND_CHILD = 'artem';
