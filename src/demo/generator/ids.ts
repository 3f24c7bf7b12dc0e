/**
 * Ids of demo records, in the ranges МЭШ uses (lessons ~3·10⁸, homework ~4·10⁸, marks ~2.2·10⁹; all far
 * below 2^53). They are computed from the child's slot, the day and the lesson number rather than drawn
 * at random, so a lesson keeps its id when the demo is regenerated for a later day.
 */
import { daysBetween } from '../../domain/dates.js';

const EPOCH = '2020-01-01';
/** Room for ten million ids per child in each range. */
const PER_CHILD = 10_000_000;

/** Days since 2020-01-01: the date part of every record id. */
export function dayNumber(date: string): number {
  return daysBetween(EPOCH, date);
}

/** A timetable lesson (МЭШ event / schedule item). */
export function lessonIdOf(childSlot: number, date: string, lessonNumber: number): number {
  return 300_000_000 + childSlot * PER_CHILD + dayNumber(date) * 10 + lessonNumber;
}

/** A homework due at a lesson (at most one per lesson). */
export function homeworkIdOf(childSlot: number, dueDate: string, lessonNumber: number): number {
  return 400_000_000 + childSlot * PER_CHILD + dayNumber(dueDate) * 10 + lessonNumber;
}

/** The `index`-th mark (0–9) given in a lesson. */
export function markIdOf(childSlot: number, date: string, lessonNumber: number, index: number): number {
  return 2_200_000_000 + childSlot * PER_CHILD + dayNumber(date) * 100 + lessonNumber * 10 + index;
}
