import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  emptyAccountSnapshot,
  parseAccountSnapshot,
  serializeAccountSnapshot,
  type AccountSnapshot,
} from '../../../src/changes/account-snapshot.js';
import { childSnapshot } from '../../../src/changes/child-snapshot.js';
import { grade, homework, lesson, WEEK } from '../../support/change-fixtures.js';

/** A pupil's term as the detector keeps it: sixty marks, sixty homework, forty lessons. */
function termSnapshot(): AccountSnapshot {
  const many = <T>(count: number, make: (index: number) => T) => Array.from({ length: count }, (_, i) => make(i));
  return {
    version: 1,
    children: {
      stu_1: childSnapshot({
        grades: { window: WEEK, items: many(60, (i) => grade({ id: `mesh:mark:${90000 + i}` })) },
        homework: { window: WEEK, items: many(60, (i) => homework({ id: `mesh:homework:${5500 + i}` })) },
        schedule: { window: WEEK, items: many(40, (i) => lesson({ id: `mesh:lesson:${7000 + i}` })) },
      }),
    },
    due: { grades: 1_764_000_000_000, finals: 1_764_000_600_000 },
  };
}

describe('stored account snapshots', () => {
  it('should read back what was stored, deflated to a small part of its JSON', () => {
    const snapshot = termSnapshot();
    const text = serializeAccountSnapshot(snapshot);
    expect(text.startsWith('z1.')).toBe(true);
    expect(parseAccountSnapshot(text)).toEqual(snapshot);
    expect(text.length * 5).toBeLessThan(JSON.stringify(snapshot).length);
  });

  it('should still read a snapshot stored as plain JSON (before snapshots were deflated)', () => {
    const snapshot = termSnapshot();
    expect(parseAccountSnapshot(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('should read damaged text, and text inflating past 16 MB, as no snapshot (a new baseline)', () => {
    expect(parseAccountSnapshot(null)).toEqual(emptyAccountSnapshot());
    expect(parseAccountSnapshot('z1.not-deflate!')).toEqual(emptyAccountSnapshot());
    const cut = serializeAccountSnapshot(termSnapshot());
    expect(parseAccountSnapshot(cut.slice(0, cut.length / 2))).toEqual(emptyAccountSnapshot());
    const bomb = `z1.${deflateRawSync(Buffer.alloc(17 * 1024 * 1024, 0x20)).toString('base64')}`;
    expect(bomb.length).toBeLessThan(100_000);
    expect(parseAccountSnapshot(bomb)).toEqual(emptyAccountSnapshot());
  });
});
