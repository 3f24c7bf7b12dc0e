/**
 * The Eljur API v3 methods the adapter calls and how their parameters are written
 * (`../shared/providers.md` §2). Every method lives at `{baseUrl}/apiv3/{method}`; the host is per-tenant
 * configuration (`https://api.eljur.ru`, a school's `https://{vendor}.eljur.ru`, or a regional brand such
 * as `https://edu.gounn.ru`), and so are the vendor and the developer key.
 */
import { monthsWithin } from '../../src/domain/calendar-months.js';
import type { DateRange } from '../../src/domain/model.js';

/** The host the adapter talks to when the tenant names none. */
export const DEFAULT_ELJUR_BASE_URL = 'https://api.eljur.ru';

/** Path prefix of API v3 (the older `/api/` serves the same methods). */
export const ELJUR_API_PREFIX = '/apiv3';

/** The methods the adapter calls, by their Eljur names (the simulator keeps its own list). */
export const ELJUR_METHODS = Object.freeze({
  auth: 'auth',
  getrules: 'getrules',
  /** A child's profile card; the adapter reads its SNILS for matching. */
  getprofileuserinfo: 'getprofileuserinfo',
  getperiods: 'getperiods',
  getmarks: 'getmarks',
  getdiary: 'getdiary',
  gethomework: 'gethomework',
  getfinalassessments: 'getfinalassessments',
  getusersvendors: 'getusersvendors',
  /** Mail (`messaging.ts`): a mailbox page, one message (opening it marks it read), the address book. */
  getmessages: 'getmessages',
  getmessageinfo: 'getmessageinfo',
  getmessagereceivers: 'getmessagereceivers',
  /** Sending: POST with a form body. */
  sendmessage: 'sendmessage',
  sendreplymessage: 'sendreplymessage',
  /** School notices («объявления»): a page of them, one whole. */
  getboardnotices: 'getboardnotices',
  getboardnoticeinfo: 'getboardnoticeinfo',
});

/** An Eljur method name. */
export type EljurMethod = (typeof ELJUR_METHODS)[keyof typeof ELJUR_METHODS];

/** The path of a method: `/apiv3/getmarks`. */
export function methodPath(method: EljurMethod): string {
  return `${ELJUR_API_PREFIX}/${method}`;
}

/** `out_format` every call sends: Eljur calls the parameter deprecated, but clients still send it. */
export const OUT_FORMAT = 'json';

/**
 * How boolean parameters are written. Clients send `true` (DnevnikX) or `__yes` (Apheleia); `true` is
 * what the newer client and the OpenAPI description use.
 */
export const TRUE_PARAMETER = 'true';

/** `YYYY-MM-DD` → `YYYYMMDD`, the form of Eljur's day keys and `days` bounds. */
export function toDayKey(date: string): string {
  return date.replaceAll('-', '');
}

/** The `days` parameter of a range: `YYYYMMDD-YYYYMMDD`. */
export function formatDays(range: DateRange): string {
  return `${toDayKey(range.from)}-${toDayKey(range.to)}`;
}

/**
 * Splits a range at calendar-month boundaries (`2026-10-20..2026-12-05` → three pieces). A year of
 * `getdiary` is a large answer, and clients ask for a week or a term at a time (providers.md §2.7 item 10),
 * so the diary is read a month at a time at most.
 */
export function splitByMonth(range: DateRange): DateRange[] {
  return monthsWithin(range);
}
