/**
 * Issue 14: web apps on origins of their own (`CORS_ORIGINS`), against a real demo gateway over real HTTP.
 * A listed origin's preflights are answered before any limit, and its answers carry the origin and
 * credentials; any other origin gains nothing (no CORS header, the same cross-site refusals); with no
 * `CORS_ORIGINS` the edge answers exactly as before.
 *
 * The requests set `Origin` and `Sec-Fetch-Site` the way a browser would for a page on that origin
 * (`same-site` for app.example.ru calling the gateway, which a real deployment would put at api.example.ru).
 */
import { describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { signIn } from '../support/oidc-browser.js';

const APP = 'https://app.example.ru';
const VITE = 'http://localhost:5173';
const EVIL = 'https://evil.example.ru';
const VIEWER = JSON.stringify({ query: '{ viewer { displayName } }' });
const PARENT = 'Анна Сергеевна Иванова';

/** The names an answer's `Vary` lists, lower-cased (other parts of the edge add their own). */
function varyNames(response: Response): string[] {
  return (response.headers.get('vary') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}

/** The `access-control-*` headers of an answer. */
function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

/** What a browser sends before a credentialed JSON POST with a bearer token from `origin`. */
function preflight(origin: string): RequestInit {
  return {
    method: 'OPTIONS',
    headers: {
      origin,
      'sec-fetch-site': 'same-site',
      'sec-fetch-mode': 'cors',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  };
}

/** A page on `origin` asking for the viewer, with `auth` (a bearer or a cookie). */
async function viewerFrom(
  gateway: TestGateway,
  origin: string,
  auth: { authorization: string } | { cookie: string },
): Promise<{ response: Response; viewer: unknown }> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'sec-fetch-site': 'same-site', 'content-type': 'application/json', ...auth },
    body: VIEWER,
  });
  const body = (await response.json()) as { data?: { viewer: unknown } | null };
  return { response, viewer: body.data?.viewer ?? null };
}

function bearer(gateway: TestGateway): { authorization: string } {
  return { authorization: `Bearer ${gateway.gateway.demo!.token}` };
}

describe('CORS_ORIGINS', () => {
  it('should answer a listed origin’s preflight 204 with the allow headers, before any rate limit', async () => {
    // One request a minute per address: were preflights counted, the second would be refused 429.
    const gateway = await startTestGateway({ CORS_ORIGINS: `${APP},${VITE}`, ADDRESS_RATE_LIMIT_PER_MINUTE: '1' });
    for (const [path, origin] of [
      ['/graphql', APP],
      ['/graphql', VITE],
      ['/auth/logout', APP],
      ['/auth/session', VITE],
    ] as const) {
      const response = await fetch(`${gateway.url}${path}`, preflight(origin));
      expect(response.status, path).toBe(204);
      expect(corsHeaders(response)).toMatchObject({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,POST,OPTIONS',
        'access-control-max-age': '600',
      });
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
        expect.arrayContaining([
          'authorization',
          'content-type',
          'apollo-require-preflight',
          'accept-language',
          'x-request-id',
        ]),
      );
      expect(varyNames(response)).toContain('origin');
    }
    // The allowance is still whole: the request the preflights asked about gets through.
    const { response, viewer } = await viewerFrom(gateway, APP, bearer(gateway));
    expect(response.status).toBe(200);
    expect(viewer).toEqual({ displayName: PARENT });
  });

  it('should answer an unlisted origin’s preflight 204 without any allow header (never a 403)', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP });
    for (const path of ['/graphql', '/auth/logout']) {
      const response = await fetch(`${gateway.url}${path}`, preflight(EVIL));
      expect(response.status, path).toBe(204);
      expect(corsHeaders(response)).toEqual({});
    }
  });

  it('should answer a listed origin’s GraphQL request with a bearer with its origin and credentials allowed', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP });
    const { response, viewer } = await viewerFrom(gateway, APP, bearer(gateway));
    expect(response.status).toBe(200);
    expect(viewer).toEqual({ displayName: PARENT });
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'Retry-After,X-Request-Id',
    });
    expect(varyNames(response)).toContain('origin');
  });

  it('should give an unlisted origin’s GraphQL request no CORS header, so its browser keeps the answer from the page', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP });
    const { response } = await viewerFrom(gateway, EVIL, bearer(gateway));
    expect(corsHeaders(response)).toEqual({});
  });

  it('should serve a listed origin on the same site with the session cookie, and let it sign out', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP });
    const cookie = `dg_session=${await signIn(gateway.url, 'parent', 'cookie')}`;
    const { response, viewer } = await viewerFrom(gateway, APP, { cookie });
    expect(viewer).toEqual({ displayName: PARENT });
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);

    const session = await fetch(`${gateway.url}/auth/session`, { headers: { origin: APP, cookie } });
    expect(await session.json()).toMatchObject({ signedIn: true, displayName: PARENT });
    expect(session.headers.get('access-control-allow-credentials')).toBe('true');

    const out = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: APP, 'sec-fetch-site': 'same-site', cookie },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('access-control-allow-origin')).toBe(APP);
    expect(out.headers.get('set-cookie')).toMatch(/^dg_session=;.*Max-Age=0/);
    expect((await viewerFrom(gateway, APP, { cookie })).viewer).toBeNull();
  });

  it('should still refuse an unlisted origin’s sign-out 403 and keep the session', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP });
    const cookie = `dg_session=${await signIn(gateway.url, 'parent', 'cookie')}`;
    const forged: Record<string, string>[] = [
      { origin: EVIL, 'sec-fetch-site': 'same-site' },
      { origin: EVIL },
      { origin: `${APP}.evil.example` },
      { origin: 'null' },
    ];
    for (const headers of forged) {
      const out = await fetch(`${gateway.url}/auth/logout`, { method: 'POST', headers: { ...headers, cookie } });
      expect(out.status, headers.origin).toBe(403);
      expect(corsHeaders(out)).toEqual({});
    }
    expect((await viewerFrom(gateway, APP, { cookie })).viewer).toEqual({ displayName: PARENT });
  });

  it('should not open the /link pages to a listed origin: its cross-site form post is refused as before', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP });
    const post = await fetch(`${gateway.url}/link/eljur`, {
      method: 'POST',
      headers: { origin: APP, 'sec-fetch-site': 'same-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=a&password=b',
    });
    expect(post.status).toBe(403);
    expect(corsHeaders(post)).toEqual({});
  });

  it('should let a listed app read refusals, their Retry-After included', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: APP, ADDRESS_RATE_LIMIT_PER_MINUTE: '1' });
    expect((await viewerFrom(gateway, APP, bearer(gateway))).response.status).toBe(200);
    const { response } = await viewerFrom(gateway, APP, bearer(gateway));
    expect(response.status).toBe(429);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Request-Id');
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('should let a listed app in demo mode take the demo token', async () => {
    const gateway = await startTestGateway({ CORS_ORIGINS: VITE });
    const response = await fetch(`${gateway.url}/demo/token`, { headers: { origin: VITE } });
    expect(await response.json()).toEqual({ token: gateway.gateway.demo!.token });
    expect(response.headers.get('access-control-allow-origin')).toBe(VITE);
  });
});

describe('without CORS_ORIGINS', () => {
  it('should answer as before CORS existed: no CORS header, preflights left to the routes, cross-site sign-out refused', async () => {
    const gateway = await startTestGateway();
    const asked = await fetch(`${gateway.url}/graphql`, preflight(APP));
    // Apollo's CSRF prevention refuses it, as before (the preflight reaches Apollo like any request).
    expect(asked.status).toBe(400);
    expect(corsHeaders(asked)).toEqual({});
    expect(varyNames(asked)).not.toContain('origin');

    const { response, viewer } = await viewerFrom(gateway, APP, bearer(gateway));
    expect(viewer).toEqual({ displayName: PARENT });
    expect(corsHeaders(response)).toEqual({});
    expect(varyNames(response)).not.toContain('origin');

    const cookie = `dg_session=${await signIn(gateway.url, 'parent', 'cookie')}`;
    const out = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: APP, 'sec-fetch-site': 'same-site', cookie },
    });
    expect(out.status).toBe(403);
  });
});
