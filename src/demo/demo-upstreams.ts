/**
 * The standalone demo upstreams: the demo's four diary simulators and its sign-in issuer, run as a service
 * of their own, for gateways started with `DEMO=off` (the compose file's replicas). The embedded demo
 * (`start-demo.ts`) runs the same inside one gateway; with two replicas each would run its own simulators
 * and write its own demo links into the shared store, so here nothing is written into any store: a family
 * signs in at the issuer and links its diaries through a gateway, as in production.
 *
 * One `node:http` server on the issuer's port answers:
 * - `/demo/issuer/…`: the demo OpenID issuer (oidc-provider), whose one client is every gateway listed
 *   (one redirect URI each);
 * - `GET /healthz`: 200 once the issuer is ready (the container's health check);
 * - `GET /`: the guide as JSON (`upstreams-guide.ts`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dateInZone } from '../domain/dates.js';
import { startDemoSimulators, type StartedDemoSimulators } from './demo-simulators.js';
import type { DemoFamily } from './demo-family.js';
import { generateDemoFamily } from './generate-family.js';
import { DEMO_ISSUER_PATH, startDemoIssuer, type DemoIssuer } from './identity-provider.js';
import { upstreamsGuide, type UpstreamsGuide } from './upstreams-guide.js';
import type { UpstreamsSettings } from './upstreams-settings.js';

/** The running demo upstreams. */
export interface DemoUpstreams {
  family: DemoFamily;
  /** The issuer URL (each gateway's `OIDC_ISSUER`), e.g. `http://localhost:4010/demo/issuer`. */
  issuerUrl: string;
  /** Where the guide is served as JSON (`http://localhost:4010/`). */
  guideUrl: string;
  /** The diaries' simulators, their URLs and tenants. */
  diaries: StartedDemoSimulators;
  /** The guide, built now (a fresh Dnevnik.ru code in its mutations). */
  guide(): UpstreamsGuide;
  /** Stops the issuer's server and the simulators. */
  dispose(): Promise<void>;
}

/** What else {@link startDemoUpstreams} needs. */
export interface DemoUpstreamsDependencies {
  /** The clock of the simulators and of the family's "today". @default () => new Date() */
  now?: () => Date;
  /** Told of a request the issuer failed on (a bug or a storage failure); the request gets a 500. */
  onIssuerFailure?: (error: unknown) => void;
}

/** Largest guide request path worth reading: the routes are short. */
const MAX_PATH_LENGTH = 2048;

/**
 * Starts the simulators on their ports, then the issuer's server, and registers every gateway's sign-in
 * redirect and link callbacks with them.
 * @throws when a port is taken (whatever did start is stopped first).
 * @example
 * const upstreams = await startDemoUpstreams(loadUpstreamsSettings());
 * process.stdout.write(renderGuide(upstreams.guide(), upstreams.guideUrl));
 */
export async function startDemoUpstreams(
  settings: UpstreamsSettings,
  dependencies: DemoUpstreamsDependencies = {},
): Promise<DemoUpstreams> {
  const now = dependencies.now ?? (() => new Date());
  const family = generateDemoFamily({ today: dateInZone(now(), 'Europe/Moscow') });
  const diaries = await startDemoSimulators({
    family,
    now,
    latencyMs: settings.latencyMs,
    host: settings.host,
    ports: settings.ports,
    publicHost: settings.publicHost,
  });
  for (const gatewayUrl of settings.gatewayUrls) diaries.allowLinkCallbacks(gatewayUrl);

  let issuerHandle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').slice(0, MAX_PATH_LENGTH).split('?')[0]!;
    if (path === DEMO_ISSUER_PATH || path.startsWith(`${DEMO_ISSUER_PATH}/`)) {
      if (!issuerHandle) return void res.writeHead(503, { 'retry-after': '1' }).end();
      issuerHandle(req, res).catch((error: unknown) => {
        dependencies.onIssuerFailure?.(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/healthz') return void sendJson(res, issuerHandle ? 200 : 503, { ready: issuerHandle !== null });
    if (path === '/') return void sendJson(res, 200, guide());
    res.writeHead(404).end();
  });
  const stopServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  let issuerOrigin: string;
  let issuer: DemoIssuer;
  try {
    // The issuer's URL carries the port taken (0 in tests), so the issuer is made once the server listens.
    const port = await listen(server, settings.issuerPort, settings.host);
    issuerOrigin = `http://${settings.publicHost}:${port}`;
    issuer = await startDemoIssuer({
      baseUrl: issuerOrigin,
      family,
      redirectUris: settings.gatewayUrls.map((url) => `${url}/auth/callback`),
    });
  } catch (error) {
    if (server.listening) await stopServer();
    await diaries.dispose();
    throw error;
  }
  issuerHandle = issuer.handle;

  const tenantUrls = new Map([
    ['mesh-moscow', diaries.urls.mesh],
    ['mesh-mosreg', diaries.urls.meshRegion],
    ['dnevnik-ru', diaries.urls.dnevnik],
    ['eljur', diaries.urls.eljur],
  ]);
  const guide = () =>
    upstreamsGuide({
      family,
      issuerUrl: issuer.issuerUrl,
      gatewayUrls: settings.gatewayUrls,
      tenants: diaries.tenants,
      tenantUrls,
      linkingCredentials: diaries.linkingCredentials,
    });
  let disposing: Promise<void> | undefined;
  return {
    family,
    issuerUrl: issuer.issuerUrl,
    guideUrl: `${issuerOrigin}/`,
    diaries,
    guide,
    dispose: () =>
      (disposing ??= (async () => {
        await stopServer();
        await diaries.dispose();
      })()),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body, null, 2));
}
