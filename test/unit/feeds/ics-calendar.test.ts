/**
 * The feed's iCalendar text, read back by a real parser (ical.js) as a phone calendar would: lessons at the
 * right local time in each school's zone, cancelled lessons cancelled, homework and days off as all-day
 * events, Russian text with commas, semicolons and line breaks intact, and UIDs and ETags that stay put.
 */
import { describe, expect, it } from 'vitest';
import { feedEvents } from '../../../src/feeds/feed-events.js';
import { feedEtag, renderIcs, type FeedCalendarMeta } from '../../../src/feeds/ics-calendar.js';
import { localTime, parseIcs, type ParsedEvent } from '../../support/ics.js';
import { dayOff, enrollment, from, homework, lesson } from './feed-fixtures.js';

const MOSCOW: FeedCalendarMeta = { name: 'Школа: Мария' };
const STAMP = new Date('2026-11-23T09:00:00Z');

/** The events of the lessons, homework and days off given, as a phone reads them. */
function readBack(
  items: {
    lessons?: Parameters<typeof from>[0];
    homework?: Parameters<typeof from>[0];
    daysOff?: Parameters<typeof from>[0];
  },
  meta: FeedCalendarMeta = MOSCOW,
  studentId = 'stu_maria',
) {
  const events = feedEvents(studentId, {
    lessons: from((items.lessons ?? []) as never[]),
    homework: from((items.homework ?? []) as never[]),
    daysOff: from((items.daysOff ?? []) as never[]),
  });
  return parseIcs(renderIcs(events, meta, STAMP));
}

const only = (events: readonly ParsedEvent[]): ParsedEvent => {
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('lessons at their local time', () => {
  it.each([
    ['Europe/Moscow', '2026-11-23T08:30:00+03:00', '2026-11-23T05:30:00Z'],
    ['Asia/Yekaterinburg', '2026-11-23T08:30:00+05:00', '2026-11-23T03:30:00Z'],
    ['Asia/Vladivostok', '2026-11-23T08:30:00+10:00', '2026-11-22T22:30:00Z'],
  ])('should put an 08:30 lesson of a school in %s at 08:30 there', (timeZone, startsAt, utc) => {
    const calendar = readBack({ lessons: [lesson('mesh:1', startsAt)] });
    const event = only(calendar.events);
    expect(event.start).toEqual({ instant: Date.parse(utc) });
    expect(event.end).toEqual({ instant: Date.parse(utc) + 45 * 60_000 });
    // What a phone set to the school's zone shows, whichever zone the server runs in.
    expect(localTime(Date.parse(utc), timeZone)).toBe(`2026-11-23 08:30`);
  });

  it('should write times as UTC instants, so no VTIMEZONE can be wrong', () => {
    const ics = renderIcs(
      feedEvents('stu', { lessons: from([lesson('mesh:1', '2026-11-23T08:30:00+05:00')]), homework: [], daysOff: [] }),
      MOSCOW,
      STAMP,
    );
    expect(ics).toContain('DTSTART:20261123T033000Z\r\n');
    expect(ics).not.toContain('TZID');
    expect(ics).not.toContain('VTIMEZONE');
  });

  it('should keep a lesson the diary gives no time for on its day, as an all-day event', () => {
    const event = only(readBack({ lessons: [lesson('eljur:7', null, { date: '2026-11-24', number: 3 })] }).events);
    expect(event.start).toEqual({ date: '2026-11-24' });
    expect(event.end).toEqual({ date: '2026-11-25' });
    expect(event.summary).toBe('3. Алгебра');
  });

  it('should leave out an end the diary does not give, rather than make one up', () => {
    const event = only(readBack({ lessons: [lesson('mesh:1', '2026-11-23T08:30:00+03:00', { endsAt: null })] }).events);
    expect(event.end).toBeNull();
  });

  it('should describe a lesson in Russian: number and subject, room, topic, teacher, diary', () => {
    const event = only(readBack({ lessons: [lesson('mesh:1', '2026-11-23T08:30:00+03:00')] }).events);
    expect(event).toMatchObject({
      summary: '1. Алгебра',
      location: 'каб. 305',
      description: 'Тема: Одночлены\nУчитель: Соколова Елена Викторовна\nДневник: МЭШ',
      status: 'CONFIRMED',
      transparency: 'OPAQUE',
      categories: ['Урок'],
    });
  });
});

describe('cancelled and replaced lessons', () => {
  it('should mark a cancelled lesson STATUS:CANCELLED, keep it in the feed, and not block the time', () => {
    const event = only(
      readBack({ lessons: [lesson('mesh:1', '2026-11-23T08:30:00+03:00', { isCancelled: true })] }).events,
    );
    expect(event).toMatchObject({
      status: 'CANCELLED',
      summary: '1. Алгебра — отменён',
      transparency: 'TRANSPARENT',
      // A revision of the planned lesson: calendars that keep events take the higher sequence as newer.
      sequence: 1,
    });
    expect(event.description).toMatch(/^Урок отменён\./);
  });

  it('should say a replaced lesson is a replacement, and keep it confirmed', () => {
    const event = only(
      readBack({ lessons: [lesson('mesh:1', '2026-11-23T08:30:00+03:00', { isReplaced: true })] }).events,
    );
    expect(event).toMatchObject({ status: 'CONFIRMED', summary: '1. Алгебра — замена', sequence: 0 });
  });
});

describe('homework and days off', () => {
  it('should put homework on its due day as a free all-day event with the task', () => {
    const event = only(
      readBack({
        homework: [
          homework('mesh:hw1', '2026-11-25', {
            isDone: true,
            attachments: [
              { title: 'Карточка.pdf', url: 'https://school.example/files/1' },
              { title: 'Вложение', url: null },
            ],
          }),
        ],
      }).events,
    );
    expect(event).toMatchObject({
      start: { date: '2026-11-25' },
      end: { date: '2026-11-26' },
      summary: 'ДЗ: Русский язык — сделано',
      transparency: 'TRANSPARENT',
      categories: ['Домашнее задание'],
      description:
        '§ 36, упр. 40\nВложение: Карточка.pdf — https://school.example/files/1\nВложение: Вложение\nДневник: МЭШ',
    });
  });

  it('should join consecutive days off of one kind and title into one span, and keep others apart', () => {
    const calendar = readBack({
      daysOff: [
        dayOff('2026-12-31'),
        dayOff('2027-01-01'),
        dayOff('2026-12-30'),
        dayOff('2027-01-02'),
        dayOff('2027-01-07', 'Рождество Христово', 'HOLIDAY'),
        dayOff('2027-01-05'),
        dayOff('2027-01-03', null, 'OTHER'),
      ],
    });
    expect(calendar.events.map(({ summary, start, end }) => ({ summary, start, end }))).toEqual([
      { summary: 'Зимние каникулы', start: { date: '2026-12-30' }, end: { date: '2027-01-03' } },
      { summary: 'Нет уроков', start: { date: '2027-01-03' }, end: { date: '2027-01-04' } },
      { summary: 'Зимние каникулы', start: { date: '2027-01-05' }, end: { date: '2027-01-06' } },
      { summary: 'Рождество Христово', start: { date: '2027-01-07' }, end: { date: '2027-01-08' } },
    ]);
  });
});

describe('Russian text', () => {
  it('should keep commas, semicolons, backslashes and line breaks of the diary’s text exactly', () => {
    const text = 'Упр. 1, 2; 3\nСтр. 45\\46 — «прочитать»,\r\nвыучить; повторить\rконец';
    const event = only(
      readBack({
        homework: [
          homework('mesh:hw1', '2026-11-25', {
            text,
            subject: { id: 's', name: 'Литература; внеклассное чтение, 7 класс', provider: 'MESH' },
          }),
        ],
      }).events,
    );
    expect(event.summary).toBe('ДЗ: Литература; внеклассное чтение, 7 класс');
    expect(event.description).toBe('Упр. 1, 2; 3\nСтр. 45\\46 — «прочитать»,\nвыучить; повторить\nконец\nДневник: МЭШ');
  });

  it('should fold a long Russian text at 75 octets without breaking a letter, and read it back whole', () => {
    const text = 'Прочитать главы 1–5 романа «Капитанская дочка», выписать цитаты. 😀 '.repeat(40).trim();
    const event = only(readBack({ homework: [homework('mesh:hw1', '2026-11-25', { text })] }).events);
    expect(event.description).toBe(`${text}\nДневник: МЭШ`);
  });

  it('should drop control characters iCalendar does not allow, keeping tabs', () => {
    const event = only(
      readBack({ homework: [homework('mesh:hw1', '2026-11-25', { text: 'Упр.\u0007 5\u0000\tи 6\u001b' })] }).events,
    );
    expect(event.description).toBe('Упр. 5\tи 6\nДневник: МЭШ');
  });

  it('should leave out of the calendar’s name what calendars would read differently', () => {
    const calendar = readBack({}, { name: 'Школа: Мария;7-Б,\nгимназия' });
    expect(calendar.name).toBe('Школа: Мария 7-Б гимназия');
    expect(calendar.refresh).toBe('PT1H');
  });
});

describe('UIDs and ETags', () => {
  const items = () => ({
    lessons: from([lesson('mesh:1', '2026-11-23T08:30:00+03:00'), lesson('mesh:2', '2026-11-23T09:25:00+03:00')]),
    homework: from([homework('mesh:hw1', '2026-11-25')]),
    daysOff: from([dayOff('2026-12-30'), dayOff('2026-12-31')]),
  });

  it('should give every item the same UID on every fetch, with nothing personal in it', () => {
    const first = parseIcs(renderIcs(feedEvents('stu_maria', items()), MOSCOW, STAMP));
    const later = parseIcs(renderIcs(feedEvents('stu_maria', items()), MOSCOW, new Date('2026-11-24T09:00:00Z')));
    expect(later.events.map((event) => event.uid)).toEqual(first.events.map((event) => event.uid));
    for (const { uid } of first.events) {
      expect(uid).toMatch(/^(lesson|homework|day-off)-[\w-]{32}@diary-gateway$/);
      expect(uid).not.toMatch(/mesh|stu_maria|hw1/);
    }
  });

  it('should give a sibling in the same lesson other UIDs, so one phone keeps both children’s events', () => {
    const maria = feedEvents('stu_maria', items()).map((event) => event.uid);
    const lev = feedEvents('stu_lev', items()).map((event) => event.uid);
    expect(maria.filter((uid) => lev.includes(uid))).toEqual([]);
  });

  it('should list a lesson two enrollments of one diary give once', () => {
    const second = enrollment('Europe/Moscow');
    const events = feedEvents('stu_maria', {
      lessons: [
        ...from([lesson('mesh:1', '2026-11-23T08:30:00+03:00')]),
        ...from([lesson('mesh:1', '2026-11-23T08:30:00+03:00')], { ...second, accountId: 'acc_2' }),
      ],
      homework: [],
      daysOff: [],
    });
    expect(events).toHaveLength(1);
  });

  it('should keep the same lesson id of two installations of a diary apart', () => {
    const region = enrollment('Europe/Moscow', { tenant: 'mesh-mosreg' });
    const events = feedEvents('stu_maria', {
      lessons: [
        ...from([lesson('mesh:1', '2026-11-23T08:30:00+03:00')]),
        ...from([lesson('mesh:1', '2026-11-23T14:30:00+03:00')], region),
      ],
      homework: [],
      daysOff: [],
    });
    expect(events).toHaveLength(2);
  });

  it('should keep the ETag while the content stays, whatever the order items came in, and change it with the content', () => {
    const events = feedEvents('stu_maria', items());
    const shuffled = items();
    shuffled.lessons.reverse();
    expect(feedEtag(feedEvents('stu_maria', shuffled), MOSCOW)).toBe(feedEtag(events, MOSCOW));
    expect(feedEtag(events, MOSCOW)).toMatch(/^W\/"[\w-]{27}"$/);
    const cancelled = items();
    cancelled.lessons[0]!.item.isCancelled = true;
    expect(feedEtag(feedEvents('stu_maria', cancelled), MOSCOW)).not.toBe(feedEtag(events, MOSCOW));
  });
});
