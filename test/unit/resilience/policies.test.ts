import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderCircuitOpenError, ProviderThrottledError } from '../../../src/errors/gateway-error.js';
import { createGatewayMetrics, type GatewayMetrics } from '../../../src/observability/metrics.js';
import { createResilientTransport } from '../../../src/resilience/policies.js';
import { metricValue as readMetric } from '../../support/metrics.js';
import { get, scriptedTransport, settle } from './fake-transport.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';

let metrics: GatewayMetrics;

useStrictFakeTimers(new Date('2026-11-23T09:00:00.000Z'));
beforeEach(() => {
  metrics = createGatewayMetrics({ processMetrics: false });
});

const metricValue = (name: string, labels: Record<string, string>) => readMetric(metrics, name, labels);

describe('createResilientTransport', () => {
  it('should count every retried attempt towards the breaker, and stop retrying once it opens', async () => {
    const { transport } = scriptedTransport({ status: 503 });
    const guarded = createResilientTransport(transport, {
      provider: 'MESH',
      retry: { retries: 5 },
      breaker: { failureThreshold: 2, halfOpenAfterMs: 30_000 },
      metrics,
    });
    const call = settle(guarded(get()));
    await vi.advanceTimersByTimeAsync(5000);
    expect(call.result()?.error).toBeInstanceOf(ProviderCircuitOpenError);
    expect(transport).toHaveBeenCalledTimes(2);
    expect(await metricValue('diary_gateway_upstream_retries_total', { provider: 'MESH', reason: '503' })).toBe(2);
    expect(await metricValue('diary_gateway_upstream_errors_total', { provider: 'MESH', code: 'circuit_open' })).toBe(
      1,
    );
    expect(
      await metricValue('diary_gateway_upstream_circuit_state', { provider: 'MESH', host: 'school.example' }),
    ).toBe(1);
  });

  it('should spend no rate-limit token on a call the open breaker refuses', async () => {
    const { transport } = scriptedTransport({ failure: 'connection' }, { status: 200 });
    const take = vi.fn(async () => ({ granted: true as const, waitMs: 0 }));
    const guarded = createResilientTransport(transport, {
      provider: 'MESH',
      retry: { retries: 0 },
      breaker: { failureThreshold: 1 },
      rateLimit: { perSecond: 10, limiter: { take } },
    });
    await guarded(get()).catch(() => undefined);
    await expect(guarded(get())).rejects.toBeInstanceOf(ProviderCircuitOpenError);
    expect(take).toHaveBeenCalledTimes(1);
  });

  it('should pace attempts through the rate limit and count throttled calls', async () => {
    const { transport } = scriptedTransport({ status: 200 });
    const guarded = createResilientTransport(transport, {
      provider: 'ELJUR',
      rateLimit: { perSecond: 1, burst: 1, maxWaitMs: 0 },
      metrics,
    });
    await guarded(get());
    await expect(guarded(get())).rejects.toBeInstanceOf(ProviderThrottledError);
    expect(await metricValue('diary_gateway_upstream_errors_total', { provider: 'ELJUR', code: 'throttled' })).toBe(1);
  });

  it('should refuse a request the HTTP client cannot send before every policy: no call, no retry, no token, no breaker', async () => {
    const { transport } = scriptedTransport({ status: 200 });
    const take = vi.fn(async () => ({ granted: true as const, waitMs: 0 }));
    const guarded = createResilientTransport(transport, {
      provider: 'MESH',
      retry: { retries: 5 },
      breaker: { failureThreshold: 1 },
      rateLimit: { perSecond: 10, limiter: { take } },
      metrics,
    });
    const injected = { ...get(), headers: { 'Auth-Token': 'abc\r\nX-Injected: 1' } };
    for (let i = 0; i < 10; i++) {
      const error = await guarded(injected).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'UpstreamNetworkError', failure: 'invalid-request' });
      // Named by header, never quoted: the value may be a token.
      expect((error as Error).message).toBe('the Auth-Token header holds characters HTTP cannot carry');
    }
    expect(transport).not.toHaveBeenCalled();
    expect(take).not.toHaveBeenCalled();
    expect(
      await metricValue('diary_gateway_upstream_errors_total', { provider: 'MESH', code: 'invalid-request' }),
    ).toBe(10);
    expect(await metricValue('diary_gateway_upstream_retries_total', { provider: 'MESH' })).toBeUndefined();
    // The breaker was never even created for the host, let alone opened; a good request goes through.
    expect((await guarded(get())).status).toBe(200);
    expect(
      await metricValue('diary_gateway_upstream_circuit_state', { provider: 'MESH', host: 'school.example' }),
    ).toBe(0);
  });

  it('should report the breaker closing again after a good probe', async () => {
    const { transport } = scriptedTransport({ status: 500 }, { status: 200 });
    const guarded = createResilientTransport(transport, {
      provider: 'MESH',
      breaker: { failureThreshold: 1, halfOpenAfterMs: 1000 },
      metrics,
    });
    await guarded(get());
    expect(
      await metricValue('diary_gateway_upstream_circuit_state', { provider: 'MESH', host: 'school.example' }),
    ).toBe(1);
    vi.advanceTimersByTime(1000);
    await guarded(get());
    expect(
      await metricValue('diary_gateway_upstream_circuit_state', { provider: 'MESH', host: 'school.example' }),
    ).toBe(0);
  });
});
