/**
 * The detector state contract (`DetectorState`, src/changes/ports.ts), as a suite every implementation
 * passes: run it from a test file with a factory that opens an empty state and says how to let time pass
 * for its leases (the in-process state moves its clock; Redis expires keys by its own clock, so it waits).
 *
 * Due times and `now` are the caller's numbers (the detector's clock), so the schedule is tested with any
 * times; only leases run out by the implementation's clock.
 */
import { describe, expect, it } from 'vitest';
import type { AccountLease, DetectorState } from '../../src/changes/ports.js';

/** A state under test, and how to make time pass for its leases. */
export interface DetectorStateUnderTest {
  state: DetectorState;
  /** Lets `ms` milliseconds pass for the state's leases. */
  passTime: (ms: number) => Promise<void>;
}

/** Opens an empty state. */
export type OpenDetectorState = () => DetectorStateUnderTest | Promise<DetectorStateUnderTest>;

/** A lease time long enough that no test sees it run out. */
const LONG_MS = 60_000;
/** A lease time a test lets run out (short, so Redis's real clock passes it quickly). */
const SHORT_MS = 300;
/** A due time; tests ask at `NOW` or around it. */
const NOW = 1_700_000_000_000;

/** Registers the contract's tests for the state `open` makes. */
export function describeDetectorStateContract(name: string, open: OpenDetectorState): void {
  /** A state with `accounts` on the schedule, due at `NOW` unless given. */
  const withScheduled = async (due: Record<string, number> = { 'acc-1': NOW }) => {
    const opened = await open();
    await opened.state.enrol(new Map(Object.entries(due)));
    return opened;
  };

  describe(`${name}: the DetectorState contract`, () => {
    describe('the schedule', () => {
      it('should put accounts on the schedule, and keep the due time of one already on it', async () => {
        const { state } = await withScheduled({ 'acc-1': NOW - 10 });
        await state.enrol(
          new Map([
            ['acc-1', NOW + 500],
            ['acc-2', NOW - 5],
          ]),
        );
        expect((await state.scheduled()).sort()).toEqual(['acc-1', 'acc-2']);
        expect(await state.due(NOW, 10)).toEqual(['acc-1', 'acc-2']);
      });

      it('should list accounts due at `now` or before, soonest first (ties by id), at most `limit`', async () => {
        const { state } = await withScheduled({ d: NOW + 1, c: NOW, b: NOW - 100, a: NOW - 100, e: NOW - 300 });
        expect(await state.due(NOW, 10)).toEqual(['e', 'a', 'b', 'c']);
        expect(await state.due(NOW, 2)).toEqual(['e', 'a']);
        expect(await state.due(NOW - 301, 10)).toEqual([]);
        expect(await state.due(NOW + 1, 10)).toEqual(['e', 'a', 'b', 'c', 'd']);
      });

      it('should take dropped accounts off the schedule and forget their snapshots', async () => {
        const { state } = await withScheduled({ 'acc-1': NOW, 'acc-2': NOW });
        const lease = (await state.claim('acc-1', 'replica-a', NOW, LONG_MS))!;
        expect(await state.complete(lease, 'snapshot-1', NOW)).toBe(true);
        await state.drop(['acc-1', 'acc-unknown']);
        expect(await state.scheduled()).toEqual(['acc-2']);
        expect(await state.due(NOW, 10)).toEqual(['acc-2']);
        expect(await state.snapshot('acc-1')).toBeNull();
        expect(await state.claim('acc-1', 'replica-a', NOW, LONG_MS)).toBeNull();
      });

      it('should refuse a limit below 1, a bad lease time and a due time that is not a number', async () => {
        const { state } = await withScheduled();
        await expect(state.due(NOW, 0)).rejects.toMatchObject({ code: 'CHANGES_INVALID_ARGUMENT' });
        await expect(state.claim('acc-1', 'r', NOW, 0)).rejects.toMatchObject({ code: 'CHANGES_INVALID_ARGUMENT' });
        await expect(state.claim('acc-1', 'r', NOW, 1.5)).rejects.toMatchObject({ code: 'CHANGES_INVALID_ARGUMENT' });
        await expect(state.enrol(new Map([['acc-2', Number.NaN]]))).rejects.toMatchObject({
          code: 'CHANGES_INVALID_ARGUMENT',
        });
      });
    });

    describe('leases', () => {
      it('should lease an account that is due, and nobody else while it is held', async () => {
        const { state } = await withScheduled();
        expect(await state.claim('acc-1', 'replica-a', NOW, LONG_MS)).toEqual({
          accountId: 'acc-1',
          owner: 'replica-a',
        });
        expect(await state.claim('acc-1', 'replica-b', NOW, LONG_MS)).toBeNull();
        expect(await state.claim('acc-1', 'replica-a', NOW, LONG_MS)).toBeNull();
      });

      it('should lease no account that is not due yet or not on the schedule, and leave it free', async () => {
        const { state } = await withScheduled({ 'acc-1': NOW + 1_000 });
        expect(await state.claim('acc-1', 'replica-a', NOW, LONG_MS)).toBeNull();
        expect(await state.claim('acc-unknown', 'replica-a', NOW, LONG_MS)).toBeNull();
        // The refused claims held nothing: once due, another replica gets it.
        expect(await state.claim('acc-1', 'replica-b', NOW + 1_000, LONG_MS)).not.toBeNull();
      });

      it('should give each account to exactly one of many replicas claiming it at once', async () => {
        const accounts = Array.from({ length: 20 }, (_, index) => `acc-${index}`);
        const { state } = await withScheduled(Object.fromEntries(accounts.map((id) => [id, NOW])));
        const claims = await Promise.all(
          accounts.flatMap((id) =>
            ['a', 'b', 'c'].map((replica) => state.claim(id, `replica-${replica}`, NOW, LONG_MS)),
          ),
        );
        const held = claims.filter((lease): lease is AccountLease => lease !== null);
        expect(held.map((lease) => lease.accountId).sort()).toEqual([...accounts].sort());
      });

      it('should let another replica take a lease that ran out; the first then completes nothing', async () => {
        const { state, passTime } = await withScheduled();
        const first = (await state.claim('acc-1', 'replica-a', NOW, SHORT_MS))!;
        await passTime(SHORT_MS + 100);
        const second = await state.claim('acc-1', 'replica-b', NOW, LONG_MS);
        expect(second).toEqual({ accountId: 'acc-1', owner: 'replica-b' });

        expect(await state.renew(first, LONG_MS)).toBe(false);
        expect(await state.complete(first, 'snapshot-a', NOW + 60_000)).toBe(false);
        expect(await state.snapshot('acc-1')).toBeNull();
        expect(await state.due(NOW, 10)).toEqual(['acc-1']); // its due time did not move either
        // The new owner's lease is untouched by the old owner's attempts.
        expect(await state.claim('acc-1', 'replica-c', NOW, LONG_MS)).toBeNull();
        expect(await state.complete(second!, 'snapshot-b', NOW + 60_000)).toBe(true);
        expect(await state.snapshot('acc-1')).toBe('snapshot-b');
      });

      it('should let a lease that ran out be taken again while nobody else took it', async () => {
        const { state, passTime } = await withScheduled();
        expect(await state.claim('acc-1', 'replica-a', NOW, SHORT_MS)).not.toBeNull();
        await passTime(SHORT_MS + 100);
        expect(await state.claim('acc-1', 'replica-a', NOW, LONG_MS)).not.toBeNull();
      });

      it('should extend a held lease on renewal, for its owner only', async () => {
        const { state, passTime } = await withScheduled();
        const lease = (await state.claim('acc-1', 'replica-a', NOW, SHORT_MS))!;
        expect(await state.renew({ accountId: 'acc-1', owner: 'replica-b' }, LONG_MS)).toBe(false);
        expect(await state.renew(lease, LONG_MS)).toBe(true);
        await passTime(SHORT_MS + 100);
        expect(await state.claim('acc-1', 'replica-b', NOW, LONG_MS)).toBeNull();
        expect(await state.complete(lease, 'snapshot-a', NOW + 1)).toBe(true);
        expect(await state.renew(lease, LONG_MS)).toBe(false); // released by completing
      });
    });

    describe('completing a poll', () => {
      it('should store the snapshot, schedule the next poll and release the lease', async () => {
        const { state } = await withScheduled();
        expect(await state.snapshot('acc-1')).toBeNull();
        const lease = (await state.claim('acc-1', 'replica-a', NOW, LONG_MS))!;
        expect(await state.complete(lease, '{"marks":1}', NOW + 60_000)).toBe(true);
        expect(await state.snapshot('acc-1')).toBe('{"marks":1}');
        expect(await state.due(NOW, 10)).toEqual([]);
        // Not due again before its next time, whoever asks; then free for anyone.
        expect(await state.claim('acc-1', 'replica-b', NOW, LONG_MS)).toBeNull();
        expect(await state.due(NOW + 60_000, 10)).toEqual(['acc-1']);
        expect(await state.claim('acc-1', 'replica-b', NOW + 60_000, LONG_MS)).not.toBeNull();
      });

      it('should keep the stored snapshot when completing without one', async () => {
        const { state } = await withScheduled();
        const first = (await state.claim('acc-1', 'replica-a', NOW, LONG_MS))!;
        await state.complete(first, 'snapshot-1', NOW + 10);
        const second = (await state.claim('acc-1', 'replica-a', NOW + 10, LONG_MS))!;
        expect(await state.complete(second, null, NOW + 20)).toBe(true);
        expect(await state.snapshot('acc-1')).toBe('snapshot-1');
        expect(await state.due(NOW + 19, 10)).toEqual([]);
      });

      it('should store nothing for a poll whose account was dropped meanwhile, nor put it back', async () => {
        const { state } = await withScheduled();
        const lease = (await state.claim('acc-1', 'replica-a', NOW, LONG_MS))!;
        await state.drop(['acc-1']);
        expect(await state.complete(lease, 'snapshot-a', NOW + 10)).toBe(false);
        expect(await state.snapshot('acc-1')).toBeNull();
        expect(await state.scheduled()).toEqual([]);
      });

      it('should complete nothing for a lease it never gave', async () => {
        const { state } = await withScheduled();
        expect(await state.complete({ accountId: 'acc-1', owner: 'replica-a' }, 'snapshot-a', NOW + 10)).toBe(false);
        expect(await state.snapshot('acc-1')).toBeNull();
        expect(await state.due(NOW, 10)).toEqual(['acc-1']);
      });
    });
  });
}
