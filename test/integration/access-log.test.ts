/**
 * Issue 18 (part): one access-log line per HTTP request — method, route template, operation, status,
 * duration, upstream calls, cache outcomes, a session id hash, the request id — and nothing secret in it;
 * `ACCESS_LOG=off` writes none; the per-operation and per-route histograms.
 */
import { describe, expect, it, vi } from 'vitest';
import { hashToken } from '../../src/auth/sessions.js';
import type { AccessLine } from '../../src/server/access-log.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** One access-log line as pino writes it: the gateway's fields, and pino's and the request context's. */
type LoggedAccessLine = AccessLine & { level: number; msg: string; requestId?: string };

/** Every access line of `target`'s log, as raw text and parsed. */
function accessLines(target: TestGateway): { raw: string; line: LoggedAccessLine }[] {
  return target
    .logs()
    .split('\n')
    .filter((raw) => raw.includes('"msg":"access"'))
    .map((raw) => ({ raw, line: JSON.parse(raw) as LoggedAccessLine }));
}

/** The access lines of the request `requestId`, once the answer's end has been logged. */
async function linesOf(
  target: TestGateway,
  requestId: string,
  count = 1,
): Promise<{ raw: string; line: LoggedAccessLine }[]> {
  // The line is written on the server's `finish`, which may come a moment after the client has read the answer.
  await vi.waitFor(() =>
    expect(accessLines(target).filter(({ line }) => line.requestId === requestId)).toHaveLength(count),
  );
  return accessLines(target).filter(({ line }) => line.requestId === requestId);
}

const DASHBOARD = `query Dashboard($from: Date!, $to: Date!) {
  viewer { students { fullName grades(from: $from, to: $to) { date value { raw } } schedule(from: $to, to: $to) { startsAt } } }
}`;
const RANGE = { from: '2026-11-16', to: '2026-11-23' };

/** Posts a GraphQL request with the given id and headers; resolves with the HTTP status. */
async function post(
  target: TestGateway,
  requestId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = { authorization: `Bearer ${target.gateway.demo!.token}` },
): Promise<number> {
  const answer = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  });
  await answer.text();
  return answer.status;
}

describe('the access log', () => {
  it('should log a cold dashboard with its upstream calls and misses, and the same again with hits and no call', async () => {
    const target = await startTestGateway();
    expect(await post(target, 'cold-1', { query: DASHBOARD, variables: RANGE, operationName: 'Dashboard' })).toBe(200);
    expect(await post(target, 'warm-1', { query: DASHBOARD, variables: RANGE })).toBe(200);
    const [cold] = await linesOf(target, 'cold-1');
    const [warm] = await linesOf(target, 'warm-1');
    expect(cold!.line).toMatchObject({
      level: 30,
      method: 'POST',
      route: '/graphql',
      status: 200,
      operation: 'Dashboard',
      operationType: 'query',
      cacheHits: 0,
      cacheStale: 0,
    });
    expect(cold!.line.upstreamCalls).toBeGreaterThan(0);
    expect(cold!.line.cacheMisses).toBeGreaterThan(0);
    expect(cold!.line.durationMs).toBeGreaterThanOrEqual(0);
    expect(warm!.line).toMatchObject({ operation: 'Dashboard', upstreamCalls: 0, cacheMisses: 0, cacheStale: 0 });
    // Every cached read of the cold answer is a hit now, except the structure reads (a МЭШ profile id, Dnevnik.ru
    // work types…), which happen only inside the diary calls of a miss: a warm answer makes none.
    expect(warm!.line.cacheHits).toBeGreaterThan(0);
    expect(warm!.line.cacheHits).toBeLessThan(cold!.line.cacheMisses);
    // Both came with the demo parent's session: the same short id, which is not a piece of the token's hash.
    expect(cold!.line.sessionHash).toMatch(/^[0-9a-f]{12}$/);
    expect(warm!.line.sessionHash).toBe(cold!.line.sessionHash);
    expect(hashToken(target.gateway.demo!.token)).not.toContain(cold!.line.sessionHash);
  });

  it('should log an answer the answer cache sent as a hit of its operation, with no cache lookup or call', async () => {
    const target = await startTestGateway();
    const request = { query: DASHBOARD, variables: RANGE };
    for (const id of ['run-1', 'run-2', 'kept-1']) expect(await post(target, id, request)).toBe(200);
    const [ran] = await linesOf(target, 'run-2');
    const [kept] = await linesOf(target, 'kept-1');
    expect(ran!.line).toMatchObject({ answerCache: 'miss', operation: 'Dashboard', operationType: 'query' });
    expect(kept!.line).toMatchObject({
      route: '/graphql',
      status: 200,
      operation: 'Dashboard',
      operationType: 'query',
      answerCache: 'hit',
      upstreamCalls: 0,
      cacheHits: 0,
      cacheMisses: 0,
    });
  });

  it('should hold no token, cookie, variable, query text or SNILS, whatever the request carried', async () => {
    const target = await startTestGateway();
    const token = target.gateway.demo!.token;
    const snils = '112-233-445 95';
    const query = 'query Lookup($id: ID!) { secretAliasQx: student(id: $id) { fullName } }';
    const status = await post(
      target,
      'secrets-1',
      { query, variables: { id: snils }, operationName: 'Lookup' },
      { authorization: `Bearer ${token}`, cookie: `dg_session=${token}; other=cookie-value-Zq81` },
    );
    expect(status).toBe(200);
    const [{ raw, line }] = (await linesOf(target, 'secrets-1')) as [{ raw: string; line: LoggedAccessLine }];
    expect(line).toMatchObject({ route: '/graphql', operation: 'Lookup', operationType: 'query', status: 200 });
    for (const secret of [
      token,
      hashToken(token),
      'cookie-value-Zq81',
      snils,
      snils.replace(/\D/g, ''),
      'secretAliasQx',
      '$id',
      'Bearer',
    ])
      expect(raw).not.toContain(secret);
    expect(Object.keys(line).sort()).toEqual(
      [
        'level',
        'time',
        'service',
        'requestId',
        'method',
        'route',
        'status',
        'durationMs',
        'operation',
        'operationType',
        'upstreamCalls',
        'cacheHits',
        'cacheMisses',
        'cacheStale',
        'answerCache',
        'sessionHash',
        'msg',
      ].sort(),
    );
  });

  it('should write one line per request, with the route as a template and no query string', async () => {
    const target = await startTestGateway();
    const requests: [id: string, path: string, route: string][] = [
      ['one-1', '/graphiql?tab=1&code=secret-code-1', '/graphiql'],
      ['one-2', '/assets/index-3f2a9c.js', '/assets/:file'],
      ['one-3', '/no/such/place-Xy7?state=s', '(unmatched)'],
      ['one-4', '/link/dnevnik/callback?code=secret-code-2&state=s', '/link/dnevnik/callback'],
      ['one-5', '/demo/token', '/demo/token'],
    ];
    const statuses = new Map<string, number>();
    for (const [id, path] of requests) {
      const answer = await fetch(`${target.url}${path}`, { headers: { 'x-request-id': id }, redirect: 'manual' });
      await answer.arrayBuffer();
      statuses.set(id, answer.status);
    }
    for (const [id, , route] of requests) {
      const [{ raw, line }] = (await linesOf(target, id)) as [{ raw: string; line: LoggedAccessLine }];
      expect(line).toMatchObject({ method: 'GET', route, status: statuses.get(id) });
      expect(line.operation).toBeUndefined();
      expect(raw).not.toContain('secret-code');
      expect(raw).not.toContain('place-Xy7');
    }
    // A refused GraphQL request (the body is not JSON) is one line too, with no operation.
    expect(await post(target, 'one-6', { query: '{' })).toBe(400);
    const [{ line }] = (await linesOf(target, 'one-6')) as [{ raw: string; line: LoggedAccessLine }];
    expect(line).toMatchObject({ route: '/graphql', status: 400, operation: '(anonymous)' });
    expect(line.operationType).toBeUndefined();
    // Nothing was logged twice, and every request of this test has its line.
    const ids = accessLines(target).map(({ line: each }) => each.requestId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should log the health, readiness and metrics probes only at debug', async () => {
    const target = await startTestGateway();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const answer = await fetch(`${target.url}${path}`, {
        headers: { 'x-request-id': `probe${path.replace('/', '-')}` },
      });
      await answer.arrayBuffer();
    }
    // A request after them is logged, so theirs would have been by now.
    await post(target, 'after-probes', { query: '{ viewer { id } }' });
    await linesOf(target, 'after-probes');
    expect(accessLines(target).filter(({ line }) => line.requestId?.startsWith('probe'))).toEqual([]);
    // They still count in the request histogram.
    const text = await target.gateway.metrics.registry.metrics();
    expect(text).toMatch(/diary_gateway_http_request_duration_seconds_count\{route="\/healthz",status_class="2xx"\} 1/);
  });

  it('should log a request the client gave up on as 499, once', async () => {
    // Every diary answer takes 300 ms: the client leaves long before the dashboard could be answered.
    const target = await startTestGateway({ DEMO_LATENCY_MS: '300' });
    const leaving = new AbortController();
    const request = fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'gone-1',
        authorization: `Bearer ${target.gateway.demo!.token}`,
      },
      body: JSON.stringify({ query: DASHBOARD, variables: RANGE }),
      signal: leaving.signal,
    });
    setTimeout(() => leaving.abort(), 50);
    await expect(request).rejects.toThrow();
    const [{ line }] = (await linesOf(target, 'gone-1')) as [{ raw: string; line: LoggedAccessLine }];
    expect(line).toMatchObject({ route: '/graphql', status: 499, aborted: true, operation: 'Dashboard' });
  }, 30_000);

  it('should write no line with ACCESS_LOG=off, while the request metrics still count', async () => {
    const target = await startTestGateway({ ACCESS_LOG: 'off' });
    expect(await post(target, 'off-1', { query: DASHBOARD, variables: RANGE })).toBe(200);
    expect(await post(target, 'off-2', { query: '{ viewer { id } }' })).toBe(200);
    expect(target.logs()).not.toContain('"msg":"access"');
    const text = await target.gateway.metrics.registry.metrics();
    expect(text).toMatch(
      /diary_gateway_graphql_operation_duration_seconds_count\{operation="Dashboard",type="query"\} 1/,
    );
  });
});

describe('the per-operation histogram', () => {
  it('should label an operation by its name, an anonymous one as (anonymous), and an invalid name as other', async () => {
    const target = await startTestGateway();
    const longName = `Q${'x'.repeat(64)}`; // a GraphQL name, but longer than 64 characters
    await post(target, 'hist-1', { query: DASHBOARD, variables: RANGE });
    await post(target, 'hist-2', { query: '{ viewer { id } }' });
    await post(target, 'hist-3', { query: `query ${longName} { viewer { id } }` });
    await post(target, 'hist-4', { query: 'mutation SignOut { signOut }' });
    for (const id of ['hist-1', 'hist-2', 'hist-3', 'hist-4']) await linesOf(target, id);
    const text = await target.gateway.metrics.registry.metrics();
    const count = (operation: string, type: string) =>
      new RegExp(
        `diary_gateway_graphql_operation_duration_seconds_count\\{operation="${operation.replace(/[()]/g, '\\$&')}",type="${type}"\\} 1\\n`,
      );
    expect(text).toMatch(count('Dashboard', 'query'));
    expect(text).toMatch(count('(anonymous)', 'query'));
    expect(text).toMatch(count('other', 'query'));
    expect(text).toMatch(count('SignOut', 'mutation'));
    expect(text).not.toContain(longName);
    const [{ line }] = (await linesOf(target, 'hist-3')) as [{ raw: string; line: LoggedAccessLine }];
    expect(line.operation).toBe('(invalid)');
  });
});
