/**
 * What compose.yaml runs, run here without Docker: the standalone demo upstreams as their own process
 * (`src/demo/upstreams-main.ts`, with the `demo-upstreams` service's environment, on free ports), and a
 * gateway configured exactly as the compose file's `gateway-1` — `DEMO=off`, the demo issuer, the demo
 * tenants file — except for what cannot be the same on a shared machine: its ports (the tenants file is
 * rewritten to the ports taken) and a memory store instead of Redis. A parent signs in through the demo
 * issuer, links a diary on the simulator's own sign-in page, and reads the child's grades over GraphQL.
 * The health checks of the compose file and of the image are run as Docker would run them.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { addDays, dateInZone } from '../../src/domain/dates.js';
import type { UpstreamsGuide } from '../../src/demo/upstreams-guide.js';
import { loadUpstreamsSettings } from '../../src/demo/upstreams-settings.js';
import { createGateway } from '../../src/index.js';
import { createLogger } from '../../src/logging/logger.js';
import {
  argsOf,
  dockerStages,
  environmentOf,
  execForm,
  parseCompose,
  REPOSITORY,
  repositoryFile,
} from '../support/container-files.js';
import { freeLoopbackPort, reserveLoopbackPort } from '../support/free-ports.js';
import { noErrors, operation, postGraphql } from '../support/graphql.js';
import { createLinkBrowser, linkThroughDiary } from '../support/link-browser.js';
import { captureLogs } from '../support/logs.js';
import { signIn } from '../support/oidc-browser.js';
import { registerTeardown } from '../support/teardown.js';
import { tempDir } from '../support/temp-dir.js';

const COMPOSE = parseCompose(repositoryFile('compose.yaml'));
const UPSTREAMS = COMPOSE.services['demo-upstreams']!;
const GATEWAY = COMPOSE.services['gateway-1']!;
const COMPOSE_SETTINGS = loadUpstreamsSettings(environmentOf(UPSTREAMS));

/** Which tenant each of the upstreams' simulator ports serves. */
const TENANT_PORTS = {
  'mesh-moscow': COMPOSE_SETTINGS.ports.mesh,
  'mesh-mosreg': COMPOSE_SETTINGS.ports.meshRegion,
  'dnevnik-ru': COMPOSE_SETTINGS.ports.dnevnik,
  eljur: COMPOSE_SETTINGS.ports.eljur,
} as const;

const GRADES = operation<{
  viewer: {
    providerAccounts: { provider: string; status: string; tenant: { id: string } }[];
    students: { firstName: string; grades: { value: { raw: string } }[] }[];
  };
}>(
  `query($from: Date!, $to: Date!) { viewer { providerAccounts { provider status tenant { id } }
     students { firstName grades(from: $from, to: $to) { value { raw } } } } }`,
);

/** The environment of a test child process, without vitest's own. */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_ENV: _test, VITEST: _vitest, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** Runs a compose or Dockerfile health check's command vector (`node -e …`) with `env`; resolves with its exit code. */
function runProbe(command: readonly string[], env: Record<string, string>): Promise<number | null> {
  const [program, ...args] = command[0] === 'CMD' ? command.slice(1) : command;
  if (program !== 'node') throw new Error(`a probe runs ${program}, not node`);
  const child = spawn(process.execPath, args, { env: childEnvironment(env), stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The upstreams' process, as compose starts it (from sources here), with `environment`; ends with the file. */
async function startUpstreamsProcess(
  environment: Record<string, string>,
): Promise<{ guideUrl: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/upstreams-main.ts'], {
    cwd: REPOSITORY,
    env: childEnvironment(environment),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = /JSON, with the link mutations’ inputs for API clients: (\S+)/;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  registerTeardown(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`the demo upstreams exited with ${code}:\n${output}`);
  });
  // Ready once the guide is printed; an early exit (a bad setting, a port taken) ends the wait with its output.
  const match = await new Promise<RegExpExecArray | null>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => resolve(null));
  });
  if (!match) throw new Error(`the demo upstreams did not start:\n${output}`);
  return { guideUrl: match[1]!, output: () => output };
}

let gatewayUrl: string;
let guide: UpstreamsGuide;
let upstreamsOutput: () => string;
let issuerPort: string;

beforeAll(async () => {
  // Held until the gateway listens: the upstreams must know its address first, and start in seconds.
  const reserved = await reserveLoopbackPort();
  registerTeardown(() => reserved.release()); // should the setup fail before the gateway takes it
  const { port } = reserved;
  gatewayUrl = `http://127.0.0.1:${port}`;
  const upstreams = await startUpstreamsProcess({
    ...environmentOf(UPSTREAMS),
    // Loopback and free ports on a shared machine; the rest as in compose.yaml.
    UPSTREAMS_HOST: '127.0.0.1',
    UPSTREAMS_PUBLIC_HOST: '127.0.0.1',
    UPSTREAMS_ISSUER_PORT: '0',
    UPSTREAMS_MESH_PORT: '0',
    UPSTREAMS_MOSREG_PORT: '0',
    UPSTREAMS_DNEVNIK_PORT: '0',
    UPSTREAMS_ELJUR_PORT: '0',
    UPSTREAMS_GATEWAY_URLS: gatewayUrl,
  });
  upstreamsOutput = upstreams.output;
  issuerPort = new URL(upstreams.guideUrl).port;
  guide = (await (await fetch(upstreams.guideUrl)).json()) as UpstreamsGuide;

  // The compose file's tenants file, each simulator's compose address replaced by the one it got here.
  let tenants = repositoryFile('deploy/demo-tenants.yaml');
  for (const [tenant, composePort] of Object.entries(TENANT_PORTS)) {
    const url = guide.diaries.find((diary) => diary.tenant === tenant)!.url;
    tenants = tenants.replaceAll(`http://${COMPOSE_SETTINGS.publicHost}:${composePort}`, url);
  }
  const tenantsFile = join(await tempDir('dg-container-'), 'tenants.yaml');
  await writeFile(tenantsFile, tenants);

  const { REDIS_URL: _sharedRedis, ...composeEnvironment } = environmentOf(GATEWAY);
  const config = loadConfig({
    ...composeEnvironment,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: gatewayUrl,
    OIDC_ISSUER: guide.issuer.url,
    TENANTS_FILE: tenantsFile,
    STORE: 'memory',
  });
  const gateway = await createGateway(config, { logger: createLogger('warn', captureLogs().stream) });
  registerTeardown(() => gateway.close());
  await reserved.release();
  expect(await gateway.listen()).toBe(gatewayUrl);
}, 60_000);

describe('the demo upstreams beside a gateway configured as a compose replica', () => {
  it('should print and serve what a newcomer types: the issuer, the gateways and each diary’s credentials', () => {
    expect(upstreamsOutput()).toContain(`Sign-in issuer (OIDC_ISSUER): ${guide.issuer.url}`);
    expect(upstreamsOutput()).toContain('ivanova.anna / demo-dnevnik-password');
    expect(guide.gateways).toEqual([
      { url: gatewayUrl, signIn: `${gatewayUrl}/auth/login`, link: `${gatewayUrl}/link` },
    ]);
    expect(guide.diaries.map((diary) => diary.tenant).sort()).toEqual(Object.keys(TENANT_PORTS).sort());
    expect(guide.issuer.persons.map((person) => person.name)).toContain('Анна Сергеевна Иванова');
    expect(guide.mutations.linkDnevnikAccount).toEqual([{ code: expect.any(String) }]);
  });

  it('should let a parent sign in at the demo issuer, link Dnevnik.ru on its own page and read the grades', async () => {
    const cookie = await signIn(gatewayUrl, 'parent', 'cookie');
    const browser = createLinkBrowser();
    browser.setCookie(gatewayUrl, 'dg_session', cookie);
    const dnevnik = guide.diaries.find((diary) => diary.tenant === 'dnevnik-ru')!;

    const linked = await linkThroughDiary(browser, `${gatewayUrl}/link/dnevnik?tenant=dnevnik-ru`, 'dnevnik', dnevnik);
    expect(new URL(linked.diaryPage.url).origin).toBe(dnevnik.url);
    expect(linked.end.last.status).toBe(200);
    expect(linked.end.last.text).toContain('Дневник подключён: Дневник.ру.');

    // The whole school year so far (a year back covers it in any month, the summer included).
    const today = dateInZone(new Date(), 'Europe/Moscow');
    const answer = await postGraphql(gatewayUrl, GRADES, {
      variables: { from: addDays(today, -365), to: today },
      headers: { cookie: `dg_session=${cookie}` },
    });
    const { viewer } = noErrors(answer);
    expect(viewer.providerAccounts).toEqual([{ provider: 'DNEVNIK', status: 'ACTIVE', tenant: { id: 'dnevnik-ru' } }]);
    const sonya = viewer.students.find((student) => student.firstName === 'Софья');
    expect(sonya?.grades.length).toBeGreaterThan(0);
  });

  it('should pass the compose file’s and the image’s health checks, and fail them when nothing answers', async () => {
    const gatewayPort = new URL(gatewayUrl).port;
    const imageProbe = execForm(argsOf(dockerStages(repositoryFile('Dockerfile')).at(-1)!, 'HEALTHCHECK').at(-1)!);
    expect(await runProbe(GATEWAY.healthcheck!.test, { PORT: gatewayPort })).toBe(0);
    expect(await runProbe(imageProbe, { PORT: gatewayPort })).toBe(0);
    expect(await runProbe(UPSTREAMS.healthcheck!.test, { UPSTREAMS_ISSUER_PORT: issuerPort })).toBe(0);

    const nothing = String(await freeLoopbackPort());
    expect(await runProbe(GATEWAY.healthcheck!.test, { PORT: nothing })).toBe(1);
    expect(await runProbe(imageProbe, { PORT: nothing })).toBe(1);
    expect(await runProbe(UPSTREAMS.healthcheck!.test, { UPSTREAMS_ISSUER_PORT: nothing })).toBe(1);
  });
});
