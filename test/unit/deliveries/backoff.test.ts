import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, shouldDisable } from '../../../src/deliveries/backoff.js';

describe('the delivery back-off', () => {
  it('should double from 10 s up to an hour, between half and the whole step', () => {
    const low = (n: number) => backoffDelayMs(n, DEFAULT_BACKOFF, () => 0);
    const high = (n: number) => backoffDelayMs(n, DEFAULT_BACKOFF, () => 1);
    expect([1, 2, 3, 4, 5].map(high)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect([1, 2, 3].map(low)).toEqual([5_000, 10_000, 20_000]);
    expect(high(10)).toBe(3_600_000);
    expect(high(11)).toBe(3_600_000);
    expect(high(1000)).toBe(3_600_000);
    expect(low(1000)).toBe(1_800_000);
  });

  it('should jitter within the step', () => {
    const delay = backoffDelayMs(3, DEFAULT_BACKOFF, () => 0.5);
    expect(delay).toBe(30_000);
  });

  it('should turn a target off after three days of failures, not before', () => {
    const since = 1_700_000_000_000;
    expect(shouldDisable(null, since + 10 * 86_400_000, DEFAULT_BACKOFF)).toBe(false);
    expect(shouldDisable(since, since + 3 * 86_400_000 - 1, DEFAULT_BACKOFF)).toBe(false);
    expect(shouldDisable(since, since + 3 * 86_400_000, DEFAULT_BACKOFF)).toBe(true);
  });
});
