/**
 * The demo's four diaries: one simulator per demo tenant, seeded with the demo family, and what the rest of
 * the demo needs of them — the tenants pointing at them, the gateways' link callbacks registered with their
 * sign-in pages, and the credentials a newcomer links the family's accounts with.
 *
 * Two callers: the embedded demo (`start-demo.ts`, on loopback ephemeral ports inside the gateway) and the
 * standalone demo upstreams (`upstreams-main.ts`, on fixed ports in a service of their own that every
 * gateway replica shares).
 */
import {
  DNEVNIK_SIMULATOR_CLIENT,
  startDnevnikSimulator,
  type DnevnikSimulator,
} from '../../adapters/dnevnik/simulator/index.js';
import {
  ELJUR_SIMULATOR_DEVKEY,
  ELJUR_SIMULATOR_VENDOR,
  SIGN_IN_PATH as ELJUR_SIGN_IN_PATH,
  startEljurSimulator,
  type EljurSimulator,
} from '../../adapters/eljur/simulator/index.js';
import { MESH_SIMULATOR_CLIENT, startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import type { Tenant } from '../tenants/tenant.js';
import type { DemoFamily } from './demo-family.js';
import { demoTenants, familyOnTenant, tenantOfDemoAccount } from './demo-tenants.js';

/** The running simulators: one per demo tenant. */
export interface DemoSimulators {
  /** Moscow's МЭШ (`mesh-moscow`), with login.mos.ru's sign-in pages. */
  mesh: MeshSimulator;
  /** The Moscow region's «Моя школа» (`mesh-mosreg`), a second МЭШ-platform node with its own sign-in. */
  meshRegion: MeshSimulator;
  dnevnik: DnevnikSimulator;
  eljur: EljurSimulator;
}

/** Which simulator: the keys of {@link DemoSimulators}. */
export type DemoSimulatorName = keyof DemoSimulators;

/** The inputs of the link mutations that link the demo family's accounts. */
export interface DemoLinkingCredentials {
  linkMeshAccount: { token: string; tenant: string }[];
  linkDnevnikAccount: ({ code: string } | { accessToken: string })[];
  linkEljurAccount: { login: string; password: string; vendor: string }[];
}

/** Options of {@link startDemoSimulators}. */
export interface DemoSimulatorsOptions {
  family: DemoFamily;
  now: () => Date;
  /** Latency every simulator adds to its answers. @default 0 */
  latencyMs?: number;
  /** Interface the simulators listen on. @default "127.0.0.1" */
  host?: string;
  /** Port of each simulator; a missing one (or 0) is picked by the system. */
  ports?: Partial<Record<DemoSimulatorName, number>>;
  /**
   * The host name gateways and browsers reach the simulators at, when it is not the listening address (a
   * container listening on `0.0.0.0` is reached at `localhost` through its published ports). The tenants'
   * URLs are built from it. @default the listening address
   */
  publicHost?: string;
}

/** The demo's diaries, started. Function properties, not methods: callers hand them on detached. */
export interface StartedDemoSimulators {
  simulators: DemoSimulators;
  /** The public origin of each simulator (`http://localhost:4011`). */
  urls: Readonly<Record<DemoSimulatorName, string>>;
  /** The demo's tenants, each pointing at its simulator (`mesh-moscow`, `mesh-mosreg`, `dnevnik-ru`, `eljur`). */
  tenants: readonly Tenant[];
  /**
   * Registers a gateway's link callbacks (`<baseUrl>/link/<platform>/callback`) with the simulators' sign-in
   * pages, as an integrator registers them with each diary. Called once per gateway (replica).
   */
  allowLinkCallbacks: (baseUrl: string) => void;
  /** The link mutations' inputs; the Dnevnik.ru code is fresh and single-use on every call, as a real one. */
  linkingCredentials: () => DemoLinkingCredentials;
  /** Stops the simulators. */
  dispose: () => Promise<void>;
}

/** `url` with its host replaced by `publicHost` (the port kept), or as it is without one. */
function publicOrigin(url: string, publicHost: string | undefined): string {
  if (publicHost === undefined) return url;
  const origin = new URL(url);
  origin.hostname = publicHost;
  return origin.origin;
}

/**
 * The demo's tenants for simulators at `urls`, with the client credentials and developer key the
 * simulators accept: what the embedded demo serves, and what `deploy/demo-tenants.yaml` must configure.
 */
export function demoSimulatorTenants(urls: Readonly<Record<DemoSimulatorName, string>>): Tenant[] {
  return demoTenants({
    mesh: { url: urls.mesh, client: MESH_SIMULATOR_CLIENT },
    meshRegion: { url: urls.meshRegion },
    dnevnik: { url: urls.dnevnik, client: DNEVNIK_SIMULATOR_CLIENT },
    eljur: {
      url: urls.eljur,
      devkey: ELJUR_SIMULATOR_DEVKEY,
      vendor: ELJUR_SIMULATOR_VENDOR,
      signInUrl: `${urls.eljur}${ELJUR_SIGN_IN_PATH}`,
    },
  });
}

/** Starts one simulator per demo tenant, each seeded with its own accounts only. */
export async function startDemoSimulators(options: DemoSimulatorsOptions): Promise<StartedDemoSimulators> {
  const { family, ports = {} } = options;
  const common = { family, host: options.host ?? '127.0.0.1', latencyMs: options.latencyMs ?? 0, now: options.now };
  // One simulator per tenant, each seeded with its own accounts only, as each installation knows only its own.
  const onTenant = (tenant: string, port: number | undefined) => ({
    ...common,
    family: familyOnTenant(family, tenant),
    port: port ?? 0,
  });
  const started: { dispose(): Promise<void> }[] = [];
  const tracked = async <T extends { dispose(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
    const simulator = await starting;
    started.push(simulator);
    return simulator;
  };
  const starting = [
    tracked(startMeshSimulator({ ...onTenant('mesh-moscow', ports.mesh), signIn: 'mos-ru' })),
    tracked(startMeshSimulator({ ...onTenant('mesh-mosreg', ports.meshRegion), signIn: 'regional' })),
    tracked(startDnevnikSimulator(onTenant('dnevnik-ru', ports.dnevnik))),
    tracked(startEljurSimulator(onTenant('eljur', ports.eljur))),
  ] as const;
  const failed = (await Promise.allSettled(starting)).find((result) => result.status === 'rejected');
  if (failed) {
    // A fixed port already taken stops the start: let go of the simulators that did start, then say why.
    await Promise.allSettled(started.map((simulator) => simulator.dispose()));
    throw failed.reason;
  }
  const [mesh, meshRegion, dnevnik, eljur] = await Promise.all(starting);
  const urls = Object.freeze({
    mesh: publicOrigin(mesh.url, options.publicHost),
    meshRegion: publicOrigin(meshRegion.url, options.publicHost),
    dnevnik: publicOrigin(dnevnik.url, options.publicHost),
    eljur: publicOrigin(eljur.url, options.publicHost),
  });
  return {
    simulators: { mesh, meshRegion, dnevnik, eljur },
    urls,
    tenants: demoSimulatorTenants(urls),
    allowLinkCallbacks: (baseUrl) => {
      mesh.allowRedirectUri(`${baseUrl}/link/mesh/callback`);
      meshRegion.allowRedirectUri(`${baseUrl}/link/mesh/callback`);
      dnevnik.allowRedirectUri(`${baseUrl}/link/dnevnik/callback`);
      eljur.allowRedirectUri(`${baseUrl}/link/eljur/callback`);
    },
    linkingCredentials: () => ({
      linkMeshAccount: family.accounts
        .filter((account) => account.provider === 'MESH')
        .map((account) => ({ token: account.token, tenant: tenantOfDemoAccount(account) })),
      linkDnevnikAccount: family.accounts
        .filter((account) => account.provider === 'DNEVNIK')
        .map((account) => ({ code: dnevnik.issueCode(account.profileId) })),
      linkEljurAccount: family.accounts
        .filter((account) => account.provider === 'ELJUR')
        .map((account) => ({
          login: account.login ?? '',
          password: account.password ?? '',
          vendor: ELJUR_SIMULATOR_VENDOR,
        })),
    }),
    dispose: async () => {
      await Promise.all([mesh.dispose(), meshRegion.dispose(), dnevnik.dispose(), eljur.dispose()]);
    },
  };
}
