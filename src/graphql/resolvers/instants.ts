/** Gateway-made instants (link and grant times) as `DateTime`: UTC, written with an explicit offset. */
import { toZonedIso } from '../../domain/dates.js';

/** Epoch milliseconds → `2026-12-04T05:30:00+00:00`. */
export function instant(epochMs: number): string {
  return toZonedIso(new Date(epochMs), 'UTC');
}

/** A `DateTime` argument → epoch milliseconds (the scalar has already checked its form). */
export function epochOf(dateTime: string): number {
  return Date.parse(dateTime);
}
