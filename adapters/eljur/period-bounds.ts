/**
 * The started periods' dates of each child, remembered between requests. They only choose how grades are
 * cut into `getmarks` calls (`mark-pieces.ts`), and any cut gives the same marks, so a remembered copy can
 * be old without costing data. What it saves is a wave: the gateway's grades expire long before its
 * periods and averages (2 minutes against 30), so most grade reads come in requests that ask nothing
 * else of the diary; without the dates at hand each would wait for `getperiods` before its marks. Kept:
 * dates only, keyed by account and child — no mark, no name, nothing a request could read back.
 */
import type { DateRange } from '../../src/domain/model.js';

/** How long remembered dates choose the pieces: the gateway's own periods are served this old at most. */
export const PERIOD_BOUNDS_MAX_AGE_MS = 6 * 60 * 60 * 1000;

/** Children remembered at most (the least recently learnt go first); an entry is a few dates. */
export const PERIOD_BOUNDS_MAX_ENTRIES = 10_000;

/** Options of {@link createPeriodBounds}. */
export interface PeriodBoundsOptions {
  /** The clock the age is measured with. */
  now: () => number;
  /** @default {@link PERIOD_BOUNDS_MAX_AGE_MS} */
  maxAgeMs?: number;
  /** @default {@link PERIOD_BOUNDS_MAX_ENTRIES} */
  maxEntries?: number;
}

/** Remembered started periods by key (the account's id and the child's). */
export interface PeriodBounds {
  /** The dates learnt under `key`, unless none were or they are older than the maximum age. */
  get(key: string): readonly DateRange[] | undefined;
  /** Remembers the started periods just read under `key`, replacing what was there. */
  set(key: string, started: readonly DateRange[]): void;
}

/** Creates an empty memory of period dates. */
export function createPeriodBounds(options: PeriodBoundsOptions): PeriodBounds {
  const maxAgeMs = options.maxAgeMs ?? PERIOD_BOUNDS_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? PERIOD_BOUNDS_MAX_ENTRIES;
  // A Map iterates in insertion order, and every write re-inserts: the first key is the oldest.
  const entries = new Map<string, { started: readonly DateRange[]; learntAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (options.now() - entry.learntAt <= maxAgeMs) return entry.started;
      entries.delete(key);
      return undefined;
    },
    set(key, started) {
      entries.delete(key);
      entries.set(key, { started: started.map(({ from, to }) => ({ from, to })), learntAt: options.now() });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
  };
}
