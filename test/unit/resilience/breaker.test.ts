import { describe, expect, it, vi } from 'vitest';
import { ProviderCircuitOpenError, ProviderUnavailableError } from '../../../src/errors/gateway-error.js';
import { withCircuitBreakers, type BreakerState } from '../../../src/resilience/breaker.js';
import { runAsLinkAttempt } from '../../../src/upstream/link-attempt.js';
import { networkFailureToGatewayError } from '../../../src/upstream/provider-errors.js';
import type { NetworkFailure } from '../../../src/upstream/transport.js';
import { get, scriptedTransport, type Scripted } from './fake-transport.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');

useStrictFakeTimers(NOW);

/** Sends `count` requests one after another, swallowing failures. */
async function send(transport: ReturnType<typeof withCircuitBreakers>, count: number, host?: string): Promise<void> {
  for (let i = 0; i < count; i++) await transport(get(host)).catch(() => undefined);
}

describe('withCircuitBreakers', () => {
  it('should open after the threshold of consecutive 5xx answers, returning those answers meanwhile', async () => {
    const { transport } = scriptedTransport({ status: 503 });
    const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 3 });
    for (let i = 0; i < 3; i++) expect((await guarded(get())).status).toBe(503);
    await expect(guarded(get())).rejects.toBeInstanceOf(ProviderCircuitOpenError);
    expect(transport).toHaveBeenCalledTimes(3);
  });

  it('should refuse with a PROVIDER_UNAVAILABLE that says the gateway stopped calling and when it retries', async () => {
    const { transport } = scriptedTransport({ status: 500 });
    const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 2, halfOpenAfterMs: 30_000 });
    await send(guarded, 2);
    vi.advanceTimersByTime(10_000);
    const error = await guarded(get()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      provider: 'MESH',
      message:
        'МЭШ is not answering: after repeated failures the gateway stopped calling it for now and will try again in 20 s.',
    });
    expect((error as ProviderCircuitOpenError).toExtensions()).toEqual({
      code: 'PROVIDER_UNAVAILABLE',
      provider: 'MESH',
      circuit: 'open',
      retryAt: '2026-11-23T09:00:30.000Z',
    });
    // Adapters map transport failures with networkFailureToGatewayError: the breaker's error passes unchanged.
    expect(networkFailureToGatewayError('MESH', error)).toBe(error);
  });

  it.each<NetworkFailure>(['connect-timeout', 'headers-timeout', 'body-timeout', 'connection'])(
    'should count a %s failure',
    async (failure) => {
      const { transport } = scriptedTransport({ failure });
      const guarded = withCircuitBreakers(transport, 'DNEVNIK', { failureThreshold: 2 });
      await send(guarded, 2);
      await expect(guarded(get())).rejects.toBeInstanceOf(ProviderCircuitOpenError);
    },
  );

  it.each<[string, Scripted]>([
    ['a 4xx answer', { status: 404 }],
    ['a 400 answer (a request the diary found bad)', { status: 400 }],
    ['a 401 answer (the caller’s token refused)', { status: 401 }],
    ['a 403 answer (the caller’s access denied)', { status: 403 }],
    ['a 429 answer', { status: 429 }],
    ['an abandoned request', { failure: 'aborted' }],
    ['an oversized answer', { failure: 'too-large' }],
    ['a request the HTTP client refused to send', { failure: 'invalid-request' }],
  ])('should not count %s', async (_name, outcome) => {
    const { transport } = scriptedTransport(outcome);
    const guarded = withCircuitBreakers(transport, 'ELJUR', { failureThreshold: 2 });
    await send(guarded, 5);
    expect(transport).toHaveBeenCalledTimes(5);
  });

  it('should count only consecutive failures: a good answer resets the count', async () => {
    const { transport } = scriptedTransport(
      { status: 503 },
      { status: 503 },
      { status: 200 },
      { status: 503 },
      { status: 503 },
      { status: 200 },
    );
    const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 3 });
    await send(guarded, 6);
    expect(transport).toHaveBeenCalledTimes(6);
  });

  it('should let one probe through after halfOpenAfterMs and close when it succeeds', async () => {
    const { transport } = scriptedTransport({ status: 502 }, { status: 502 }, { status: 200 });
    const states: BreakerState[] = [];
    const guarded = withCircuitBreakers(transport, 'MESH', {
      failureThreshold: 2,
      halfOpenAfterMs: 5000,
      onStateChange: (_host, state) => states.push(state),
    });
    await send(guarded, 2);
    vi.advanceTimersByTime(4999);
    await expect(guarded(get())).rejects.toBeInstanceOf(ProviderCircuitOpenError);
    vi.advanceTimersByTime(1);
    expect((await guarded(get())).status).toBe(200);
    expect((await guarded(get())).status).toBe(200);
    expect(transport).toHaveBeenCalledTimes(4);
    expect(states).toEqual(['closed', 'open', 'half-open', 'closed']);
  });

  it('should open again for another period when the probe fails', async () => {
    const { transport } = scriptedTransport({ status: 503 });
    const states: BreakerState[] = [];
    const guarded = withCircuitBreakers(transport, 'MESH', {
      failureThreshold: 2,
      halfOpenAfterMs: 5000,
      onStateChange: (_host, state) => states.push(state),
    });
    await send(guarded, 2);
    vi.advanceTimersByTime(5000);
    expect((await guarded(get())).status).toBe(503); // the probe
    const error = await guarded(get()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retryAt: new Date(NOW.getTime() + 10_000) });
    expect(transport).toHaveBeenCalledTimes(3);
    expect(states).toEqual(['closed', 'open', 'half-open', 'open']);
  });

  it('should make calls that arrive during the probe wait for its verdict', async () => {
    let answerProbe: (status: number) => void = () => undefined;
    const { transport: failing } = scriptedTransport({ status: 503 });
    let probing = false;
    const transport = vi.fn(async (request: Parameters<typeof failing>[0]) => {
      if (!probing) return failing(request);
      return new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve) => {
        answerProbe = (status) => resolve({ status, headers: {}, body: '' });
      });
    });
    const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 1, halfOpenAfterMs: 1000 });
    await send(guarded, 1);
    vi.advanceTimersByTime(1000);
    probing = true;
    const probe = guarded(get());
    const waiting = guarded(get());
    answerProbe(200);
    probing = false;
    expect((await probe).status).toBe(200);
    expect((await waiting).status).toBe(503);
    expect(transport).toHaveBeenCalledTimes(3);
  });

  it('should fail a call abandoned while it waited for the probe as aborted, without calling', async () => {
    let answerProbe: () => void = () => undefined;
    const transport = vi.fn(async () => {
      if (transport.mock.calls.length === 1) return { status: 503, headers: {}, body: '' };
      return new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve) => {
        answerProbe = () => resolve({ status: 200, headers: {}, body: '' });
      });
    });
    const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 1, halfOpenAfterMs: 1000 });
    await send(guarded, 1);
    vi.advanceTimersByTime(1000);
    const probe = guarded(get());
    const controller = new AbortController();
    const waiting = guarded(get('school.example', controller.signal)).catch((caught: unknown) => caught);
    controller.abort();
    answerProbe();
    expect((await probe).status).toBe(200);
    expect(await waiting).toMatchObject({ name: 'UpstreamNetworkError', failure: 'aborted' });
    expect(transport).toHaveBeenCalledTimes(2);
  });

  it('should keep one breaker per host', async () => {
    const { transport } = scriptedTransport({ status: 503 });
    const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 2 });
    await send(guarded, 2, 'school.example');
    await expect(guarded(get('school.example'))).rejects.toBeInstanceOf(ProviderCircuitOpenError);
    expect((await guarded(get('acl.example'))).status).toBe(503);
  });

  it('should report refused calls', async () => {
    const refused: string[] = [];
    const { transport } = scriptedTransport({ failure: 'connection' });
    const guarded = withCircuitBreakers(transport, 'MESH', {
      failureThreshold: 1,
      onRefused: (host) => refused.push(host),
    });
    await send(guarded, 3);
    expect(refused).toEqual(['school.example', 'school.example']);
  });

  describe('link attempts (one person’s unverified credentials)', () => {
    it.each<[string, Scripted]>([
      ['5xx answers', { status: 503 }],
      ['connection failures', { failure: 'connection' }],
      ['timeouts', { failure: 'headers-timeout' }],
    ])('should never open on %s met while linking, and pass each outcome on', async (_name, outcome) => {
      const { transport } = scriptedTransport(outcome);
      const states: BreakerState[] = [];
      const guarded = withCircuitBreakers(transport, 'MESH', {
        failureThreshold: 1,
        onStateChange: (_host, state) => states.push(state),
      });
      for (let i = 0; i < 10; i++) {
        const result = await runAsLinkAttempt(() => guarded(get())).then(
          (response) => ({ status: response.status }),
          (error: unknown) => ({ failure: (error as { failure?: string }).failure }),
        );
        expect(result).toEqual(outcome);
      }
      expect(transport).toHaveBeenCalledTimes(10);
      expect(states).toEqual(['closed']);
      // Live traffic still reaches the diary: nothing was held against it.
      await guarded(get()).catch(() => undefined);
      expect(transport).toHaveBeenCalledTimes(11);
    });

    it('should not reset the live count either: a link attempt’s success says nothing about the diary', async () => {
      const { transport } = scriptedTransport({ status: 503 }, { status: 200 }, { status: 503 });
      const guarded = withCircuitBreakers(transport, 'MESH', { failureThreshold: 2 });
      expect((await guarded(get())).status).toBe(503);
      expect((await runAsLinkAttempt(() => guarded(get()))).status).toBe(200);
      expect((await guarded(get())).status).toBe(503);
      await expect(guarded(get())).rejects.toBeInstanceOf(ProviderCircuitOpenError);
    });

    it('should refuse a link attempt at once while the breaker is open, without calling', async () => {
      const refused: string[] = [];
      const { transport } = scriptedTransport({ status: 503 });
      const guarded = withCircuitBreakers(transport, 'DNEVNIK', {
        failureThreshold: 1,
        halfOpenAfterMs: 30_000,
        onRefused: (host) => refused.push(host),
      });
      await send(guarded, 1);
      vi.advanceTimersByTime(10_000);
      const error = await runAsLinkAttempt(() => guarded(get())).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderCircuitOpenError);
      expect((error as ProviderCircuitOpenError).toExtensions()).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        circuit: 'open',
        retryAt: '2026-11-23T09:00:30.000Z',
      });
      expect(transport).toHaveBeenCalledTimes(1);
      expect(refused).toEqual(['school.example']);
    });

    it('should let a link attempt through once a probe is due, without probing: the next live call does', async () => {
      const { transport } = scriptedTransport({ status: 503 }, { status: 503 }, { status: 200 });
      const states: BreakerState[] = [];
      const guarded = withCircuitBreakers(transport, 'ELJUR', {
        failureThreshold: 1,
        halfOpenAfterMs: 5000,
        onStateChange: (_host, state) => states.push(state),
      });
      await send(guarded, 1);
      vi.advanceTimersByTime(5000);
      // The link attempt meets a 503 but neither probes nor re-opens the breaker.
      expect((await runAsLinkAttempt(() => guarded(get()))).status).toBe(503);
      expect(states).toEqual(['closed', 'open']);
      expect((await guarded(get())).status).toBe(200);
      expect(states).toEqual(['closed', 'open', 'half-open', 'closed']);
    });
  });

  it.each([
    [{ failureThreshold: 0 }, 'withCircuitBreakers: failureThreshold must be an integer ≥ 1, got 0.'],
    [{ halfOpenAfterMs: -1 }, 'withCircuitBreakers: halfOpenAfterMs must be an integer ≥ 1, got -1.'],
  ])('should refuse the options %j with a message naming the option', (options, message) => {
    expect(() => withCircuitBreakers(scriptedTransport({ status: 200 }).transport, 'MESH', options)).toThrow(
      new RangeError(message),
    );
  });
});
