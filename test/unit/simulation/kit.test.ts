/**
 * The simulators' kit (adapters/simulation/controls.ts, replies.ts, serve.ts) on its own, over a tiny
 * simulator of no diary: what every simulator relies on, checked once here rather than three times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorControls } from '../../../adapters/simulation/controls.js';
import { html, json, named, redirect, type Reply } from '../../../adapters/simulation/replies.js';
import { serveSimulator, simulatorHandle, MAX_BODY_BYTES } from '../../../adapters/simulation/serve.js';
import { thrown } from '../../support/thrown.js';

type Mode = 'none' | 'broken' | 'malformed';

const controls = (latencyMs = 0) =>
  new SimulatorControls<Mode>({
    faultModes: ['none', 'broken', 'malformed'],
    driftRoutes: ['list'],
    latencyMs,
    credentialParameter: /token|password/i,
  });

/**
 * A simulator that answers the `length` of the body it read (`413` when it was too large), throws on
 * `/boom`, is in maintenance (550) on `/maintenance`, and redirects from `/back` (302, a fragment) and
 * `/onwards` (303).
 */
async function startEcho(state = controls()) {
  const served = await serveSimulator(
    state,
    {},
    {
      answer: (_request, url, body): Reply => {
        if (url.pathname === '/boom') throw new Error('route bug');
        if (url.pathname === '/maintenance') return html(550, '<h1>Технические работы</h1>');
        if (url.pathname === '/back') return redirect(new URL('https://client.test/cb#access_token=t1&state=s1'));
        if (url.pathname === '/onwards') return redirect('/next?bo=1', 303);
        if (body === null) return json({ error: 'too large' }, 413);
        return named(json({ items: [{ id: 1 }, { id: 2 }], length: body.length }), 'list');
      },
      internalError: json({ error: 'internal' }, 500),
      write: { reasonPhrases: { 550: 'Server Work' } },
    },
  );
  return simulatorHandle(state, served, {
    get latency() {
      return state.latencyMs;
    },
  });
}

let running: Awaited<ReturnType<typeof startEcho>> | undefined;
afterEach(async () => {
  await running?.dispose();
  running = undefined;
});

describe('the simulators’ controls', () => {
  it('should refuse an unknown fault mode, naming the known ones, and a negative or endless latency', () => {
    const state = controls();
    expect(thrown(() => state.setFault('flaky' as Mode))).toMatchObject({
      name: 'RangeError',
      message: 'unknown fault mode "flaky"; expected one of none, broken, malformed',
    });
    expect(() => state.setLatency(-1)).toThrow(RangeError);
    expect(() => state.setLatency(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => controls(-5)).toThrow(RangeError);
    expect(() => state.setDrift({ route: 'elsewhere', path: 'items', kind: 'null' })).toThrow(RangeError);
  });

  it('should drift only successful JSON answers of the rule’s route, and count the fields it changed', () => {
    const state = controls();
    state.setDrift({ route: 'list', path: 'items[].id', kind: 'type', matches: 'all' });
    const answer = named(json({ items: [{ id: 1 }, { id: 2 }] }), 'list');
    expect(state.drifted(answer)).toMatchObject({ body: { items: [{ id: '1' }, { id: '2' }] } });
    expect(state.drifted(named(json({ items: [{ id: 1 }] }), 'other'))).toMatchObject({ body: { items: [{ id: 1 }] } });
    expect(state.drifted(named(json({ items: [{ id: 1 }] }, 404), 'list'))).toMatchObject({ status: 404 });
    expect(state.driftedFields).toBe(2);
    expect(answer).toMatchObject({ body: { items: [{ id: 1 }, { id: 2 }] } });
  });
});

describe('the simulators’ server and handle', () => {
  it('should log method, path, header names and redacted credentials, live through the handle', async () => {
    running = await startEcho();
    const before = running.requests;
    await fetch(`${running.url}/list?auth_token=secret-1&student=7`, { headers: { 'X-Password': 'secret-2' } });
    expect(before).toHaveLength(1);
    expect(running.requests[0]).toMatchObject({
      method: 'GET',
      path: '/list',
      query: { auth_token: '[redacted]', student: '7' },
    });
    expect(running.requests[0]?.headerNames).toContain('x-password');
    expect(JSON.stringify(running.requests)).not.toMatch(/secret-/);
    running.clearRequests();
    expect(running.requests).toEqual([]);
  });

  it('should keep the handle’s own getters live, not read once', async () => {
    const state = controls();
    running = await startEcho(state);
    running.setLatency(7);
    expect(running.latency).toBe(7);
    running.setDrift({ route: 'list', path: 'items[].id', kind: 'null', matches: 'all' });
    const answer = (await (await fetch(`${running.url}/list`)).json()) as { items: { id: unknown }[] };
    expect(answer.items).toEqual([{ id: null }, { id: null }]);
    expect(running.driftedFields).toBe(2);
  });

  it('should read a body up to the limit, and hand a larger one on as null (here: 413)', async () => {
    running = await startEcho();
    const small = await fetch(`${running.url}/list`, { method: 'POST', body: 'x'.repeat(1_000) });
    expect(await small.json()).toMatchObject({ length: 1_000 });
    const large = await fetch(`${running.url}/list`, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect([large.status, await large.json()]).toEqual([413, { error: 'too large' }]);
  });

  it('should answer the internal error when a route throws, and cut successful JSON in half when malformed', async () => {
    running = await startEcho();
    const boom = await fetch(`${running.url}/boom`);
    expect([boom.status, await boom.json()]).toEqual([500, { error: 'internal' }]);
    running.setFault('malformed');
    const cut = await fetch(`${running.url}/list`);
    expect(cut.status).toBe(200);
    const text = await cut.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('should redirect with the location as given, fragment included, no body and no caching', async () => {
    running = await startEcho();
    running.setFault('malformed');
    for (const [path, status, location] of [
      ['/back', 302, 'https://client.test/cb#access_token=t1&state=s1'],
      ['/onwards', 303, '/next?bo=1'],
    ] as const) {
      const answer = await fetch(`${running.url}${path}`, { redirect: 'manual' });
      expect([answer.status, answer.headers.get('location')]).toEqual([status, location]);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(await answer.text()).toBe('');
    }
  });

  it('should write a diary’s own reason phrase for a status HTTP has none for', async () => {
    running = await startEcho();
    const answer = await fetch(`${running.url}/maintenance`);
    expect([answer.status, answer.statusText, answer.headers.get('content-type')]).toEqual([
      550,
      'Server Work',
      'text/html; charset=utf-8',
    ]);
  });
});
