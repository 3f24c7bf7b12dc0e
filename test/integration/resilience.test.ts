import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startTestGateway, testClock, type TestGateway } from '../support/gateway.js';
import { dataOf, operation } from '../support/graphql.js';

// Issue 6, "keep answering when providers don't": the circuit breaker against the real МЭШ simulator,
// readiness and metrics, and the limits on what one client may ask. Real gateway, real HTTP.

const TWO_HOURS = 2 * 3_600_000;
const QUERY = operation<{
  viewer: { displayName: string; students: { fullName: string; grades: { id: string }[] }[] };
}>(/* GraphQL */ `
  {
    viewer {
      displayName
      students {
        fullName
        grades(from: "2026-11-16", to: "2026-11-22") {
          id
        }
      }
    }
  }
`);

function post(target: TestGateway, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function metricsText(target: TestGateway): Promise<string> {
  return (await fetch(`${target.url}/metrics`)).text();
}

describe('the МЭШ circuit breaker', () => {
  it('should open after repeated failures, answer without calling МЭШ while open, and close once МЭШ recovers', async () => {
    const clock = testClock();
    const target = await startTestGateway(
      { BREAKER_FAILURE_THRESHOLD: '2', BREAKER_HALF_OPEN_AFTER_MS: '60000', UPSTREAM_RETRIES: '0' },
      clock.now,
    );
    const simulator = target.gateway.demo!.simulators.mesh;
    const good = await target.graphql(QUERY);
    expect(good.body.errors).toBeUndefined();

    // Each query comes two hours later, past every cache window, so the gateway must ask МЭШ.
    simulator.setFault('server-error');
    let opened = false;
    for (let attempt = 0; attempt < 4 && !opened; attempt++) {
      clock.advance(TWO_HOURS);
      const failing = await target.graphql(QUERY);
      expect(dataOf(failing).viewer.displayName).toBe('Анна Сергеевна Иванова');
      opened = failing.body.errors!.some((error) => error.extensions?.circuit === 'open');
    }
    expect(opened).toBe(true);
    expect(await metricsText(target)).toMatch(/diary_gateway_upstream_circuit_state\{provider="MESH",host="[^"]+"\} 1/);

    // Open: the next query is answered without one request reaching МЭШ, and everything else resolves.
    simulator.clearRequests();
    clock.advance(TWO_HOURS);
    const refused = await target.graphql(QUERY);
    expect(simulator.requests).toEqual([]);
    expect(refused.status).toBe(200);
    expect(dataOf(refused).viewer.displayName).toBe('Анна Сергеевна Иванова');
    expect(dataOf(refused).viewer.students.map((s) => s.fullName)).toEqual([
      'Иванов Артем',
      'Иванов Артём Олегович',
      'Иванов Лев Олегович',
      'Иванова Мария Олеговна',
      'Иванова Полина Олеговна',
      'Иванова Софья Олеговна',
    ]);
    expect(refused.body.errors!.length).toBeGreaterThan(0);
    for (const error of refused.body.errors!) {
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider: 'MESH', circuit: 'open' });
      expect(error.message).toMatch(
        /^МЭШ is not answering: after repeated failures the gateway stopped calling it for now and will try again in \d+ s\.$/,
      );
    }

    // МЭШ recovers; a minute later (the breaker reads Date.now) the next query probes it and closes the breaker.
    simulator.setFault('none');
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    vi.setSystemTime(Date.now() + 61_000);
    clock.advance(TWO_HOURS);
    const recovered = await target.graphql(QUERY);
    expect(recovered.body.errors).toBeUndefined();
    const artem = dataOf(recovered).viewer.students.find((s) => s.fullName === 'Иванов Артём Олегович')!;
    expect(artem.grades.length).toBeGreaterThan(0);
    expect(simulator.requests.length).toBeGreaterThan(0);
    expect(await metricsText(target)).toMatch(/diary_gateway_upstream_circuit_state\{provider="MESH",host="[^"]+"\} 0/);
  });
});

describe('readiness and metrics', () => {
  it('should answer /readyz with 200 while ready, and 503 while a readiness check fails', async () => {
    const target = await startTestGateway();
    const ready = await fetch(`${target.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    target.gateway.readinessChecks.push(async function redisPing() {
      throw new Error('connection refused');
    });
    const notReady = await fetch(`${target.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not ready', failedChecks: 1 });
    expect(target.logs()).toContain('readiness check failed');
  });

  it('should expose upstream latency by provider, GraphQL errors by code and the cache counters at /metrics', async () => {
    const target = await startTestGateway();
    await target.graphql(QUERY);
    await target.graphql('{ viewer { id } }', {}, null);
    target.gateway.metrics.cacheEvents.inc({ provider: 'MESH', resource: 'grades', outcome: 'hit' });

    const response = await fetch(`${target.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /diary_gateway_upstream_request_duration_seconds_bucket\{le="0.1",provider="MESH",outcome="2xx"\} \d+/,
    );
    expect(text).toMatch(
      /diary_gateway_upstream_request_duration_seconds_count\{provider="MESH",outcome="2xx"\} [1-9]\d*/,
    );
    expect(text).toContain('diary_gateway_graphql_errors_total{code="UNAUTHENTICATED"} 1');
    expect(text).toContain('diary_gateway_cache_events_total{provider="MESH",resource="grades",outcome="hit"} 1');
    expect(text).toContain('# TYPE diary_gateway_upstream_errors_total counter');
    expect(text).toContain('diary_gateway_process_cpu_seconds_total');
  });
});

describe('limits on incoming requests', () => {
  it('should answer a session over its allowance with 429, Retry-After and RATE_LIMITED, keyed by session', async () => {
    const target = await startTestGateway({ SESSION_RATE_LIMIT_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await target.graphql('{ viewer { id } }')).status).toBe(200);

    const limited = await post(target, JSON.stringify({ query: '{ viewer { id } }' }), {
      authorization: `Bearer ${target.gateway.demo!.token}`,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(await limited.json()).toEqual({
      errors: [
        {
          message: 'Too many requests: at most 3 per minute are accepted. Try again in 20 s.',
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 20, requestId: limited.headers.get('x-request-id') },
        },
      ],
    });
    // A request without a session is counted by its address, apart from the signed-in family.
    expect((await target.graphql('{ viewer { id } }', {}, null)).status).toBe(200);
    expect(await metricsText(target)).toContain('diary_gateway_graphql_errors_total{code="RATE_LIMITED"} 1');
  });

  it('should refuse a too deep query with 400 and QUERY_TOO_COMPLEX before calling any diary', async () => {
    const target = await startTestGateway({ MAX_QUERY_DEPTH: '3' });
    const simulator = target.gateway.demo!.simulators.mesh;
    simulator.clearRequests();
    const answer = await target.graphql('{ viewer { students { school { name } } } }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message:
          'The query nests fields 4 levels deep; the gateway accepts at most 3. Ask for fewer nested fields, or split the query.',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 3, actual: 4 },
      },
    ]);
    expect(simulator.requests).toEqual([]);
  });

  it('should refuse a too costly query with 400 and QUERY_TOO_COMPLEX', async () => {
    const target = await startTestGateway({ MAX_QUERY_COST: '100' });
    const answer = await target.graphql(
      '{ viewer { students { grades(from: "2026-11-16", to: "2026-11-22") { id } } } }',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      maximum: 100,
      actual: 112,
    });
    expect(answer.body.errors?.[0]?.message).toMatch(
      /^The query's estimated cost is 112; the gateway accepts at most 100\./,
    );
  });

  it('should refuse more aliases than allowed, and accept the demo IDE query and introspection under the defaults', async () => {
    const target = await startTestGateway();
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: displayName`).join(' ');
    const refused = await target.graphql(`{ viewer { ${aliases} } }`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
      actual: 16,
    });

    const { getIntrospectionQuery } = await import('graphql');
    const introspection = await target.graphql(getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
  });

  it('should refuse a batch of operations', async () => {
    const target = await startTestGateway();
    const batch = await post(target, JSON.stringify([{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]), {
      authorization: `Bearer ${target.gateway.demo!.token}`,
    });
    expect(batch.status).toBe(400);
    expect(await batch.text()).toContain('Operation batching disabled.');
  });

  it('should refuse a body over MAX_BODY_BYTES with 413 and REQUEST_TOO_LARGE', async () => {
    const target = await startTestGateway({ MAX_BODY_BYTES: '2048' });
    const fits = await post(target, JSON.stringify({ query: `{ __typename } #${'x'.repeat(1500)}` }));
    expect(fits.status).toBe(200);
    const tooLarge = await post(target, JSON.stringify({ query: `{ __typename } #${'x'.repeat(2100)}` }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      errors: [
        {
          message: 'The request body is larger than 2048 bytes.',
          extensions: {
            code: 'REQUEST_TOO_LARGE',
            maximumBytes: 2048,
            requestId: tooLarge.headers.get('x-request-id'),
          },
        },
      ],
    });
  });
});
