/**
 * The «Что нужно для 5 / 4» calculator: how many more «5» lift a subject's average to the mark a parent
 * hopes for, and how many «2» or «3» would pull it under. The average is computed exactly as the gateway
 * computes `SubjectAverage.average` (src/graphql/resolvers/averages.ts: sum of five-point value × weight over
 * the sum of weights, `Math.round(x * 100) / 100`), so the figure the calculator starts from is the one the
 * table shows, and "reached" means the rounded figure a parent sees is at the threshold.
 */

/** One mark as an average sees it: its five-point value and its weight. */
export interface Mark {
  readonly value: number;
  readonly weight: number;
}

/**
 * Where a school rounds up: `0.5` (the usual rule, 4,5 → «5», 3,5 → «4», 2,5 → «3») or `0.6` (some schools
 * ask for 4,6 / 3,6 / 2,6).
 */
export type RoundingBoundary = 0.5 | 0.6;

/** A period mark the average can lead to. */
export type PeriodMark = 2 | 3 | 4 | 5;

/** The most marks the calculator adds before it stops counting (far more than a period ever has). */
export const DEFAULT_CAP = 50;

/** The gateway's rounding of an average: to two decimals, halves up (as `Math.round` does). */
export function roundAverage(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The weighted average of `marks` (those of positive weight), rounded as the gateway does; `null` without any. */
export function averageOf(marks: readonly Mark[]): number | null {
  const counted = marks.filter((mark) => mark.weight > 0);
  const totalWeight = counted.reduce((sum, mark) => sum + mark.weight, 0);
  if (totalWeight === 0) return null;
  const total = counted.reduce((sum, mark) => sum + mark.value * mark.weight, 0);
  return roundAverage(total / totalWeight);
}

/**
 * The lowest average that gives `mark` under `boundary` (4,5 for «5» with the usual rule). Written as the
 * literal two-decimal number, so comparing it with a rounded average is exact.
 */
export function thresholdOf(mark: Exclude<PeriodMark, 2>, boundary: RoundingBoundary): number {
  return roundAverage(mark - 1 + boundary);
}

/** The period mark `average` rounds to under `boundary` (anything under the «3» threshold is «2»). */
export function markOf(average: number, boundary: RoundingBoundary): PeriodMark {
  if (average >= thresholdOf(5, boundary)) return 5;
  if (average >= thresholdOf(4, boundary)) return 4;
  if (average >= thresholdOf(3, boundary)) return 3;
  return 2;
}

/** `marks` with `count` more marks of `value` and `weight` after them (new marks come last, as in the diary). */
function withMore(marks: readonly Mark[], count: number, value: number, weight: number): Mark[] {
  return [...marks, ...Array.from({ length: count }, () => ({ value, weight }))];
}

/** What it takes to lift the average to a threshold with «5»s. */
export type Lift =
  /** The average is at the threshold already. */
  | { readonly kind: 'reached'; readonly average: number }
  /** `count` more «5» reach it; the average then is `average`. */
  | { readonly kind: 'needs'; readonly count: number; readonly average: number }
  /** Even `cap` more «5» do not (a long period of low marks with light new ones): the count is not shown. */
  | { readonly kind: 'beyondCap'; readonly cap: number };

/**
 * How many more «5» of `weight` lift the average of `marks` to `threshold` (at most 5). A «5» always moves
 * the average towards 5, so the count is finite; it is searched up to `cap` so the answer stays a number a
 * family can act on. Without marks, one «5» gives an average of 5.
 */
export function fivesToReach(marks: readonly Mark[], threshold: number, weight: number, cap = DEFAULT_CAP): Lift {
  if (threshold > 5) throw new RangeError(`No average reaches ${threshold} on the five-point scale`);
  if (!(weight > 0)) throw new RangeError(`A new mark needs a positive weight, not ${weight}`);
  const now = averageOf(marks);
  if (now !== null && now >= threshold) return { kind: 'reached', average: now };
  for (let count = 1; count <= cap; count++) {
    const average = averageOf(withMore(marks, count, 5, weight));
    if (average !== null && average >= threshold) return { kind: 'needs', count, average };
  }
  return { kind: 'beyondCap', cap };
}

/** What it takes to pull the average under a threshold with low marks. */
export type Drop =
  /** No marks yet: nothing to pull down. */
  | { readonly kind: 'noMarks' }
  /** The average is under the threshold already. */
  | { readonly kind: 'alreadyBelow'; readonly average: number }
  /** Marks of this value cannot pull it under (a «3» never takes an average under 2,5). */
  | { readonly kind: 'never' }
  /** `count` such marks pull it under: to `average`, which is the mark `mark`. */
  | { readonly kind: 'drops'; readonly count: number; readonly average: number; readonly mark: PeriodMark }
  /** Even `cap` such marks do not. */
  | { readonly kind: 'beyondCap'; readonly cap: number };

/**
 * How many marks of `value` («2» or «3») and `weight` pull the average of `marks` under `threshold`, and
 * what the period mark then is under `boundary` («одна двойка опустит до 4»).
 */
export function marksToDrop(
  marks: readonly Mark[],
  threshold: number,
  value: number,
  weight: number,
  boundary: RoundingBoundary,
  cap = DEFAULT_CAP,
): Drop {
  if (!(weight > 0)) throw new RangeError(`A new mark needs a positive weight, not ${weight}`);
  const now = averageOf(marks);
  if (now === null) return { kind: 'noMarks' };
  if (now < threshold) return { kind: 'alreadyBelow', average: now };
  // The average only approaches `value`: it never goes under a threshold at or below it.
  if (value >= threshold) return { kind: 'never' };
  for (let count = 1; count <= cap; count++) {
    const average = averageOf(withMore(marks, count, value, weight))!;
    if (average < threshold) return { kind: 'drops', count, average, mark: markOf(average, boundary) };
  }
  return { kind: 'beyondCap', cap };
}
