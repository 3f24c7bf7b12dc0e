/**
 * The CORS edge (`src/server/cors.ts`) on a bare loopback server whose "route" answers 200 `route`: which
 * requests it answers itself (preflights on the API paths), and which headers each origin gets.
 */
import { describe, expect, it } from 'vitest';
import { createCorsEdge } from '../../../src/server/cors.js';
import { listeningServer } from '../../support/http-server.js';

const APP = 'https://app.example.ru';
const DEV = 'http://localhost:5173';

/** A server with the CORS edge for `origins` in front of a route that answers 200 `route`. */
async function edgeServer(origins: readonly string[]): Promise<string> {
  const cors = createCorsEdge(origins);
  const { url } = await listeningServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://gateway.local').pathname;
    if (cors?.handle(req, res, path)) return;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('route');
  });
  return url;
}

function preflight(origin: string | null, method = 'POST'): RequestInit {
  return {
    method: 'OPTIONS',
    headers: {
      ...(origin ? { origin } : {}),
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type,authorization',
    },
  };
}

/** The `access-control-*` headers of an answer. */
function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

describe('createCorsEdge', () => {
  it('should not exist without origins, so the edge stays as it was', () => {
    expect(createCorsEdge([])).toBeNull();
  });

  it('should answer a listed origin’s preflight itself: 204 with the allow headers, and vary by Origin', async () => {
    const url = await edgeServer([APP, DEV]);
    for (const origin of [APP, DEV]) {
      const response = await fetch(`${url}/graphql`, preflight(origin));
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(corsHeaders(response)).toEqual({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,POST,OPTIONS',
        'access-control-allow-headers':
          'Content-Type,Authorization,Apollo-Require-Preflight,X-Apollo-Operation-Name,Accept-Language,X-Request-Id',
        'access-control-max-age': '600',
        'access-control-expose-headers': 'Retry-After,X-Request-Id',
      });
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it.each([
    ['another origin', 'https://evil.example'],
    ['a listed host on another scheme', 'http://app.example.ru'],
    ['a listed host on another port', 'https://app.example.ru:8443'],
    ['a listed origin with a trailing slash', `${APP}/`],
    ['Origin: null', 'null'],
    ['no Origin', null],
  ])('should answer the preflight of %s 204 without any allow header', async (_name, origin) => {
    const url = await edgeServer([APP]);
    const response = await fetch(`${url}/auth/logout`, preflight(origin));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(corsHeaders(response)).toEqual({});
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('should let a listed origin’s request through to the route with the origin and credentials allowed', async () => {
    const url = await edgeServer([APP]);
    const response = await fetch(`${url}/auth/session`, { headers: { origin: APP } });
    expect(await response.text()).toBe('route');
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'Retry-After,X-Request-Id',
    });
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('should let any other origin’s request through to the route without a CORS header', async () => {
    const url = await edgeServer([APP]);
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(await response.text()).toBe('route');
    expect(corsHeaders(response)).toEqual({});
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it.each(['/link', '/link/eljur', '/auth/login', '/auth/callback', '/metrics', '/readyz', '/demo/issuer/token'])(
    'should leave %s to its route, preflight or not (top-level navigations, or not a web app’s business)',
    async (path) => {
      const url = await edgeServer([APP]);
      for (const init of [preflight(APP), { headers: { origin: APP } }]) {
        const response = await fetch(`${url}${path}`, init);
        expect(await response.text()).toBe('route');
        expect(corsHeaders(response)).toEqual({});
        expect(response.headers.get('vary')).toBeNull();
      }
    },
  );

  it('should leave a plain OPTIONS (no Access-Control-Request-Method) to the route', async () => {
    const url = await edgeServer([APP]);
    const response = await fetch(`${url}/graphql`, { method: 'OPTIONS', headers: { origin: APP } });
    expect(await response.text()).toBe('route');
  });

  it('should trust only a listed origin, and only on the API paths', () => {
    const cors = createCorsEdge([APP])!;
    expect(cors.trusts({ origin: APP }, '/auth/logout')).toBe(true);
    expect(cors.trusts({ origin: APP, 'sec-fetch-site': 'same-site' }, '/auth/logout')).toBe(true);
    expect(cors.trusts({ origin: APP }, '/link/eljur')).toBe(false);
    expect(cors.trusts({ origin: 'https://evil.example' }, '/auth/logout')).toBe(false);
    expect(cors.trusts({ origin: 'HTTPS://APP.EXAMPLE.RU' }, '/auth/logout')).toBe(false);
    expect(cors.trusts({}, '/auth/logout')).toBe(false);
  });
});
