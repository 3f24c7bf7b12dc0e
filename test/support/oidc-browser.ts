/**
 * A tiny browser for OpenID Connect tests: a cookie jar (host-wide, path-scoped), manual redirects, and
 * the demo issuer's sign-in page (`src/demo/sign-in-page.ts`) used like a person would: press "Sign in as …"
 * or "Cancel". No JavaScript, no real browser: exactly what the flow needs, over real HTTP.
 */
import * as client from 'openid-client';
import { expect } from 'vitest';

interface StoredCookie {
  value: string;
  path: string;
}

/** One HTTP answer, body read. */
export interface BrowserResponse {
  status: number;
  headers: Headers;
  text: string;
  url: string;
}

/** A cookie jar plus `fetch` with manual redirects. One instance is one browser profile. */
export class TestBrowser {
  /** Keyed by `origin name path`. */
  private readonly jar = new Map<string, StoredCookie & { origin: string; name: string }>();

  /** The value of a cookie set for `origin`, if any (the longest matching path wins). */
  cookie(origin: string, name: string): string | undefined {
    return [...this.jar.values()]
      .filter((cookie) => cookie.origin === origin && cookie.name === name)
      .sort((a, b) => b.path.length - a.path.length)[0]?.value;
  }

  /** Every `Set-Cookie` seen, in order (to assert the attributes). */
  readonly setCookieHeaders: string[] = [];

  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<BrowserResponse> {
    const target = new URL(url);
    const cookieHeader = [...this.jar.values()]
      .filter((cookie) => cookie.origin === target.origin && pathMatches(target.pathname, cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (cookieHeader) headers.cookie = cookieHeader;
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      headers,
      body: init.body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      this.setCookieHeaders.push(line);
      this.store(target, line);
    }
    return { status: response.status, headers: response.headers, text: await response.text(), url: target.href };
  }

  /**
   * Follows redirects from `url` until an answer that is not a redirect, or until the next location
   * satisfies `stopAt` (then that location is returned without being requested).
   */
  async follow(
    url: string,
    stopAt?: (location: URL) => boolean,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<{ response: BrowserResponse | null; stoppedAt: URL | null }> {
    let next: { url: string; init?: typeof init } = { url, init };
    for (let hop = 0; hop < 20; hop += 1) {
      const response = await this.request(next.url, next.init);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, stoppedAt: null };
      const resolved = new URL(location, next.url);
      if (stopAt?.(resolved)) return { response: null, stoppedAt: resolved };
      next = { url: resolved.href };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the form `id` of `page` with `fields`; returns the raw answer (a redirect when it worked). */
  async submitForm(page: BrowserResponse, id: string, fields: Record<string, string>): Promise<BrowserResponse> {
    const action = new RegExp(`<form id="${id}" method="post" action="([^"]+)"`).exec(page.text)?.[1];
    if (!action) throw new Error(`no form "${id}" on ${page.url} (status ${page.status}): ${page.text.slice(0, 300)}`);
    return this.request(new URL(decodeHtml(action), page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /**
   * Presses "Sign in as …" for `login` on the demo issuer's sign-in page (the button must be there);
   * returns where the issuer sends the browser next.
   */
  async signInAs(page: BrowserResponse, login: string): Promise<URL> {
    const buttons = [...page.text.matchAll(/<button type="submit" name="account" value="([^"]*)">/g)].map((match) =>
      decodeHtml(match[1]!),
    );
    if (!buttons.includes(login))
      throw new Error(`no "Sign in as" button for ${login} on ${page.url} (there are: ${buttons.join(', ')})`);
    return redirectOf(await this.submitForm(page, 'sign-in', { account: login }));
  }

  /** Presses "Cancel" on the demo issuer's sign-in page; returns where the issuer sends the browser next. */
  async cancelSignIn(page: BrowserResponse): Promise<URL> {
    return redirectOf(await this.submitForm(page, 'cancel', {}));
  }

  /**
   * Signs in at the demo issuer from its authorization URL as the person with `login` (the issuer grants
   * what the gateway asked for without a consent page). Returns the redirect back to the client (not
   * requested).
   */
  async authorizeAtIssuer(
    authorizationUrl: string,
    login: string,
    isCallback: (location: URL) => boolean,
  ): Promise<URL> {
    let url = authorizationUrl;
    for (let step = 0; step < 2; step += 1) {
      const { response, stoppedAt } = await this.follow(url, isCallback);
      if (stoppedAt) return stoppedAt;
      if (!response || response.status !== 200)
        throw new Error(`issuer answered ${response?.status}: ${response?.text.slice(0, 300)}`);
      url = (await this.signInAs(response, login)).href;
    }
    throw new Error('the issuer asked for the sign-in page again after signing in');
  }

  private store(target: URL, line: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair!.indexOf('=');
    const name = pair!.slice(0, separator);
    const value = pair!.slice(separator + 1);
    let path = target.pathname.replace(/\/[^/]*$/, '') || '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key, attributeValue = ''] = attribute.split('=');
      if (key!.toLowerCase() === 'path') path = attributeValue;
      if (key!.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
      if (key!.toLowerCase() === 'expires' && new Date(attributeValue).getTime() < Date.now()) expired = true;
    }
    const key = `${target.origin} ${name} ${path}`;
    if (expired) this.jar.delete(key);
    else this.jar.set(key, { origin: target.origin, name, value, path });
  }
}

/** Undoes `escapeHtml` of `src/demo/sign-in-page.ts` (numeric references) and `&amp;`. */
function decodeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

function redirectOf(response: BrowserResponse): URL {
  const location = response.headers.get('location');
  if (response.status !== 303 || !location)
    throw new Error(`form on ${response.url} answered ${response.status}: ${response.text.slice(0, 300)}`);
  return new URL(location, response.url);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** Signs a browser in to the gateway; returns the callback URL the issuer sent it to (not yet requested). */
export async function reachCallback(
  browser: TestBrowser,
  gatewayUrl: string,
  login: string,
  returnTo = '/graphiql',
): Promise<URL> {
  const start = await browser.request(`${gatewayUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}: ${start.text}`);
  return browser.authorizeAtIssuer(
    start.headers.get('location')!,
    login,
    (location) => location.pathname === '/auth/callback',
  );
}

/**
 * An access token from an oidc-provider issuer, obtained the way any client of it would (code flow with
 * PKCE, driven by the test browser). `redirectUri` is only where the issuer sends the code; nothing needs to
 * listen there.
 */
export async function issuerAccessToken(options: {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  login: string;
  scope?: string;
}): Promise<string> {
  const config = await client.discovery(
    new URL(options.issuerUrl),
    options.clientId,
    undefined,
    client.ClientSecretBasic(options.clientSecret),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid profile',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const browser = new TestBrowser();
  const callback = await browser.authorizeAtIssuer(authorizationUrl.href, options.login, (location) =>
    location.href.startsWith(options.redirectUri),
  );
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return tokens.access_token;
}

/**
 * Signs `login` in to the gateway at `gatewayUrl` through its issuer, all the way: as a browser (`cookie`:
 * the value of the session cookie the callback sets) or as an API client (`bearer`: the token the callback
 * answers with when asked for JSON).
 */
export async function signIn(gatewayUrl: string, login: string, as: 'cookie' | 'bearer'): Promise<string> {
  const browser = new TestBrowser();
  const callback = await reachCallback(browser, gatewayUrl, login);
  if (as === 'bearer') {
    const done = await browser.request(callback.href, { headers: { accept: 'application/json' } });
    expect(done.status, done.text).toBe(200);
    return (JSON.parse(done.text) as { token: string }).token;
  }
  const done = await browser.request(callback.href);
  expect(done.status, done.text).toBe(302);
  const cookie = browser.cookie(new URL(gatewayUrl).origin, 'dg_session');
  expect(cookie).toBeDefined();
  return cookie!;
}
