/**
 * A replica leaving a load balancer (docs/deployment.md, "Graceful shutdown"): `/readyz` says so at once,
 * requests keep being served through the drain delay, a request in flight when the door closes gets its
 * whole answer (with `Connection: close`), and one still running after the grace period is cut, so the
 * shutdown ends in bounded time.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway } from '../support/gateway.js';
import { operation } from '../support/graphql.js';

/**
 * The diaries over real HTTP, each answer held `delayMs` once the test sets it (after the demo linked its
 * accounts at start, which must not wait).
 */
function slowDiaries(): { transport: HttpTransport; slow(delayMs: number): void } {
  const base = createUndiciTransport();
  let delayMs = 0;
  return {
    transport: async (upstreamRequest) => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return base(upstreamRequest);
    },
    slow: (ms) => {
      delayMs = ms;
    },
  };
}

/** A dashboard the slow diaries keep in flight. */
const SLOW_QUERY = operation<{ viewer: { students: { grades: unknown[] }[] } }>(
  `query Slow { viewer { students { grades(from: "2026-11-01", to: "2026-11-23") { date } } } }`,
);

/** GET over a fresh connection (no agent: a pooled socket would outlive the test's intent). */
function get(url: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('should say not ready at once, serve through the drain delay, then finish the request in flight', async () => {
    const diaries = slowDiaries();
    const target = await startTestGateway({ SHUTDOWN_DRAIN_DELAY_MS: '700', SHUTDOWN_GRACE_MS: '10000' }, undefined, {
      transport: diaries.transport,
    });
    expect((await get(`${target.url}/readyz`)).status).toBe(200);
    diaries.slow(200);

    const inFlight = target.graphql(SLOW_QUERY);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = target.gateway.close();

    // During the drain delay: not ready, yet still serving (a balancer may not have noticed yet).
    const readiness = await get(`${target.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(readiness.connection).toBe('close');
    expect((await get(`${target.url}/healthz`)).status).toBe(200);

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.viewer.students.length).toBeGreaterThan(0);
    await closed;
    await expect(get(`${target.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('should cut a request still running after the grace period, and end the shutdown then', async () => {
    const diaries = slowDiaries();
    const target = await startTestGateway({ REQUEST_DEADLINE_MS: '30000', SHUTDOWN_GRACE_MS: '300' }, undefined, {
      transport: diaries.transport,
    });
    diaries.slow(5000);
    const inFlight = target.graphql(SLOW_QUERY).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await target.gateway.close();
    expect(await inFlight).toBe('cut');
    expect(target.logs()).toContain('requests still in flight after SHUTDOWN_GRACE_MS were cut');
  });
});
