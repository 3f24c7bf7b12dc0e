/**
 * The import rules of docs/architecture.md ("Direction of imports") are wired up: the project's
 * eslint.config.js, run through ESLint's API on imports written as if they were files of the tree, refuses
 * each kind of crossing with a message naming the rule it breaks, accepts what the architecture allows, and
 * refuses a relative import it cannot resolve (which the zones would otherwise skip without a word).
 */
import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Only the layering rules run here, without type information: the probe files are not in tsconfig.json,
// and the layering rules need none (they resolve paths).
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: null } } },
  ruleFilter: ({ ruleId }) => ruleId.startsWith('import-x/'),
});

/** The messages of the layering rules on `code`, linted as if it were the file at `filePath`. */
async function layeringOn(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'fatal'}: ${message.message}`);
}

describe('the layering rules of eslint.config.js', () => {
  // Loading the config and the resolver takes seconds on a busy machine: once, outside any one test's time.
  beforeAll(() => layeringOn('', 'src/index.ts'));

  it.each([
    [
      'an adapter importing a resolver module',
      'adapters/mesh/probe.ts',
      `import { createContext } from '../../src/graphql/context.js';`,
      'Adapters import only src/domain, src/errors and src/upstream',
    ],
    [
      'an adapter importing another adapter',
      'adapters/mesh/probe.ts',
      `import { createDnevnikAdapter } from '../dnevnik/index.js';`,
      'An adapter imports no other adapter',
    ],
    [
      'an adapter importing its own simulator',
      'adapters/eljur/probe.ts',
      `import { startEljurSimulator } from './simulator/index.js';`,
      'An adapter imports no other adapter, no simulator',
    ],
    [
      'a simulator importing the demo family (break 1 of issue 12)',
      'adapters/mesh/simulator/probe.ts',
      `import type { DemoFamily } from '../../../src/demo/demo-family.js';`,
      'A simulator imports no gateway code',
    ],
    [
      "a simulator importing the gateway's date helpers",
      'adapters/dnevnik/simulator/probe.ts',
      `import { addDays } from '../../../src/domain/dates.js';`,
      'A simulator imports no gateway code',
    ],
    [
      "a simulator importing its adapter's normaliser (break 5 of issue 12)",
      'adapters/eljur/simulator/probe.ts',
      `import { dayKeyToIso } from '../normalize-common.js';`,
      'A simulator shares no code with any adapter',
    ],
    [
      "the simulators' kit importing gateway code",
      'adapters/simulation/probe.ts',
      `import { isIsoDate } from '../../src/domain/dates.js';`,
      "adapters/simulation is the simulators' own kit",
    ],
    [
      'sign-in loading the demo issuer (break 2 of issue 12)',
      'src/auth/oidc/probe.ts',
      `import { startDemoIssuer } from '../../demo/identity-provider.js';`,
      'src/demo is loaded only by the composition root',
    ],
    [
      'the HTTP edge importing a demo constant',
      'src/server/probe.ts',
      `export { DEMO_ISSUER_PATH } from '../demo/identity-provider.js';`,
      'src/demo is loaded only by the composition root',
    ],
    [
      'a dynamic import of the demo',
      'src/graphql/probe.ts',
      `export const load = () => import('../demo/start-demo.js');`,
      'src/demo is loaded only by the composition root',
    ],
    [
      'configuration importing the cache (break 3 of issue 12)',
      'src/config/probe.ts',
      `import { UpstreamCache } from '../cache/upstream-cache.js';`,
      'src/config imports no other room',
    ],
    [
      'students importing accounts (break 4 of issue 12: the cycle)',
      'src/students/probe.ts',
      `import { openProviderAccount } from '../accounts/save-account.js';`,
      'src/students imports only src/{',
    ],
    [
      'the model importing the store',
      'src/domain/probe.ts',
      `import type { GatewayStore } from '../store/store.js';`,
      'src/domain imports no other room',
    ],
    [
      'a resolver importing an adapter',
      'src/graphql/resolvers/probe.ts',
      `import { createMeshAdapter } from '../../../adapters/mesh/index.js';`,
      'Only the composition root (src/index.ts, with src/tenant-adapters.ts) imports adapters',
    ],
    [
      "the demo importing an adapter's code",
      'src/demo/probe.ts',
      `import { MESH_PATHS } from '../../adapters/mesh/endpoints.js';`,
      'src/demo starts and seeds the simulators; it imports no adapter code',
    ],
    [
      'the family page importing gateway code',
      'web/src/probe.ts',
      `import type { GatewayConfig } from '../../src/config/config.js';`,
      'The family page (web/) talks to the gateway over HTTP through @diary-gateway/client only',
    ],
    [
      'the family page importing a test helper',
      'web/src/children/probe.tsx',
      `import { TEST_NOW } from '../../../test/support/gateway.js';`,
      'The family page (web/) talks to the gateway over HTTP through @diary-gateway/client only',
    ],
    [
      "the family page's build config importing an adapter",
      'web/probe.ts',
      `import { createMeshAdapter } from '../adapters/mesh/index.js';`,
      'The family page (web/) talks to the gateway over HTTP through @diary-gateway/client only',
    ],
    [
      'the client package importing gateway code',
      'client/src/probe.ts',
      `import { ForbiddenError } from '../../src/errors/gateway-error.js';`,
      'The client package (client/src) ships on its own',
    ],
    [
      'the client package importing the family page',
      'client/src/probe.ts',
      `import { dashboardRange } from '../../web/src/dates.js';`,
      'The client package (client/src) ships on its own',
    ],
    [
      'the gateway importing the family page',
      'src/server/probe.ts',
      `import { measureBuild } from '../../web/bundle-budget.js';`,
      'Nothing imports the family page (web/): the gateway serves its build (dist/web) as files',
    ],
    [
      'an adapter importing the family page',
      'adapters/eljur/probe.ts',
      `import type { Language } from '../../web/src/i18n.js';`,
      'Nothing imports the family page (web/)',
    ],
  ])('should refuse %s, naming the rule', async (_what, filePath, code, rule) => {
    const messages = await layeringOn(code, filePath);
    expect(messages.some((message) => message.startsWith('import-x/no-restricted-paths: '))).toBe(true);
    expect(messages.join('\n')).toContain(rule);
    expect(messages.join('\n')).toContain('(docs/architecture.md, "Direction of imports")');
  });

  it.each([
    [
      'an adapter importing the model, the errors and the upstream helpers',
      'adapters/mesh/probe.ts',
      `import { addDays } from '../../src/domain/dates.js';
import { ProviderError } from '../../src/errors/gateway-error.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import { MESH_PATHS } from './endpoints.js';`,
    ],
    [
      "a simulator importing the simulators' kit and its own files",
      'adapters/eljur/simulator/probe.ts',
      `import { shiftDate } from '../../simulation/calendar.js';
import type { SeedFamily } from '../../simulation/seed.js';
import { dayKey } from './wire.js';`,
    ],
    [
      'the composition root importing adapters and the demo',
      'src/index.ts',
      `import { createMeshAdapter } from '../adapters/mesh/index.js';
import { startDemo } from './demo/start-demo.js';`,
    ],
    [
      'the demo importing simulators and the rooms it seeds',
      'src/demo/probe.ts',
      `import { startMeshSimulator } from '../../adapters/mesh/simulator/index.js';
import type { SeedFamily } from '../../adapters/simulation/seed.js';
import { saveProviderAccount } from '../accounts/save-account.js';`,
    ],
    [
      'linking importing the students room',
      'src/accounts/probe.ts',
      `import { studentLink } from '../students/account-children.js';`,
    ],
    [
      'the family page importing the client by its package name, and its own modules',
      'web/src/children/probe.tsx',
      `import { DashboardDocument } from '@diary-gateway/client';
import { dashboardRange } from '../dates.js';
import { useText } from '../i18n.js';`,
    ],
    [
      "the family page's build config importing its budget",
      'web/probe.ts',
      `import { measureBuild } from './bundle-budget.js';`,
    ],
    [
      'the client package importing its own generated types',
      'client/src/probe.ts',
      `import { DashboardDocument } from './generated/graphql.js';`,
    ],
  ])('should accept %s', async (_what, filePath, code) => {
    expect(await layeringOn(code, filePath)).toEqual([]);
  });

  it('should refuse a relative import it cannot resolve, which the zones would skip', async () => {
    expect(await layeringOn(`import { x } from '../demo/no-such-file.js';`, 'src/server/probe.ts')).toEqual([
      "import-x/no-unresolved: Unable to resolve path to module '../demo/no-such-file.js'.",
    ]);
  });
});

/** Each room of src/ and the rooms the layering rules let it import, read back from eslint.config.js. */
async function configuredRooms(): Promise<Map<string, string[]>> {
  const config = (await new ESLint({ cwd: process.cwd() }).calculateConfigForFile('src/index.ts')) as {
    rules: Record<string, [unknown, { zones: { target: unknown; from: unknown; except?: string[] }[] }]>;
  };
  const rooms = new Map<string, string[]>();
  for (const zone of config.rules['import-x/no-restricted-paths']?.[1].zones ?? []) {
    // A room's zone: its folder as target, all of src/ as `from`, the room and what it may import as `except`.
    if (zone.from !== './src' || typeof zone.target !== 'string' || !zone.target.startsWith('./src/')) continue;
    const room = zone.target.slice('./src/'.length);
    const others = (zone.except ?? []).map((path) => path.slice('./'.length));
    rooms.set(
      room,
      others.filter((other) => other !== room && other !== 'demo'),
    );
  }
  return rooms;
}

describe('the rooms table of the layering rules', () => {
  it('should name every folder of src/, so a new room must say what it may import', async () => {
    const folders = readdirSync('src', { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect([...(await configuredRooms()).keys()].sort()).toEqual(folders.map((entry) => entry.name).sort());
  });

  it('should allow no cycle between rooms', async () => {
    const allowed = await configuredRooms();
    // Depth-first search: a room met again while its own imports are being walked closes a cycle.
    const state = new Map<string, 'walking' | 'done'>();
    const cycles: string[] = [];
    const walk = (room: string, trail: string[]): void => {
      if (state.get(room) === 'done') return;
      if (state.get(room) === 'walking') {
        cycles.push([...trail.slice(trail.indexOf(room)), room].join(' → '));
        return;
      }
      state.set(room, 'walking');
      for (const other of allowed.get(room) ?? []) walk(other, [...trail, room]);
      state.set(room, 'done');
    };
    for (const room of allowed.keys()) walk(room, []);
    expect(allowed.size).toBeGreaterThan(10);
    expect(cycles).toEqual([]);
  });
});
