/**
 * The embedded demo: starts each diary's simulator on loopback, seeded with the demo family generated
 * around today, and registers the family's parent, session and diary accounts in the store.
 */
import { createHash } from 'node:crypto';
import { startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import { createSession } from '../auth/sessions.js';
import { dateInZone } from '../domain/dates.js';
import type { GatewayStore } from '../store/store.js';
import type { DemoFamily } from './family.js';
import { generateDemoFamily } from './generate-family.js';

/** The running demo. */
export interface RunningDemo {
  family: DemoFamily;
  /** Bearer token of the demo parent's gateway session. */
  token: string;
  /** The running simulators, by provider (tests and benchmarks steer their faults and latency). */
  simulators: { mesh: MeshSimulator };
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

/** Starts the simulators and registers the demo family. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const family = generateDemoFamily({ today: dateInZone(options.now(), 'Europe/Moscow') });
  const mesh = await startMeshSimulator({
    family,
    host: options.host ?? '127.0.0.1',
    latencyMs: options.latencyMs ?? 0,
    now: options.now,
  });
  const userId = demoId('usr', 'parent');
  const { parent } = family;
  await options.store.putUser({ id: userId, displayName: [parent.firstName, parent.middleName, parent.lastName].filter(Boolean).join(' ') });
  // Only the accounts of diaries whose simulator runs here are linked; the family may hold more.
  const simulated = new Set(['MESH']);
  for (const account of family.accounts.filter((each) => simulated.has(each.provider))) {
    await options.store.putProviderAccount({
      id: demoId('acc', `${account.provider}:${account.profileId}`),
      userId,
      provider: account.provider,
      credentials: { token: account.token },
    });
  }
  const token = await createSession(options.store, userId, { ttlMs: null, now: options.now().getTime() });
  return { family, token, simulators: { mesh }, dispose: () => mesh.dispose() };
}
