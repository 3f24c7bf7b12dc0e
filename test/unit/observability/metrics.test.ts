import { beforeEach, describe, expect, it } from 'vitest';
import { instrumentTransport } from '../../../src/observability/instrument-transport.js';
import { createGatewayMetrics, type GatewayMetrics } from '../../../src/observability/metrics.js';
import { metricValue as readMetric } from '../../support/metrics.js';
import { get, scriptedTransport } from '../resilience/fake-transport.js';

let metrics: GatewayMetrics;
const metricValue = (name: string, labels: Record<string, string>) => readMetric(metrics, name, labels);

beforeEach(() => {
  metrics = createGatewayMetrics({ processMetrics: false });
});

describe('instrumentTransport', () => {
  it('should observe each attempt by provider and outcome, and count error answers and failures', async () => {
    const { transport } = scriptedTransport({ status: 200 }, { status: 503 }, { failure: 'headers-timeout' });
    const measured = instrumentTransport(transport, 'MESH', metrics);
    await measured(get());
    await measured(get());
    await measured(get()).catch(() => undefined);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/diary_gateway_upstream_request_duration_seconds_count\{provider="MESH",outcome="2xx"\} 1/);
    expect(text).toMatch(/diary_gateway_upstream_request_duration_seconds_count\{provider="MESH",outcome="5xx"\} 1/);
    expect(text).toMatch(
      /diary_gateway_upstream_request_duration_seconds_count\{provider="MESH",outcome="headers-timeout"\} 1/,
    );
    expect(await metricValue('diary_gateway_upstream_errors_total', { provider: 'MESH', code: '503' })).toBe(1);
    expect(
      await metricValue('diary_gateway_upstream_errors_total', { provider: 'MESH', code: 'headers-timeout' }),
    ).toBe(1);
  });
});

describe('createGatewayMetrics', () => {
  it('should give each gateway a registry of its own', async () => {
    const other = createGatewayMetrics({ processMetrics: false });
    metrics.cacheEvents.inc({ provider: 'MESH', resource: 'grades', outcome: 'hit' });
    expect(
      await metricValue('diary_gateway_cache_events_total', { provider: 'MESH', resource: 'grades', outcome: 'hit' }),
    ).toBe(1);
    expect(await other.registry.metrics()).not.toMatch(/outcome="hit"/);
  });
});
