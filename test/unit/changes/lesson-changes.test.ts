/**
 * Lessons: cancelled, replaced, moved (each its own change when several apply at once) or removed; a lesson
 * that appears, or is no longer cancelled, is no change, and a detail the diary left out this time (МЭШ's
 * `schedule` route failed) has not moved the lesson.
 */
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../../src/domain/model.js';
import { diffAfter, kindsOf, KOZLOV, lesson, WEEK, WEEK_LATER } from '../../support/change-fixtures.js';

/** The diff of a lesson read as `before`, then as `after`, over the same week. */
const lessonDiff = (before: Partial<Lesson>, after: Partial<Lesson>) =>
  diffAfter(
    { schedule: { window: WEEK, items: [lesson(before)] } },
    { schedule: { window: WEEK, items: [lesson(after)] } },
  );

describe('a lesson seen in both readings', () => {
  it('should tell a cancellation with the lesson now and before', () => {
    const diff = lessonDiff({}, { isCancelled: true });
    expect(diff.changes).toMatchObject([
      { kind: 'LESSON_CANCELLED', type: 'lesson', lesson: lesson({ isCancelled: true }), previous: lesson() },
    ]);
  });

  it.each<[string, Partial<Lesson>, Partial<Lesson>]>([
    ['a lesson now marked replaced', {}, { isReplaced: true, teacher: null }],
    ['another teacher', {}, { teacher: KOZLOV }],
  ])('should tell %s as LESSON_REPLACED', (_name, before, after) => {
    expect(kindsOf(lessonDiff(before, after))).toEqual(['LESSON_REPLACED']);
  });

  it.each<[string, Partial<Lesson>]>([
    ['another day', { date: '2026-11-20' }],
    ['another start', { startsAt: '2026-11-19T10:00:00+03:00' }],
    ['another number in the day', { number: 3 }],
    ['another room', { room: '311' }],
  ])('should tell %s as LESSON_MOVED', (_name, after) => {
    expect(kindsOf(lessonDiff({}, after))).toEqual(['LESSON_MOVED']);
  });

  it('should tell each way a lesson changed at once, with distinct ids', () => {
    const diff = lessonDiff({}, { isCancelled: true, teacher: KOZLOV, room: '311' });
    expect(kindsOf(diff)).toEqual(['LESSON_CANCELLED', 'LESSON_REPLACED', 'LESSON_MOVED']);
    expect(new Set(diff.changes.map((change) => change.id)).size).toBe(3);
  });

  it.each<[string, Partial<Lesson>, Partial<Lesson>]>([
    ['a lesson no longer cancelled', { isCancelled: true }, {}],
    ['a lesson no longer replaced', { isReplaced: true }, {}],
    ['a teacher the diary left out', {}, { teacher: null, number: null }],
    ['a teacher the diary names again', { teacher: null, number: null }, {}],
    ['a room or start left out', {}, { room: null, startsAt: null }],
    ['another topic, end or homework', {}, { topic: 'Теорема Виета', endsAt: null, homework: [] }],
  ])('should not tell %s', (_name, before, after) => {
    const diff = lessonDiff(before, after);
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.schedule?.items).toEqual([lesson(after)]);
  });
});

describe('lessons that appear and disappear', () => {
  it('should not tell a new lesson, even on a day the last reading covered', () => {
    const extra = lesson({ id: 'mesh:lesson:7099', number: 7 });
    const diff = diffAfter(
      { schedule: { window: WEEK, items: [lesson()] } },
      { schedule: { window: WEEK, items: [lesson(), extra] } },
    );
    expect(diff.changes).toEqual([]);
  });

  it('should tell a lesson gone from a day this reading covers, as last seen', () => {
    const diff = diffAfter(
      { schedule: { window: WEEK, items: [lesson()] } },
      { schedule: { window: WEEK_LATER, items: [] } },
    );
    expect(diff.changes).toMatchObject([{ kind: 'LESSON_REMOVED', lesson: lesson(), previous: null }]);
  });

  it('should not tell a lesson that only left the window', () => {
    const monday = lesson({ date: '2026-11-16', startsAt: null, endsAt: null });
    const diff = diffAfter(
      { schedule: { window: WEEK, items: [monday] } },
      { schedule: { window: WEEK_LATER, items: [] } },
    );
    expect(diff.changes).toEqual([]);
  });
});
