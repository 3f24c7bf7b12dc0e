/**
 * The fake-timer lifecycle of the unit tests of timed code (retries, breakers, rate limits, readiness):
 * every test runs on fake timers, and none may leave a timer behind — a backoff or a wait that outlives
 * the call that started it is a leak, and fails the test that left it.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';

/**
 * Registers the hooks in the calling file (or `describe`): before each test, fake timers and `Date`, set
 * to `now` when given; after each test, real timers again, then the check that no timer was left.
 */
export function useStrictFakeTimers(now?: Date): void {
  beforeEach(() => {
    vi.useFakeTimers();
    if (now) vi.setSystemTime(now);
  });
  afterEach(() => {
    const left = vi.getTimerCount();
    // Real timers first, so a failing check does not leave the next test on fake ones.
    vi.useRealTimers();
    expect(left, 'timers left behind by the test').toBe(0);
  });
}
