import { describe, expect, it } from 'vitest';
import { attendanceCounts, attendanceNewestFirst, countsText } from '../../web/src/children/attendance-summary.js';

const record = (kind: string) => ({ kind }) as { kind: 'ABSENCE' };

describe('attendanceCounts', () => {
  it('counts nothing when there is nothing', () => {
    expect(attendanceCounts([])).toEqual({ absences: 0, byKind: [], late: 0 });
  });

  it('counts absences by kind in a fixed order, and late arrivals apart', () => {
    const records = ['ABSENCE', 'TARDY', 'EXCUSED_ABSENCE', 'ABSENCE', 'EXCUSED_ABSENCE', 'EXCUSED_ABSENCE'].map(
      record,
    );
    expect(attendanceCounts(records)).toEqual({
      absences: 5,
      byKind: [
        { kind: 'EXCUSED_ABSENCE', count: 3 },
        { kind: 'ABSENCE', count: 2 },
      ],
      late: 1,
    });
  });

  it('counts a kind from a newer gateway as an absence, after the known ones', () => {
    const counts = attendanceCounts(['EARLY_DEPARTURE', 'UNEXCUSED_ABSENCE'].map(record));
    expect(counts.absences).toBe(2);
    expect(counts.byKind.map((entry) => entry.kind)).toEqual(['UNEXCUSED_ABSENCE', 'EARLY_DEPARTURE']);
  });

  it('counts only late arrivals as late', () => {
    expect(attendanceCounts(['TARDY', 'TARDY'].map(record))).toEqual({ absences: 0, byKind: [], late: 2 });
  });
});

describe('countsText', () => {
  it.each([
    [1, 1, '1 пропуск, 1 опоздание'],
    [3, 2, '3 пропуска, 2 опоздания'],
    [5, 0, '5 пропусков, 0 опозданий'],
    [21, 11, '21 пропуск, 11 опозданий'],
  ])('ru: %i and %i', (absences, late, text) => {
    expect(countsText({ absences, late }, 'ru')).toBe(text);
  });

  it('en', () => {
    expect(countsText({ absences: 1, late: 2 }, 'en')).toBe('1 absence, 2 late arrivals');
    expect(countsText({ absences: 0, late: 1 }, 'en')).toBe('0 absences, 1 late arrival');
  });
});

describe('attendanceNewestFirst', () => {
  it('lists the newest day first, by lesson within a day, a whole day first', () => {
    const at = (date: string, number: number | null, id: string) => ({
      id,
      date,
      lesson: number === null ? null : { id, number, subject: { name: 'Алгебра' } },
    });
    const records = [
      at('2026-11-26', 4, 'a'),
      at('2026-12-02', 2, 'b'),
      at('2026-12-02', 1, 'c'),
      at('2026-12-02', null, 'd'),
    ];
    expect(attendanceNewestFirst(records).map((item) => item.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(records.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
