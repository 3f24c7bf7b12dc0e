import { describe, expect, it } from 'vitest';
import type { DashboardHomeworkFragment } from '@diary-gateway/client';
import { homeworkDays, isLongText, webLink } from '../../web/src/children/homework-days.js';

const RANGE = { today: '2026-12-07', homeworkUntil: '2026-12-14' };

const task = (id: string, dueOn: string): DashboardHomeworkFragment => ({
  id,
  assignedOn: null,
  dueOn,
  text: '§ 12',
  isDone: null,
  provider: 'MESH',
  subject: { id: `s-${id}`, name: 'Алгебра', provider: 'MESH' },
  attachments: [],
});

describe('homeworkDays', () => {
  it('keeps what is due from today to a week ahead, inclusive, grouped by due day', () => {
    const homework = [
      task('yesterday', '2026-12-06'),
      task('today', '2026-12-07'),
      task('in a week', '2026-12-14'),
      task('too far', '2026-12-15'),
      task('today too', '2026-12-07'),
    ];
    expect(homeworkDays(homework, RANGE).map((day) => [day.date, day.items.map((item) => item.id)])).toEqual([
      ['2026-12-07', ['today', 'today too']],
      ['2026-12-14', ['in a week']],
    ]);
  });

  it('orders the days, keeping the gateway order within a day', () => {
    const homework = [task('b', '2026-12-09'), task('a', '2026-12-08'), task('b2', '2026-12-09')];
    expect(homeworkDays(homework, RANGE).map((day) => day.items.map((item) => item.id))).toEqual([['a'], ['b', 'b2']]);
  });

  it('has no days when nothing is due', () => {
    expect(homeworkDays([], RANGE)).toEqual([]);
  });
});

describe('isLongText', () => {
  it('leaves a short text whole', () => {
    expect(isLongText('§ 125, № 128')).toBe(false);
    expect(isLongText('1\n2\n3\n4')).toBe(false);
  });

  it('clamps more than four lines or more than 220 characters', () => {
    expect(isLongText('1\n2\n3\n4\n5')).toBe(true);
    expect(isLongText('а'.repeat(220))).toBe(false);
    expect(isLongText('а'.repeat(221))).toBe(true);
  });
});

describe('webLink', () => {
  it('keeps http and https links', () => {
    expect(webLink('https://uchebnik.mos.ru/material_view/1')).toBe('https://uchebnik.mos.ru/material_view/1');
    expect(webLink('http://school.example/file.pdf')).toBe('http://school.example/file.pdf');
  });

  it('never makes a link of other schemes, relative paths or nothing', () => {
    expect(webLink('javascript:alert(1)')).toBeNull();
    expect(webLink('data:text/html,<b>x</b>')).toBeNull();
    expect(webLink('/files/1.pdf')).toBeNull();
    expect(webLink(null)).toBeNull();
  });
});
