/**
 * Positions in a child's change log: `<milliseconds>-<sequence>`, the shape of Redis stream ids, made the
 * same way by the in-process log and the Redis one, so a position means the same in both.
 *
 * Positions compare with {@link comparePositions}, never as strings: `"999-0"` sorts after `"1000-0"` as a
 * string, and Redis does not pad its ids (neither do we, so a position read from Redis and one made here
 * are spelt alike).
 */
import { ChangeStateError } from './change-state-error.js';

/** A position taken apart. */
export interface PositionParts {
  /** The log's clock when the change was appended (never earlier than the change before it). */
  ms: number;
  /** Orders changes appended within one millisecond: 0, 1, 2… */
  seq: number;
}

/**
 * Digits without a leading zero, at most 15 of them: every such number is exact in a JavaScript number
 * (below 2^53), so parts compare as numbers. 15 digits of milliseconds reach the year 33658.
 */
const POSITION = /^(0|[1-9]\d{0,14})-(0|[1-9]\d{0,14})$/;

/** The parts of `text`, or `null` when it is not a position as this log writes them. */
export function parsePosition(text: string): PositionParts | null {
  const match = POSITION.exec(text);
  return match ? { ms: Number(match[1]), seq: Number(match[2]) } : null;
}

/** Whether `text` is a position as this log writes them (`<ms>-<seq>`, no leading zeros). */
export function isPosition(text: string): boolean {
  return POSITION.test(text);
}

/** Spells a position. */
export function formatPosition(parts: PositionParts): string {
  return `${parts.ms}-${parts.seq}`;
}

/**
 * Orders two positions of one child's log: negative when `a` comes first, 0 when they are the same,
 * positive when `b` does. Use it (or the `sort` comparator it is) wherever positions are compared.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT` when either is not a position.
 */
export function comparePositions(a: string, b: string): number {
  return comparePositionParts(requirePosition(a, 'a'), requirePosition(b, 'b'));
}

/** {@link comparePositions} for positions already taken apart. */
export function comparePositionParts(a: PositionParts, b: PositionParts): number {
  return a.ms - b.ms || a.seq - b.seq;
}

/**
 * The position after `last` at clock `now`: `<now>-0` when the clock has moved on; otherwise (the same
 * millisecond, or a clock that went back) `last`'s millisecond with the next sequence, so positions only
 * grow within a child, as `XADD` makes them.
 */
export function nextPosition(last: PositionParts | null, now: number): PositionParts {
  const ms = Math.max(0, Math.floor(now));
  if (last === null || ms > last.ms) return { ms, seq: 0 };
  return { ms: last.ms, seq: last.seq + 1 };
}

/**
 * The parts of `text`.
 * @param what Names the argument in the error.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT` when it is not a position.
 */
export function requirePosition(text: string, what: string): PositionParts {
  const parts = typeof text === 'string' ? parsePosition(text) : null;
  if (parts === null) {
    throw new ChangeStateError(
      'CHANGES_INVALID_ARGUMENT',
      `${what} must be a change log position such as "1767225600000-0", but got ${describeValue(text)}`,
    );
  }
  return parts;
}

/** A short description of a bad value for a message: its type, and the start of a string. */
function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
