/**
 * A whole child's reading: resources not read keep their snapshot, each resource's first reading is its own
 * baseline, a diary that renumbers its ids is taken as a new baseline instead of a flood of changes, and
 * the changes come in one fixed order.
 */
import { describe, expect, it } from 'vitest';
import { diffChild, MAX_CHANGES_PER_RESOURCE } from '../../../src/changes/diff-child.js';
import type { Grade, Lesson } from '../../../src/domain/model.js';
import {
  absence,
  average,
  diffAfter,
  FIRST_POLL,
  fivePoint,
  grade,
  homework,
  kindsOf,
  lesson,
  reading,
  SECOND_POLL,
  WEEK,
} from '../../support/change-fixtures.js';

/** `count` marks on Wednesday, ids numbered from `first`. */
const marks = (count: number, first = 1): Grade[] =>
  Array.from({ length: count }, (_, at) => grade({ id: `mesh:mark:${first + at}` }));

describe('resources read or not', () => {
  it('should keep the snapshot of a resource not read this time, whatever else was', () => {
    const first = diffChild(
      null,
      reading({ grades: { window: WEEK, items: [grade()] }, homework: { window: WEEK, items: [homework()] } }),
      FIRST_POLL,
    );
    const second = diffChild(first.snapshot, reading({ homework: { window: WEEK, items: [] } }), SECOND_POLL);
    expect(kindsOf(second)).toEqual(['HOMEWORK_REMOVED']);
    expect(second.snapshot.resources.grades).toBe(first.snapshot.resources.grades);
    expect(second.snapshot.resources.homework).toEqual({ window: WEEK, items: [] });
  });

  it('should take a resource read for the first time as its baseline while comparing the others', () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [] } },
      {
        grades: { window: WEEK, items: [grade()] },
        schedule: { window: WEEK, items: [lesson({ isCancelled: true })] },
      },
    );
    expect(kindsOf(diff)).toEqual(['GRADE_ADDED']);
    expect(diff.snapshot.resources.schedule?.items).toEqual([lesson({ isCancelled: true })]);
  });

  it('should remember nothing of a resource never read', () => {
    const diff = diffChild(null, reading({}), FIRST_POLL);
    expect(diff).toEqual({ snapshot: { version: 1, resources: {} }, changes: [], rebaselined: [] });
  });
});

describe('a diary that renumbers its ids', () => {
  it(`should tell up to ${MAX_CHANGES_PER_RESOURCE} changes of a resource`, () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [] } },
      { grades: { window: WEEK, items: marks(MAX_CHANGES_PER_RESOURCE) } },
    );
    expect(diff.changes).toHaveLength(MAX_CHANGES_PER_RESOURCE);
    expect(diff.rebaselined).toEqual([]);
  });

  it('should take more as a new baseline of that resource alone, and say so', () => {
    // 60 marks renumbered: 60 removed and 60 added.
    const renumbered = marks(60, 1001);
    const diff = diffAfter(
      { grades: { window: WEEK, items: marks(60) }, homework: { window: WEEK, items: [] } },
      { grades: { window: WEEK, items: renumbered }, homework: { window: WEEK, items: [homework()] } },
    );
    expect(kindsOf(diff)).toEqual(['HOMEWORK_ADDED']);
    expect(diff.rebaselined).toEqual(['grades']);
    expect(diff.snapshot.resources.grades).toEqual({ window: WEEK, items: renumbered });
  });

  it('should count each way a lesson changed', () => {
    const week = (changed: Partial<Lesson>): Lesson[] =>
      Array.from({ length: 34 }, (_, at) => lesson({ id: `mesh:lesson:${at}`, ...changed }));
    const diff = diffAfter(
      { schedule: { window: WEEK, items: week({}) } },
      { schedule: { window: WEEK, items: week({ isCancelled: true, isReplaced: true, room: '101' }) } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.rebaselined).toEqual(['schedule']);
  });
});

describe('the order of changes', () => {
  it('should list resources in a fixed order, then by date, then by key', () => {
    const diff = diffAfter(
      {
        finals: { periodId: 'q2', periodTitle: '2 четверть', items: [average()] },
        attendance: { window: WEEK, items: [] },
        schedule: { window: WEEK, items: [lesson()] },
        homework: { window: WEEK, items: [] },
        grades: { window: WEEK, items: [] },
      },
      {
        finals: { periodId: 'q2', periodTitle: '2 четверть', items: [average({ finalGrade: fivePoint('5') })] },
        attendance: { window: WEEK, items: [absence()] },
        schedule: { window: WEEK, items: [lesson({ isCancelled: true })] },
        homework: { window: WEEK, items: [homework()] },
        grades: {
          window: WEEK,
          items: [
            grade({ id: 'b', date: '2026-11-18' }),
            grade({ id: 'c', date: '2026-11-17' }),
            grade({ id: 'a', date: '2026-11-18' }),
          ],
        },
      },
    );
    expect(diff.changes.map((change) => [change.kind, 'grade' in change ? change.grade.id : null])).toEqual([
      ['GRADE_ADDED', 'c'],
      ['GRADE_ADDED', 'a'],
      ['GRADE_ADDED', 'b'],
      ['HOMEWORK_ADDED', null],
      ['LESSON_CANCELLED', null],
      ['ABSENCE_RECORDED', null],
      ['FINAL_GRADE_SET', null],
    ]);
  });

  it('should date a removal by the day it was last seen on', () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [grade({ id: 'a', date: '2026-11-19' })] } },
      {
        grades: {
          window: WEEK,
          items: [grade({ id: 'b', date: '2026-11-20' }), grade({ id: 'c', date: '2026-11-17' })],
        },
      },
    );
    expect(diff.changes.map((change) => (change.type === 'grade' ? change.grade.id : null))).toEqual(['c', 'a', 'b']);
  });
});
