/**
 * A child's snapshot as stored text: it round-trips, and text that is not a snapshot of this version reads
 * as none (the next reading is a baseline) rather than failing the poll; a resource that does not check
 * costs only itself.
 */
import { describe, expect, it } from 'vitest';
import {
  CHILD_SNAPSHOT_VERSION,
  parseChildSnapshot,
  readChildSnapshot,
  serializeChildSnapshot,
  type ChildSnapshot,
} from '../../../src/changes/child-snapshot.js';
import { diffChild } from '../../../src/changes/diff-child.js';
import {
  absence,
  average,
  fivePoint,
  grade,
  homework,
  lesson,
  reading,
  SECOND_POLL,
  WEEK,
} from '../../support/change-fixtures.js';

/** A snapshot of every resource, lessons and absences with what they embed. */
const full: ChildSnapshot = {
  version: CHILD_SNAPSHOT_VERSION,
  resources: {
    grades: {
      window: WEEK,
      items: [grade(), grade({ id: 'mesh:mark:2', isPoint: true, pointDeadline: '2026-12-01' })],
    },
    homework: { window: WEEK, items: [homework(), homework({ id: 'mesh:homework:2', attachments: [], isDone: true })] },
    schedule: {
      window: WEEK,
      items: [lesson({ homework: [homework()], grades: [grade()], absence: { kind: 'TARDY', reason: null } })],
    },
    attendance: {
      window: WEEK,
      items: [absence(), absence({ lesson: null, kind: 'EXCUSED_ABSENCE', reason: 'ОРВИ' })],
    },
    finals: {
      periodId: 'q2',
      periodTitle: '2 четверть',
      items: [average(), average({ finalGrade: fivePoint('5'), trend: null, providerAverage: null })],
    },
  },
};

describe('serializeChildSnapshot and parseChildSnapshot', () => {
  it('should round-trip every resource', () => {
    expect(parseChildSnapshot(serializeChildSnapshot(full))).toEqual(full);
  });

  it('should round-trip what a diff remembers', () => {
    const { snapshot } = diffChild(null, reading(full.resources), SECOND_POLL);
    const text = serializeChildSnapshot(snapshot);
    expect(parseChildSnapshot(text)).toEqual(snapshot);
    expect(serializeChildSnapshot(parseChildSnapshot(text)!)).toBe(text);
  });

  it.each([
    ['text that is not JSON', '{"version":1,'],
    ['JSON that is not an object', '"snapshot"'],
    ['null', 'null'],
    ['another version', JSON.stringify({ ...full, version: 2 })],
    ['no version', JSON.stringify({ resources: full.resources })],
    ['resources that are not an object', JSON.stringify({ version: 1, resources: [] })],
  ])('should read %s as no snapshot', (_name, text) => {
    expect(parseChildSnapshot(text)).toBeNull();
  });

  it.each([
    ['a mark without its value', { ...full.resources.grades, items: [{ ...grade(), value: undefined }] }],
    ['a window with a date that is not one', { window: { from: '2026-11-16', to: 'Sunday' }, items: [] }],
    [
      'an unknown scale',
      { ...full.resources.grades, items: [grade({ value: { ...fivePoint('5'), scale: 'X' as never } })] },
    ],
    ['no window', { items: [] }],
  ])('should leave out a resource with %s, and keep the others', (_name, grades) => {
    const text = JSON.stringify({ ...full, resources: { ...full.resources, grades } });
    const { grades: _left, ...others } = full.resources;
    expect(parseChildSnapshot(text)).toEqual({ version: CHILD_SNAPSHOT_VERSION, resources: others });
  });

  it('should ignore a resource it does not know', () => {
    expect(readChildSnapshot({ version: 1, resources: { marks: [], finals: full.resources.finals } })).toEqual({
      version: 1,
      resources: { finals: full.resources.finals },
    });
  });

  it('should keep the model items and nothing more', () => {
    const decorated = {
      ...full,
      resources: { ...full.resources, grades: { window: WEEK, items: [{ ...grade(), extra: 1 }] } },
    };
    expect(parseChildSnapshot(JSON.stringify(decorated))?.resources.grades?.items).toEqual([grade()]);
  });
});
