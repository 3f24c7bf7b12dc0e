/**
 * The embedded demo: starts each diary's simulator on loopback, seeded with the demo family generated
 * around today, and registers the family's parent, session and diary accounts in the store.
 */
import { createHash } from 'node:crypto';
import { DNEVNIK_SIMULATOR_CLIENT, startDnevnikSimulator, type DnevnikSimulator } from '../../adapters/dnevnik/simulator/index.js';
import {
  ELJUR_SIMULATOR_DEVKEY,
  ELJUR_SIMULATOR_VENDOR,
  startEljurSimulator,
  type EljurSimulator,
} from '../../adapters/eljur/simulator/index.js';
import type { GatewayConfig } from '../config/config.js';
import { startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import { createSession } from '../auth/sessions.js';
import type { ProviderCredentials } from '../domain/adapter.js';
import { dateInZone } from '../domain/dates.js';
import type { GatewayStore } from '../store/store.js';
import type { DemoAccount, DemoFamily } from './family.js';
import { generateDemoFamily } from './generate-family.js';

/** The running simulators, by provider. */
export interface DemoSimulators {
  mesh: MeshSimulator;
  dnevnik: DnevnikSimulator;
  eljur: EljurSimulator;
}

/** The running demo. */
export interface RunningDemo {
  family: DemoFamily;
  /** Bearer token of the demo parent's gateway session. */
  token: string;
  /** The running simulators (tests and benchmarks steer their faults and latency). */
  simulators: DemoSimulators;
  /** Where the adapters reach the simulators: the same shape as the configuration's diary sections. */
  tenants: Pick<GatewayConfig, 'mesh' | 'dnevnik' | 'eljur'>;
  /** Stops the simulators. */
  dispose(): Promise<void>;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  store: GatewayStore;
  now: () => Date;
  /** Latency every simulator adds to its answers. @default 0 */
  latencyMs?: number;
  /** Host the simulators listen on. @default "127.0.0.1" */
  host?: string;
}

/** Demo ids are derived from names so they are the same on every start. */
const demoId = (prefix: string, name: string) => `${prefix}_demo_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;

/** Each diary stores what its adapter signs in with. */
function credentialsOf(account: DemoAccount): ProviderCredentials {
  switch (account.provider) {
    case 'MESH':
      return { token: account.token };
    case 'DNEVNIK':
      return account.refreshToken ? { accessToken: account.token, refreshToken: account.refreshToken } : { accessToken: account.token };
    case 'ELJUR':
      return { login: account.login ?? '', password: account.password ?? '' };
  }
}

/** Starts the simulators and registers the demo family. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const family = generateDemoFamily({ today: dateInZone(options.now(), 'Europe/Moscow') });
  const common = { family, host: options.host ?? '127.0.0.1', latencyMs: options.latencyMs ?? 0, now: options.now };
  const [mesh, dnevnik, eljur] = await Promise.all([startMeshSimulator(common), startDnevnikSimulator(common), startEljurSimulator(common)]);
  const userId = demoId('usr', 'parent');
  const { parent } = family;
  await options.store.putUser({ id: userId, displayName: [parent.firstName, parent.middleName, parent.lastName].filter(Boolean).join(' ') });
  for (const account of family.accounts) {
    await options.store.putProviderAccount({
      id: demoId('acc', `${account.provider}:${account.profileId}`),
      userId,
      provider: account.provider,
      credentials: credentialsOf(account),
    });
  }
  const token = await createSession(options.store, userId, { ttlMs: null, now: options.now().getTime() });
  return {
    family,
    token,
    simulators: { mesh, dnevnik, eljur },
    tenants: {
      mesh: { schoolBaseUrl: mesh.url, aclBaseUrl: mesh.url },
      dnevnik: { baseUrl: dnevnik.url, clientId: DNEVNIK_SIMULATOR_CLIENT.id, clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret },
      eljur: { baseUrl: eljur.url, devkey: ELJUR_SIMULATOR_DEVKEY, vendor: ELJUR_SIMULATOR_VENDOR, timeZone: 'Europe/Samara' },
    },
    dispose: async () => {
      await Promise.all([mesh.dispose(), dnevnik.dispose(), eljur.dispose()]);
    },
  };
}
