/**
 * Checks of the numbers a delivery state is given, shared by the in-process and the Redis implementations so
 * both refuse the same calls with the same words.
 */
import { DeliveryError } from './delivery-error.js';

/** The most attempts one page of an attempt log holds. */
export const MAX_ATTEMPT_PAGE = 100;

/** A lease time: a whole number of milliseconds of at least 1 (`PX` takes nothing else). */
export function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1)
    throw new DeliveryError(
      'DELIVERY_INVALID_ARGUMENT',
      `ttlMs must be a whole number of at least 1, but got ${ttlMs}`,
    );
}

/** A page size: 1–{@link MAX_ATTEMPT_PAGE}. */
export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_ATTEMPT_PAGE)
    throw new DeliveryError(
      'DELIVERY_INVALID_ARGUMENT',
      `limit must be a whole number from 1 to ${MAX_ATTEMPT_PAGE}, but got ${limit}`,
    );
}
