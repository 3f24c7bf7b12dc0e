// The import rules of docs/architecture.md ("The rooms", "Direction of imports"), enforced by ESLint:
// `npm run lint` (and so `npm test` and CI) fails when code imports across a room's walls.
//
// Why eslint-plugin-import-x's `no-restricted-paths`: dependency-cruiser 18 needs Node 22 and this project
// runs on Node 20. Core `no-restricted-imports` only sees the text of a specifier (`../graphql/context.js`),
// so each folder would need patterns guessing every relative spelling of every other folder, at every depth;
// `no-restricted-paths` resolves the import to a file and compares folders, which is what the architecture
// speaks of, and counts type-only imports and re-exports too. Its one gap — an import it cannot resolve is
// skipped without a word — is closed by `import-x/no-unresolved` on every relative import, so the rules
// cannot quietly stop working (test/unit/lint/layering-rules.test.ts checks both).
//
// Every message names the rule of the architecture it guards.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const WHERE = '(docs/architecture.md, "Direction of imports")';

/** The diaries: every folder of adapters/ except the simulators' kit. */
const PROVIDERS = readdirSync(path.join(ROOT, 'adapters'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'simulation')
  .map((entry) => entry.name)
  .sort();

/**
 * The rooms of src/ and the rooms each may import (type-only imports count: they are dependencies too).
 * Read top to bottom, each room imports only rooms above it, so no two rooms import each other; the test
 * checks that this table has no cycle and names every folder of src/. src/index.ts and src/main.ts (the
 * composition root) may import anything. src/demo is left out of every list: see DEMO below.
 */
const ROOM_IMPORTS = Object.freeze({
  domain: [],
  config: [],
  logging: [],
  errors: ['domain'],
  upstream: ['domain', 'errors'],
  identity: ['domain'],
  redis: ['config', 'logging'],
  store: ['config', 'domain', 'errors', 'logging', 'redis'],
  secrets: ['domain', 'logging', 'store'],
  cache: ['config', 'domain', 'errors', 'logging', 'redis', 'store'],
  observability: ['domain', 'logging', 'upstream'],
  resilience: ['config', 'domain', 'errors', 'logging', 'observability', 'redis', 'upstream'],
  loaders: ['cache', 'config', 'domain', 'errors', 'upstream'],
  answers: ['cache', 'store'],
  access: ['domain', 'errors', 'identity', 'store'],
  students: ['access', 'domain', 'errors', 'identity', 'loaders', 'store'],
  accounts: ['domain', 'errors', 'identity', 'loaders', 'secrets', 'store', 'students', 'upstream'],
  absences: ['access', 'domain', 'errors', 'loaders'],
  feeds: ['domain', 'errors', 'loaders', 'store'],
  prefetch: ['domain', 'errors', 'loaders', 'logging', 'store'],
  changes: ['access', 'config', 'domain', 'errors', 'loaders', 'logging', 'redis', 'store', 'students'],
  deliveries: ['changes', 'config', 'domain', 'errors', 'logging', 'redis', 'secrets', 'store'],
  push: ['config', 'deliveries', 'domain', 'errors', 'secrets', 'store'],
  messages: ['access', 'config', 'domain', 'errors', 'loaders', 'store', 'students'],
  auth: ['config', 'domain', 'errors', 'identity', 'logging', 'store'],
  tenants: ['config', 'domain', 'errors'],
  linking: ['accounts', 'auth', 'domain', 'errors', 'logging', 'store', 'tenants', 'upstream'],
  graphql: [
    'absences',
    'access',
    'accounts',
    'answers',
    'auth',
    'cache',
    'changes',
    'config',
    'deliveries',
    'domain',
    'errors',
    'feeds',
    'loaders',
    'messages',
    'logging',
    'push',
    'secrets',
    'store',
    'students',
    'tenants',
    'upstream',
  ],
  server: [
    'answers',
    'auth',
    'errors',
    'feeds',
    'graphql',
    'linking',
    'logging',
    'observability',
    'redis',
    'resilience',
    'tenants',
  ],
  tools: ['config', 'logging', 'secrets', 'store'],
  demo: [
    'accounts',
    'auth',
    'config',
    'domain',
    'errors',
    'identity',
    'loaders',
    'secrets',
    'store',
    'students',
    'tenants',
    'upstream',
  ],
});

/** Why a room's list is what it is, where a few words say more than the list. */
const ROOM_REASONS = {
  domain: 'the provider-neutral model that everything else builds on',
  config: 'it only reads the environment, so every room may import it',
  logging: 'the one redacting logger, so every room may import it',
  upstream: 'adapters import it, so it may bring in nothing they may not import',
  redis: 'connections to any Redis topology, below every room that uses Redis',
  students: 'linking, in src/accounts, builds on it, never the other way round',
};

const list = (rooms) => (rooms.length === 0 ? 'no other room' : `only src/{${rooms.join(', ')}}`);

/** One zone per room: everything in src/ outside the room and its list is off limits. */
const roomZones = Object.entries(ROOM_IMPORTS).map(([room, allowed]) => ({
  target: `./src/${room}`,
  from: './src',
  except: [...new Set([`./${room}`, './demo', ...allowed.map((other) => `./${other}`)])],
  message:
    `src/${room} imports ${list(allowed)}${ROOM_REASONS[room] ? ` (${ROOM_REASONS[room]})` : ''}. ` +
    `The rooms form layers: no two rooms import each other ${WHERE}.`,
}));

/** What the adapters' own code is: every file of adapters/<provider>/ outside its simulator/. */
const adapterCode = (provider) => [`./adapters/${provider}/*`, `./adapters/${provider}/!(simulator)/**`];

const ADAPTER_ALONE = `An adapter imports no other adapter, no simulator (its own included) and not the simulators' kit: nothing outside it sees its payloads ${WHERE}.`;

const adapterZones = PROVIDERS.flatMap((provider) => [
  {
    target: adapterCode(provider),
    from: './src',
    except: ['./domain', './errors', './upstream'],
    message: `Adapters import only src/domain, src/errors and src/upstream: never resolvers, loaders, the store or the demo ${WHERE}.`,
  },
  { target: adapterCode(provider), from: './adapters', except: [`./${provider}`], message: ADAPTER_ALONE },
  { target: adapterCode(provider), from: `./adapters/${provider}/simulator`, message: ADAPTER_ALONE },
]);

const simulatorZones = PROVIDERS.flatMap((provider) => [
  {
    target: `./adapters/${provider}/simulator`,
    from: './src',
    message: `A simulator imports no gateway code (src/, the demo included): it is a separate reading of the diary's API, seeded through adapters/simulation/seed.ts ${WHERE}.`,
  },
  {
    target: `./adapters/${provider}/simulator`,
    from: './adapters',
    except: ['./simulation', `./${provider}/simulator`],
    message: `A simulator shares no code with any adapter (a simulator must not share code with what it tests); shared simulator plumbing lives in adapters/simulation ${WHERE}.`,
  },
]);

const kitZone = {
  target: './adapters/simulation',
  from: ['./src', './adapters'],
  except: ['./simulation'],
  message: `adapters/simulation is the simulators' own kit: it imports no gateway code and no adapter ${WHERE}.`,
};

/** Everything in src/ but the demo and the composition root (src/index.ts, src/main.ts, src/tenant-adapters.ts). */
const PRODUCTION = [
  './src/!(demo|index.ts|main.ts|tenant-adapters.ts)',
  './src/!(demo|index.ts|main.ts|tenant-adapters.ts)/**',
];

/** src/demo: only the composition root loads it (and tests and the bench, which are not linted for this). */
const DEMO = {
  target: [...PRODUCTION, './adapters/**'],
  from: './src/demo',
  message: `src/demo is loaded only by the composition root (src/index.ts, src/main.ts), tests and the bench; production code never imports it ${WHERE}.`,
};

const wiringZones = [
  {
    target: PRODUCTION,
    from: './adapters',
    message: `Only the composition root (src/index.ts, with src/tenant-adapters.ts) imports adapters; the rest of src/ sees the diaries through src/domain's ProviderAdapter ${WHERE}.`,
  },
  {
    target: './src/demo',
    from: './adapters',
    except: ['./simulation', ...PROVIDERS.map((provider) => `./${provider}/simulator`)],
    message: `src/demo starts and seeds the simulators; it imports no adapter code (the composition root wires the adapters) ${WHERE}.`,
  },
];

/**
 * The family page (web/) and the typed client package (client/src) run in the browser and reach the
 * gateway only over HTTP: the page imports the client (by its package name) and nothing of the gateway;
 * the client imports nothing of this repository outside client/ (it ships on its own); and no gateway or
 * adapter code imports the page, which the gateway serves as built files.
 */
const browserZones = [
  {
    target: './web',
    from: ['./src', './adapters', './bench', './test'],
    message: `The family page (web/) talks to the gateway over HTTP through @diary-gateway/client only; it imports no gateway, adapter, bench or test code ${WHERE}.`,
  },
  {
    target: './client/src',
    from: ['./src', './adapters', './web', './bench', './test'],
    message: `The client package (client/src) ships on its own: it imports nothing of this repository outside client/ ${WHERE}.`,
  },
  {
    target: ['./src', './adapters', './client'],
    from: './web',
    message: `Nothing imports the family page (web/): the gateway serves its build (dist/web) as files ${WHERE}.`,
  },
];

/** The flat-config entries of the layering rules, for eslint.config.js. */
export const layering = [
  {
    files: ['src/**/*.ts', 'adapters/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx', 'client/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // The sources import `./x.js` for `./x.ts` (NodeNext): resolve them as TypeScript does.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [...roomZones, ...adapterZones, ...simulatorZones, kitZone, DEMO, ...wiringZones, ...browserZones],
        },
      ],
      // A relative import the resolver cannot find would slip past the zones above: refuse it instead.
      // Package imports are left to tsc (types-only packages have no file to resolve).
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
    },
  },
];
