/**
 * Child process (core 1, alone): the system under test. The compiled gateway, built by `createGateway`
 * exactly as `npm start` builds it, but with `DEMO=off` and a store seeded with N copies of the demo
 * parent: each copy has its own user, its own linked diary accounts (the simulators' demo tokens) and its
 * own session, so every copy is a separate family to the gateway's cache and no two copies share an entry
 * (benchmarking.md §8.3: no identical cross-user requests). The store is in memory, or the Redis store when
 * the environment says `STORE=redis` (the sizing scenario measures what a family costs there).
 */
import { saveProviderAccount } from '../src/accounts/save-account.js';
import type { WatchedResource } from '../src/config/change-polling.js';
import { loadConfig } from '../src/config/config.js';
import { createCredentialVault, type CredentialVault } from '../src/secrets/credential-vault.js';
import { generateDemoFamily } from '../src/demo/generate-family.js';
import { createGateway } from '../src/index.js';
import { createSession } from '../src/auth/sessions.js';
import { createLogger } from '../src/logging/logger.js';
import { createStore, type OpenedStore } from '../src/store/create-store.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import type { GatewayStore } from '../src/store/store.js';
import { createPhaseProfiler, prefetchOf } from './gateway-controls.js';
import { childOptions, serveParent } from './processes.js';
import { accountCredentials, benchAccounts, type BenchProvider } from './providers.js';

/** What the parent passes. */
export interface GatewayProcessOptions {
  /** Gateway environment (the same variables `npm start` reads). */
  environment: Record<string, string>;
  today: string;
  /** Providers whose demo accounts each family links. */
  providers: BenchProvider[];
  /** How many families (users with a session each) to seed. */
  families: number;
  /**
   * Sessions each family signs in with (a phone, a tablet, browser tabs), listed family after family.
   * @default 1
   */
  sessionsPerFamily?: number;
}

/** The `ready` message. */
export interface GatewayReady {
  type: 'ready';
  url: string;
  /** The bearer tokens of the seeded families, in order (`sessionsPerFamily` each). */
  sessions: string[];
}

/** `process.memoryUsage()` in MiB. */
export interface MemoryReport {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
}

/** The user id of the seeded family number `index`. */
const userIdOf = (index: number) => `usr_bench_${index}`;

async function seedFamilies(
  store: GatewayStore,
  vault: CredentialVault,
  options: GatewayProcessOptions,
): Promise<string[]> {
  const family = generateDemoFamily({ today: options.today });
  const { parent } = family;
  const displayName = [parent.firstName, parent.middleName, parent.lastName].filter(Boolean).join(' ');
  const accounts = benchAccounts(family, options.providers);
  const sessions: string[] = [];
  for (let index = 0; index < options.families; index++) {
    const userId = userIdOf(index);
    await store.putUser({ id: userId, displayName, login: null, person: null, phoneHash: null, children: [] });
    for (const account of accounts) {
      await saveProviderAccount(
        {
          id: `acc_bench_${index}_${account.provider.toLowerCase()}`,
          userId,
          provider: account.provider,
          credentials: accountCredentials(account),
          holder: {
            lastName: parent.lastName,
            firstName: parent.firstName,
            middleName: parent.middleName,
            birthDate: null,
            snilsHash: null,
          },
          holderMatch: 'NOT_COMPARABLE',
          linkedAt: index,
        },
        { store, vault },
      );
    }
    for (let each = 0; each < (options.sessionsPerFamily ?? 1); each++)
      sessions.push(await createSession(store, userId, { ttlMs: null, now: Date.now() }));
  }
  return sessions;
}

const MIB = 2 ** 20;

/** Families whose structure is prefetched at once (priming only, never measured). */
const PREFETCH_CONCURRENCY = 8;

function memoryReport(): MemoryReport {
  const usage = process.memoryUsage();
  return {
    rssMiB: usage.rss / MIB,
    heapUsedMiB: usage.heapUsed / MIB,
    heapTotalMiB: usage.heapTotal / MIB,
    externalMiB: usage.external / MIB,
  };
}

async function main(): Promise<void> {
  const options = childOptions<GatewayProcessOptions>();
  const config = loadConfig(options.environment);
  // Opened here, not by the gateway, so the families can be seeded before it starts; closed after it.
  const opened: OpenedStore | null =
    config.store.kind === 'redis' ? await createStore(config, { logger: createLogger(config.logLevel) }) : null;
  const store = opened?.store ?? createMemoryStore();
  const sessions = await seedFamilies(store, createCredentialVault(config.secrets.credentialKeys), options);
  const gateway = await createGateway(config, { store });
  const url = await gateway.listen();
  const profiler = createPhaseProfiler();
  const prefetch = prefetchOf(gateway);
  serveParent(
    async (message) => {
      switch (message.type) {
        case 'memory':
          // `--expose-gc` is passed by the parent, so heap figures can be read after a full collection.
          if (message.gc && typeof globalThis.gc === 'function') globalThis.gc();
          return memoryReport();
        case 'detect':
          // The detector's polls now, of every linked account (issue 16's change scenarios count their calls).
          await gateway.detectChanges(message.resources as WatchedResource[] | undefined);
          return null;
        case 'profile-start':
          await profiler.start();
          return null;
        case 'profile-stop':
          await profiler.stop(String(message.file));
          return null;
        case 'prefetch': {
          // `false`: this build has no `prefetchStructure`; the caller primes another way.
          if (!prefetch) return false;
          const wanted = new Set(message.sessions as string[]);
          const users = sessions.flatMap((session, index) => (wanted.has(session) ? [userIdOf(index)] : []));
          // A few families at a time, as sign-ins arrive: the prefetch is not what is measured.
          for (let from = 0; from < users.length; from += PREFETCH_CONCURRENCY)
            await Promise.all(users.slice(from, from + PREFETCH_CONCURRENCY).map((userId) => prefetch(userId)));
          return true;
        }
        default:
          throw new Error(`unknown request ${String(message.type)}`);
      }
    },
    async () => {
      await gateway.close();
      await opened?.close();
    },
  );
  process.send?.({ type: 'ready', url, sessions } satisfies GatewayReady);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
