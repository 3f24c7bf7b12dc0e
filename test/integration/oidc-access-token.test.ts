/**
 * The issuer's own access tokens as bearer tokens: accepted when the gateway's issuer vouches for them at
 * its userinfo endpoint, refused when another issuer (a second real oidc-provider) issued them.
 */
import { loadConfig } from '../../src/config/config.js';
import { describe, expect, it } from 'vitest';
import { deriveUserId } from '../../src/auth/oidc/user-id.js';
import {
  DEMO_ISSUER_CLIENT,
  DEMO_ISSUER_KEY,
  DEMO_ISSUER_PATH,
  DEMO_PARENT_SUBJECT,
} from '../../src/demo/identity-provider.js';
import { startTestGateway } from '../support/gateway.js';
import { codeOf, dataOf, operation } from '../support/graphql.js';
import { issuerAccessToken } from '../support/oidc-browser.js';
import { startTestIssuer } from '../support/oidc-issuer.js';

const VIEWER = operation<{ viewer: { id: string; displayName: string } }>('{ viewer { id displayName } }');
/** The demo configuration's `ID_SECRET`, as the gateway under test reads it. */
const DEMO_ID_SECRET = loadConfig({}).idSecret;

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
    const answer = await gateway.graphql(VIEWER, {}, accessToken);
    expect(answer.status).toBe(200);
    const { viewer } = dataOf(answer);
    expect(viewer).toEqual({
      id: deriveUserId(DEMO_ID_SECRET, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT),
      displayName: 'Анна Сергеевна Иванова',
    });
    // Asked again: the same user (the verdict cache itself is tested in oidc-service.test.ts).
    expect(dataOf(await gateway.graphql(VIEWER, {}, accessToken)).viewer.id).toBe(viewer.id);
    expect(gateway.logs()).not.toContain(accessToken);
  });

  it('should refuse an access token another issuer issued', async () => {
    const gateway = await startTestGateway();
    // A second, unrelated issuer: same software, same client id, other keys and tokens.
    const foreignToken = await (await startTestIssuer()).token('parent');
    const { status, body } = await gateway.graphql(VIEWER, {}, foreignToken);
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(gateway.logs()).toContain('the issuer refused an access token');
    expect(gateway.logs()).not.toContain(foreignToken);
  });

  it('should refuse a bearer that is neither a session nor a token of the issuer', async () => {
    const gateway = await startTestGateway();
    expect(codeOf(await gateway.graphql(VIEWER, {}, 'made-up-token'))).toBe('UNAUTHENTICATED');
  });
});
