/**
 * The Dockerfile, .dockerignore and compose.yaml keep what they promise (test/support/container-checks.ts
 * lists each promise). This machine cannot build the image or run compose, so the files are read as Docker
 * and Compose read them; each check is also shown to bite, on a copy of the file broken in one place.
 */
import { describe, expect, it } from 'vitest';
import { composeProblems, dockerfileProblems, dockerignoreProblems } from '../../support/container-checks.js';
import { repositoryFile } from '../../support/container-files.js';

const DOCKERFILE = repositoryFile('Dockerfile');
const DOCKERIGNORE = repositoryFile('.dockerignore');
const COMPOSE = repositoryFile('compose.yaml');
const TENANTS_FILE = 'deploy/demo-tenants.yaml';
const BUILD_INCLUDES = (JSON.parse(repositoryFile('tsconfig.build.json')) as { include: string[] }).include;

/** `text` with `from` replaced by `to`; fails when `from` is not there (the mutation would prove nothing). */
function broken(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`the mutation found no ${String(from)}`);
  return changed;
}

/** The compose checks, reading the repository's files, or `tenants` in place of the tenants file. */
const composeChecks = (compose: string, tenants?: string) =>
  composeProblems(compose, (path) => (path === TENANTS_FILE && tenants !== undefined ? tenants : repositoryFile(path)));

describe('the Dockerfile', () => {
  it('should keep every promise: multi-stage, production dependencies, non-root, 0.0.0.0, /healthz, SIGTERM', () => {
    expect(dockerfileProblems(DOCKERFILE)).toEqual([]);
  });

  it.each([
    [
      'one stage',
      /FROM \$\{NODE_IMAGE\} AS build[\s\S]*?FROM \$\{NODE_IMAGE\} AS runtime/,
      'FROM ${NODE_IMAGE} AS runtime',
      /not multi-stage/,
    ],
    ['another base image', 'ARG NODE_IMAGE=node:20-bookworm-slim', 'ARG NODE_IMAGE=node:22', /FROM node:22/],
    ['no page build', 'npm run build && npm run build:web', 'npm run build', /does not run `npm run build:web`/],
    [
      'dev dependencies at run time',
      'npm ci --omit=dev --ignore-scripts',
      'npm ci --ignore-scripts',
      /more than the locked production/,
    ],
    ['the whole context copied', 'COPY --from=build /app/dist/src ./dist/src', 'COPY . .', /copies the whole context/],
    ['no schema', /^COPY --from=build \/app\/schema.*$/m, '', /does not copy schema\/\*\.graphql/],
    ['no manifest', /^COPY --from=build \/app\/client.*$/m, '', /does not copy client\/src\/generated/],
    ['root', /^USER node$/m, '', /runs as root/],
    ['loopback', 'ENV HOST=0.0.0.0 PORT=4000', 'ENV HOST=127.0.0.1 PORT=4000', /HOST is not 0\.0\.0\.0/],
    ['another port exposed', 'EXPOSE 4000', 'EXPOSE 8080', /EXPOSE 8080 is not the port/],
    ['a health check elsewhere', "+ '/healthz'", "+ '/metrics'", /HEALTHCHECK does not ask \/healthz/],
    ['npm as PID 1', 'CMD ["node", "dist/src/main.js"]', 'CMD ["npm", "start"]', /CMD is \["npm","start"\]/],
    ['no stop signal', /^STOPSIGNAL SIGTERM$/m, '', /STOPSIGNAL is not SIGTERM/],
  ])('should notice %s', (_what, from, to, problem) => {
    expect(dockerfileProblems(broken(DOCKERFILE, from, to))).toContainEqual(expect.stringMatching(problem));
  });
});

describe('.dockerignore', () => {
  it('should let in what the build needs and nothing else (an allow-list)', () => {
    expect(dockerignoreProblems(DOCKERIGNORE, BUILD_INCLUDES)).toEqual([]);
  });

  it.each([
    ['a deny-list', /^\*$/m, 'node_modules', /not an allow-list/],
    ['the page kept out', /^!web\/$/m, '', /keeps web out/],
    ['the store let in', /^!web\/$/m, '!web/\n!data/', /lets data into the context/],
  ])('should notice %s', (_what, from, to, problem) => {
    expect(dockerignoreProblems(broken(DOCKERIGNORE, from, to), BUILD_INCLUDES)).toContainEqual(
      expect.stringMatching(problem),
    );
  });
});

describe('compose.yaml', () => {
  it('should keep every promise: Redis for the store, known variables, loading gateways, agreeing ports', () => {
    expect(composeChecks(COMPOSE)).toEqual([]);
  });

  it.each([
    ['a Redis that evicts', "'noeviction'", "'allkeys-lru'", /--maxmemory-policy noeviction/],
    ['a Redis without its append-only file', "'--appendonly', 'yes'", "'--appendonly', 'no'", /--appendonly yes/],
    [
      'a dependency only started',
      /condition: service_healthy/,
      'condition: service_started',
      /to be service_started, not healthy/,
    ],
    [
      'a variable the gateway does not read',
      '  LOG_LEVEL: info',
      '  LOG_LEVEL: info\n  SESSION_TTL: 24h',
      /sets SESSION_TTL, which the gateway does not read/,
    ],
    [
      'a variable the upstreams do not read',
      '      UPSTREAMS_HOST: 0.0.0.0',
      '      UPSTREAMS_HOST: 0.0.0.0\n      PORT: 4010',
      /demo-upstreams sets PORT/,
    ],
    [
      'an environment that does not load',
      'CREDENTIAL_KEYS: demo:',
      'CREDENTIAL_KEYS: demo-',
      /environment does not load: [\s\S]*CREDENTIAL_KEYS/,
    ],
    ['the embedded demo', "DEMO: 'off'", "DEMO: 'on'", /runs the embedded demo/],
    [
      'a replica on a port not published',
      "PORT: '4002'",
      "PORT: '4003'",
      /gateway-2 listens on 4003, which demo-upstreams does not publish/,
    ],
    ['two replicas on one port', "PORT: '4002'", "PORT: '4001'", /two gateways listen on one port/],
    ['a replica of its own network', /^ {2}network_mode: .*$/m, '', /does not share demo-upstreams's network/],
    [
      'another issuer',
      'OIDC_ISSUER: http://localhost:4010/',
      'OIDC_ISSUER: http://localhost:4019/',
      /OIDC_ISSUER is not the upstreams' issuer/,
    ],
    [
      'a replica the issuer does not know',
      'http://localhost:4001,http://localhost:4002',
      'http://localhost:4001',
      /UPSTREAMS_GATEWAY_URLS is not every gateway's PUBLIC_URL/,
    ],
    ['a simulator not published', "'4010-4014:4010-4014'", "'4010-4013:4010-4013'", /does not publish its port 4014/],
    [
      'no tenants file mounted',
      /^ {4}- \.\/deploy\/demo-tenants\.yaml:.*$/m,
      '    - ./deploy/other.yaml:/etc/other.yaml:ro',
      /is not mounted from the repository/,
    ],
    ['a health check elsewhere', "+ '/readyz'", "+ '/metrics'", /gateway-1's healthcheck does not ask/],
  ])('should notice %s', (_what, from, to, problem) => {
    expect(composeChecks(broken(COMPOSE, from, to))).toContainEqual(expect.stringMatching(problem));
  });

  it.each([
    ['a diary on another port', 'http://localhost:4013', 'http://localhost:4015'],
    ['a tenant left on', '  - { id: kundelik-kz, enabled: false }\n', ''],
    ['another developer key', 'devkey: d3m0e1ju7k3y0000a5b6c7d8e9f01234', 'devkey: another-devkey-of-the-same-shape'],
  ])('should notice a tenants file with %s', (_what, from, to) => {
    expect(composeChecks(COMPOSE, broken(repositoryFile(TENANTS_FILE), from, to))).toContainEqual(
      expect.stringMatching(/TENANTS_FILE \(deploy\/demo-tenants\.yaml\) is not the demo's tenants/),
    );
  });

  it('should notice a tenants file that does not load', () => {
    expect(composeChecks(COMPOSE, 'tenants:\n  - id: mesh-moscow\n    clientID: x\n')).toContainEqual(
      expect.stringMatching(
        /TENANTS_FILE \(deploy\/demo-tenants\.yaml\) does not load: [\s\S]*unknown field "clientID"/,
      ),
    );
  });
});
