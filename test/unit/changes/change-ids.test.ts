/**
 * Change ids are derived from what changed and how, never from when or through which account: the same
 * change detected twice has one id, so the child's change log keeps it once.
 */
import { describe, expect, it } from 'vitest';
import { changeId, digestOf } from '../../../src/changes/change-ids.js';
import { diffChild } from '../../../src/changes/diff-child.js';
import type { ChildResources } from '../../../src/changes/child-snapshot.js';
import {
  diffAfter,
  FIRST_POLL,
  fivePoint,
  grade,
  KOZLOV,
  lesson,
  reading,
  SECOND_POLL,
  WEEK,
  WEEK_LATER,
} from '../../support/change-fixtures.js';

const corrected = (before: string, after: string, then: ChildResources = {}) =>
  diffAfter(
    { grades: { window: WEEK, items: [grade({ value: fivePoint(before) })] } },
    { grades: { window: WEEK, items: [grade({ value: fivePoint(after) })] }, ...then },
  ).changes[0]!.id;

describe('digestOf', () => {
  it('should not depend on the order of keys, at any depth', () => {
    expect(digestOf({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      digestOf({ a: { c: 3, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
  });

  it('should keep the order of lists', () => {
    expect(digestOf(['Карточка 12.pdf', 'Карточка 13.pdf'])).not.toBe(digestOf(['Карточка 13.pdf', 'Карточка 12.pdf']));
  });
});

describe('changeId', () => {
  it('should be chg_ and 22 base64url characters of the SHA-256 of its parts', () => {
    const id = changeId({ childId: 'stu_katya', kind: 'GRADE_ADDED', key: 'mesh:mark:1', before: null, after: '{}' });
    expect(id).toBe('chg_vUsh6cjXT0qosU29Dkmq8z');
  });

  it('should tell parts apart however their text is split', () => {
    const base = { childId: 'stu_katya', kind: 'GRADE_ADDED', before: null, after: '{}' } as const;
    expect(changeId({ ...base, key: 'a","b' })).not.toBe(changeId({ ...base, childId: 'stu_katya","a', key: 'b' }));
  });
});

describe('the same change detected twice', () => {
  it('should have one id through two accounts polled at other times over other windows', () => {
    const throughMother = diffAfter(
      { grades: { window: WEEK, items: [grade({ value: fivePoint('4') })] } },
      { grades: { window: WEEK, items: [grade({ value: fivePoint('5') })] } },
    );
    const fatherFirst = diffChild(
      null,
      reading({ grades: { window: WEEK_LATER, items: [grade({ value: fivePoint('4'), teacher: null })] } }),
      '2026-11-18T09:00:00+03:00',
    );
    const throughFather = diffChild(
      fatherFirst.snapshot,
      reading({
        grades: {
          window: WEEK_LATER,
          items: [grade({ value: fivePoint('5'), teacher: KOZLOV }), grade({ id: 'mesh:mark:90777' })],
        },
      }),
      '2026-11-18T11:30:00+03:00',
    );
    expect(throughFather.changes.map((change) => change.kind)).toEqual(['GRADE_CHANGED', 'GRADE_ADDED']);
    expect(throughFather.changes[0]!.id).toBe(throughMother.changes[0]!.id);
  });

  it('should have one id when a poll is retried', () => {
    const first = diffChild(null, reading({ schedule: { window: WEEK, items: [lesson()] } }), FIRST_POLL);
    const again = () =>
      diffChild(
        first.snapshot,
        reading({ schedule: { window: WEEK, items: [lesson({ isCancelled: true })] } }),
        SECOND_POLL,
      );
    expect(again().changes[0]!.id).toBe(again().changes[0]!.id);
  });

  it('should not depend on the other resources of the reading', () => {
    expect(corrected('4', '5')).toBe(corrected('4', '5', { schedule: { window: WEEK, items: [lesson()] } }));
  });
});

describe('different changes', () => {
  it('should have different ids', () => {
    const ids = [
      corrected('4', '5'),
      corrected('3', '5'),
      corrected('5', '4'),
      diffChild(
        diffChild(
          null,
          { ...reading({ grades: { window: WEEK, items: [grade()] } }), childId: 'stu_misha' },
          FIRST_POLL,
        ).snapshot,
        { ...reading({ grades: { window: WEEK, items: [grade({ value: fivePoint('5') })] } }), childId: 'stu_misha' },
        SECOND_POLL,
      ).changes[0]!.id,
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
