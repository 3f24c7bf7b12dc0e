/** The access log on a bare `node:http` server: levels, ends of a request, one line each. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { currentRequestActivity, newRequestActivity, runInRequest } from '../../../src/logging/request-context.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';
import { createAccessLog, type AccessLogSettings } from '../../../src/server/access-log.js';
import { createOperationLabels } from '../../../src/server/operation-labels.js';
import { listeningServer } from '../../support/http-server.js';
import { captureLogs } from '../../support/logs.js';

/** A server whose every request is watched by an access log (`null`: no settings), then answered by `answer`. */
async function watchedServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
  settings: AccessLogSettings | null = { enabled: true },
) {
  const logs = captureLogs();
  const metrics = createGatewayMetrics({ processMetrics: false });
  const accessLog = createAccessLog({
    logger: createLogger('debug', logs.stream),
    metrics,
    settings: settings ?? undefined,
    routes: { embeddedIssuerPath: null, isStaticFile: () => false },
  });
  const { url } = await listeningServer((req, res) => {
    const activity = newRequestActivity();
    runInRequest({ requestId: String(req.headers['x-request-id']), activity }, () => {
      accessLog.watch(req, res, activity);
      answer(req, res);
    });
  });
  const lines = () =>
    logs
      .text()
      .split('\n')
      .filter((line) => line.includes('"msg":"access"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { url, lines, metrics };
}

describe('createAccessLog', () => {
  it('should log requests at info and the probes at debug, each once with its request id', async () => {
    const server = await watchedServer((_req, res) => res.end('ok'));
    for (const path of ['/graphql', '/healthz', '/readyz', '/metrics', '/'])
      await (await fetch(`${server.url}${path}`, { headers: { 'x-request-id': `id${path}` } })).text();
    await vi.waitFor(() => expect(server.lines()).toHaveLength(5));
    const levels = Object.fromEntries(server.lines().map((line) => [line.route, [line.level, line.requestId]]));
    expect(levels).toEqual({
      '/graphql': [30, 'id/graphql'],
      '/healthz': [20, 'id/healthz'],
      '/readyz': [20, 'id/readyz'],
      '/metrics': [20, 'id/metrics'],
      '/': [30, 'id/'],
    });
  });

  it('should log a request cut after its headers with their status, and aborted', async () => {
    const server = await watchedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      setTimeout(() => res.destroy(), 10);
    });
    await fetch(`${server.url}/graphql`, { headers: { 'x-request-id': 'cut' } })
      .then((answer) => answer.text())
      .catch(() => undefined);
    await vi.waitFor(() => expect(server.lines()).toHaveLength(1));
    expect(server.lines()[0]).toMatchObject({ route: '/graphql', status: 200, aborted: true });
  });

  it('should count the request histogram whether or not lines are written, and write none when disabled', async () => {
    for (const settings of [{ enabled: false }, null]) {
      const server = await watchedServer((_req, res) => {
        res.statusCode = 503;
        res.end();
      }, settings);
      await (await fetch(`${server.url}/readyz`)).text();
      await vi.waitFor(async () =>
        expect(await server.metrics.registry.metrics()).toMatch(
          /diary_gateway_http_request_duration_seconds_count\{route="\/readyz",status_class="5xx"\} 1/,
        ),
      );
      expect(server.lines()).toEqual([]);
    }
  });

  it('should observe an operation only once Apollo resolved it, under its bounded label', async () => {
    const labels = createOperationLabels({ registered: ['Known'], maxLearned: 0 });
    const server = await watchedServer(
      (req, res) => {
        // What the Apollo plugin would have recorded (src/server/operation-activity.ts).
        const name = String(req.headers['x-operation']);
        const activity = currentRequestActivity();
        if (activity) activity.operation = { name, type: req.headers['x-resolved'] ? 'query' : null };
        res.end();
      },
      { enabled: true, operationLabels: labels },
    );
    for (const [operation, resolved] of [
      ['Known', true],
      ['Unknown', true],
      ['NotResolved', false],
    ] as const) {
      const headers: Record<string, string> = { 'x-operation': operation, ...(resolved ? { 'x-resolved': '1' } : {}) };
      await (await fetch(`${server.url}/graphql`, { headers })).text();
    }
    await vi.waitFor(() => expect(server.lines()).toHaveLength(3));
    const text = await server.metrics.registry.metrics();
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="Known",type="query"\} 1/);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="other",type="query"\} 1/);
    expect(text).not.toContain('NotResolved');
    expect(server.lines().map((line) => line.operation)).toEqual(['Known', 'Unknown', 'NotResolved']);
  });
});
