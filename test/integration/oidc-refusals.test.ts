/**
 * Every way a sign-in is refused, end to end over real HTTP against the real demo issuer: wrong state,
 * replayed callback, wrong nonce, expired pending login, expired session, a person who cancels at the
 * issuer. And nothing secret reaches the logs on the way.
 */
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/sessions.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { startTestGateway, testClock, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, operation } from '../support/graphql.js';
import { reachCallback, TestBrowser } from '../support/oidc-browser.js';

type PendingLogin = Parameters<GatewayStore['putPendingLogin']>[0];

/** A real memory store that alters each pending login as it is stored (what a confused issuer would cause). */
function tamperingStore(alter: (login: PendingLogin) => PendingLogin): GatewayStore {
  return new Proxy(createMemoryStore(), {
    get(target, property, receiver) {
      if (property === 'putPendingLogin') return (login: PendingLogin) => target.putPendingLogin(alter(login));
      return Reflect.get(target, property, receiver);
    },
  });
}

const VIEWER = operation<{ viewer: { id: string; displayName: string } }>('{ viewer { id displayName } }');
const JSON_ACCEPT = { accept: 'application/json' };

/** Requests the callback as an API client would, so the refusal comes back as JSON. */
async function callback(browser: TestBrowser, url: URL | string, cookie?: string) {
  const response = await browser.request(String(url), { headers: { ...JSON_ACCEPT, ...(cookie ? { cookie } : {}) } });
  return { status: response.status, body: JSON.parse(response.text) };
}

function refusal(reason: string) {
  return {
    error: { code: 'UNAUTHENTICATED', reason, message: expect.stringMatching(/^The sign-in could not be completed: /) },
  };
}

/** Asserts that nothing secret from this sign-in reached the logs. */
function expectCleanLogs(gateway: TestGateway, secrets: (string | null | undefined)[]) {
  const logs = gateway.logs();
  for (const secret of secrets) if (secret) expect(logs).not.toContain(secret);
  const family = gateway.gateway.demo!.family;
  for (const person of [family.parent, family.grandmother, ...family.children]) {
    expect(logs).not.toContain(person.snils);
    expect(logs).not.toContain(person.snils.replace(/\D/g, ''));
  }
}

describe('sign-in refusals', () => {
  it('should refuse a callback whose state was tampered with, and not accept the login afterwards', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const good = await reachCallback(browser, gateway.url, 'parent');
    const tampered = new URL(good);
    tampered.searchParams.set('state', 'not-the-state-we-sent');
    const refused = await callback(browser, tampered);
    expect(refused).toEqual({ status: 400, body: refusal('STATE_MISMATCH') });
    // The pending login was used up by the failed attempt: the genuine callback cannot follow it.
    const login = browser.cookie(new URL(gateway.url).origin, 'dg_login');
    expect(login).toBeUndefined();
    expect((await callback(browser, good)).body).toEqual(refusal('LOGIN_NOT_STARTED'));
    expect(gateway.logs()).toContain('"reason":"STATE_MISMATCH"');
    expect(gateway.logs()).toContain('"oauthCode":"OAUTH_');
    expectCleanLogs(gateway, [good.searchParams.get('code')]);
  });

  it('should refuse a replayed callback, with the old login cookie or with a fresh one', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    const loginCookie = `dg_login=${browser.cookie(new URL(gateway.url).origin, 'dg_login')}`;
    const first = await callback(browser, url);
    expect(first.status).toBe(200);
    // Same URL, same login cookie (a replay from a copied request).
    expect(await callback(new TestBrowser(), url, loginCookie)).toEqual({
      status: 400,
      body: refusal('LOGIN_EXPIRED_OR_REPLAYED'),
    });
    // Same URL with a fresh login of the attacker's own: the state does not match that login.
    const attacker = new TestBrowser();
    await attacker.request(`${gateway.url}/auth/login`);
    expect(await callback(attacker, url)).toEqual({ status: 400, body: refusal('STATE_MISMATCH') });
    expectCleanLogs(gateway, [url.searchParams.get('code'), first.body.token, loginCookie.slice('dg_login='.length)]);
  });

  it('should refuse an ID token whose nonce is not the one the login sent', async () => {
    // The pending login's nonce is swapped as it is stored, as if the issuer had answered another login.
    const store = tamperingStore((login) => ({ ...login, nonce: 'another-nonce' }));
    const gateway = await startTestGateway({}, undefined, { store });
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    expect(await callback(browser, url)).toEqual({ status: 400, body: refusal('NONCE_MISMATCH') });
    expectCleanLogs(gateway, [url.searchParams.get('code')]);
  });

  it('should refuse the sign-in when the issuer refuses the code (PKCE verifier mismatch)', async () => {
    const store = tamperingStore((login) => ({ ...login, codeVerifier: `${login.codeVerifier.slice(0, -4)}AAAA` }));
    const gateway = await startTestGateway({}, undefined, { store });
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    expect(await callback(browser, url)).toEqual({ status: 400, body: refusal('CODE_REFUSED') });
    expectCleanLogs(gateway, [url.searchParams.get('code')]);
  });

  it('should refuse a callback after the pending login expired (10 minutes)', async () => {
    const clock = testClock();
    const gateway = await startTestGateway({}, clock.now);
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    clock.advance(10 * 60_000 + 1);
    expect(await callback(browser, url)).toEqual({ status: 400, body: refusal('LOGIN_EXPIRED_OR_REPLAYED') });
  });

  it('should accept a callback just before the pending login expires', async () => {
    const clock = testClock();
    const gateway = await startTestGateway({}, clock.now);
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    clock.advance(10 * 60_000 - 1);
    expect((await callback(browser, url)).status).toBe(200);
  });

  it('should refuse a session once it expired, by bearer and by cookie', async () => {
    const clock = testClock();
    const gateway = await startTestGateway({ SESSION_TTL_HOURS: '1' }, clock.now);
    const browser = new TestBrowser();
    await browser.request((await reachCallback(browser, gateway.url, 'parent')).href);
    const token = browser.cookie(new URL(gateway.url).origin, 'dg_session')!;
    expect(dataOf(await gateway.graphql(VIEWER, {}, token)).viewer).toBeTruthy();
    clock.advance(3_600_000 - 1);
    expect(dataOf(await gateway.graphql(VIEWER, {}, token)).viewer).toBeTruthy();
    clock.advance(2);
    expect(codeOf(await gateway.graphql(VIEWER, {}, token))).toBe('UNAUTHENTICATED');
    const byCookie = await browser.request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(JSON.parse(byCookie.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('should refuse a callback without the login cookie, and explain it on an HTML page to a browser', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    const page = await new TestBrowser().request(url.href, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Sign-in failed');
    expect(page.text).toContain('did not bring back the sign-in cookie');
    expect(page.text).not.toContain(url.searchParams.get('code')!);
  });

  it('should refuse the sign-in when the person cancels at the issuer', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const start = await browser.request(`${gateway.url}/auth/login`);
    const { response: signInPage } = await browser.follow(start.headers.get('location')!);
    expect(signInPage!.status).toBe(200);
    const { stoppedAt } = await browser.follow(
      (await browser.cancelSignIn(signInPage!)).href,
      (location) => location.pathname === '/auth/callback',
    );
    expect(stoppedAt?.searchParams.get('error')).toBe('access_denied');
    expect(await callback(browser, stoppedAt!)).toEqual({ status: 400, body: refusal('ISSUER_DENIED') });
  });

  it('should keep only hashes of session and login ids in the store', async () => {
    const store = createMemoryStore();
    const gateway = await startTestGateway({}, undefined, { store });
    const browser = new TestBrowser();
    const url = await reachCallback(browser, gateway.url, 'parent');
    const loginId = browser.cookie(new URL(gateway.url).origin, 'dg_login')!;
    const { body } = await callback(browser, url);
    expect(await store.findSession(body.token, Date.parse('2026-11-23T09:00:00Z'))).toBeNull();
    expect(await store.findSession(hashToken(body.token), Date.parse('2026-11-23T09:00:00Z'))).toMatchObject({
      userId: expect.any(String),
    });
    expect(await store.takePendingLogin(hashToken(loginId), 0)).toBeNull();
  });
});
