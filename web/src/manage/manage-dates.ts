/**
 * Dates of the settings view: the end of an invitation's last day as an instant, and the bounds the
 * gateway sets on invitations (at most 366 days ahead) and absence notices (at most 31 days, from 30 days
 * back). How days are written is ../format.ts's.
 */
import { addDays, dateParts, type IsoDate } from '../dates.js';

/** Longest access a parent can grant ahead, in days: one less than the gateway's 366, since access ends at day's end. */
export const MAX_GRANT_DAYS_AHEAD = 365;
/** Longest absence notice, in days (inclusive), as the gateway allows. */
export const MAX_NOTICE_DAYS = 31;
/** How far back a notice may start, in days, as the gateway allows. */
export const MAX_NOTICE_DAYS_BACK = 30;

/** A UTC offset in minutes east of Greenwich as ISO 8601 writes it (`180` → `+03:00`). */
export function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const minutes = Math.abs(minutesEast);
  const hours = String(Math.floor(minutes / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The last second of calendar day `iso` on the phone's clock, as a gateway `DateTime`
 * (`2027-03-01` in Moscow → `2027-03-01T23:59:59+03:00`): "until 1 March" means through that day.
 */
export function endOfDayInstant(iso: IsoDate): string {
  const [year, month, day] = dateParts(iso);
  // The offset of that evening, not of today: a zone may change its clock in between.
  const evening = new Date(year, month - 1, day, 23, 59, 59);
  return `${iso}T23:59:59${offsetText(-evening.getTimezoneOffset())}`;
}

/** The days an invitation may end on: from today to {@link MAX_GRANT_DAYS_AHEAD} days ahead. */
export function grantEndBounds(today: IsoDate): { min: IsoDate; max: IsoDate } {
  return { min: today, max: addDays(today, MAX_GRANT_DAYS_AHEAD) };
}

/** The days a notice may start on, and (given its start) end on, as the gateway allows. */
export function noticeBounds(today: IsoDate, from: IsoDate): { fromMin: IsoDate; toMin: IsoDate; toMax: IsoDate } {
  return {
    fromMin: addDays(today, -MAX_NOTICE_DAYS_BACK),
    toMin: from,
    toMax: addDays(from, MAX_NOTICE_DAYS - 1),
  };
}

/**
 * The days of a notice that can still be withdrawn: from today on (the school has recorded the days
 * before). `null` when the notice ended before today.
 */
export function withdrawableRange(
  notice: { from: IsoDate; to: IsoDate },
  today: IsoDate,
): { from: IsoDate; to: IsoDate } | null {
  if (notice.to < today) return null;
  return { from: notice.from < today ? today : notice.from, to: notice.to };
}
