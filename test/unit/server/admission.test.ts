/**
 * The admission gate of GraphQL executions (src/server/admission.ts): at most `maxInFlight` at once, the rest
 * in arrival order, a full queue or a wait past `maxWaitMs` refused, a client that left dropped unrun.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAdmissionGate, type Admission } from '../../../src/server/admission.js';

const released = (admission: Admission) => {
  if (!admission.admitted) throw new Error(`not admitted: ${admission.reason}`);
  return admission.release;
};

describe('createAdmissionGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should run at most maxInFlight at once and give turns in arrival order', async () => {
    const gate = createAdmissionGate({ maxInFlight: 2, maxQueued: 10, maxWaitMs: 60_000 });
    const order: string[] = [];
    const first = released(await gate.admit());
    const second = released(await gate.admit());
    const waiting = ['c', 'd', 'e'].map((name) =>
      gate.admit().then((admission) => {
        order.push(name);
        return released(admission);
      }),
    );
    await Promise.resolve();
    expect(gate.load()).toEqual({ inFlight: 2, queued: 3 });
    expect(order).toEqual([]);

    first();
    const c = await waiting[0]!;
    expect(order).toEqual(['c']);
    expect(gate.load()).toEqual({ inFlight: 2, queued: 2 });
    // A turn ends once: a second release must not let two more in.
    first();
    expect(gate.load()).toEqual({ inFlight: 2, queued: 2 });

    second();
    c();
    await Promise.all(waiting);
    expect(order).toEqual(['c', 'd', 'e']);
    expect(gate.load()).toEqual({ inFlight: 2, queued: 0 });
  });

  it('should not let a newcomer pass those already waiting', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 60_000 });
    const running = released(await gate.admit());
    const queued = gate.admit();
    running();
    // The slot freed is the queued request's, not the one arriving now.
    const newcomer = gate.admit();
    expect((await queued).admitted).toBe(true);
    expect(gate.load()).toEqual({ inFlight: 1, queued: 1 });
    void newcomer;
  });

  it('should refuse at once when the queue is full', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 60_000 });
    await gate.admit();
    const queued = gate.admit();
    expect(await gate.admit()).toEqual({ admitted: false, reason: 'queue-full' });
    expect(gate.load()).toEqual({ inFlight: 1, queued: 1 });
    void queued;
  });

  it('should refuse a request that waited maxWaitMs, and give its place to the next', async () => {
    vi.useFakeTimers();
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 1000 });
    const running = released(await gate.admit());
    const early = gate.admit();
    await vi.advanceTimersByTimeAsync(600);
    const late = gate.admit();
    await vi.advanceTimersByTimeAsync(400);
    expect(await early).toEqual({ admitted: false, reason: 'waited-too-long' });
    expect(gate.load()).toEqual({ inFlight: 1, queued: 1 });
    running();
    expect((await late).admitted).toBe(true);
    // The turn granted cancelled its own timer: nothing is refused after it.
    await vi.advanceTimersByTimeAsync(5000);
    expect(gate.load()).toEqual({ inFlight: 1, queued: 0 });
  });

  it('should drop a request whose client left while it waited, without running it', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 60_000 });
    const running = released(await gate.admit());
    const client = new AbortController();
    const leaving = gate.admit(client.signal);
    const staying = gate.admit();
    client.abort();
    expect(await leaving).toEqual({ admitted: false, reason: 'gone' });
    expect(gate.load()).toEqual({ inFlight: 1, queued: 1 });
    running();
    expect((await staying).admitted).toBe(true);
    expect(gate.load()).toEqual({ inFlight: 1, queued: 0 });
  });

  it('should not admit a client that has already left', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 60_000 });
    expect(await gate.admit(AbortSignal.abort())).toEqual({ admitted: false, reason: 'gone' });
    expect(gate.load()).toEqual({ inFlight: 0, queued: 0 });
  });
});
