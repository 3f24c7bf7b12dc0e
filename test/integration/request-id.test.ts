/**
 * Issue 18 (part): a request id on every request — the client's `X-Request-Id` when well-formed, else a
 * new UUID — returned in the `X-Request-Id` header of every answer, in `extensions.requestId` of every
 * error (GraphQL errors, the edge's own refusals, the persisted-operations gate), and in every log line
 * written while the request is served. (Every other GraphQL test checks the error ids too:
 * test/support/graphql.ts compares each error's `requestId` with the header before leaving it out.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { runInRequest } from '../../src/logging/request-context.js';
import { requestIdOf } from '../../src/server/request-id.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { captureLogs } from '../support/logs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('keeps a well-formed id from the client', () => {
    for (const id of [
      'abc',
      'req-1',
      '3f2b8c1e-8d1a-4c2b-9d3e-0a1b2c3d4e5f',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'a.b_c:d',
      'x'.repeat(128),
    ])
      expect(requestIdOf({ 'x-request-id': id })).toBe(id);
  });

  it('makes a new UUID for a missing, empty, too long or ill-formed id, and takes the first of several', () => {
    for (const id of [undefined, '', 'x'.repeat(129), 'has space', 'quote"d', 'line\nbreak', 'кириллица', '<script>'])
      expect(requestIdOf(id === undefined ? {} : { 'x-request-id': id })).toMatch(UUID);
    expect(requestIdOf({ 'x-request-id': ['first', 'second'] })).toBe('first');
    expect(requestIdOf({})).not.toBe(requestIdOf({}));
  });
});

describe('the request id at the edge', () => {
  let target: TestGateway;

  beforeAll(async () => {
    target = await startTestGateway({ DEMO: 'true', MAX_BODY_BYTES: '2048' });
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${target.url}${path}`, { headers });
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers every route with X-Request-Id: the client’s when well-formed, else a new one', async () => {
    for (const path of ['/healthz', '/readyz', '/', '/graphiql', '/nothing-here', '/auth/session']) {
      expect((await get(path)).headers.get('x-request-id'), path).toMatch(UUID);
      expect((await get(path, { 'x-request-id': 'mine-42' })).headers.get('x-request-id'), path).toBe('mine-42');
      expect((await get(path, { 'x-request-id': 'not well formed' })).headers.get('x-request-id'), path).toMatch(UUID);
    }
  });

  it('puts the id in every error: GraphQL errors, a body too large, a body that is not JSON', async () => {
    const unauthenticated = await post(JSON.stringify({ query: '{ viewer { id } }' }), { 'x-request-id': 'gql-1' });
    const tooLarge = await post(JSON.stringify({ query: `{ __typename } #${'x'.repeat(2100)}` }), {
      'x-request-id': 'big-1',
    });
    const notJson = await post('{', { 'x-request-id': 'bad-1' });
    const invalid = await post(JSON.stringify({ query: '{ nope }' }));
    for (const [answer, id] of [
      [unauthenticated, 'gql-1'],
      [tooLarge, 'big-1'],
      [notJson, 'bad-1'],
      [invalid, null],
    ] as const) {
      const body = (await answer.json()) as { errors: { extensions: { requestId?: string } }[] };
      const header = answer.headers.get('x-request-id');
      expect(header).toBe(id ?? header);
      expect(body.errors.length).toBeGreaterThan(0);
      for (const error of body.errors) expect(error.extensions.requestId).toBe(header);
    }
  });

  it('names the request in each log line written while serving it, and in no other', async () => {
    // Last in this block: it ends the demo parent's session.
    const token = target.gateway.demo!.token;
    const out = await fetch(`${target.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'logout-7' },
    });
    expect(out.status).toBe(204);
    const lines = target
      .logs()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { msg: string; requestId?: string });
    expect(lines.find((line) => line.msg === 'signed out')?.requestId).toBe('logout-7');
    expect(lines.find((line) => line.msg.startsWith('demo'))?.requestId).toBeUndefined();
  });
});

describe('the persisted-operations gate', () => {
  it('puts the id in its refusal too', async () => {
    const target = await startTestGateway({ DEMO: 'true', PERSISTED_OPERATIONS: 'only' });
    const refused = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'gate-3' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_ALLOWED', requestId: 'gate-3' });
  });
});

describe('the logger', () => {
  it('adds the request id only inside a request, through awaits and timers it started', async () => {
    const logs = captureLogs();
    const logger = createLogger('info', logs.stream);
    logger.info('outside');
    await runInRequest({ requestId: 'r-1' }, async () => {
      logger.info('inside');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('after an await');
    });
    const lines = logs
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; requestId?: string });
    expect(lines.map(({ msg, requestId }) => ({ msg, requestId }))).toEqual([
      { msg: 'outside', requestId: undefined },
      { msg: 'inside', requestId: 'r-1' },
      { msg: 'after an await', requestId: 'r-1' },
    ]);
  });
});
