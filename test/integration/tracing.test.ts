// Issue 18, "Seeing what it does": OpenTelemetry traces of a real gateway (demo mode, the four diary
// simulators over loopback HTTP), exported over OTLP/HTTP JSON to a local receiver, and off when no
// endpoint is set.
import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { print } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { DashboardDocument } from '../../client/src/index.js';
import type { RecordedRequest } from '../../adapters/simulation/controls.js';
import type { DemoSimulators } from '../../src/demo/start-demo.js';
import { tracingEnabled } from '../../src/observability/tracing.js';
import { startTestGateway, TEST_DASHBOARD_DAYS as DAYS, testClock, type TestGateway } from '../support/gateway.js';
import { postGraphql, type GraphqlResponse } from '../support/graphql.js';
import { closedPortUrl } from '../support/rejection.js';
import {
  SPAN_KIND,
  STATUS_CODE,
  startOtlpReceiver,
  TraceTree,
  type OtlpReceiver,
  type ReceivedSpan,
} from '../support/otlp-receiver.js';

const DASHBOARD = print(DashboardDocument);
const STUDENT_NAMES = '{ viewer { students { fullName } } }';
const TWO_HOURS = 2 * 3_600_000;
const PROVIDERS = ['DNEVNIK', 'ELJUR', 'MESH'];

/** A gateway exporting to a fresh receiver. */
async function tracedGateway(
  environment: Record<string, string> = {},
  now?: () => Date,
): Promise<{ target: TestGateway; receiver: OtlpReceiver }> {
  const receiver = await startOtlpReceiver();
  const target = await startTestGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...environment }, now);
  return { target, receiver };
}

/** Posts `query` as the demo parent, with extra `headers`. */
function ask(target: TestGateway, query: string, variables = {}, headers: Record<string, string> = {}) {
  return postGraphql(target.url, query, {
    variables,
    headers: { authorization: `Bearer ${target.gateway.demo!.token}`, ...headers },
  });
}

/** Every request the four simulators recorded since they were last cleared. */
function diaryRequests(simulators: DemoSimulators): RecordedRequest[] {
  return [simulators.mesh, simulators.meshRegion, simulators.dnevnik, simulators.eljur].flatMap((s) => s.requests);
}

function clearDiaryRequests(simulators: DemoSimulators): void {
  for (const simulator of [simulators.mesh, simulators.meshRegion, simulators.dnevnik, simulators.eljur])
    simulator.clearRequests();
}

/** The trace of the `/graphql` request answered with `answer` (found by its request id). */
function traceOf(spans: readonly ReceivedSpan[], answer: GraphqlResponse): TraceTree {
  const server = spans.find(
    (span) => span.kind === SPAN_KIND.server && span.attributes['diary_gateway.request_id'] === answer.requestId,
  );
  expect(server, `no server span for request ${answer.requestId}`).toBeDefined();
  return new TraceTree(spans, server!.traceId);
}

const isLoad = (span: ReceivedSpan) => span.name.startsWith('load ');
const isCall = (span: ReceivedSpan) =>
  span.kind === SPAN_KIND.internal && typeof span.attributes['url.template'] === 'string';
const isClient = (span: ReceivedSpan) => span.kind === SPAN_KIND.client;
const describeSpan = (span: ReceivedSpan) => `${span.name} ${JSON.stringify(span.attributes)}`;

describe('OpenTelemetry traces', () => {
  it('should export a cold dashboard as one trace (request, operation, loads, diary calls, attempts) and the same dashboard again as cache hits', async () => {
    const { target, receiver } = await tracedGateway();
    const { simulators } = target.gateway.demo!;
    // The demo linked its accounts at start, outside any request: untraced, and no trace passed on.
    expect(diaryRequests(simulators).length).toBeGreaterThan(0);
    expect(diaryRequests(simulators).filter((request) => request.traceparent !== undefined)).toEqual([]);
    clearDiaryRequests(simulators);

    const cold = await ask(target, DASHBOARD, DAYS);
    expect(cold.status).toBe(200);
    expect(cold.body.errors).toBeUndefined();
    const coldDiaryRequests = diaryRequests(simulators);
    clearDiaryRequests(simulators);
    const warm = await ask(target, DASHBOARD, DAYS);
    expect(warm.body.errors).toBeUndefined();
    expect(diaryRequests(simulators)).toEqual([]);
    await target.gateway.close(); // flushes the last spans

    const spans = receiver.spans();
    const tree = traceOf(spans, cold);
    const rendered = tree.render(describeSpan);
    // One root, and every span of the trace hangs from it.
    const roots = tree.spans.filter((span) => span.parentSpanId === null);
    expect(
      roots.map((span) => span.name),
      rendered,
    ).toEqual(['POST /graphql']);
    const [server] = roots;
    expect(server).toMatchObject({
      kind: SPAN_KIND.server,
      attributes: { 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 },
      resource: { 'service.name': 'diary-gateway' },
      scope: 'diary-gateway',
    });
    for (const span of tree.spans) expect(tree.ancestorsOf(span).at(-1) ?? span, describeSpan(span)).toBe(server);

    const [operation, ...others] = tree.childrenOf(server!);
    expect(others).toEqual([]);
    expect(operation).toMatchObject({
      name: 'query Dashboard',
      attributes: {
        'graphql.operation.name': 'Dashboard',
        'graphql.operation.type': 'query',
        'diary_gateway.graphql.error_count': 0,
      },
    });

    // A load per cached read, each a child of the operation, all misses in a cold cache.
    const loads = tree.spans.filter(isLoad);
    expect(loads.every((load) => tree.parentOf(load) === operation)).toBe(true);
    expect(new Set(loads.map((load) => load.attributes['diary_gateway.provider']))).toEqual(new Set(PROVIDERS));
    expect(new Set(loads.map((load) => load.attributes['diary_gateway.resource']))).toEqual(
      new Set(['profile', 'periods', 'schedule', 'homework', 'grades', 'averages', 'attendance']),
    );
    for (const load of loads)
      expect(load.attributes, describeSpan(load)).toMatchObject({
        'diary_gateway.cache.outcome': 'miss',
        'diary_gateway.cache.stale': false,
      });

    // Each diary call under the load that missed, of the same diary; each HTTP attempt under its call.
    const calls = tree.spans.filter(isCall);
    expect(new Set(calls.map((call) => call.attributes['diary_gateway.provider']))).toEqual(new Set(PROVIDERS));
    for (const call of calls) {
      const load = tree.ancestorsOf(call).find(isLoad);
      expect(load?.attributes['diary_gateway.provider'], describeSpan(call)).toBe(
        call.attributes['diary_gateway.provider'],
      );
      expect(call.attributes).toMatchObject({
        'http.response.status_code': 200,
        'diary_gateway.upstream.attempts': 1,
        'diary_gateway.upstream.attempt_outcomes': ['200'],
        'diary_gateway.breaker.state': 'closed',
      });
      expect(call.name).toBe(
        `${String(call.attributes['diary_gateway.provider'])} ${String(call.attributes['http.request.method'])} ${String(call.attributes['url.template'])}`,
      );
      const attempts = tree.childrenOf(call);
      expect(
        attempts.map((attempt) => attempt.kind),
        describeSpan(call),
      ).toEqual([SPAN_KIND.client]);
      expect(attempts[0]!.attributes).toMatchObject({
        'http.response.status_code': 200,
        'url.template': call.attributes['url.template'],
      });
    }
    // Dnevnik.ru names its routes by template: no child's or school's id in any span.
    const dnevnikTemplates = calls
      .filter((call) => call.attributes['diary_gateway.provider'] === 'DNEVNIK')
      .map((call) => call.attributes['url.template'] as string);
    expect(dnevnikTemplates).toContain('/v2/persons/{person}/schools/{school}/marks/{from}/{to}');
    for (const attempt of tree.spans.filter(isClient)) {
      const url = new URL(attempt.attributes['url.full'] as string);
      expect(decodeURI(url.pathname)).toBe(attempt.attributes['url.template']);
      expect(
        [...url.searchParams.values()].every((value) => value === 'REDACTED'),
        url.href,
      ).toBe(true);
    }
    // No credential anywhere in what was exported: the session, the diaries' tokens, Eljur's password.
    const credentials = target.gateway.demo!.linkingCredentials();
    const secrets = [
      target.gateway.demo!.token,
      ...credentials.linkMeshAccount.map(({ token }) => token),
      ...credentials.linkEljurAccount.map(({ password }) => password),
    ];
    for (const secret of secrets) expect(receiver.text()).not.toContain(secret);

    // Every diary request of the cold dashboard carried the trace on, naming the attempt that sent it.
    const attemptIds = new Set(tree.spans.filter(isClient).map((span) => span.spanId));
    expect(coldDiaryRequests.length).toBe(attemptIds.size);
    for (const request of coldDiaryRequests) {
      const [, traceId, parentId] = request.traceparent!.split('-');
      expect(traceId).toBe(tree.traceId);
      expect(attemptIds.has(parentId!)).toBe(true);
    }

    // The same dashboard again: its own trace, every load a hit, no diary call under any.
    const warmTree = traceOf(spans, warm);
    expect(warmTree.traceId).not.toBe(tree.traceId);
    const warmLoads = warmTree.spans.filter(isLoad);
    expect(warmLoads.length).toBeGreaterThan(0);
    expect(new Set(warmLoads.map((load) => load.attributes['diary_gateway.cache.outcome']))).toEqual(new Set(['hit']));
    expect(warmTree.spans.filter((span) => isCall(span) || isClient(span))).toEqual([]);

    // The log lines of a traced request name its trace.
    const accessLine = target
      .logs()
      .split('\n')
      .find((line) => line.includes(`"requestId":"${cold.requestId}"`) && line.includes('"msg":"access"'));
    expect(accessLine).toContain(`"traceId":"${tree.traceId}"`);
  });

  it("should continue a client's W3C trace and pass it on to the diaries", async () => {
    const { target, receiver } = await tracedGateway();
    const { simulators } = target.gateway.demo!;
    clearDiaryRequests(simulators);
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');

    const answer = await ask(target, STUDENT_NAMES, {}, { traceparent: `00-${traceId}-${clientSpanId}-01` });
    expect(answer.body.errors).toBeUndefined();
    const requests = diaryRequests(simulators);
    await target.gateway.close();

    const tree = traceOf(receiver.spans(), answer);
    expect(tree.traceId).toBe(traceId);
    const server = tree.spans.find((span) => span.kind === SPAN_KIND.server)!;
    expect(server.parentSpanId).toBe(clientSpanId);
    expect(tree.spans.filter(isClient).length).toBeGreaterThan(0);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(request.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it("should record a diary call's retries and the breaker they opened, and a call the open breaker refused", async () => {
    const clock = testClock();
    const { target, receiver } = await tracedGateway(
      { UPSTREAM_RETRIES: '2', BREAKER_FAILURE_THRESHOLD: '3', BREAKER_HALF_OPEN_AFTER_MS: '600000' },
      clock.now,
    );
    const { mesh } = target.gateway.demo!.simulators;
    mesh.setFault('down'); // 503 with a maintenance page: retried, and counted by the breaker
    const failing = await ask(target, STUDENT_NAMES);
    clock.advance(TWO_HOURS);
    const refused = await ask(target, STUDENT_NAMES);
    await target.gateway.close();

    const moscow = (tree: TraceTree) =>
      tree.spans.filter((span) => isCall(span) && span.attributes['diary_gateway.tenant'] === 'mesh-moscow');
    const failingTree = traceOf(receiver.spans(), failing);
    const [retried] = moscow(failingTree);
    expect(retried, failingTree.render(describeSpan)).toMatchObject({
      status: { code: STATUS_CODE.error },
      attributes: {
        'http.response.status_code': 503,
        'error.type': '503',
        'diary_gateway.upstream.attempts': 3,
        'diary_gateway.upstream.attempt_outcomes': ['503', '503', '503'],
        'diary_gateway.breaker.state': 'closed',
        'diary_gateway.breaker.state_after': 'open',
      },
    });
    const attempts = failingTree.childrenOf(retried!);
    expect(attempts.map((attempt) => attempt.attributes['http.request.resend_count'])).toEqual([undefined, 1, 2]);
    expect(attempts.every((attempt) => attempt.attributes['http.response.status_code'] === 503)).toBe(true);
    const load = failingTree.ancestorsOf(retried!).find(isLoad)!;
    expect(load).toMatchObject({
      status: { code: STATUS_CODE.error },
      attributes: { 'diary_gateway.cache.outcome': 'miss', 'error.type': 'PROVIDER_UNAVAILABLE' },
    });

    const refusedTree = traceOf(receiver.spans(), refused);
    const refusedCalls = moscow(refusedTree);
    expect(refusedCalls.length).toBeGreaterThan(0);
    for (const call of refusedCalls) {
      expect(call.attributes).toMatchObject({
        'diary_gateway.upstream.attempts': 0,
        'diary_gateway.breaker.state': 'open',
        'error.type': 'PROVIDER_UNAVAILABLE',
      });
      expect(refusedTree.childrenOf(call)).toEqual([]);
    }
  });

  it('should register nothing and pass no trace on without an endpoint, and leave nothing registered after a traced gateway closes', async () => {
    const probe = () => trace.getTracer('probe').startSpan('probe').isRecording();
    const { target: traced } = await tracedGateway();
    expect(tracingEnabled()).toBe(true);
    expect(probe()).toBe(true);
    await traced.gateway.close();
    expect(tracingEnabled()).toBe(false);
    expect(probe()).toBe(false);

    const receiver = await startOtlpReceiver();
    const target = await startTestGateway({ OTEL_SERVICE_NAME: 'not-exported' });
    expect(tracingEnabled()).toBe(false);
    expect(probe()).toBe(false);
    const { simulators } = target.gateway.demo!;
    clearDiaryRequests(simulators);
    const answer = await ask(target, STUDENT_NAMES);
    expect(answer.body.errors).toBeUndefined();
    expect(diaryRequests(simulators).length).toBeGreaterThan(0);
    expect(diaryRequests(simulators).filter((request) => request.headerNames.includes('traceparent'))).toEqual([]);
    expect(target.logs()).not.toContain('"traceId"');
    await target.gateway.close();
    expect(receiver.requests()).toBe(0);
  });

  it('should send the collector the standard OTEL_EXPORTER_OTLP_HEADERS and compression (read by the SDK)', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-api-key=demo-key');
    vi.stubEnv('OTEL_EXPORTER_OTLP_COMPRESSION', 'gzip');
    const { target, receiver } = await tracedGateway();
    const answer = await ask(target, STUDENT_NAMES);
    await target.gateway.close();
    expect(traceOf(receiver.spans(), answer).spans.length).toBeGreaterThan(0);
    expect(receiver.headers()[0]).toMatchObject({ 'x-api-key': 'demo-key', 'content-encoding': 'gzip' });
  });

  it('should serve, close and unregister when the collector cannot be reached, saying so in the log', async () => {
    const target = await startTestGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl() });
    const answer = await ask(target, STUDENT_NAMES);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    await target.gateway.close();
    expect(tracingEnabled()).toBe(false);
    expect(target.logs()).toMatch(/"component":"opentelemetry".*ECONNREFUSED|the last spans could not be exported/);
  });

  it('should keep a second traced gateway in the same process on the first one’s exporter, with a warning', async () => {
    const first = await tracedGateway();
    const second = await tracedGateway();
    expect(second.target.logs()).toContain('tracing is already running in this process');
    const answer = await ask(second.target, STUDENT_NAMES);
    await second.target.gateway.close();
    expect(tracingEnabled()).toBe(true); // the first one's registration stays
    await first.target.gateway.close();
    expect(traceOf(first.receiver.spans(), answer).spans.length).toBeGreaterThan(0);
    expect(second.receiver.requests()).toBe(0);
  });
});
