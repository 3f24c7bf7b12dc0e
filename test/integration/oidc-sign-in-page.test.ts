/**
 * The demo issuer's own sign-in page (`src/demo/sign-in-page.ts`), over real HTTP: what it shows and how
 * it escapes, signing in and cancelling, stale and foreign pages, and that oidc-provider prints nothing
 * on start or on its error page.
 */
import * as client from 'openid-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_ISSUER_CLIENT, DEMO_ISSUER_PATH } from '../../src/demo/identity-provider.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { startTestGateway } from '../support/gateway.js';
import { TestBrowser, type BrowserResponse } from '../support/oidc-browser.js';
import { startTestIssuer } from '../support/oidc-issuer.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const family = generateDemoFamily({ today: '2026-11-23' });
const isCallback = (location: URL) => location.pathname === '/auth/callback';

/** An authorization request of the demo client (PKCE), as the gateway would send it. */
async function authorizationUrl(issuerUrl: string, redirectUri: string, scope = 'openid profile'): Promise<string> {
  const config = await client.discovery(
    new URL(issuerUrl),
    DEMO_ISSUER_CLIENT.id,
    undefined,
    client.ClientSecretBasic(DEMO_ISSUER_CLIENT.secret),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  return client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state: client.randomState(),
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  }).href;
}

/** Starts an authorization at `issuer` in `browser` and returns the sign-in page it lands on. */
async function openSignInPage(
  browser: TestBrowser,
  issuer: { issuerUrl: string; baseUrl: string },
  scope?: string,
): Promise<BrowserResponse> {
  const { response } = await browser.follow(
    await authorizationUrl(issuer.issuerUrl, `${issuer.baseUrl}/auth/callback`, scope),
    isCallback,
  );
  expect(response?.status).toBe(200);
  return response!;
}

describe('the demo issuer sign-in page', () => {
  it('should say it is the local stand-in for Госуслуги and list both demo persons, in Russian and English', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const start = await browser.request(`${gateway.url}/auth/login`);
    const { response: page } = await browser.follow(start.headers.get('location')!);
    expect(page!.status).toBe(200);
    expect(new URL(page!.url).pathname).toMatch(new RegExp(`^${DEMO_ISSUER_PATH}/interaction/[A-Za-z0-9_-]+$`));
    expect(page!.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page!.headers.get('cache-control')).toBe('no-store');
    expect(page!.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = page!.text;
    expect(text).toContain('Госуслуги');
    expect(text).toContain('LOCAL demo');
    expect(text).toContain('локальная демонстрационная');
    expect(text).toContain('Войти как Анна Сергеевна Иванова');
    expect(text).toContain('Sign in as Анна Сергеевна Иванова');
    expect(text).toContain('Sign in as Галина Петровна Иванова');
    expect(text).toContain('бабушка');
    expect(text).toContain('Отмена');
    expect(text).toContain('Cancel');
    // Self-contained: no scripts, nothing fetched from elsewhere, no personal data beyond the names.
    expect(text).not.toMatch(/<script|<link|src=|url\(|https?:\/\/(?!127\.0\.0\.1)/i);
    expect(text).not.toContain(family.parent.snils);
    expect(text).not.toMatch(/<input/);
  });

  it('should escape names and logins from the accounts, and still sign in with an odd login', async () => {
    const odd = '<script>alert("x")</script> & \'Ко\'';
    const issuer = await startTestIssuer({
      accounts: [{ login: 'a"b<c>&\'d', subject: '1000000001', claims: { name: odd, family_name: 'Ко' } }],
    });
    const browser = new TestBrowser();
    // oidc-provider keeps only the scopes it knows for the page; the other fields' escaping is covered in
    // test/unit/demo/sign-in-page.test.ts.
    const page = await openSignInPage(browser, issuer, 'openid profile <i>"x"</i>');
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toContain('<i>');
    expect(page.text).not.toContain('a"b<c');
    expect(page.text).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;Ко&#39;');
    expect(page.text).toContain('value="a&#34;b&#60;c&#62;&#38;&#39;d"');
    const back = await browser.authorizeAtIssuer(page.url, 'a"b<c>&\'d', isCallback);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(issuer.failures).toEqual([]);
  });

  it('should end a cancelled sign-in as a refusal, shown on the gateway sign-in-failed page', async () => {
    const gateway = await startTestGateway();
    const browser = new TestBrowser();
    const start = await browser.request(`${gateway.url}/auth/login`);
    const { response: page } = await browser.follow(start.headers.get('location')!);
    const next = await browser.cancelSignIn(page!);
    const { response: failed } = await browser.follow(next.href);
    expect(failed!.status).toBe(400);
    expect(new URL(failed!.url).pathname).toBe('/auth/callback');
    expect(new URL(failed!.url).searchParams.get('error')).toBe('access_denied');
    expect(failed!.text).toContain('Sign-in failed');
    // Nobody got signed in.
    expect(browser.cookie(new URL(gateway.url).origin, 'dg_session')).toBeUndefined();
  });

  it('should grant what the gateway asked for without a consent page, and skip the page while the issuer session lasts', async () => {
    const issuer = await startTestIssuer();
    const browser = new TestBrowser();
    const page = await openSignInPage(browser, issuer, 'openid profile snils');
    const next = await browser.signInAs(page, 'grandma');
    // Sign-in → resume → (consent granted on the spot) → back to the client, with no other page between.
    const { response, stoppedAt } = await browser.follow(next.href, isCallback);
    expect(response).toBeNull();
    expect(stoppedAt!.searchParams.get('code')).toBeTruthy();
    // Same browser, same issuer session: straight back, no sign-in page.
    const again = await browser.follow(
      await authorizationUrl(issuer.issuerUrl, `${issuer.baseUrl}/auth/callback`, 'openid profile snils'),
      isCallback,
    );
    expect(again.response).toBeNull();
    expect(again.stoppedAt!.searchParams.get('code')).toBeTruthy();
    expect(issuer.failures).toEqual([]);
  });

  it('should refuse a stale page, a page of another browser, an unknown person and a wrong method', async () => {
    const issuer = await startTestIssuer();
    const browser = new TestBrowser();
    const page = await openSignInPage(browser, issuer);

    // Another browser has not got the interaction cookie.
    const foreign = await new TestBrowser().submitForm(page, 'sign-in', { account: 'parent' });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('This sign-in page has expired');

    const unknown = await browser.submitForm(page, 'sign-in', { account: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Choose one of the demo persons');

    const getLogin = await browser.request(`${page.url}/login`);
    expect(getLogin.status).toBe(405);
    expect(getLogin.headers.get('allow')).toBe('POST');

    // The page still works after those. A second press before the browser moved on just replaces the
    // choice (a double click must not end on an error page); once the sign-in went on, the page is stale.
    await browser.signInAs(page, 'grandma');
    const next = await browser.signInAs(page, 'parent');
    expect((await browser.follow(next.href, isCallback)).stoppedAt?.searchParams.get('code')).toBeTruthy();
    const stale = await browser.submitForm(page, 'sign-in', { account: 'parent' });
    expect(stale.status).toBe(400);
    expect(stale.text).toContain('This sign-in page has expired');
    expect((await browser.request(page.url)).status).toBe(400);

    expect((await browser.request(`${issuer.issuerUrl}/interaction/${'x'.repeat(65)}`)).status).toBe(404);
    expect(issuer.failures).toEqual([]);
  });

  it('should print no oidc-provider warning or notice on start, through a sign-in, or on its error page', async () => {
    const warn = vi.spyOn(console, 'warn');
    const info = vi.spyOn(console, 'info');
    const log = vi.spyOn(console, 'log');
    const issuer = await startTestIssuer();
    const browser = new TestBrowser();
    const page = await openSignInPage(browser, issuer);
    await browser.authorizeAtIssuer(page.url, 'parent', isCallback);
    // An authorization request of an unknown client: oidc-provider's error page, rendered by the demo.
    const error = await browser.request(`${issuer.issuerUrl}/auth?client_id=unknown&response_type=code&scope=openid`);
    expect(error.status).toBe(400);
    expect(error.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(error.text).toContain('Sign-in error');
    expect(error.text).toContain('invalid_client');
    expect(error.text).not.toMatch(/https?:\/\//);
    const printed = [...warn.mock.calls, ...info.mock.calls, ...log.mock.calls].map((args) => args.join(' '));
    expect(printed.filter((line) => line.includes('oidc-provider'))).toEqual([]);
    expect(issuer.failures).toEqual([]);
  });
});
