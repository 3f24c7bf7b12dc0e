import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../../src/domain/dates.js';
import type { DemoChild, DemoFamily, DemoLesson, DemoMark } from '../../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../../src/demo/generate-family.js';
import { formatSnils } from '../../../src/demo/generator/snils.js';
import { parseSnils } from '../../../src/identity/snils.js';

/** Independent SNILS check (`../shared/providers.md` §4.4), written apart from the generator's. */
function isValidSnils(snils: string): boolean {
  const match = /^(\d{3})-(\d{3})-(\d{3}) (\d{2})$/.exec(snils);
  if (!match) return false;
  const digits = `${match[1]}${match[2]}${match[3]}`.split('').map(Number);
  let sum = digits.reduce((total, digit, index) => total + digit * (9 - index), 0);
  if (sum > 101) sum %= 101;
  const expected = sum === 100 || sum === 101 ? 0 : sum;
  return expected === Number(match[4]);
}

function child(family: DemoFamily, key: string): DemoChild {
  const found = family.children.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no child ${key}`);
  return found;
}

function subjectId(demoChild: DemoChild, name: string): number {
  const subject = demoChild.subjects.find((candidate) => candidate.name === name);
  if (!subject) throw new Error(`no subject ${name}`);
  return subject.id;
}

function lessonOf(demoChild: DemoChild, mark: DemoMark): DemoLesson | undefined {
  return demoChild.lessons.find((lesson) => lesson.id === mark.lessonId);
}

function weightedAverage(marks: readonly DemoMark[]): number {
  return (
    marks.reduce((sum, mark) => sum + mark.five * mark.weight, 0) / marks.reduce((sum, mark) => sum + mark.weight, 0)
  );
}

const TODAY = '2026-11-23';
const family = generateDemoFamily({ today: TODAY });
const masha = child(family, 'masha');
const artem = child(family, 'artem');
const meshChildren = family.children.filter((each) => each.provider === 'MESH');

describe('generateDemoFamily: identity', () => {
  it('should give identical output for the same day', () => {
    expect(generateDemoFamily({ today: TODAY })).toEqual(family);
  });

  it('should keep ids and past marks when regenerated a day later', () => {
    const tomorrow = child(generateDemoFamily({ today: addDays(TODAY, 1) }), 'masha');
    // Absences and the special marks follow today; marks from six weeks back are far from all of them.
    const longAgo = (mark: DemoMark) => mark.date < addDays(TODAY, -40);
    expect(tomorrow.studentId).toBe(masha.studentId);
    expect(tomorrow.personGuid).toBe(masha.personGuid);
    expect(tomorrow.lessons.find((lesson) => lesson.date === TODAY)?.id).toBe(
      masha.lessons.find((lesson) => lesson.date === TODAY)?.id,
    );
    expect(masha.marks.filter(longAgo).length).toBeGreaterThan(10);
    expect(tomorrow.marks.filter(longAgo)).toEqual(masha.marks.filter(longAgo));
  });

  it('should reject a day that is not a calendar date', () => {
    expect(() => generateDemoFamily({ today: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
  });

  it('should describe the parent, five children and two second enrollments in three diaries on four accounts', () => {
    expect(family.today).toBe(TODAY);
    expect(family.parent).toMatchObject({
      firstName: 'Анна',
      middleName: 'Сергеевна',
      lastName: 'Иванова',
      birthDate: '1986-03-14',
      phone: '+7 916 555-01-22',
    });
    expect(
      family.children.map((each) => [
        each.key,
        each.firstName,
        each.middleName,
        each.lastName,
        each.className,
        each.provider,
        each.timeZone,
      ]),
    ).toEqual([
      ['masha', 'Мария', 'Олеговна', 'Иванова', '7-Б', 'MESH', 'Europe/Moscow'],
      ['artem', 'Артём', 'Олегович', 'Иванов', '3-А', 'MESH', 'Europe/Moscow'],
      ['sonya', 'Софья', 'Олеговна', 'Иванова', '9-А', 'DNEVNIK', 'Europe/Moscow'],
      ['lev', 'Лев', 'Олегович', 'Иванов', '5-В', 'ELJUR', 'Europe/Samara'],
      ['masha-art', 'Мария', 'Олеговна', 'Иванова', '4-Ж', 'ELJUR', 'Europe/Samara'],
      ['artem-chess', 'Артем', null, 'Иванов', 'Шахматы, группа 1', 'DNEVNIK', 'Europe/Moscow'],
      ['polina', 'Полина', 'Олеговна', 'Иванова', '2-А', 'MESH', 'Europe/Moscow'],
    ]);
    expect(family.accounts.map((account) => [account.provider, account.tenant ?? null, account.childKeys])).toEqual([
      ['MESH', null, ['masha', 'artem']],
      ['DNEVNIK', null, ['sonya', 'artem-chess']],
      ['ELJUR', null, ['lev', 'masha-art']],
      ['MESH', 'mesh-mosreg', ['polina']],
    ]);
    expect(family.accounts[0]?.token).toMatch(/^demo-mesh-[0-9a-f]{16,}$/);
    expect(family.accounts[2]).toMatchObject({ login: expect.any(String), password: expect.any(String) });
    // The region's account: another МЭШ installation, so its own profile id, token and password.
    const [moscow, , , region] = family.accounts;
    expect(region?.token).toMatch(/^demo-mesh-mosreg-[0-9a-f]{32}$/);
    expect(region?.profileId).not.toBe(moscow?.profileId);
    expect(region?.password).not.toBe(moscow?.password);
    for (const each of meshChildren) {
      expect(each.personGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(each.school.name).toMatch(each.key === 'polina' ? /^МБОУ .+ г\. Красногорска$/ : /^ГБОУ Школа № \d+$/);
    }
    for (const each of family.children)
      expect(each.subjects.every((subject) => /^\S+ \S+ \S+$/.test(subject.teacher))).toBe(true);
    expect(masha.school.name).toBe('ГБОУ Школа № 1535');
    expect(masha.subjects.length).toBeGreaterThan(artem.subjects.length);
  });

  it('should give the Eljur child a split mark and a late arrival, which still counts as attended', () => {
    const lev = child(family, 'lev');
    expect(lev.marks.filter((mark) => mark.value === '3/5')).toHaveLength(1);
    const late = lev.lessons.filter((lesson) => lesson.missed?.late);
    expect(late).toHaveLength(1);
    expect(meshChildren.flatMap((each) => each.lessons).some((lesson) => lesson.missed?.late)).toBe(false);
  });

  it('should keep every record id unique within each child', () => {
    for (const each of family.children) {
      for (const ids of [each.lessons.map((l) => l.id), each.homework.map((h) => h.id), each.marks.map((m) => m.id)]) {
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it.each([
    ['student ids', (each: DemoChild) => [each.studentId], 1e6, 1e7],
    ['school ids', (each: DemoChild) => [each.school.id], 500, 5000],
    ['subject ids', (each: DemoChild) => each.subjects.map((subject) => subject.id), 1e4, 1e5],
    ['lesson ids', (each: DemoChild) => each.lessons.map((lesson) => lesson.id), 1e8, 1e9],
    ['homework ids', (each: DemoChild) => each.homework.map((entry) => entry.id), 1e8, 1e9],
    ['mark ids', (each: DemoChild) => each.marks.map((mark) => mark.id), 2e9, 2.5e9],
  ])('should keep МЭШ %s unique and in МЭШ-like ranges', (_name, idsOf, min, max) => {
    const ids = meshChildren.flatMap(idsOf);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isSafeInteger(id) && id >= min && id < max)).toBe(true);
  });
});

describe('SNILS', () => {
  it.each([
    ['112233445', '112-233-445 95'],
    ['002118785', '002-118-785 99'],
    ['002506816', '002-506-816 00'],
    ['002229651', '002-229-651 00'],
    ['003567962', '003-567-962 49'],
    ['007875898', '007-875-898 00'],
  ])('should format %s with its check number as %s', (digits, expected) => {
    expect(formatSnils(digits)).toBe(expected);
    expect(isValidSnils(expected)).toBe(true);
  });

  it('should reject a wrong check number in the test validator', () => {
    expect(isValidSnils('112-233-445 96')).toBe(false);
  });

  it('should give every person a different SNILS with a valid checksum, shared only by one child’s enrollments', () => {
    const people = [
      family.parent,
      family.grandmother,
      ...['masha', 'artem', 'sonya', 'lev', 'polina'].map((key) => child(family, key)),
    ];
    const all = [...people, ...family.children].map((each) => each.snils);
    expect(all.every(isValidSnils)).toBe(true);
    expect(all.every((snils) => parseSnils(snils).ok)).toBe(true);
    expect(new Set(people.map((each) => each.snils)).size).toBe(people.length);
    expect(new Set(family.children.map((each) => each.snils)).size).toBe(5);
  });
});

describe('the school calendar', () => {
  it.each([
    ['2025-10-28', 'vacation', 'Осенние каникулы'],
    ['2025-11-04', 'holiday', 'День народного единства'],
    ['2025-12-31', 'vacation', 'Зимние каникулы'],
    ['2026-01-08', 'vacation', 'Зимние каникулы'],
    ['2026-02-23', 'holiday', 'День защитника Отечества'],
    ['2026-03-08', 'holiday', 'Международный женский день'],
    ['2026-03-25', 'vacation', 'Весенние каникулы'],
    ['2026-05-01', 'holiday', 'Праздник Весны и Труда'],
    ['2026-05-09', 'holiday', 'День Победы'],
  ])('should announce %s as %s (%s) in 2025/26', (date, kind, title) => {
    const days = child(generateDemoFamily({ today: '2026-02-10' }), 'masha').nonSchoolDays;
    expect(days.find((day) => day.date === date)).toEqual({ date, kind, title });
  });

  it('should split the year into four contiguous четверти from 1 September', () => {
    const periods = child(generateDemoFamily({ today: '2026-02-10' }), 'masha').periods;
    expect(periods.map((period) => period.title)).toEqual(['1 четверть', '2 четверть', '3 четверть', '4 четверть']);
    expect(periods[0]?.start).toBe('2025-09-01');
    expect(periods[3]?.end).toMatch(/^2026-05-2[0-6]$/);
    periods.slice(1).forEach((period, index) => expect(period.start).toBe(addDays(periods[index]!.end, 1)));
  });

  it('should stretch the fourth term into the summer so a July day is still in term', () => {
    const july = child(generateDemoFamily({ today: '2026-07-15' }), 'masha');
    expect(july.periods[3]).toMatchObject({ title: '4 четверть', end: '2026-07-29' });
    expect(july.lessons.some((lesson) => lesson.date === '2026-07-15')).toBe(true);
  });
});

const SAMPLE_DAYS = ['2026-11-23', '2025-12-31', '2026-07-15', '2026-02-24', '2026-05-26', '2026-10-30', '2027-01-11'];

describe.each(SAMPLE_DAYS)('the family generated for %s', (today) => {
  const sample = generateDemoFamily({ today });
  const pastDays = (each: DemoChild) =>
    new Set(each.lessons.filter((lesson) => lesson.date < today).map((lesson) => lesson.date));

  it.each(['masha', 'artem', 'polina'])('should place today inside exactly one term for %s', (key) => {
    const periods = child(sample, key).periods.filter((period) => period.start <= today && today <= period.end);
    expect(periods).toHaveLength(1);
  });

  it.each([
    ['masha', 5, 7],
    ['artem', 4, 5],
    ['polina', 4, 5],
  ])('should give %s %i–%i lessons a day on school days only, up to two weeks ahead', (key, min, max) => {
    const demoChild = child(sample, key);
    const offDays = new Set(demoChild.nonSchoolDays.map((day) => day.date));
    const byDay = new Map<string, DemoLesson[]>();
    for (const lesson of demoChild.lessons) byDay.set(lesson.date, [...(byDay.get(lesson.date) ?? []), lesson]);
    for (const [date, lessons] of byDay) {
      expect(isoWeekday(date)).toBeLessThanOrEqual(5);
      expect(offDays.has(date)).toBe(false);
      expect(lessons.length).toBeGreaterThanOrEqual(min);
      expect(lessons.length).toBeLessThanOrEqual(max);
      expect(lessons.map((lesson) => lesson.number)).toEqual(lessons.map((_, index) => index + 1));
    }
    const dates = [...byDay.keys()].sort();
    // From the start of the current term, at least six weeks back, but not before 1 September; the first
    // school day after that may follow a weekend or a vacation.
    const termStart = demoChild.periods.find((period) => period.start <= today && today <= period.end)!.start;
    const historyStart = [[termStart, addDays(today, -42)].sort()[0]!, demoChild.periods[0]!.start].sort()[1]!;
    expect(dates[0]! >= historyStart && dates[0]! <= addDays(historyStart, 10)).toBe(true);
    expect(dates.at(-1)! <= addDays(today, 14)).toBe(true);
    expect(
      demoChild.lessons.filter((lesson) => lesson.topic !== null).length / demoChild.lessons.length,
    ).toBeGreaterThan(0.75);
  });

  it.each(['masha', 'artem', 'polina'])(
    'should replace one lesson and cancel another on the next school days for %s',
    (key) => {
      const lessons = child(sample, key).lessons;
      const replaced = lessons.filter((lesson) => lesson.replaced);
      const cancelled = lessons.filter((lesson) => lesson.cancelled);
      expect(replaced).toHaveLength(1);
      expect(cancelled).toHaveLength(1);
      for (const lesson of [...replaced, ...cancelled]) {
        expect(lesson.date >= today && lesson.date <= addDays(today, 14)).toBe(true);
      }
      expect(replaced[0]?.id).not.toBe(cancelled[0]?.id);
    },
  );

  it.each(['masha', 'artem', 'polina'])('should record a sick-day notice and single missed lessons for %s', (key) => {
    const demoChild = child(sample, key);
    expect(demoChild.absenceNotices).toEqual([{ date: expect.any(String), reasonId: 6, reason: 'болезнь' }]);
    const noticeDay = demoChild.absenceNotices[0]!.date;
    expect(noticeDay < today && noticeDay >= addDays(today, -14)).toBe(true);
    const noticeLessons = demoChild.lessons.filter((lesson) => lesson.date === noticeDay);
    expect(noticeLessons.length).toBeGreaterThan(0);
    expect(noticeLessons.every((lesson) => lesson.missed?.reasonId === 6 && lesson.missed.reason === 'болезнь')).toBe(
      true,
    );
    const single = demoChild.lessons.filter((lesson) => lesson.missed && lesson.date !== noticeDay);
    expect(single.length).toBeGreaterThanOrEqual(2);
    expect(single.length).toBeLessThanOrEqual(3);
    expect(single.every((lesson) => lesson.date < today)).toBe(true);
    expect(single.some((lesson) => lesson.missed?.reasonId === 6)).toBe(true);
    expect(single.some((lesson) => lesson.missed?.reasonId === null && lesson.missed.reason === null)).toBe(true);
  });

  it('should give masha a point mark, an exam mark and a hundred-point mark in Информатика', () => {
    const demoChild = child(sample, 'masha');
    const point = demoChild.marks.filter((mark) => mark.isPoint);
    expect(point).toEqual([expect.objectContaining({ value: '2', scale: 'five', five: 2 })]);
    expect(point[0]!.pointDeadline! > today && point[0]!.pointDeadline! <= addDays(today, 14)).toBe(true);
    const exams = demoChild.marks.filter((mark) => mark.isExam);
    expect(exams.length).toBeGreaterThanOrEqual(1);
    expect(exams.every((mark) => mark.workType === 'Экзамен' && mark.weight === 5)).toBe(true);
    const hundred = demoChild.marks.filter((mark) => mark.scale === 'hundred');
    expect(hundred.every((mark) => mark.subjectId === subjectId(demoChild, 'Информатика'))).toBe(true);
    expect(hundred).toContainEqual(expect.objectContaining({ value: '85', hundred: 85, five: 4 }));
  });

  it.each(['masha', 'artem', 'polina'])(
    'should mark %s in 30–55 per cent of attended past lessons, mostly 3–5',
    (key) => {
      const demoChild = child(sample, key);
      const attended = demoChild.lessons.filter(
        (lesson) => lesson.date <= today && !lesson.cancelled && !lesson.missed,
      );
      const marked = new Set(demoChild.marks.map((mark) => mark.lessonId));
      const share = attended.filter((lesson) => marked.has(lesson.id)).length / attended.length;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.55);
      const fives = demoChild.marks.map((mark) => mark.five);
      expect(fives.filter((five) => five >= 3).length / fives.length).toBeGreaterThan(0.8);
      expect(fives).toContain(2);
    },
  );

  it.each(['masha', 'artem', 'polina'])(
    'should give %s consistent marks: after the lesson, the same day, both scales filled',
    (key) => {
      const demoChild = child(sample, key);
      const weights: Record<string, number> = {
        'Работа на уроке': 1,
        'Домашняя работа': 1,
        'Самостоятельная работа': 2,
        'Проверочная работа': 2,
        'Контрольная работа': 3,
        Экзамен: 5,
      };
      for (const mark of demoChild.marks) {
        expect(mark.date <= today).toBe(true);
        expect(mark.weight).toBe(weights[mark.workType]);
        expect(mark.createdAt).toMatch(new RegExp(`^${mark.date}T\\d{2}:\\d{2}:\\d{2}$`));
        const lesson = lessonOf(demoChild, mark);
        if (lesson) {
          expect(mark.subjectId).toBe(lesson.subjectId);
          expect(lesson.cancelled || lesson.missed !== null).toBe(false);
          expect(mark.createdAt.slice(11, 16) > lesson.end).toBe(true);
        }
        if (mark.scale === 'five')
          expect([mark.value, mark.hundred]).toEqual([String(mark.five), (mark.five - 1) * 25]);
        else expect(mark.five).toBe(mark.hundred >= 86 ? 5 : mark.hundred >= 70 ? 4 : mark.hundred >= 50 ? 3 : 2);
      }
    },
  );

  it.each(['masha', 'artem', 'polina'])(
    'should set %s homework due at the subject’s next lesson, some done, some with links',
    (key) => {
      const demoChild = child(sample, key);
      const open = demoChild.lessons.filter((lesson) => !lesson.cancelled);
      expect(demoChild.homework.length / open.length).toBeGreaterThan(0.6);
      for (const entry of demoChild.homework) {
        const due = demoChild.lessons.find((lesson) => lesson.id === entry.lessonId);
        expect(due).toMatchObject({ date: entry.dueOn, subjectId: entry.subjectId });
        const between = open.filter(
          (lesson) =>
            lesson.subjectId === entry.subjectId && lesson.date > entry.assignedOn && lesson.date < entry.dueOn,
        );
        expect(between).toEqual([]);
        for (const attachment of entry.attachments) expect(attachment.url).toMatch(/^https:\/\/uchebnik\.mos\.ru\//);
      }
      expect(demoChild.homework.some((entry) => entry.isDone)).toBe(true);
      expect(demoChild.homework.some((entry) => entry.dueOn >= today && entry.attachments.length > 0)).toBe(true);
      expect(demoChild.homework.some((entry) => entry.dueOn < today)).toBe(true);
      expect(pastDays(demoChild).size).toBeGreaterThan(10);
    },
  );

  it.each(['masha', 'artem', 'polina'])(
    'should set %s final marks for every term that ended, near the term average',
    (key) => {
      const demoChild = child(sample, key);
      const ended = demoChild.periods.filter((period) => period.end < today);
      for (const period of ended) {
        const inTerm = demoChild.marks.filter((mark) => mark.date >= period.start && mark.date <= period.end);
        for (const id of new Set(inTerm.map((mark) => mark.subjectId))) {
          const final = demoChild.finalMarks.find(
            (entry) => entry.subjectId === id && entry.periodTitle === period.title,
          );
          expect(final?.value).toMatch(/^[2-5]$/);
          expect(
            Math.abs(Number(final?.value) - weightedAverage(inTerm.filter((mark) => mark.subjectId === id))),
          ).toBeLessThanOrEqual(0.5);
        }
      }
      const open = new Set(demoChild.periods.filter((period) => period.end >= today).map((period) => period.title));
      expect(demoChild.finalMarks.some((entry) => open.has(entry.periodTitle))).toBe(false);
    },
  );
});

describe('the first days of September', () => {
  it('should start the shown history on 1 September and still place today in the first term', () => {
    const early = child(generateDemoFamily({ today: '2026-09-02' }), 'masha');
    expect(early.lessons[0]?.date).toBe('2026-09-01');
    expect(early.periods[0]).toMatchObject({ title: '1 четверть', start: '2026-09-01' });
    expect(early.marks.every((mark) => mark.date >= '2026-09-01' && mark.date <= '2026-09-02')).toBe(true);
    expect(early.finalMarks).toEqual([]);
  });
});
