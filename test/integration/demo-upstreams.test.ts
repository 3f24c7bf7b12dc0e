/**
 * The standalone demo upstreams in process (`startDemoUpstreams`): the issuer's server and its other routes,
 * public URLs built from the public host (not the listening address), every gateway's redirect URI at the
 * issuer, a start that fails on a port already taken without leaving a simulator behind, and the entry
 * point refusing a bad setting.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDemoUpstreams } from '../../src/demo/demo-upstreams.js';
import { DEMO_ISSUER_CLIENT } from '../../src/demo/identity-provider.js';
import { loadUpstreamsSettings } from '../../src/demo/upstreams-settings.js';
import { REPOSITORY } from '../support/container-files.js';
import { disposedWhenDone, registerTeardown } from '../support/teardown.js';

const EPHEMERAL = {
  UPSTREAMS_ISSUER_PORT: '0',
  UPSTREAMS_MESH_PORT: '0',
  UPSTREAMS_MOSREG_PORT: '0',
  UPSTREAMS_DNEVNIK_PORT: '0',
  UPSTREAMS_ELJUR_PORT: '0',
};

/** A server holding a free loopback port until the test ends. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registerTeardown(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as { port: number }).port, server };
}

/** Whether `port` can be listened on now (nothing holds it). */
async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('startDemoUpstreams', () => {
  it('should name every server by the public host, and serve health, the guide and the issuer', async () => {
    const upstreams = await disposedWhenDone(
      startDemoUpstreams(
        loadUpstreamsSettings({
          ...EPHEMERAL,
          UPSTREAMS_HOST: '127.0.0.1',
          UPSTREAMS_PUBLIC_HOST: 'localhost',
          UPSTREAMS_GATEWAY_URLS: 'http://localhost:4001,http://localhost:4002',
        }),
      ),
    );
    const origin = new URL(upstreams.guideUrl).origin;
    expect(origin).toMatch(/^http:\/\/localhost:\d+$/);
    expect(upstreams.issuerUrl).toBe(`${origin}/demo/issuer`);
    expect(Object.values(upstreams.diaries.urls)).toEqual(
      Array(4).fill(expect.stringMatching(/^http:\/\/localhost:\d+$/)),
    );
    expect(upstreams.diaries.tenants.map((tenant) => tenant.id).sort()).toEqual([
      'dnevnik-ru',
      'eljur',
      'mesh-moscow',
      'mesh-mosreg',
    ]);

    // Reached over loopback: `localhost` may resolve to ::1 first, where nothing listens here.
    const loopback = origin.replace('localhost', '127.0.0.1');
    expect((await fetch(`${loopback}/healthz`)).status).toBe(200);
    expect((await fetch(`${loopback}/nowhere`)).status).toBe(404);
    expect((await fetch(`${loopback}/`, { method: 'POST' })).status).toBe(405);
    const guide = (await (await fetch(`${loopback}/`)).json()) as { issuer: { url: string } };
    expect(guide.issuer.url).toBe(upstreams.issuerUrl);
    const discovery = (await (await fetch(`${loopback}/demo/issuer/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    expect(discovery.issuer).toBe(upstreams.issuerUrl);
  });

  it('should accept a sign-in returning to any listed gateway, and refuse one returning elsewhere', async () => {
    const upstreams = await disposedWhenDone(
      startDemoUpstreams(
        loadUpstreamsSettings({
          ...EPHEMERAL,
          UPSTREAMS_PUBLIC_HOST: '127.0.0.1',
          UPSTREAMS_GATEWAY_URLS: 'http://127.0.0.1:4001,http://127.0.0.1:4002',
        }),
      ),
    );
    const authorize = (redirectUri: string) =>
      fetch(
        `${upstreams.issuerUrl}/auth?${new URLSearchParams({
          client_id: DEMO_ISSUER_CLIENT.id,
          redirect_uri: redirectUri,
          response_type: 'code',
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).toString()}`,
        { redirect: 'manual' },
      );
    // A known redirect URI leads on to the sign-in page; an unknown one is refused on the issuer's own page.
    for (const gateway of ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'])
      expect((await authorize(`${gateway}/auth/callback`)).headers.get('location')).toContain('/interaction/');
    const elsewhere = await authorize('http://127.0.0.1:4003/auth/callback');
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('redirect_uri');
  });

  it('should stop the simulators it started when a port is taken, and say which error', async () => {
    const [taken, mesh, meshRegion, dnevnik] = await Promise.all([holdPort(), holdPort(), holdPort(), holdPort()]);
    const free = [mesh, meshRegion, dnevnik];
    // The three ports are let go of just before the start, so the simulators can take them.
    await Promise.all(free.map(({ server }) => new Promise((resolve) => server.close(resolve))));
    const starting = startDemoUpstreams(
      loadUpstreamsSettings({
        ...EPHEMERAL,
        UPSTREAMS_MESH_PORT: String(mesh.port),
        UPSTREAMS_MOSREG_PORT: String(meshRegion.port),
        UPSTREAMS_DNEVNIK_PORT: String(dnevnik.port),
        UPSTREAMS_ELJUR_PORT: String(taken.port),
      }),
    );
    await expect(starting).rejects.toMatchObject({ code: 'EADDRINUSE' });
    for (const { port } of free) expect(await isFree(port)).toBe(true);
  });
});

describe('the entry point', () => {
  it('should refuse a bad setting with exit code 2, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/upstreams-main.ts'], {
      cwd: REPOSITORY,
      env: { ...process.env, UPSTREAMS_GATEWAY_URLS: 'not a url' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect([code, output]).toEqual([
      2,
      'Invalid demo upstreams configuration:\n  - UPSTREAMS_GATEWAY_URLS: must be http(s) URLs\n',
    ]);
  });
});
