/**
 * The delivery state contract (`DeliveryState`, src/deliveries/ports.ts), as a suite every implementation
 * passes: run it with a factory that opens an empty state with the given bounds and says how to let time
 * pass for its leases (the in-process state moves its clock; Redis expires keys by its own, so it waits).
 */
import { describe, expect, it } from 'vitest';
import type {
  DeliveryAttempt,
  DeliveryState,
  DeliveryStateLimits,
  TargetProgress,
} from '../../src/deliveries/ports.js';

/** A state under test, and how to make time pass for its leases. */
export interface DeliveryStateUnderTest {
  state: DeliveryState;
  passTime: (ms: number) => Promise<void>;
}

/** Opens an empty state with `limits`. */
export type OpenDeliveryState = (
  limits?: DeliveryStateLimits,
) => DeliveryStateUnderTest | Promise<DeliveryStateUnderTest>;

const LONG_MS = 60_000;
const SHORT_MS = 300;
const NOW = Date.now();

/** A progress with `cursor`. */
export function progressAt(cursor: string | null, overrides: Partial<TargetProgress> = {}): TargetProgress {
  return { cursor, failures: 0, failingSince: null, nextAttemptAt: NOW, lastDeliveredAt: null, ...overrides };
}

/** The `n`-th attempt of a change, made at `at`. */
export function attemptOf(n: number, at = NOW): DeliveryAttempt {
  return {
    id: `att_${n}`,
    changeId: `chg_${n}`,
    attempt: 1,
    at,
    outcome: n % 2 === 0 ? 'DELIVERED' : 'FAILED',
    status: n % 2 === 0 ? 204 : 500,
    error: n % 2 === 0 ? null : 'http_500',
    durationMs: n,
  };
}

/** Registers the contract's tests for the state `open` makes. */
export function describeDeliveryStateContract(name: string, open: OpenDeliveryState): void {
  describe(`${name}: the DeliveryState contract`, () => {
    it('should give a target’s lease to one owner at a time, and to another once released', async () => {
      const { state } = await open();
      const lease = await state.claim('whk_1', 'replica-a', LONG_MS);
      expect(lease).toEqual({ targetId: 'whk_1', owner: 'replica-a' });
      expect(await state.claim('whk_1', 'replica-b', LONG_MS)).toBeNull();
      expect(await state.claim('whk_2', 'replica-b', LONG_MS)).not.toBeNull();
      expect(await state.renew({ targetId: 'whk_1', owner: 'replica-b' }, LONG_MS)).toBe(false);
      expect(await state.renew(lease!, LONG_MS)).toBe(true);
      await state.release({ targetId: 'whk_1', owner: 'replica-b' });
      expect(await state.claim('whk_1', 'replica-b', LONG_MS)).toBeNull();
      await state.release(lease!);
      expect(await state.claim('whk_1', 'replica-b', LONG_MS)).not.toBeNull();
    });

    it('should let one of two claims at once win', async () => {
      const { state } = await open();
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => state.claim('whk_1', owner, LONG_MS)));
      expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
    });

    it('should hand a lease that ran out to another owner, and fence the first one’s saves', async () => {
      const { state, passTime } = await open();
      const first = (await state.claim('whk_1', 'replica-a', SHORT_MS))!;
      expect(await state.saveProgress(first, progressAt('c1.a'))).toBe(true);
      await passTime(SHORT_MS + 200);
      const second = (await state.claim('whk_1', 'replica-b', LONG_MS))!;
      expect(second).not.toBeNull();
      expect(await state.renew(first, LONG_MS)).toBe(false);
      expect(await state.saveProgress(first, progressAt('c1.stale'))).toBe(false);
      expect((await state.progress('whk_1'))?.cursor).toBe('c1.a');
      expect(await state.saveProgress(second, progressAt('c1.b'))).toBe(true);
      expect(await state.progress('whk_1')).toEqual(progressAt('c1.b'));
    });

    it('should keep progress per target, and clear a back-off without a lease, keeping the cursor', async () => {
      const { state } = await open();
      expect(await state.progress('whk_1')).toBeNull();
      await state.resetBackoff('whk_1', NOW); // nothing stored: nothing made
      expect(await state.progress('whk_1')).toBeNull();
      const lease = (await state.claim('whk_1', 'replica-a', LONG_MS))!;
      const failing = progressAt('c1.a', { failures: 4, failingSince: NOW - 1000, nextAttemptAt: NOW + 60_000 });
      await state.saveProgress(lease, failing);
      expect(await state.progress('whk_2')).toBeNull();
      await state.resetBackoff('whk_1', NOW + 5);
      expect(await state.progress('whk_1')).toEqual({
        ...failing,
        failures: 0,
        failingSince: null,
        nextAttemptAt: NOW + 5,
      });
    });

    it('should list attempts newest first, page after an attempt, and keep only the newest `maxAttempts`', async () => {
      const { state } = await open({ maxAttempts: 5 });
      for (let n = 1; n <= 7; n += 1) await state.recordAttempt('whk_1', attemptOf(n, NOW + n));
      await state.recordAttempt('whk_2', attemptOf(99));
      const first = await state.attempts('whk_1', null, 3, NOW + 10);
      expect(first.attempts.map((attempt) => attempt.id)).toEqual(['att_7', 'att_6', 'att_5']);
      expect(first.hasMore).toBe(true);
      expect(first.attempts[0]).toEqual(attemptOf(7, NOW + 7));
      const next = await state.attempts('whk_1', 'att_5', 3, NOW + 10);
      expect(next.attempts.map((attempt) => attempt.id)).toEqual(['att_4', 'att_3']);
      expect(next.hasMore).toBe(false);
      // An attempt no longer kept (or never made) reads as the end, never as the start again.
      expect(await state.attempts('whk_1', 'att_1', 3, NOW + 10)).toEqual({ attempts: [], hasMore: false });
      expect((await state.attempts('whk_2', null, 10, NOW)).attempts.map((attempt) => attempt.id)).toEqual(['att_99']);
    });

    it('should leave out attempts older than the retention', async () => {
      const { state } = await open({ attemptRetentionMs: 60_000 });
      await state.recordAttempt('whk_1', attemptOf(1, NOW - 120_000));
      await state.recordAttempt('whk_1', attemptOf(2, NOW));
      expect((await state.attempts('whk_1', null, 10, NOW)).attempts.map((attempt) => attempt.id)).toEqual(['att_2']);
      expect((await state.attempts('whk_1', null, 10, NOW + 61_000)).attempts).toEqual([]);
    });

    it('should forget a target’s lease, progress and attempts', async () => {
      const { state } = await open();
      const lease = (await state.claim('whk_1', 'replica-a', LONG_MS))!;
      await state.saveProgress(lease, progressAt('c1.a'));
      await state.recordAttempt('whk_1', attemptOf(1));
      await state.forget('whk_1');
      expect(await state.progress('whk_1')).toBeNull();
      expect((await state.attempts('whk_1', null, 10, NOW)).attempts).toEqual([]);
      expect(await state.claim('whk_1', 'replica-b', LONG_MS)).not.toBeNull();
    });

    it('should refuse a bad lease time and a page size out of range', async () => {
      const { state } = await open();
      await expect(state.claim('whk_1', 'r', 0)).rejects.toMatchObject({ code: 'DELIVERY_INVALID_ARGUMENT' });
      await expect(state.claim('whk_1', 'r', 1.5)).rejects.toMatchObject({ code: 'DELIVERY_INVALID_ARGUMENT' });
      await expect(state.attempts('whk_1', null, 0, NOW)).rejects.toMatchObject({ code: 'DELIVERY_INVALID_ARGUMENT' });
      await expect(state.attempts('whk_1', null, 101, NOW)).rejects.toMatchObject({
        code: 'DELIVERY_INVALID_ARGUMENT',
      });
    });
  });
}
