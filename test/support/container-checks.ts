/**
 * What the container files promise, as checks that list every broken promise (an empty list: all kept).
 * Each takes the files' text, so a test can hand in a deliberately broken copy and see the check bite.
 *
 * - `dockerfileProblems`: multi-stage on node:20-bookworm-slim, the build stage compiles the gateway and the
 *   page, the runtime stage has production dependencies only, copies only what runs (and everything the
 *   gateway reads at start), runs as a non-root user on 0.0.0.0, exposes its port, checks `/healthz` with
 *   Node, stops on SIGTERM and starts `node dist/src/main.js`.
 * - `dockerignoreProblems`: the context is an allow-list that lets in what the build needs and no secrets.
 * - `composeProblems`: Redis with the store's settings, healthchecks and healthy dependencies, every variable
 *   known to the configuration it is given to, every gateway's environment loading as-is, ports, issuer,
 *   redirect URIs and the tenants file agreeing with the upstreams service and the demo.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { environmentSchema } from '../../src/config/environment.js';
import { demoSimulatorTenants } from '../../src/demo/demo-simulators.js';
import { DEMO_ISSUER_CLIENT, DEMO_ISSUER_PATH } from '../../src/demo/identity-provider.js';
import {
  loadUpstreamsSettings,
  upstreamsEnvironmentSchema,
  type UpstreamsSettings,
} from '../../src/demo/upstreams-settings.js';
import { loadTenants } from '../../src/tenants/load-tenants.js';
import {
  argsOf,
  envOf,
  environmentOf,
  execForm,
  mountedFrom,
  parseCompose,
  publishedPorts,
  REPOSITORY,
  dockerStages,
  type ComposeFile,
  type ComposeService,
} from './container-files.js';

/** The base image both stages must use. */
export const BASE_IMAGE = 'node:20-bookworm-slim';
/** The upstreams service's name in compose.yaml, whose network namespace the gateways share. */
export const UPSTREAMS_SERVICE = 'demo-upstreams';

/** The gateway's defaults, as its configuration schema gives them. */
const DEFAULTS = environmentSchema.parse({});

/** What the runtime stage must copy from the build stage: what the gateway runs and reads at start. */
export const RUNTIME_FILES = [
  'dist/src',
  // dist/src imports the compiled adapters (and, for the demo, their simulators).
  'dist/adapters',
  'dist/web',
  'schema/*.graphql',
  DEFAULTS.PERSISTED_OPERATIONS_FILE,
];

/** Whether `path` of the repository exists. */
const exists = (path: string) => existsSync(join(REPOSITORY, path));

/** The source file a `dist/…/x.js` entry point is compiled from (`src/…/x.ts`). */
export function sourceOf(compiled: string): string {
  return compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/** Every promise of the Dockerfile that `text` breaks. */
export function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const stages = dockerStages(text);
  if (stages.length < 2) return ['not multi-stage: a build stage and a runtime stage are expected'];
  for (const stage of stages)
    if (stage.from !== BASE_IMAGE) problems.push(`stage ${stage.name ?? '?'} is FROM ${stage.from}, not ${BASE_IMAGE}`);
  const build = stages[0]!;
  const runtime = stages.at(-1)!;
  const buildRuns = argsOf(build, 'RUN').join(' && ');
  for (const step of ['npm ci', 'npm run build', 'npm run build:web'])
    if (!buildRuns.includes(step)) problems.push(`the build stage does not run \`${step}\``);

  const env = envOf(runtime);
  if (env.get('NODE_ENV') !== 'production') problems.push('the runtime stage does not set NODE_ENV=production');
  const installs = argsOf(runtime, 'RUN').filter((run) => /\bnpm (ci|install|i)\b/.test(run));
  if (installs.length === 0) problems.push('the runtime stage installs no dependencies');
  for (const install of installs)
    if (!/\bnpm ci\b/.test(install) || !install.includes('--omit=dev'))
      problems.push(`the runtime stage installs more than the locked production dependencies: ${install}`);
  const copies = argsOf(runtime, 'COPY');
  if (copies.some((copy) => /(^|\s)\.\s+\S+$/.test(copy)))
    problems.push('the runtime stage copies the whole context: copy only what runs');
  const fromBuild = copies
    .filter((copy) => copy.startsWith(`--from=${build.name ?? '0'}`))
    .map((copy) => copy.split(' ')[1]!.replace(/^\/app\//, ''));
  for (const file of RUNTIME_FILES)
    if (!fromBuild.includes(file)) problems.push(`the runtime stage does not copy ${file} from the build stage`);

  const user = argsOf(runtime, 'USER').at(-1);
  if (user === undefined || ['root', '0', '0:0'].includes(user)) problems.push('the runtime stage runs as root');
  if (env.get('HOST') !== '0.0.0.0') problems.push('HOST is not 0.0.0.0: the gateway would listen on loopback only');
  const port = env.get('PORT') ?? String(DEFAULTS.PORT);
  const exposed = argsOf(runtime, 'EXPOSE').flatMap((args) => args.split(' '));
  if (exposed.join(' ') !== port)
    problems.push(`EXPOSE ${exposed.join(' ')} is not the port the gateway listens on (${port})`);

  const healthcheck = argsOf(runtime, 'HEALTHCHECK').at(-1);
  const probe = healthcheck === undefined ? [] : execForm(healthcheck);
  if (probe[0] !== 'node' || !probe.join(' ').includes('/healthz') || !probe.join(' ').includes('process.env.PORT'))
    problems.push('HEALTHCHECK does not ask /healthz on the configured PORT with node');

  const cmd = argsOf(runtime, 'CMD').at(-1);
  const command = cmd === undefined ? [] : execForm(cmd);
  if (command.join(' ') !== 'node dist/src/main.js')
    problems.push(`CMD is ${JSON.stringify(command)}, not node dist/src/main.js`);
  else if (!exists(sourceOf(command[1]!))) problems.push(`CMD runs ${command[1]}, compiled from no source`);
  if (argsOf(runtime, 'STOPSIGNAL').at(-1) !== 'SIGTERM') problems.push('STOPSIGNAL is not SIGTERM');
  return problems;
}

/** What the build stage reads from the context (beside what tsconfig.build.json includes). */
const BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'schema',
  'web',
  'client/src',
];
/** What must never enter the context. */
const NEVER_IN_CONTEXT = ['node_modules', 'dist', 'data', '.env', '.git', 'test-artifacts'];

/** Every promise of .dockerignore that `text` breaks; `buildIncludes` are tsconfig.build.json's `include`. */
export function dockerignoreProblems(text: string, buildIncludes: readonly string[]): string[] {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (patterns[0] !== '*') return ['.dockerignore is not an allow-list (its first pattern is not "*")'];
  const allowed = patterns
    .filter((pattern) => pattern.startsWith('!'))
    .map((pattern) => pattern.slice(1).replace(/\/$/, ''));
  const problems: string[] = [];
  for (const input of [...BUILD_INPUTS, ...buildIncludes])
    if (!allowed.includes(input)) problems.push(`.dockerignore keeps ${input} out, but the build needs it`);
  for (const secret of NEVER_IN_CONTEXT)
    if (allowed.some((path) => path === secret || path.startsWith(`${secret}/`)))
      problems.push(`.dockerignore lets ${secret} into the context`);
  for (const path of allowed) if (!exists(path)) problems.push(`.dockerignore lets in ${path}, which does not exist`);
  return problems;
}

/** The services of compose.yaml that are gateway replicas (named `gateway-…`). */
export function gatewayServices(compose: ComposeFile): [string, ComposeService][] {
  return Object.entries(compose.services).filter(([name]) => name.startsWith('gateway-'));
}

/** Every promise of compose.yaml that `text` breaks; `readFile` reads the repository's files (tenants file). */
export function composeProblems(text: string, readFile: (path: string) => string): string[] {
  const compose = parseCompose(text);
  const problems: string[] = [];
  const services = compose.services ?? {};
  const gateways = gatewayServices(compose);
  const upstreams = services[UPSTREAMS_SERVICE];
  const redis = services.redis;
  if (gateways.length < 2) problems.push('fewer than two gateway replicas');
  if (!upstreams) return [...problems, `no ${UPSTREAMS_SERVICE} service`];
  if (!redis) return [...problems, 'no redis service'];

  const redisCommand = (redis.command ?? []).join(' ');
  if (!redis.image?.startsWith('redis:7')) problems.push(`redis runs ${redis.image}, not redis:7`);
  for (const setting of ['--appendonly yes', '--maxmemory-policy noeviction'])
    if (!redisCommand.includes(setting)) problems.push(`redis is not started with ${setting} (the store needs it)`);
  if (!(redis.volumes ?? []).some((volume) => volume.endsWith(':/data')))
    problems.push('redis keeps /data in no volume');

  for (const [name, service] of Object.entries(services)) {
    if (!service.healthcheck?.test?.length) problems.push(`${name} has no healthcheck`);
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {}))
      if (condition !== 'service_healthy')
        problems.push(`${name} waits for ${dependency} to be ${condition}, not healthy`);
  }

  const upstreamsEnv = environmentOf(upstreams);
  const upstreamsVariables = Object.keys(upstreamsEnvironmentSchema.shape);
  for (const variable of Object.keys(upstreamsEnv))
    if (!upstreamsVariables.includes(variable))
      problems.push(`${UPSTREAMS_SERVICE} sets ${variable}, which it does not read`);
  if (
    (upstreams.command ?? []).join(' ') !== 'node dist/src/demo/upstreams-main.js' ||
    !exists(sourceOf('dist/src/demo/upstreams-main.js'))
  )
    problems.push(`${UPSTREAMS_SERVICE} does not run node dist/src/demo/upstreams-main.js`);
  let settings: UpstreamsSettings;
  try {
    settings = loadUpstreamsSettings(upstreamsEnv);
  } catch (error) {
    return [...problems, `${UPSTREAMS_SERVICE}: ${(error as Error).message}`];
  }
  const published = new Map(publishedPorts(upstreams).map(({ host, container }) => [container, host]));
  const publishedAsIs = (port: number) => published.get(port) === port;
  for (const port of [settings.issuerPort, ...Object.values(settings.ports)])
    if (!publishedAsIs(port)) problems.push(`${UPSTREAMS_SERVICE} does not publish its port ${port} as ${port}`);
  const healthProbe = (upstreams.healthcheck?.test ?? []).join(' ');
  if (!healthProbe.includes('/healthz') || !healthProbe.includes('process.env.UPSTREAMS_ISSUER_PORT'))
    problems.push(`${UPSTREAMS_SERVICE}'s healthcheck does not ask /healthz on its issuer port`);

  const issuerUrl = `http://${settings.publicHost}:${settings.issuerPort}${DEMO_ISSUER_PATH}`;
  const publicUrls: string[] = [];
  const gatewayVariables = Object.keys(environmentSchema.shape);
  for (const [name, service] of gateways) {
    const env = environmentOf(service);
    for (const variable of Object.keys(env))
      if (!gatewayVariables.includes(variable))
        problems.push(`${name} sets ${variable}, which the gateway does not read`);
    if (service.image !== upstreams.image)
      problems.push(`${name} runs ${service.image}, not the image of ${UPSTREAMS_SERVICE}`);
    if (service.command !== undefined) problems.push(`${name} replaces the image's CMD`);
    let config;
    try {
      config = loadConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(`${name}'s environment does not load: ${error.message}`);
      continue;
    }
    publicUrls.push(config.publicUrl ?? '');
    if (config.demo) problems.push(`${name} runs the embedded demo (DEMO=off expected)`);
    if (config.store.kind !== 'redis') problems.push(`${name} keeps its store in ${config.store.kind}, not Redis`);
    if (config.host !== '0.0.0.0') problems.push(`${name} listens on ${config.host}, not 0.0.0.0`);
    if (service.network_mode !== `service:${UPSTREAMS_SERVICE}`)
      problems.push(
        `${name} does not share ${UPSTREAMS_SERVICE}'s network (localhost would differ from the browser's)`,
      );
    if (!publishedAsIs(config.port))
      problems.push(`${name} listens on ${config.port}, which ${UPSTREAMS_SERVICE} does not publish as is`);
    if (config.publicUrl !== `http://${settings.publicHost}:${config.port}`)
      problems.push(`${name}'s PUBLIC_URL ${config.publicUrl} is not where it is published`);
    if (config.oidc?.issuer !== issuerUrl)
      problems.push(`${name}'s OIDC_ISSUER is not the upstreams' issuer ${issuerUrl}`);
    if (config.oidc?.clientId !== DEMO_ISSUER_CLIENT.id || config.oidc.clientSecret !== DEMO_ISSUER_CLIENT.secret)
      problems.push(`${name}'s OIDC client is not the demo issuer's`);
    const probe = (service.healthcheck?.test ?? []).join(' ');
    if (!/\/(healthz|readyz)/.test(probe) || !probe.includes('process.env.PORT'))
      problems.push(`${name}'s healthcheck does not ask /healthz or /readyz on its PORT`);
    problems.push(...tenantsFileProblems(name, service, config, settings, readFile));
  }
  if (new Set(gateways.map(([, service]) => environmentOf(service).PORT)).size !== gateways.length)
    problems.push('two gateways listen on one port of the shared network');
  if ([...settings.gatewayUrls].sort().join(' ') !== publicUrls.sort().join(' '))
    problems.push(`UPSTREAMS_GATEWAY_URLS is not every gateway's PUBLIC_URL (${publicUrls.join(', ')})`);
  return problems;
}

/** The gateway's TENANTS_FILE: mounted from the repository, and the demo's tenants at the upstreams' ports. */
function tenantsFileProblems(
  name: string,
  service: ComposeService,
  config: ReturnType<typeof loadConfig>,
  settings: UpstreamsSettings,
  readFile: (path: string) => string,
): string[] {
  if (config.tenantsFile === null) return [`${name} sets no TENANTS_FILE`];
  const source = mountedFrom(service, config.tenantsFile);
  if (source === null) return [`${name}'s TENANTS_FILE ${config.tenantsFile} is not mounted from the repository`];
  let tenants;
  try {
    tenants = loadTenants(config, { readFile: () => readFile(source) }).all();
  } catch (error) {
    return [`${name}'s TENANTS_FILE (${source}) does not load: ${(error as Error).message}`];
  }
  const at = (port: number) => `http://${settings.publicHost}:${port}`;
  const expected = demoSimulatorTenants({
    mesh: at(settings.ports.mesh),
    meshRegion: at(settings.ports.meshRegion),
    dnevnik: at(settings.ports.dnevnik),
    eljur: at(settings.ports.eljur),
  });
  // Plain copies in one order, compared whatever the order of their fields.
  const byId = (list: readonly { id: string }[]): unknown =>
    JSON.parse(JSON.stringify([...list].sort((a, b) => a.id.localeCompare(b.id))));
  return isDeepStrictEqual(byId(tenants), byId(expected))
    ? []
    : [`${name}'s TENANTS_FILE (${source}) is not the demo's tenants at the upstreams' ports`];
}
