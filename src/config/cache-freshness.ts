/**
 * How long each kind of diary data stays fresh. Timetables change rarely, homework during the day,
 * marks whenever a teacher enters one — so each resource has its own windows:
 *
 * - `freshMs`: served from cache without asking the diary;
 * - `revalidateMs`: after `freshMs` and until this age, served from cache at once while one background
 *   call refreshes it (stale-while-revalidate);
 * - older than that: the diary is asked; if it fails, the last good copy is served up to the global
 *   stale-if-error age, marked stale, with the error beside it.
 *
 * It lives with the configuration, which reads `CACHE_FRESHNESS` over these defaults, and the cache reads
 * it from here: configuration depends on no other room, so every room may depend on it.
 */

/**
 * The cached resources: one per `ProviderAdapter` method, `structure`, what adapters read through
 * `UpstreamScope.structure` (ids, periods, work types, subjects, bell timetables), and the mail's reads
 * (`ProviderMessaging`: pages of messages and notices, the address book, remarks, signatures).
 */
export type CachedResource =
  | 'profile'
  | 'structure'
  | 'subjects'
  | 'periods'
  | 'averages'
  | 'grades'
  | 'homework'
  | 'schedule'
  | 'attendance'
  | 'non-school-days'
  | 'messages'
  | 'notices'
  | 'recipients'
  | 'remarks'
  | 'signatures';

/** The windows of one resource. */
export interface FreshnessWindows {
  freshMs: number;
  revalidateMs: number;
}

const minutes = (value: number) => value * 60_000;

/**
 * Longest fresh window of a partial copy (built without a side answer whose call failed), in ms: long enough
 * for a burst of requests during an outage to share one copy, short enough that what it lacks comes back
 * soon after the route does (`CACHE_PARTIAL_FRESH_S`).
 */
export const DEFAULT_PARTIAL_FRESH_MS = 60_000;

/** Defaults, tuned to how often each thing changes in a school day. */
export const DEFAULT_FRESHNESS: Readonly<Record<CachedResource, FreshnessWindows>> = Object.freeze({
  // Children and classes change a few times a year, and every query waits for the listing: a day-old
  // copy is served at once (refreshed behind), so one slow diary never holds up the others' children.
  profile: { freshMs: minutes(10), revalidateMs: minutes(24 * 60) },
  // A token's profile id, work types, subjects, bell timetables, periods: they change a few times a year,
  // and every data read of a child waits for some of them, so a copy up to 6 hours old is served as is and
  // one up to 3 days old at once while it is refreshed behind; only older ones make a request wait.
  structure: { freshMs: minutes(6 * 60), revalidateMs: minutes(3 * 24 * 60) },
  subjects: { freshMs: minutes(30), revalidateMs: minutes(360) },
  periods: { freshMs: minutes(30), revalidateMs: minutes(360) },
  averages: { freshMs: minutes(10), revalidateMs: minutes(60) },
  grades: { freshMs: minutes(2), revalidateMs: minutes(30) },
  homework: { freshMs: minutes(5), revalidateMs: minutes(60) },
  schedule: { freshMs: minutes(60), revalidateMs: minutes(360) },
  attendance: { freshMs: minutes(2), revalidateMs: minutes(30) },
  'non-school-days': { freshMs: minutes(720), revalidateMs: minutes(2880) },
  // A teacher's answer should show within a minute of the family looking; a page of mail is cheap to ask
  // again. Opening a message or sending one forgets the account's pages at once (src/messages).
  messages: { freshMs: minutes(1), revalidateMs: minutes(10) },
  notices: { freshMs: minutes(5), revalidateMs: minutes(60) },
  // The address book changes with the staff, a few times a year.
  recipients: { freshMs: minutes(60), revalidateMs: minutes(24 * 60) },
  remarks: { freshMs: minutes(10), revalidateMs: minutes(60) },
  // Signing through the gateway forgets the account's copies; a parent signing in the diary's own app shows
  // within two minutes.
  signatures: { freshMs: minutes(2), revalidateMs: minutes(30) },
});

/**
 * Applies overrides written `resource=seconds[,resource=seconds…]` (the fresh window; the revalidate
 * window keeps its ratio to it). Throws a `RangeError` naming the bad part.
 * @example parseFreshnessOverrides('grades=60,schedule=7200')
 */
export function parseFreshnessOverrides(spec: string): Partial<Record<CachedResource, FreshnessWindows>> {
  const overrides: Partial<Record<CachedResource, FreshnessWindows>> = {};
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)$/.exec(part);
    const resource = match?.[1] as CachedResource | undefined;
    if (!match || !resource || !(resource in DEFAULT_FRESHNESS)) {
      throw new RangeError(
        `"${part}" is not resource=seconds with a resource among ${Object.keys(DEFAULT_FRESHNESS).join(', ')}`,
      );
    }
    const defaults = DEFAULT_FRESHNESS[resource];
    const freshMs = Number(match[2]) * 1000;
    overrides[resource] = { freshMs, revalidateMs: Math.round((freshMs * defaults.revalidateMs) / defaults.freshMs) };
  }
  return overrides;
}
