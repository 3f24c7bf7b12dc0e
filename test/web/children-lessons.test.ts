import { describe, expect, it } from 'vitest';
import type { DashboardLessonFragment } from '@diary-gateway/client';
import { lessonDays, lessonTime } from '../../web/src/children/lesson-days.js';

const RANGE = { today: '2026-12-07', tomorrow: '2026-12-08' };

let next = 0;
function lesson(
  date: string,
  number: number | null,
  start: string | null,
  changes: Partial<DashboardLessonFragment> = {},
) {
  next += 1;
  const base: DashboardLessonFragment = {
    id: `l${next}`,
    date,
    number,
    startsAt: start === null ? null : `${date}T${start}:00+03:00`,
    endsAt: start === null ? null : `${date}T${start.slice(0, 2)}:45:00+03:00`,
    room: null,
    topic: null,
    isCancelled: false,
    isReplaced: false,
    provider: 'MESH',
    subject: { id: `s${next}`, name: `Предмет ${next}`, provider: 'MESH' },
    teacher: null,
    absence: null,
  };
  return { ...base, ...changes };
}

describe('lessonDays', () => {
  it('groups the lessons into today and tomorrow, leaving other days out', () => {
    const schedule = [
      lesson('2026-12-06', 1, '08:30'),
      lesson('2026-12-07', 1, '08:30'),
      lesson('2026-12-08', 1, '08:30'),
      lesson('2026-12-07', 2, '09:25'),
      lesson('2026-12-09', 1, '08:30'),
    ];
    const [today, tomorrow] = lessonDays(schedule, RANGE);
    expect(today).toMatchObject({ which: 'today', date: '2026-12-07' });
    expect(today.lessons.map((item) => item.id)).toEqual([schedule[1]?.id, schedule[3]?.id]);
    expect(tomorrow).toMatchObject({ which: 'tomorrow', date: '2026-12-08' });
    expect(tomorrow.lessons.map((item) => item.id)).toEqual([schedule[2]?.id]);
  });

  it('gives both days even with no lessons (a holiday)', () => {
    const days = lessonDays([], RANGE);
    expect(days.map((day) => [day.which, day.lessons.length])).toEqual([
      ['today', 0],
      ['tomorrow', 0],
    ]);
  });

  it("orders a day by the school's clock, then by number, untimed lessons last", () => {
    const music = lesson('2026-12-07', 1, '14:00', { provider: 'ELJUR' });
    const second = lesson('2026-12-07', 2, '09:25');
    const first = lesson('2026-12-07', 1, '08:30');
    const untimedThird = lesson('2026-12-07', 3, null);
    const untimedFirst = lesson('2026-12-07', 1, null);
    const [today] = lessonDays([music, untimedThird, second, untimedFirst, first], RANGE);
    expect(today.lessons.map((item) => item.id)).toEqual([
      first.id,
      second.id,
      music.id,
      untimedFirst.id,
      untimedThird.id,
    ]);
  });

  it('keeps a cancelled lesson in its place', () => {
    const cancelled = lesson('2026-12-08', 7, '14:20', { isCancelled: true });
    const sixth = lesson('2026-12-08', 6, '13:25');
    const [, tomorrow] = lessonDays([cancelled, sixth], RANGE);
    expect(tomorrow.lessons).toEqual([sixth, cancelled]);
  });
});

describe('lessonTime', () => {
  it("writes the school's wall clock, start–end", () => {
    expect(lessonTime({ startsAt: '2026-12-07T08:30:00+03:00', endsAt: '2026-12-07T09:15:00+03:00' })).toBe(
      '08:30–09:15',
    );
  });

  it('gives the start alone when the end is unknown, nothing when the start is', () => {
    expect(lessonTime({ startsAt: '2026-12-07T08:30:00+07:00', endsAt: null })).toBe('08:30');
    expect(lessonTime({ startsAt: null, endsAt: '2026-12-07T09:15:00+03:00' })).toBeNull();
  });
});
