/**
 * Browser sign-in end to end: the gateway's demo issuer (real oidc-provider, mounted at /demo/issuer),
 * the gateway's /auth routes and /graphql, over real HTTP, driven by a cookie-jar client.
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
import { createMemoryStore } from '../../src/store/memory-store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { operation, withoutRequestIds, type GraphqlResponse, type Operation } from '../support/graphql.js';
import { reachCallback, TestBrowser } from '../support/oidc-browser.js';
import { listenForIssuer } from '../support/oidc-issuer.js';

const VIEWER = operation<{ viewer: { id: string; displayName: string } }>('{ viewer { id displayName } }');
/** The demo configuration's `ID_SECRET`, as the gateway under test reads it. */
const DEMO_ID_SECRET = loadConfig({}).idSecret;

/** Posts a GraphQL request from the browser, with its cookies. */
async function postGraphql<TData>(
  browser: TestBrowser,
  url: string,
  query: Operation<TData> | string,
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<TData>> {
  const response = await browser.request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const requestId = response.headers.get('x-request-id');
  const body = withoutRequestIds(JSON.parse(response.text) as GraphqlResponse<TData>['body'], requestId);
  return { status: response.status, body, text: response.text, requestId };
}

/** Signs in through the browser flow and returns the browser holding the session cookie. */
async function signedInBrowser(gateway: TestGateway, login = 'parent'): Promise<TestBrowser> {
  const browser = new TestBrowser();
  const done = await browser.request((await reachCallback(browser, gateway.url, login)).href);
  expect(done.status).toBe(302);
  return browser;
}

describe('browser sign-in at the demo issuer', () => {
  it('should sign the demo parent in with a session cookie and return to returnTo', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const login = await browser.request(`${gateway.url}/auth/login?returnTo=${encodeURIComponent('/graphiql?tab=1')}`);
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(new RegExp(`^${gateway.url}/demo/issuer/auth\\?`));
    const authorize = new URL(login.headers.get('location')!);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'diary-gateway-demo',
      redirect_uri: `${gateway.url}/auth/callback`,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid profile birthdate snils phone kid_fullname kid_birthdate kid_snils',
    });
    expect(login.headers.get('set-cookie')).toMatch(
      /^dg_login=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/auth; Max-Age=600$/,
    );

    const callback = await browser.authorizeAtIssuer(
      authorize.href,
      'parent',
      (location) => location.pathname === '/auth/callback',
    );
    const done = await browser.request(callback.href);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/graphiql?tab=1');
    const setCookies = done.headers.getSetCookie();
    expect(setCookies).toContain('dg_login=; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=0');
    expect(setCookies.find((line) => line.startsWith('dg_session='))).toMatch(
      /^dg_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800$/,
    );

    const { status, body } = await postGraphql(browser, gateway.url, VIEWER);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // The parent who signs in at the demo issuer is the scripted demo user.
    const { body: scripted } = await gateway.graphql(VIEWER);
    expect(body.data!.viewer).toEqual(scripted.data!.viewer);
    expect(body.data!.viewer).toEqual({
      id: deriveUserId(DEMO_ID_SECRET, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT),
      displayName: 'Анна Сергеевна Иванова',
    });

    // The logs say who signed in, never with what.
    const logs = gateway.logs();
    expect(logs).toContain('signed in');
    for (const secret of [
      callback.searchParams.get('code')!,
      browser.cookie(new URL(gateway.url).origin, 'dg_session')!,
      gateway.gateway.demo!.family.parent.snils,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('should store the person, the children and the phone from the claims, hashed', async () => {
    const store = createMemoryStore();
    const gateway = await startTestGateway({}, undefined, { store });
    await signedInBrowser(gateway);
    const user = await store.findUserByLogin(DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT);
    expect(user).toMatchObject({
      login: { issuer: DEMO_ISSUER_KEY, subject: DEMO_PARENT_SUBJECT },
      person: {
        lastName: 'Иванова',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        birthDate: '1986-03-14',
        snilsHash: expect.stringMatching(/^snils_/),
      },
      phoneHash: expect.stringMatching(/^phone_/),
    });
    const family = gateway.gateway.demo!.family;
    const distinctChildren = new Set(family.children.map((child) => child.snils)).size;
    expect(user!.children).toHaveLength(distinctChildren);
    for (const child of user!.children) {
      expect(child).toMatchObject({
        snilsHash: expect.stringMatching(/^snils_/),
        birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
    }
    expect(JSON.stringify(user)).not.toContain(family.parent.snils);
  });

  it('should sign the grandmother in as another user', async () => {
    const gateway = await startTestGateway();
    const browser = await signedInBrowser(gateway, 'grandma');
    const { body } = await postGraphql(browser, gateway.url, VIEWER);
    expect(body.data!.viewer.displayName).toBe('Галина Петровна Иванова');
    expect(body.data!.viewer.id).not.toBe(deriveUserId(DEMO_ID_SECRET, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT));
  });

  it('should give an API client a bearer token instead of a cookie when it asks for JSON', async () => {
    const gateway = await startTestGateway({ SESSION_TTL_HOURS: '2' });
    const browser = new TestBrowser();
    const callback = await reachCallback(browser, gateway.url, 'parent');
    const done = await browser.request(callback.href, { headers: { accept: 'application/json' } });
    expect(done.status).toBe(200);
    const answer = JSON.parse(done.text);
    expect(answer).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: '2026-11-23T11:00:00.000Z',
    });
    expect(done.headers.getSetCookie().some((line) => line.startsWith('dg_session='))).toBe(false);
    const { body } = await gateway.graphql(VIEWER, {}, answer.token);
    expect(body.data!.viewer.id).toBe(deriveUserId(DEMO_ID_SECRET, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT));
  });

  it('should end a cookie session on sign-out and refuse its cookie afterwards', async () => {
    const gateway = await startTestGateway();
    const browser = await signedInBrowser(gateway);
    const origin = new URL(gateway.url).origin;
    const token = browser.cookie(origin, 'dg_session')!;
    const out = await browser.request(`${gateway.url}/auth/logout`, { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toEqual(['dg_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0']);
    expect(browser.cookie(origin, 'dg_session')).toBeUndefined();
    // A copy of the old cookie no longer works.
    const replay = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `dg_session=${token}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(((await replay.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('should let another person sign in on the same browser after sign-out (the issuer is asked who, every time)', async () => {
    const gateway = await startTestGateway();
    const browser = await signedInBrowser(gateway);
    expect((await postGraphql(browser, gateway.url, VIEWER)).body.data!.viewer.displayName).toBe(
      'Анна Сергеевна Иванова',
    );
    await browser.request(`${gateway.url}/auth/logout`, { method: 'POST' });
    // The issuer still has its own session for the parent; `prompt=login` makes it show the page anyway.
    const callback = await reachCallback(browser, gateway.url, 'grandma');
    expect((await browser.request(callback.href)).status).toBe(302);
    expect((await postGraphql(browser, gateway.url, VIEWER)).body.data!.viewer.displayName).toBe(
      'Галина Петровна Иванова',
    );
  });

  it('should tell the IDE whether the browser has a live session cookie, and whose', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const probe = async () => JSON.parse((await browser.request(`${gateway.url}/auth/session`)).text);
    expect(await probe()).toEqual({ signedIn: false, signInAvailable: true });
    await browser.request((await reachCallback(browser, gateway.url, 'grandma')).href);
    expect(await probe()).toEqual({ signedIn: true, displayName: 'Галина Петровна Иванова', signInAvailable: true });
    await browser.request(`${gateway.url}/auth/logout`, { method: 'POST' });
    expect(await probe()).toEqual({ signedIn: false, signInAvailable: true });
  });

  it('should end a bearer session on sign-out', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const done = await browser.request((await reachCallback(browser, gateway.url, 'parent')).href, {
      headers: { accept: 'application/json' },
    });
    const { token } = JSON.parse(done.text);
    expect((await gateway.graphql(VIEWER, {}, token)).body.data!.viewer).toBeTruthy();
    const out = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    expect((await gateway.graphql(VIEWER, {}, token)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The scripted demo session of the same user is a different session and stays.
    expect((await gateway.graphql(VIEWER)).body.data!.viewer).toBeTruthy();
  });

  it('should end the cookie session with the signOut mutation', async () => {
    const gateway = await startTestGateway();
    const browser = await signedInBrowser(gateway);
    const out = await postGraphql(browser, gateway.url, 'mutation { signOut }');
    expect(out.body).toEqual({ data: { signOut: true } });
    const after = await postGraphql(browser, gateway.url, VIEWER);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('should refuse a cookie-only GET without a preflight header (CSRF) but serve bearer and preflighted requests', async () => {
    const gateway = await startTestGateway();
    const browser = await signedInBrowser(gateway);
    const url = `${gateway.url}/graphql?query=${encodeURIComponent(VIEWER)}`;
    // What a cross-site <img> or link would send: the cookie rides along, no custom header.
    const simple = await browser.request(url);
    expect(simple.status).toBe(400);
    expect(simple.text).toContain('CSRF');
    expect(simple.text).not.toContain('Анна');
    // A header a cross-site page cannot add without a CORS preflight (which the gateway does not grant).
    const preflighted = await browser.request(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(JSON.parse(preflighted.text).data.viewer.displayName).toBe('Анна Сергеевна Иванова');
    // A bearer token is never sent by a browser on its own, so the bearer request is served.
    const bearer = await gateway.graphql(VIEWER);
    expect(bearer.status).toBe(200);
    expect(bearer.body.data!.viewer.displayName).toBe('Анна Сергеевна Иванова');
  });

  it('should count cookie and bearer requests of one user against one allowance', async () => {
    const gateway = await startTestGateway({ SESSION_RATE_LIMIT_PER_MINUTE: '2' });
    const browser = await signedInBrowser(gateway);
    expect((await postGraphql(browser, gateway.url, VIEWER)).status).toBe(200);
    // The scripted demo session is another session of the same user: same bucket.
    expect((await gateway.graphql(VIEWER)).status).toBe(200);
    const third = await postGraphql(browser, gateway.url, VIEWER);
    expect(third.status).toBe(429);
    expect(third.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another user has an allowance of their own.
    const grandma = await signedInBrowser(gateway, 'grandma');
    expect((await postGraphql(grandma, gateway.url, VIEWER)).status).toBe(200);
  });

  it('should answer 404 for sign-in routes when no issuer is configured', async () => {
    const gateway = await startTestGateway({
      DEMO: 'off',
      ID_SECRET: 'x'.repeat(32),
      PERSONAL_DATA_SECRET: 'y'.repeat(32),
      CREDENTIAL_KEYS: `k:${Buffer.alloc(32).toString('base64')}`,
      STORE: 'memory',
    });
    const login = await fetch(`${gateway.url}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(404);
    const issuer = await fetch(`${gateway.url}/demo/issuer/.well-known/openid-configuration`);
    expect(issuer.status).toBe(404);
  });

  it('should mark cookies Secure when the public URL is https', async () => {
    const gateway = await startTestGateway({ PUBLIC_URL: 'https://diary.example' });
    const out = await fetch(`${gateway.url}/auth/logout`, { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toEqual(['dg_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure']);
  });

  it('should refuse a returnTo that leaves the gateway', async () => {
    const gateway = await startTestGateway();
    for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const response = await fetch(`${gateway.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: unknown }).error).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'returnTo',
      });
    }
  });
});

describe('sign-in at a configured issuer', () => {
  it('should use OIDC_ISSUER (over the demo issuer) and key users by that issuer', async () => {
    // The issuer listens first (its URL goes into the configuration); its provider is created once the
    // gateway's port, hence the redirect URI, is known. Discovery is lazy, so the order works.
    const server = await listenForIssuer();
    const store = createMemoryStore();
    const gateway = await startTestGateway(
      {
        OIDC_ISSUER: server.issuerUrl,
        OIDC_CLIENT_ID: DEMO_ISSUER_CLIENT.id,
        OIDC_CLIENT_SECRET: DEMO_ISSUER_CLIENT.secret,
        OIDC_SCOPES: 'openid profile',
      },
      undefined,
      { store },
    );
    const issuer = await server.start({ redirectUri: `${gateway.url}/auth/callback` });

    const browser = new TestBrowser();
    const start = await browser.request(`${gateway.url}/auth/login`);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${issuer.issuerUrl}/auth`);
    expect(authorize.searchParams.get('scope')).toBe('openid profile');
    const callback = await browser.authorizeAtIssuer(
      authorize.href,
      'parent',
      (location) => location.pathname === '/auth/callback',
    );
    expect((await browser.request(callback.href)).status).toBe(302);
    const user = await store.findUserByLogin(issuer.issuerUrl, DEMO_PARENT_SUBJECT);
    expect(user).toMatchObject({
      id: deriveUserId(DEMO_ID_SECRET, issuer.issuerUrl, DEMO_PARENT_SUBJECT),
      phoneHash: null,
      children: [],
    });
    // Another issuer's person is another user than the demo parent, even with the same subject.
    const { body } = await postGraphql(browser, gateway.url, VIEWER);
    expect(body.data!.viewer.id).toBe(user!.id);
    expect(body.data!.viewer.id).not.toBe(deriveUserId(DEMO_ID_SECRET, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT));
    // The demo issuer is not mounted when a real one is configured.
    expect((await fetch(`${gateway.url}${DEMO_ISSUER_PATH}/.well-known/openid-configuration`)).status).not.toBe(200);
  });
});
