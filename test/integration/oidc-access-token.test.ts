/**
 * The issuer's own access tokens as bearer tokens: accepted when the gateway's issuer vouches for them at
 * its userinfo endpoint, refused when another issuer (a second real oidc-provider) issued them.
 */
import { loadConfig } from '../../src/config/config.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveUserId } from '../../src/auth/oidc/user-id.js';
import {
  DEMO_ISSUER_CLIENT,
  DEMO_ISSUER_KEY,
  DEMO_ISSUER_PATH,
  DEMO_PARENT_SUBJECT,
  startDemoIssuer,
} from '../../src/demo/identity-provider.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { disposeAll, startTestGateway } from '../support/gateway.js';
import { issuerAccessToken } from './oidc-browser.js';

const servers: Server[] = [];
afterAll(async () => {
  await disposeAll();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const VIEWER = '{ viewer { id displayName } }';
/** The demo configuration's `ID_SECRET`, as the gateway under test reads it. */
const DEMO_ID_SECRET = loadConfig({}).idSecret;

/** A second, unrelated issuer on its own server: same software, same client id, other keys and tokens. */
async function startOtherIssuer(): Promise<{ issuerUrl: string; baseUrl: string }> {
  let handle: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null =
    null;
  const server = createServer((req, res) => (handle ? handle(req, res) : res.writeHead(503).end()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = await startDemoIssuer({ baseUrl, family: generateDemoFamily({ today: '2026-11-23' }) });
  handle = (req, res) => (req.url?.startsWith(DEMO_ISSUER_PATH) ? issuer.handle(req, res) : res.writeHead(404).end());
  return { issuerUrl: issuer.issuerUrl, baseUrl };
}

describe('issuer access tokens as bearer tokens', () => {
  it('should accept an access token of the gateway issuer, checked at its userinfo endpoint', async () => {
    const gateway = await startTestGateway();
    const accessToken = await issuerAccessToken({
      issuerUrl: `${gateway.url}${DEMO_ISSUER_PATH}`,
      clientId: DEMO_ISSUER_CLIENT.id,
      clientSecret: DEMO_ISSUER_CLIENT.secret,
      redirectUri: `${gateway.url}/auth/callback`,
      login: 'parent',
    });
    const { status, body } = await gateway.graphql(VIEWER, {}, accessToken);
    expect(status).toBe(200);
    expect(body.data.viewer).toEqual({
      id: deriveUserId(DEMO_ID_SECRET, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT),
      displayName: 'Анна Сергеевна Иванова',
    });
    // Asked again: the same user (the verdict cache itself is tested in oidc-service.test.ts).
    expect((await gateway.graphql(VIEWER, {}, accessToken)).body.data.viewer.id).toBe(body.data.viewer.id);
    expect(gateway.logs()).not.toContain(accessToken);
  });

  it('should refuse an access token another issuer issued', async () => {
    const gateway = await startTestGateway();
    const other = await startOtherIssuer();
    const foreignToken = await issuerAccessToken({
      issuerUrl: other.issuerUrl,
      clientId: DEMO_ISSUER_CLIENT.id,
      clientSecret: DEMO_ISSUER_CLIENT.secret,
      redirectUri: `${other.baseUrl}/auth/callback`,
      login: 'parent',
    });
    const { status, body } = await gateway.graphql(VIEWER, {}, foreignToken);
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(gateway.logs()).toContain('the issuer refused an access token');
    expect(gateway.logs()).not.toContain(foreignToken);
  });

  it('should refuse a bearer that is neither a session nor a token of the issuer', async () => {
    const gateway = await startTestGateway();
    const { body } = await gateway.graphql(VIEWER, {}, 'made-up-token');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
