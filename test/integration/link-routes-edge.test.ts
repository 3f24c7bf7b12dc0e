/**
 * The link routes inside the real HTTP edge: `/link` paths reach `handleLinkRoute` (never the IDE's
 * assets or the edge's own 404/405), `POST /link/eljur` gets there too, and a cross-site post is refused
 * by the edge before it does.
 */
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../support/gateway.js';

describe('the link routes in the HTTP edge', () => {
  it('should hand every /link path to the link routes, and refuse a cross-site post first', async () => {
    const { url } = await startTestGateway();
    for (const path of ['/link', '/link/mesh', '/link/eljur/callback']) {
      const response = await fetch(`${url}${path}`, { redirect: 'manual', headers: { accept: 'application/json' } });
      // The link routes' own answers (sign in first; a callback without its state is refused as such), never
      // the edge's 404 or 405.
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toMatch(/^LINK_/);
      expect([302, 400, 401]).toContain(response.status);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const sameSite = await fetch(`${url}/link/eljur`, { method: 'POST', headers: form, body: 'token=x' });
    expect(sameSite.status).not.toBe(405);
    expect(sameSite.headers.get('content-security-policy')).toContain("default-src 'none'");
    const crossSite = await fetch(`${url}/link/eljur`, {
      method: 'POST',
      headers: { ...form, origin: 'https://evil.example' },
      body: 'token=x',
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const put = await fetch(`${url}/link/mesh`, { method: 'PUT', headers: { origin: url } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET');
  });
});
