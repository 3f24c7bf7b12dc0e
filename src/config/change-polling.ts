/**
 * Reading `CHANGE_POLL_INTERVALS`: how often the change detector (`src/changes`) reads each watched
 * resource of a linked account on a school day, before the night and day-off factors (`poll-schedule.ts`).
 *
 * Why these defaults: marks are what families ask to hear of first and come during lessons, so grades are
 * read every 10 minutes; homework, timetable changes and absences are entered a few times a day (30
 * minutes); final marks twice a term (3 hours); mail every 10 minutes. docs/changes.md gives what they cost per family.
 */
import type { CachedResource } from './cache-freshness.js';

/** The resources of each child the detector reads and compares (config imports no other room, so the list is its own). */
export const WATCHED_RESOURCES = ['grades', 'homework', 'schedule', 'attendance', 'finals'] as const;

/** One of {@link WATCHED_RESOURCES}. */
export type WatchedResource = (typeof WATCHED_RESOURCES)[number];

/**
 * Everything the detector polls on its schedule: each child's resources, and `mail` — an account's inbox and
 * notices, which belong to the account rather than one child (the first page of each, for new items).
 */
export const POLLED_RESOURCES = [...WATCHED_RESOURCES, 'mail'] as const;

/** One of {@link POLLED_RESOURCES}. */
export type PolledResource = (typeof POLLED_RESOURCES)[number];

/** Milliseconds between reads of each resource on a school day. */
export type PollIntervals = Readonly<Record<PolledResource, number>>;

const MINUTE_MS = 60_000;
const UNIT_MS = { s: 1000, m: MINUTE_MS, h: 60 * MINUTE_MS } as const;

/** The defaults `CHANGE_POLL_INTERVALS` overrides. */
export const DEFAULT_POLL_INTERVALS: PollIntervals = Object.freeze({
  grades: 10 * MINUTE_MS,
  homework: 30 * MINUTE_MS,
  schedule: 30 * MINUTE_MS,
  attendance: 30 * MINUTE_MS,
  finals: 180 * MINUTE_MS,
  // A teacher's answer or the school's notice within ten minutes, for two calls per account.
  mail: 10 * MINUTE_MS,
});

/** The shortest interval accepted: seconds are for tests; in production a minute is already a lot. */
export const MIN_POLL_INTERVAL_MS = 1000;
/** The longest interval accepted: a day. */
export const MAX_POLL_INTERVAL_MS = 24 * 60 * MINUTE_MS;

const isPolled = (value: string): value is PolledResource => (POLLED_RESOURCES as readonly string[]).includes(value);

/**
 * `grades=5m,finals=1h,homework=45` (a plain number is minutes; `s`, `m`, `h` name the unit) → the defaults
 * with those replaced. Empty entries (a trailing `,`) are skipped.
 * @throws Error naming the entry by position when one is malformed.
 */
export function parsePollIntervals(spec: string): PollIntervals {
  const intervals: Record<PolledResource, number> = { ...DEFAULT_POLL_INTERVALS };
  spec.split(',').forEach((entry, index) => {
    if (!entry.trim()) return;
    const [name = '', value, ...rest] = entry.split('=').map((part) => part.trim());
    if (!isPolled(name))
      throw new Error(`entry ${index + 1} must start with a resource (${POLLED_RESOURCES.join(', ')}), then =interval`);
    const match = value !== undefined && rest.length === 0 ? /^(\d{1,6})([smh]?)$/.exec(value) : null;
    if (!match)
      throw new Error(`entry ${index + 1} (${name}) needs a whole number after =, in s, m (the default) or h`);
    const ms = Number(match[1]) * UNIT_MS[(match[2] || 'm') as keyof typeof UNIT_MS];
    if (ms < MIN_POLL_INTERVAL_MS || ms > MAX_POLL_INTERVAL_MS)
      throw new Error(`entry ${index + 1} (${name}) must be between 1s and 24h`);
    intervals[name] = ms;
  });
  return Object.freeze(intervals);
}

/** The cached resources the detector compares: read fresh, never from a copy past its window. */
export const DETECTED_RESOURCES: ReadonlySet<CachedResource> = new Set<CachedResource>([
  'grades',
  'homework',
  'schedule',
  'attendance',
  'averages',
  'messages',
  'notices',
]);
