import { describe, expect, it } from 'vitest';
import { ChangeStateError } from '../../../src/changes/change-state-error.js';
import { comparePositions, isPosition, nextPosition } from '../../../src/changes/positions.js';

describe('change log positions', () => {
  it('should order positions by milliseconds, then sequence, where strings would not', () => {
    const positions = ['1000-0', '999-12', '1000-10', '1000-9', '0-0'];
    expect([...positions].sort(comparePositions)).toEqual(['0-0', '999-12', '1000-0', '1000-9', '1000-10']);
    expect([...positions].sort()).not.toEqual([...positions].sort(comparePositions));
    expect(comparePositions('1700000000000-3', '1700000000000-3')).toBe(0);
  });

  it.each(['', '1', '1-', '-1', '01-0', '1-01', '1.5-0', '1-0-0', ' 1-0', '1-0 ', '1234567890123456-0', 'a-b'])(
    'should refuse %j as a position',
    (text) => {
      expect(isPosition(text)).toBe(false);
      expect(() => comparePositions(text, '0-0')).toThrow(ChangeStateError);
    },
  );

  it('should make the next position as XADD does: the clock when it moved on, else the next sequence', () => {
    expect(nextPosition(null, 1_000.7)).toEqual({ ms: 1_000, seq: 0 });
    expect(nextPosition({ ms: 1_000, seq: 4 }, 1_001)).toEqual({ ms: 1_001, seq: 0 });
    expect(nextPosition({ ms: 1_000, seq: 4 }, 1_000)).toEqual({ ms: 1_000, seq: 5 });
    expect(nextPosition({ ms: 1_000, seq: 4 }, 10)).toEqual({ ms: 1_000, seq: 5 });
  });
});
