/**
 * Entering a mark in a simulator's diary the way a teacher would: pushed into the seed child the simulators
 * read on every request, so the next read of the diary shows it (change detection tests).
 */
import type { SeedChild, SeedMark } from '../../adapters/simulation/seed.js';

let serial = 990_000;

/** Enters a mark of `value` (five-point) for `child`, dated `date`, in the child's first subject. */
export function enterMark(child: SeedChild, value: string, date: string): SeedMark {
  serial += 1;
  const mark: SeedMark = {
    id: serial,
    lessonId: null,
    date,
    subjectId: child.subjects[0]!.id,
    value,
    scale: 'five',
    five: Number(value),
    hundred: Number(value) * 20,
    weight: 1,
    workType: 'Контрольная работа',
    comment: null,
    isExam: false,
    isPoint: false,
    pointDeadline: null,
    createdAt: `${date}T10:00:00`,
  };
  child.marks.push(mark);
  return mark;
}

/**
 * A gateway's settings for seeing a mark entered within seconds: every resource polled every 2 seconds, and
 * grades kept fresh for one (a poll takes a copy still in its fresh window as it is — grades: 2 minutes by
 * default — so a mark would wait that long to be seen).
 */
export const FAST_CHANGE_DETECTION: Readonly<Record<string, string>> = Object.freeze({
  CHANGE_POLL_INTERVALS: 'grades=2s,homework=2s,schedule=2s,attendance=2s,finals=2s',
  // The same intervals at any hour: at night (school time) they would be six times longer, and a test run
  // after 22:00 in Moscow would wait past its bounds.
  CHANGE_POLL_QUIET: 'off',
  CACHE_FRESHNESS: 'grades=1',
});
