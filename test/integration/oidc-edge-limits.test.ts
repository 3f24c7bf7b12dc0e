/**
 * Issue 10, findings 4, 5, 7 and 10, against a real gateway over real HTTP:
 * - made-up bearer tokens cost the OpenID issuer at most the address's allowance in userinfo calls
 *   (counted at a real oidc-provider issuer on its own server), and the per-address allowance is taken
 *   before anything is authenticated;
 * - `/auth/login` and `/auth/callback` are limited per address (429, `Retry-After`, a clear page or JSON);
 * - a non-ASCII `returnTo` is percent-encoded before the flow starts, the callback's redirect cannot
 *   fail, and no log line holds the callback's query (`code`, `state`);
 * - state-changing routes outside `/graphql` refuse cross-site requests (403) and serve same-origin ones.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ISSUER_CLIENT, DEMO_ISSUER_PATH } from '../../src/demo/identity-provider.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { reachCallback, TestBrowser } from '../support/oidc-browser.js';
import { listenForIssuer } from '../support/oidc-issuer.js';

const VIEWER = '{ viewer { id displayName } }';

/**
 * A gateway whose configured issuer is a real oidc-provider on its own server, counting the userinfo
 * calls it receives (the demo issuer answers userinfo at `/me`).
 */
async function gatewayWithCountedIssuer(
  environment: Record<string, string>,
): Promise<{ gateway: TestGateway; userinfoCalls: () => number }> {
  // The gateway must know the issuer's URL, and the issuer the gateway's (its redirect URI).
  const server = await listenForIssuer();
  const gateway = await startTestGateway({
    OIDC_ISSUER: server.issuerUrl,
    OIDC_CLIENT_ID: DEMO_ISSUER_CLIENT.id,
    OIDC_CLIENT_SECRET: DEMO_ISSUER_CLIENT.secret,
    ...environment,
  });
  const issuer = await server.start({ redirectUri: `${gateway.url}/auth/callback` });
  return { gateway, userinfoCalls: issuer.userinfoCalls };
}

/** Sends one GraphQL request per made-up token, one after the other; returns the statuses. */
async function madeUpTokens(
  gateway: TestGateway,
  count: number,
): Promise<{ status: number; code: unknown; retryAfter: string | null }[]> {
  const answers = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer made-up-token-${i}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
    answers.push({
      status: response.status,
      code: body.errors?.[0]?.extensions?.code,
      retryAfter: response.headers.get('retry-after'),
    });
  }
  return answers;
}

describe('made-up bearer tokens (finding 4)', () => {
  it('should cost the issuer at most the anonymous allowance of the address in userinfo calls', async () => {
    const { gateway, userinfoCalls } = await gatewayWithCountedIssuer({ SESSION_RATE_LIMIT_PER_MINUTE: '5' });
    const answers = await madeUpTokens(gateway, 20);
    // 20 tokens tried: the issuer was asked about 5 of them (the allowance), the rest were refused first.
    expect(userinfoCalls()).toBe(5);
    expect(answers.slice(0, 5).map((answer) => answer.code)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    for (const answer of answers.slice(5))
      expect(answer).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: expect.stringMatching(/^\d+$/) });
    // A signed-in family has an allowance of its own: the flood from one address does not lock it out.
    expect((await gateway.graphql(VIEWER)).status).toBe(200);
  });

  it('should take the per-address allowance before authenticating anything', async () => {
    const { gateway, userinfoCalls } = await gatewayWithCountedIssuer({
      ADDRESS_RATE_LIMIT_PER_MINUTE: '3',
      SESSION_RATE_LIMIT_PER_MINUTE: '100',
    });
    const answers = await madeUpTokens(gateway, 10);
    expect(userinfoCalls()).toBe(3);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(7);
    // Even a valid session is not looked up once the address is over its allowance.
    const valid = await gateway.graphql(VIEWER);
    expect(valid.status).toBe(429);
    expect(valid.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('should ask the issuer once about a made-up token sent many times at once', async () => {
    const { gateway, userinfoCalls } = await gatewayWithCountedIssuer({ SESSION_RATE_LIMIT_PER_MINUTE: '100' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => gateway.graphql(VIEWER, {}, 'the-same-made-up-token')),
    );
    expect(answers.every((answer) => answer.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(userinfoCalls()).toBe(1);
  });
});

/** A memory store that counts the pending logins written. */
function countingStore(): { store: GatewayStore; pendingLogins: () => number } {
  const inner = createMemoryStore();
  let written = 0;
  return {
    store: {
      ...inner,
      putPendingLogin: async (login) => {
        written += 1;
        return inner.putPendingLogin(login);
      },
    },
    pendingLogins: () => written,
  };
}

describe('sign-in routes per address (finding 5)', () => {
  it('should answer 429 with Retry-After once an address started too many sign-ins, writing nothing', async () => {
    const { store, pendingLogins } = countingStore();
    const gateway = await startTestGateway({ SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' }, undefined, { store });
    for (let i = 0; i < 3; i += 1)
      expect((await fetch(`${gateway.url}/auth/login`, { redirect: 'manual' })).status).toBe(302);

    const json = await fetch(`${gateway.url}/auth/login`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(429);
    expect(Number(json.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(json.headers.get('set-cookie')).toBeNull();
    expect(((await json.json()) as { error: unknown }).error).toEqual({
      message: expect.stringMatching(/^Too many requests: at most 3 per minute are accepted\. Try again in \d+ s\.$/),
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    const page = await fetch(`${gateway.url}/auth/login`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<h1>Too many sign-in attempts</h1>');
    // The callback shares the allowance: each one exchanges a code and writes a session.
    expect((await fetch(`${gateway.url}/auth/callback?code=x&state=y`, { redirect: 'manual' })).status).toBe(429);
    expect(pendingLogins()).toBe(3);
  });
});

describe('returnTo and the callback (finding 7)', () => {
  it('should percent-encode a non-ASCII returnTo and land there after sign-in, with no error logged', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const callback = await reachCallback(browser, gateway.url, 'parent', '/дневник?вкладка=оценки');
    const done = await browser.request(callback.href);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(
      '/%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA?%D0%B2%D0%BA%D0%BB%D0%B0%D0%B4%D0%BA%D0%B0=%D0%BE%D1%86%D0%B5%D0%BD%D0%BA%D0%B8',
    );
    expect(done.headers.getSetCookie().some((line) => line.startsWith('dg_session='))).toBe(true);
    expect(gateway.logs()).not.toContain('request failed');
  });

  it('should redirect to a safe place when a stored pending login holds a path no header can carry', async () => {
    const inner = createMemoryStore();
    // As an older gateway stored it: the raw path, not encoded.
    const store: GatewayStore = {
      ...inner,
      takePendingLogin: async (idHash, now) => {
        const pending = await inner.takePendingLogin(idHash, now);
        return pending && { ...pending, returnTo: '/дневник' };
      },
    };
    const gateway = await startTestGateway({}, undefined, { store });
    const browser = new TestBrowser();
    const done = await browser.request((await reachCallback(browser, gateway.url, 'parent')).href);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA');
    expect(gateway.logs()).not.toContain('request failed');
  });

  it('should log the path of a failed request, never its query (the callback carries code and state)', async () => {
    const inner = createMemoryStore();
    const store: GatewayStore = {
      ...inner,
      takePendingLogin: async () => Promise.reject(new Error('the disk is on fire')),
    };
    const gateway = await startTestGateway({}, undefined, { store });
    const browser = new TestBrowser();
    const callback = await reachCallback(browser, gateway.url, 'parent');
    const failed = await browser.request(callback.href);
    expect(failed.status).toBe(500);
    const logs = gateway.logs();
    expect(logs).toContain('"path":"/auth/callback"');
    for (const secret of [callback.searchParams.get('code')!, callback.searchParams.get('state')!])
      expect(logs).not.toContain(secret);
    expect(logs).not.toContain('/auth/callback?');
  });
});

describe('cross-site requests to state-changing routes (finding 10)', () => {
  /** A browser signed in with a session cookie, and the cookie. */
  async function signedIn(gateway: TestGateway): Promise<{ browser: TestBrowser; cookie: string }> {
    const browser = new TestBrowser();
    expect((await browser.request((await reachCallback(browser, gateway.url, 'parent')).href)).status).toBe(302);
    return { browser, cookie: `dg_session=${browser.cookie(new URL(gateway.url).origin, 'dg_session')!}` };
  }

  async function viewerWithCookie(gateway: TestGateway, cookie: string): Promise<unknown> {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: VIEWER }),
    });
    return ((await response.json()) as { data: { viewer: unknown } | null }).data?.viewer ?? null;
  }

  it.each([
    ['another site (Origin)', { origin: 'https://evil.example' }],
    ['another site (Sec-Fetch-Site)', { 'sec-fetch-site': 'cross-site' }],
    ['a sibling subdomain (Sec-Fetch-Site)', { 'sec-fetch-site': 'same-site' }],
    ['a sandboxed frame (Origin: null)', { origin: 'null' }],
  ])('should refuse a sign-out form posted from %s with 403, and keep the session', async (_from, headers) => {
    const gateway = await startTestGateway();
    const { cookie } = await signedIn(gateway);
    const forged = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    expect(((await forged.json()) as { error: unknown }).error).toEqual({
      message:
        'This request came from another site and was refused: the gateway accepts sign-out and other changes only from its own pages, or from apps that send a bearer token.',
      code: 'FORBIDDEN',
    });
    expect(await viewerWithCookie(gateway, cookie)).toMatchObject({ displayName: 'Анна Сергеевна Иванова' });
  });

  it('should sign out from the gateway’s own pages (same origin)', async () => {
    const gateway = await startTestGateway();
    const sameOrigin: Record<string, string>[] = [
      { origin: new URL(gateway.url).origin },
      { 'sec-fetch-site': 'same-origin', origin: new URL(gateway.url).origin },
    ];
    for (const headers of sameOrigin) {
      const { cookie } = await signedIn(gateway);
      const out = await fetch(`${gateway.url}/auth/logout`, { method: 'POST', headers: { ...headers, cookie } });
      expect(out.status).toBe(204);
      expect(await viewerWithCookie(gateway, cookie)).toBeNull();
    }
  });

  it('should compare with PUBLIC_URL when it is set', async () => {
    const gateway = await startTestGateway({ PUBLIC_URL: 'https://diary.example' });
    const ownPage = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://diary.example' },
    });
    expect(ownPage.status).toBe(204);
    // The listening address is not the public one: a page served from it is not the gateway's.
    const other = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: new URL(gateway.url).origin },
    });
    expect(other.status).toBe(403);
  });

  it('should refuse cross-site on any state-changing route outside /graphql, and leave the demo issuer to its own checks', async () => {
    const gateway = await startTestGateway();
    const evil = { origin: 'https://evil.example' };
    expect((await fetch(`${gateway.url}/healthz`, { method: 'DELETE', headers: evil })).status).toBe(403);
    expect((await fetch(`${gateway.url}/anything`, { method: 'PUT', headers: evil })).status).toBe(403);
    // Same-origin or non-browser: the route's own answer (here: method not allowed).
    expect((await fetch(`${gateway.url}/healthz`, { method: 'DELETE' })).status).toBe(405);
    // oidc-provider's token endpoint authenticates its client itself: not the edge's 403.
    const token = await fetch(`${gateway.url}${DEMO_ISSUER_PATH}/token`, {
      method: 'POST',
      headers: { ...evil, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=made-up',
    });
    expect(token.status).not.toBe(403);
    expect(await token.text()).not.toContain('came from another site');
  });
});
