import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grade } from '../../src/domain/model.js';
import { weightedAverage } from '../../src/graphql/resolvers/averages.js';
import {
  averageOf,
  fivesToReach,
  markOf,
  marksToDrop,
  roundAverage,
  thresholdOf,
  type Mark,
  type RoundingBoundary,
} from '../../web/src/progress/calculator.js';

const marks = (...pairs: [number, number][]): Mark[] => pairs.map(([value, weight]) => ({ value, weight }));
const fives = (count: number, weight: number): Mark[] => Array.from({ length: count }, () => ({ value: 5, weight }));
const fill = (count: number, value: number, weight: number): Mark[] =>
  Array.from({ length: count }, () => ({ value, weight }));

/** The gateway's own average of the same marks, to hold the page's figure to it. */
function gatewayAverage(list: readonly Mark[]): number | null {
  const grades = list.map((mark, index): Grade => ({
    id: `g${index}`,
    subject: { id: 'mesh:1', name: 'Алгебра', provider: 'MESH' },
    date: '2026-11-02',
    value: { raw: String(mark.value), numeric: mark.value, scale: 'FIVE_POINT', fivePoint: mark.value },
    weight: mark.weight,
    workType: null,
    comment: null,
    isExam: false,
    isPoint: false,
    pointDeadline: null,
    countsTowardAverage: true,
    createdAt: null,
    teacher: null,
    provider: 'MESH',
  }));
  return weightedAverage(grades).average;
}

const markValue = fc.oneof(
  fc.constantFrom(2, 3, 4, 5),
  fc.double({ min: 1, max: 5, noNaN: true, noDefaultInfinity: true }),
);
const markWeight = fc.oneof(fc.constantFrom(1, 2, 3), fc.double({ min: 0.1, max: 10, noNaN: true }));
const markList = fc.array(fc.record({ value: markValue, weight: markWeight }), { maxLength: 40 });
const threshold = fc.constantFrom(2.5, 2.6, 3.5, 3.6, 4.5, 4.6, 5);
const nextWeight = fc.constantFrom(1, 2, 3);

describe('averageOf', () => {
  it.each([
    ['no marks', [], null],
    ['only weightless marks', marks([5, 0]), null],
    ['equal weights', marks([5, 1], [4, 1]), 4.5],
    ['weights', marks([5, 2], [3, 1]), 4.33],
    ['a weightless mark does not count', marks([5, 1], [2, 0]), 5],
    ['two decimals, halves up', marks([5, 1], [4, 1], [4, 1], [4, 1], [4, 1], [4, 1], [4, 1], [4, 1]), 4.13],
  ])('%s', (_name, list, expected) => {
    expect(averageOf(list)).toBe(expected);
  });

  it('is the figure the gateway computes for the same marks', () => {
    fc.assert(
      fc.property(markList, (list) => {
        expect(averageOf(list)).toBe(gatewayAverage(list));
      }),
    );
  });

  it('rounds as the gateway does, floating point included', () => {
    // 1.005 × 100 is 100.49999999999999 in binary floating point: the gateway shows 1,00, and so must the page.
    expect(roundAverage(1.005)).toBe(1);
    expect(roundAverage(4.495)).toBe(4.5);
    expect(roundAverage(4.494)).toBe(4.49);
    // 2.675 is 2.67499… in binary, but × 100 gives 267.5: the gateway shows 2,68 where `toFixed(2)` would say 2,67.
    expect(roundAverage(2.675)).toBe(2.68);
    expect(roundAverage(4.5)).toBe(4.5);
  });
});

describe('thresholdOf and markOf', () => {
  it.each([
    [5, 0.5, 4.5],
    [4, 0.5, 3.5],
    [3, 0.5, 2.5],
    [5, 0.6, 4.6],
    [4, 0.6, 3.6],
    [3, 0.6, 2.6],
  ] as const)('«%i» under boundary %d starts at %d', (mark, boundary, expected) => {
    expect(thresholdOf(mark, boundary)).toBe(expected);
  });

  it.each([
    [4.5, 0.5, 5],
    [4.49, 0.5, 4],
    [3.5, 0.5, 4],
    [3.49, 0.5, 3],
    [2.5, 0.5, 3],
    [2.49, 0.5, 2],
    [4.6, 0.6, 5],
    [4.59, 0.6, 4],
    [3.59, 0.6, 3],
    [1, 0.5, 2],
  ] as const)('%d rounds under boundary %d to %i', (average, boundary, expected) => {
    expect(markOf(average, boundary)).toBe(expected);
  });
});

describe('fivesToReach', () => {
  it('needs one «5» when there are no marks yet', () => {
    expect(fivesToReach([], 4.5, 1)).toEqual({ kind: 'needs', count: 1, average: 5 });
  });

  it('says the threshold is reached when the average is exactly on it', () => {
    expect(fivesToReach(marks([5, 1], [4, 1]), 4.5, 1)).toEqual({ kind: 'reached', average: 4.5 });
  });

  it('counts reached by the gateway rounding: 4,496 is shown as 4,50', () => {
    // 62 × 5 and 63 × 4 over 125 is 4.496 exactly.
    expect(fivesToReach(marks([5, 62], [4, 63]), 4.5, 1)).toEqual({ kind: 'reached', average: 4.5 });
  });

  it('is not reached at 4,49', () => {
    expect(fivesToReach(marks([5, 49], [4, 51]), 4.5, 1)).toEqual({ kind: 'needs', count: 1, average: 4.5 });
  });

  it.each([
    ['one «4»: one «5»', marks([4, 1]), 4.5, 1, 1, 4.5],
    ['two «4»: two «5»', marks([4, 1], [4, 1]), 4.5, 1, 2, 4.5],
    ['two «4», «5»s of weight 2: one', marks([4, 1], [4, 1]), 4.5, 2, 1, 4.5],
    ['two «4» and a threshold of 4,6: three', marks([4, 1], [4, 1]), 4.6, 1, 3, 4.6],
    ['a «3» of weight 3 and a «4»: to 3,5 with one «5»', marks([3, 3], [4, 1]), 3.5, 1, 1, 3.6],
    // (4 + 5n) / (2 + n) ≥ 4,5 ⇔ n ≥ 10.
    ['two «2»: ten «5»', marks([2, 1], [2, 1]), 4.5, 1, 10, 4.5],
  ])('%s', (_name, list, target, weight, count, average) => {
    expect(fivesToReach(list, target, weight)).toEqual({ kind: 'needs', count, average });
  });

  it('stops at the cap and says so, rather than counting on', () => {
    // Fifty «2»: (100 + 5n) / (50 + n) is 4,4966… at n = 248, which the gateway shows as 4,50.
    const low = fill(50, 2, 1);
    expect(fivesToReach(low, 4.5, 1)).toEqual({ kind: 'beyondCap', cap: 50 });
    expect(fivesToReach(low, 4.5, 1, 300)).toEqual({ kind: 'needs', count: 248, average: 4.5 });
  });

  it('refuses a threshold above 5 and a weightless next mark', () => {
    expect(() => fivesToReach([], 5.1, 1)).toThrow(RangeError);
    expect(() => fivesToReach([], 4.5, 0)).toThrow(RangeError);
  });

  it('adding the computed number of «5» reaches the threshold, and one fewer does not', () => {
    fc.assert(
      fc.property(markList, threshold, nextWeight, (list, target, weight) => {
        const lift = fivesToReach(list, target, weight);
        const after = (count: number) => averageOf([...list, ...fives(count, weight)]);
        switch (lift.kind) {
          case 'reached':
            expect(after(0)).toBeGreaterThanOrEqual(target);
            break;
          case 'needs': {
            expect(after(lift.count)).toBeGreaterThanOrEqual(target);
            expect(lift.average).toBe(after(lift.count));
            const before = after(lift.count - 1);
            if (before !== null) expect(before).toBeLessThan(target);
            break;
          }
          case 'beyondCap':
            expect(after(lift.cap)).toBeLessThan(target);
            break;
        }
      }),
    );
  });
});

describe('marksToDrop', () => {
  it('has nothing to pull down without marks', () => {
    expect(marksToDrop([], 4.5, 2, 1, 0.5)).toEqual({ kind: 'noMarks' });
  });

  it('says when the average is below already', () => {
    expect(marksToDrop(marks([4, 1]), 4.5, 2, 1, 0.5)).toEqual({ kind: 'alreadyBelow', average: 4 });
  });

  it('knows a «3» never takes an average under 2,5', () => {
    expect(marksToDrop(marks([3, 1]), 2.5, 3, 1, 0.5)).toEqual({ kind: 'never' });
  });

  it('«одна двойка опустит до 4»', () => {
    expect(marksToDrop(marks([5, 1], [5, 1]), 4.5, 2, 1, 0.5)).toEqual({
      kind: 'drops',
      count: 1,
      average: 4,
      mark: 4,
    });
  });

  it('counts «3»s: five «5» need two «3» to fall under 4,5', () => {
    expect(marksToDrop(fives(5, 1), 4.5, 3, 1, 0.5)).toEqual({ kind: 'drops', count: 2, average: 4.43, mark: 4 });
  });

  it('weighs the next marks: one «2» of weight 2 takes two «5» to 3,5, which is still a «4»', () => {
    expect(marksToDrop(fives(2, 1), 4.5, 2, 2, 0.5)).toEqual({ kind: 'drops', count: 1, average: 3.5, mark: 4 });
  });

  it('names the mark under the school rule: 3,5 is a «3» where a «4» starts at 3,6', () => {
    expect(marksToDrop(fives(2, 1), 4.6, 2, 2, 0.6)).toEqual({ kind: 'drops', count: 1, average: 3.5, mark: 3 });
  });

  it('from exactly 4,5 one «3» is enough', () => {
    expect(marksToDrop(marks([5, 1], [4, 1]), 4.5, 3, 1, 0.5)).toEqual({
      kind: 'drops',
      count: 1,
      average: 4,
      mark: 4,
    });
  });

  it('stops at the cap', () => {
    expect(marksToDrop(marks([5, 1000]), 4.5, 2, 1, 0.5)).toEqual({ kind: 'beyondCap', cap: 50 });
  });

  it('the computed number of low marks pulls the average under, and one fewer does not', () => {
    const boundary = fc.constantFrom<RoundingBoundary>(0.5, 0.6);
    fc.assert(
      fc.property(
        markList,
        threshold,
        fc.constantFrom(2, 3),
        nextWeight,
        boundary,
        (list, target, value, weight, rule) => {
          const drop = marksToDrop(list, target, value, weight, rule);
          const after = (count: number) => averageOf([...list, ...fill(count, value, weight)]);
          switch (drop.kind) {
            case 'noMarks':
              expect(after(0)).toBeNull();
              break;
            case 'alreadyBelow':
              expect(after(0)).toBeLessThan(target);
              break;
            case 'never':
              expect(value).toBeGreaterThanOrEqual(target);
              break;
            case 'drops':
              expect(after(drop.count)).toBeLessThan(target);
              expect(after(drop.count - 1)).toBeGreaterThanOrEqual(target);
              expect(drop.mark).toBe(markOf(drop.average, rule));
              break;
            case 'beyondCap':
              expect(after(drop.cap)).toBeGreaterThanOrEqual(target);
              break;
          }
        },
      ),
    );
  });
});
