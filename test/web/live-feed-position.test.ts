import { describe, expect, it } from 'vitest';
import {
  FeedPosition,
  FIRST_RETRY_MS,
  isFinalClose,
  LONGEST_RETRY_MS,
  REMEMBERED_IDS,
  retryDelayMs,
} from '../../web/src/live/feed-position.js';

describe('FeedPosition', () => {
  it('should resume from where the page opened until a change is taken, then from after that change', () => {
    const position = new FeedPosition('end-at-open');
    expect(position.cursor).toBe('end-at-open');
    expect(position.take({ id: 'a', cursor: 'after-a' })).toBe(true);
    expect(position.take({ id: 'b', cursor: 'after-b' })).toBe(true);
    expect(position.cursor).toBe('after-b');
  });

  it('should not tell a change twice, nor move back when one comes again', () => {
    const position = new FeedPosition(null);
    position.take({ id: 'a', cursor: 'after-a' });
    position.take({ id: 'b', cursor: 'after-b' });
    expect(position.take({ id: 'a', cursor: 'after-a' })).toBe(false);
    expect(position.cursor).toBe('after-b');
  });

  it('should forget the oldest ids past its memory, and only those', () => {
    const position = new FeedPosition(null);
    for (let index = 0; index <= REMEMBERED_IDS; index += 1) position.take({ id: `c${index}`, cursor: `k${index}` });
    expect(position.take({ id: `c${REMEMBERED_IDS}`, cursor: 'again' })).toBe(false);
    expect(position.take({ id: 'c1', cursor: 'again' })).toBe(false);
    expect(position.take({ id: 'c0', cursor: 'k0-again' })).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('should double from the first wait up to the longest, in the upper half of each', () => {
    expect(retryDelayMs(0, () => 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelayMs(0, () => 0.999_999)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(1, () => 0)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(3, () => 0)).toBe(4 * FIRST_RETRY_MS);
    expect(retryDelayMs(40, () => 0.999_999)).toBe(LONGEST_RETRY_MS);
    expect(retryDelayMs(40, () => 0)).toBe(LONGEST_RETRY_MS / 2);
  });

  it('should keep within its bounds whatever the random source gives', () => {
    expect(retryDelayMs(-3, () => 5)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(2, () => -1)).toBe(2 * FIRST_RETRY_MS);
  });
});

describe('isFinalClose', () => {
  it.each([
    [4403, true],
    [4400, true],
    [4406, true],
    [1000, false],
    [1001, false],
    [1006, false],
    [4408, false],
    [4500, false],
  ])('should treat close code %i as final: %s', (code, final) => {
    expect(isFinalClose(code)).toBe(final);
  });
});
