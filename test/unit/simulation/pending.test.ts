/**
 * The kit's book of pending sign-ins and one-time codes (adapters/simulation/pending.ts), on its own clock:
 * lifetime, single use, the failure count that locks an attempt, the id change between steps, the cap.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_SIGN_IN_FAILURES,
  PENDING_LIFETIME_MS,
  PendingBook,
  type PendingBookOptions,
} from '../../../adapters/simulation/pending.js';

const START = Date.parse('2026-11-23T09:00:00Z');

/** A book on a clock the test moves (`clock.at` ms after START). */
function book(options: PendingBookOptions = {}) {
  const clock = { at: 0 };
  const pending = new PendingBook<{ redirectUri: string; account: string | null }>(
    () => new Date(START + clock.at),
    options,
  );
  return { clock, pending };
}

const ATTEMPT = { redirectUri: 'https://gateway.test/callback', account: null };

describe('the kit’s pending book', () => {
  it('should open an entry under an unguessable hex id (with the prefix asked) and find it by that id only', () => {
    const { pending } = book({ idPrefix: 'code-' });
    const first = pending.open(ATTEMPT);
    const second = pending.open(ATTEMPT);
    expect(first.id).toMatch(/^code-[0-9a-f]{32}$/);
    expect(second.id).not.toBe(first.id);
    expect(pending.find(first.id)).toEqual({
      ok: true,
      entry: { ...ATTEMPT, id: first.id, openedAt: START, failures: 0 },
    });
    for (const id of [null, undefined, '', 'code-0123', first.id.toUpperCase()])
      expect(pending.find(id)).toEqual({ ok: false, refusal: 'unknown' });
  });

  it('should keep an entry for its lifetime and refuse it as expired from that moment on', () => {
    const { clock, pending } = book();
    const entry = pending.open(ATTEMPT);
    clock.at = PENDING_LIFETIME_MS - 1;
    expect(pending.live(entry.id)).toBe(entry);
    clock.at = PENDING_LIFETIME_MS;
    expect(pending.find(entry.id)).toEqual({ ok: false, refusal: 'expired' });
    // Dropped when found lapsed: afterwards it is unknown.
    expect(pending.find(entry.id)).toEqual({ ok: false, refusal: 'unknown' });
  });

  it('should take a lifetime of its own when told one', () => {
    const { clock, pending } = book({ lifetimeMs: 1_000 });
    const entry = pending.open(ATTEMPT);
    clock.at = 1_000;
    expect(pending.take(entry.id)).toBeUndefined();
  });

  it(`should lock an attempt at the ${MAX_SIGN_IN_FAILURES}th wrong password and keep refusing it as locked`, () => {
    const { pending } = book();
    const entry = pending.open(ATTEMPT);
    for (let failure = 1; failure < MAX_SIGN_IN_FAILURES; failure += 1) {
      expect(pending.fail(entry)).toBe('retry');
      expect(pending.live(entry.id)?.failures).toBe(failure);
    }
    expect(pending.fail(entry)).toBe('locked');
    expect(pending.find(entry.id)).toEqual({ ok: false, refusal: 'locked' });
    expect(pending.live(entry.id)).toBeUndefined();
    expect(pending.take(entry.id)).toBeUndefined();
  });

  it('should spend an entry on close and on take, whatever happens next', () => {
    const { pending } = book();
    const closed = pending.open(ATTEMPT);
    pending.close(closed);
    expect(pending.find(closed.id)).toEqual({ ok: false, refusal: 'unknown' });
    const taken = pending.open(ATTEMPT);
    expect(pending.take(taken.id)).toBe(taken);
    expect(pending.take(taken.id)).toBeUndefined();
  });

  it('should move an attempt to a new id on reissue, changed, keeping its clock and failures', () => {
    const { clock, pending } = book();
    const entry = pending.open(ATTEMPT);
    pending.fail(entry);
    clock.at = 60_000;
    const next = pending.reissue(entry, { account: 'anna' });
    expect(next).toEqual({ ...ATTEMPT, account: 'anna', id: next.id, openedAt: START, failures: 1 });
    expect(next.id).not.toBe(entry.id);
    expect(pending.find(entry.id)).toEqual({ ok: false, refusal: 'unknown' });
    clock.at = PENDING_LIFETIME_MS;
    expect(pending.find(next.id)).toEqual({ ok: false, refusal: 'expired' });
  });

  it('should keep at most its capacity, dropping the oldest first, and drop lapsed entries as it opens', () => {
    const { clock, pending } = book({ capacity: 3 });
    const [oldest, ...others] = [1, 2, 3].map(() => pending.open(ATTEMPT));
    const newest = pending.open(ATTEMPT);
    expect(pending.find(oldest!.id)).toEqual({ ok: false, refusal: 'unknown' });
    for (const entry of [...others, newest]) expect(pending.live(entry.id)).toBe(entry);
    clock.at = PENDING_LIFETIME_MS;
    const fresh = pending.open(ATTEMPT);
    // The lapsed ones went on opening (unknown, not expired: they were dropped, not found lapsed).
    for (const entry of [...others, newest]) expect(pending.find(entry.id)).toEqual({ ok: false, refusal: 'unknown' });
    expect(pending.live(fresh.id)).toBe(fresh);
  });
});
