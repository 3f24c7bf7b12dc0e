/**
 * Attendance records have no ids: a record is its date, its lesson (or the whole day) and its kind. A new
 * one is recorded, one gone from a day the reading covers was taken back, and its reason is not compared.
 */
import { describe, expect, it } from 'vitest';
import { absence, diffAfter, lesson, WEEK, WEEK_LATER } from '../../support/change-fixtures.js';

const wholeDay = absence({ lesson: null, kind: 'EXCUSED_ABSENCE', reason: 'Болезнь' });

describe('absences', () => {
  it('should tell an absence recorded on a day the last reading covered', () => {
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [] } },
      { attendance: { window: WEEK, items: [absence(), wholeDay] } },
    );
    expect(diff.changes).toMatchObject([
      { kind: 'ABSENCE_RECORDED', type: 'absence', absence: absence() },
      { kind: 'ABSENCE_RECORDED', type: 'absence', absence: wholeDay },
    ]);
  });

  it('should tell an absence taken back on a day this reading covers, as last seen', () => {
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [absence(), wholeDay] } },
      { attendance: { window: WEEK_LATER, items: [wholeDay] } },
    );
    expect(diff.changes).toMatchObject([{ kind: 'ABSENCE_REMOVED', absence: absence() }]);
  });

  it('should not tell absences that only entered or left the window', () => {
    const monday = absence({ date: '2026-11-16', lesson: null });
    const nextMonday = absence({ date: '2026-11-23', lesson: null });
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [monday] } },
      { attendance: { window: WEEK_LATER, items: [nextMonday] } },
    );
    expect(diff.changes).toEqual([]);
  });

  it('should tell another kind as one record taken back and another recorded', () => {
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [absence()] } },
      { attendance: { window: WEEK, items: [absence({ kind: 'TARDY' })] } },
    );
    // Ordered by key, which holds the kind: `TARDY` before `UNEXCUSED_ABSENCE`.
    expect(diff.changes).toMatchObject([
      { kind: 'ABSENCE_RECORDED', absence: { kind: 'TARDY' } },
      { kind: 'ABSENCE_REMOVED', absence: { kind: 'UNEXCUSED_ABSENCE' } },
    ]);
  });

  it('should not tell a reason given later, nor the lesson read differently', () => {
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [absence()] } },
      {
        attendance: {
          window: WEEK,
          items: [
            absence({ reason: 'По заявлению родителей', lesson: lesson({ id: 'mesh:lesson:6901', number: null }) }),
          ],
        },
      },
    );
    expect(diff.changes).toEqual([]);
  });

  it('should give an absence one id whether or not its reason was read with it', () => {
    const recorded = (reason: string | null) =>
      diffAfter(
        { attendance: { window: WEEK, items: [] } },
        { attendance: { window: WEEK, items: [absence({ reason })] } },
      ).changes[0]!.id;
    expect(recorded('По заявлению родителей')).toBe(recorded(null));
  });

  it('should tell a day and a lesson of that day apart', () => {
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [absence()] } },
      { attendance: { window: WEEK, items: [absence(), absence({ lesson: null })] } },
    );
    expect(diff.changes).toMatchObject([{ kind: 'ABSENCE_RECORDED', absence: absence({ lesson: null }) }]);
  });

  it('should skip a record of a lesson without an id, or on an unreadable date, and keep the others', () => {
    const diff = diffAfter(
      { attendance: { window: WEEK, items: [] } },
      {
        attendance: {
          window: WEEK,
          items: [absence({ lesson: lesson({ id: ' ' }) }), absence({ date: '2026-13-01', lesson: null }), wholeDay],
        },
      },
    );
    expect(diff.changes).toMatchObject([{ kind: 'ABSENCE_RECORDED', absence: wholeDay }]);
    expect(diff.snapshot.resources.attendance?.items).toEqual([wholeDay]);
  });
});
