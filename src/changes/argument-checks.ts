/**
 * The checks of numbers the change log and the detector's state are given, shared by the in-process and the
 * Redis implementations so both refuse the same calls with the same words (Redis would refuse some of them
 * only with its own error, or not at all).
 */
import { ChangeStateError } from './change-state-error.js';

/**
 * Checks a count, a bound or a lease time (`PX` takes nothing else): a whole number of at least 1.
 * @param name Names the argument or option in the error.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT`
 */
export function checkPositiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new ChangeStateError(
      'CHANGES_INVALID_ARGUMENT',
      `${name} must be a whole number of at least 1, but got ${String(value)}`,
    );
  return value;
}

/**
 * Checks a time (a due time, `now`): a finite number of milliseconds.
 * @param name Names the argument in the error.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT`
 */
export function checkTime(time: number, name: string): number {
  if (!Number.isFinite(time))
    throw new ChangeStateError(
      'CHANGES_INVALID_ARGUMENT',
      `${name} must be a finite number of milliseconds, but got ${String(time)}`,
    );
  return time;
}
