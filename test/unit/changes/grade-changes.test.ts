/**
 * Marks: a first reading is a baseline, windows that move are not news, and a mark is compared on what a
 * family would call a change — never on what the diary restates or derives on each read.
 */
import { describe, expect, it } from 'vitest';
import { diffChild } from '../../../src/changes/diff-child.js';
import type { GradeChangeModel } from '../../../src/domain/changes.js';
import {
  ALGEBRA,
  diffAfter,
  FIRST_POLL,
  fivePoint,
  grade,
  kindsOf,
  KOZLOV,
  PHYSICS,
  reading,
  SECOND_POLL,
  WEEK,
  WEEK_LATER,
} from '../../support/change-fixtures.js';

describe('a first reading', () => {
  it('should be a baseline: remembered, no changes', () => {
    const first = diffChild(null, reading({ grades: { window: WEEK, items: [grade()] } }), FIRST_POLL);
    expect(first.changes).toEqual([]);
    expect(first.rebaselined).toEqual([]);
    expect(first.snapshot.resources.grades).toEqual({ window: WEEK, items: [grade()] });
  });
});

describe('marks added and removed', () => {
  it('should tell a new mark on a day the last reading covered, with the whole change', () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [] } },
      { grades: { window: WEEK, items: [grade({ value: fivePoint('5') })] } },
    );
    expect(diff.changes).toEqual([
      {
        id: expect.stringMatching(/^chg_[\w-]{22}$/),
        kind: 'GRADE_ADDED',
        type: 'grade',
        childId: 'stu_katya',
        provider: 'MESH',
        detectedAt: SECOND_POLL,
        grade: grade({ value: fivePoint('5') }),
        previous: null,
      },
    ]);
  });

  it('should not tell a mark that only entered the window (its day was not asked for before)', () => {
    const monday = grade({ id: 'mesh:mark:90100', date: '2026-11-23' });
    const diff = diffAfter(
      { grades: { window: WEEK, items: [] } },
      { grades: { window: WEEK_LATER, items: [monday] } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.grades?.items).toEqual([monday]);
  });

  it('should tell a mark gone from a day this reading covers, as last seen', () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [grade()] } },
      { grades: { window: WEEK_LATER, items: [] } },
    );
    expect(diff.changes).toMatchObject([{ kind: 'GRADE_REMOVED', grade: grade(), previous: null }]);
  });

  it('should not tell a mark that only left the window', () => {
    const monday = grade({ date: '2026-11-16' });
    const diff = diffAfter(
      { grades: { window: WEEK, items: [monday] } },
      { grades: { window: WEEK_LATER, items: [] } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.grades).toEqual({ window: WEEK_LATER, items: [] });
  });
});

describe('a mark seen in both readings', () => {
  it.each<[string, Partial<GradeChangeModel['grade']>]>([
    ['a corrected value', { value: fivePoint('5') }],
    ['another scale', { value: { raw: '4', scale: 'TEN_POINT', numeric: 4, fivePoint: null } }],
    ['another weight', { weight: 2 }],
    ['a comment', { comment: 'Молодец!' }],
    ['another kind of work', { workType: 'Контрольная работа' }],
    ['a point mark that became a mark', { isPoint: true }],
    ['an exam flag', { isExam: true }],
    ['no longer counting toward the average', { countsTowardAverage: false }],
    ['another lesson day', { date: '2026-11-17' }],
    ['another subject', { subject: PHYSICS }],
  ])('should tell %s as GRADE_CHANGED with the mark before', (_name, before) => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [grade(before)] } },
      { grades: { window: WEEK, items: [grade()] } },
    );
    expect(diff.changes).toMatchObject([{ kind: 'GRADE_CHANGED', grade: grade(), previous: grade(before) }]);
  });

  it.each<[string, Partial<GradeChangeModel['grade']>]>([
    ['another teacher name', { teacher: KOZLOV }],
    ['no teacher', { teacher: null }],
    ['another entry time', { createdAt: '2026-11-18T15:02:11+03:00' }],
    ['other numeric readings', { value: { ...fivePoint('4'), numeric: null, fivePoint: null } }],
    ['another point deadline', { pointDeadline: '2026-12-01' }],
    ['a renamed subject', { subject: { ...ALGEBRA, name: 'Алгебра (углублённая)' } }],
  ])('should not tell %s', (_name, before) => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [grade(before)] } },
      { grades: { window: WEEK, items: [grade()] } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.grades?.items).toEqual([grade()]);
  });
});

describe('marks that cannot be read alone', () => {
  it('should skip a mark without an id or with an unreadable date, and keep the others', () => {
    const items = [grade({ id: '' }), grade({ id: 'mesh:mark:90002', date: '18.11.2026' }), grade()];
    const first = diffChild(null, reading({ grades: { window: WEEK, items } }), FIRST_POLL);
    expect(first.snapshot.resources.grades?.items).toEqual([grade()]);
    const second = diffChild(
      first.snapshot,
      reading({ grades: { window: WEEK, items: [...items, grade({ id: 'mesh:mark:90003' })] } }),
      SECOND_POLL,
    );
    expect(kindsOf(second)).toEqual(['GRADE_ADDED']);
  });

  it('should keep a known mark whose date became unreadable as last seen, not tell it removed', () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [grade()] } },
      { grades: { window: WEEK_LATER, items: [grade({ date: '' })] } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.grades).toEqual({ window: WEEK_LATER, items: [grade()] });
  });

  it('should take the first of two marks with one id', () => {
    const diff = diffAfter(
      { grades: { window: WEEK, items: [grade()] } },
      { grades: { window: WEEK, items: [grade(), grade({ value: fivePoint('2') })] } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.grades?.items).toEqual([grade()]);
  });
});
