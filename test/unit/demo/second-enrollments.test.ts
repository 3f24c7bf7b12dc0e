import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, zonedToInstant } from '../../../src/domain/dates.js';
import type { DemoChild, DemoFamily, DemoLesson } from '../../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../../src/demo/generate-family.js';

function child(family: DemoFamily, key: string): DemoChild {
  const found = family.children.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no child ${key}`);
  return found;
}

function accountShowing(family: DemoFamily, key: string) {
  return family.accounts.filter((account) => account.childKeys.includes(key));
}

/** A lesson as an absolute time span, so lessons in different zones can be compared. */
function span(demoChild: DemoChild, lesson: DemoLesson): [number, number] {
  const at = (time: string) => zonedToInstant(`${lesson.date}T${time}`, demoChild.timeZone)!.getTime();
  return [at(lesson.start), at(lesson.end)];
}

/** The Monday of a date's ISO week. */
function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

const TODAY = '2026-11-23';
const family = generateDemoFamily({ today: TODAY });

describe('the second enrollments', () => {
  it('should show Мария in the art school’s Eljur diary with everything her school diary has, SNILS included', () => {
    const masha = child(family, 'masha');
    const art = child(family, 'masha-art');
    const identity = (each: DemoChild) => [each.firstName, each.lastName, each.middleName, each.birthDate, each.snils];
    expect(identity(art)).toEqual(identity(masha));
    expect(art.snils).toBe('154-672-318 74');
    expect(art).toMatchObject({
      provider: 'ELJUR',
      school: { name: expect.stringContaining('Детская школа искусств № 7') },
    });
    expect(art.hideBirthDate).toBeUndefined();
    expect(accountShowing(family, 'masha-art')).toEqual([
      expect.objectContaining({ provider: 'ELJUR', childKeys: ['lev', 'masha-art'] }),
    ]);
    // The family's Eljur tenant gives every child its zone, so the art school must share it.
    expect(art.timeZone).toBe(child(family, 'lev').timeZone);
    expect(art.subjects.map((subject) => subject.name)).toEqual(['Рисунок', 'Живопись', 'Композиция']);
  });

  it('should show Артём in the chess club’s Dnevnik.ru diary only as the club typed his name', () => {
    const artem = child(family, 'artem');
    const chess = child(family, 'artem-chess');
    expect([chess.lastName, chess.firstName, chess.middleName]).toEqual(['Иванов', 'Артем', null]);
    // The same name once `ё` is written `е`: a name match, not an identity match.
    expect(chess.firstName).toBe(artem.firstName.replace('ё', 'е'));
    expect(chess.lastName).toBe(artem.lastName);
    expect(chess.hideBirthDate).toBe(true);
    // The model still knows who he is; the diary must not say it.
    expect([chess.birthDate, chess.snils]).toEqual([artem.birthDate, artem.snils]);
    expect(chess).toMatchObject({ provider: 'DNEVNIK', school: { name: expect.stringMatching(/шахмат/i) } });
    expect(accountShowing(family, 'artem-chess')).toEqual([
      expect.objectContaining({ provider: 'DNEVNIK', childKeys: ['sonya', 'artem-chess'] }),
    ]);
    expect(chess.subjects.map((subject) => subject.name)).toEqual(['Шахматы']);
  });

  it('should hide a birth date only for the chess club', () => {
    expect(family.children.filter((each) => each.hideBirthDate).map((each) => each.key)).toEqual(['artem-chess']);
  });

  it('should keep student ids and every record id unique across the children a diary account shows', () => {
    for (const account of family.accounts) {
      const shown = account.childKeys.map((key) => child(family, key));
      expect(new Set(shown.map((each) => each.studentId)).size).toBe(shown.length);
      for (const idsOf of [
        (each: DemoChild) => each.lessons.map((lesson) => lesson.id),
        (each: DemoChild) => each.homework.map((entry) => entry.id),
        (each: DemoChild) => each.marks.map((mark) => mark.id),
        (each: DemoChild) => each.subjects.map((subject) => subject.id),
      ]) {
        const ids = shown.flatMap(idsOf);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it('should keep the four school enrollments exactly as they were before the second enrollments came', () => {
    // Fingerprints of the generator's output before issue 5; the integration tests and benchmarks rely on it.
    const fingerprint = (today: string) => {
      const schools = generateDemoFamily({ today }).children.filter((each) =>
        ['masha', 'artem', 'sonya', 'lev'].includes(each.key),
      );
      return createHash('sha256').update(JSON.stringify(schools)).digest('hex');
    };
    expect(fingerprint('2026-11-23')).toBe('15f851379fd675387253d39718d057ffeeade6693b6009fb3ea5f265a2904dd7');
    expect(fingerprint('2026-05-26')).toBe('14579f71115a10c73771fb614fec7d76035af65716628e30d87c43ddb8f3579c');
  });

  it('should keep a child home from the art school and the club on the day the school was told of sickness', () => {
    // On 2026-10-30 both sick days fall on a day with an art or a chess lesson, so the rule has to act.
    const sample = generateDemoFamily({ today: '2026-10-30' });
    for (const [key, firstKey] of [
      ['masha-art', 'masha'],
      ['artem-chess', 'artem'],
    ] as const) {
      const sickDay = child(sample, firstKey).absenceNotices[0]?.date;
      const thatDay = child(sample, key).lessons.filter((lesson) => lesson.date === sickDay);
      expect(thatDay.length).toBeGreaterThan(0);
      expect(thatDay.map((lesson) => lesson.missed)).toEqual(thatDay.map(() => ({ reasonId: null, reason: null })));
    }
  });

  it('should keep the second enrollments’ ids and past marks when regenerated a day later', () => {
    const tomorrow = generateDemoFamily({ today: addDays(TODAY, 1) });
    const longAgo = (mark: { date: string }) => mark.date < addDays(TODAY, -40);
    for (const key of ['masha-art', 'artem-chess']) {
      const before = child(family, key);
      const after = child(tomorrow, key);
      expect(after.studentId).toBe(before.studentId);
      expect(before.marks.filter(longAgo).length).toBeGreaterThan(0);
      expect(after.marks.filter(longAgo)).toEqual(before.marks.filter(longAgo));
    }
  });
});

const SAMPLE_DAYS = [
  '2026-11-23',
  '2025-12-31',
  '2026-07-15',
  '2026-02-24',
  '2026-05-26',
  '2026-10-30',
  '2027-01-11',
  '2026-11-20',
];

describe.each(SAMPLE_DAYS)('the second enrollments generated for %s', (today) => {
  const sample = generateDemoFamily({ today });

  it.each([
    ['masha-art', 'masha', 3],
    ['artem-chess', 'artem', 2],
  ])(
    'should give %s afternoon lessons on school days, after %s’s school day, %i in a full week',
    (key, firstKey, perWeek) => {
      const extra = child(sample, key);
      const offDays = new Set(extra.nonSchoolDays.map((day) => day.date));
      expect(extra.lessons.length).toBeGreaterThan(0);
      for (const lesson of extra.lessons) {
        expect(isoWeekday(lesson.date)).toBeLessThanOrEqual(5);
        expect(offDays.has(lesson.date)).toBe(false);
        expect(lesson.start >= '14:00' && lesson.end <= '19:00' && lesson.start < lesson.end).toBe(true);
      }
      const byWeek = new Map<string, number>();
      for (const lesson of extra.lessons)
        byWeek.set(mondayOf(lesson.date), (byWeek.get(mondayOf(lesson.date)) ?? 0) + 1);
      expect(Math.max(...byWeek.values())).toBe(perWeek);
      // A week without a day off, wholly inside the shown range, has exactly the plan's lessons.
      const first = extra.lessons[0]!.date;
      const last = extra.lessons.at(-1)!.date;
      for (const [monday, count] of byWeek) {
        const days = [0, 1, 2, 3, 4].map((offset) => addDays(monday, offset));
        const whole =
          days.every((day) => !offDays.has(day)) &&
          monday >= mondayOf(first) &&
          addDays(monday, 4) <= last &&
          monday > mondayOf(first);
        if (whole) expect([monday, count]).toEqual([monday, perWeek]);
      }
      // The same child cannot be in two places: these lessons come after the school day.
      const school = child(sample, firstKey);
      for (const lesson of extra.lessons) {
        const [start, end] = span(extra, lesson);
        for (const other of school.lessons.filter((candidate) => candidate.date === lesson.date)) {
          const [otherStart, otherEnd] = span(school, other);
          expect(end <= otherStart || start >= otherEnd).toBe(true);
        }
      }
    },
  );

  it.each([
    ['masha-art', 'masha'],
    ['artem-chess', 'artem'],
  ])(
    'should show %s missing every lesson on a day the school was told of sickness, without a reason',
    (key, firstKey) => {
      const extra = child(sample, key);
      expect(extra.absenceNotices).toEqual([]);
      for (const notice of child(sample, firstKey).absenceNotices) {
        for (const lesson of extra.lessons.filter(
          (candidate) => candidate.date === notice.date && !candidate.cancelled,
        )) {
          expect(lesson.missed).toEqual({ reasonId: null, reason: null });
        }
        expect(extra.marks.filter((mark) => mark.date === notice.date)).toEqual([]);
      }
      expect(
        extra.lessons.filter((lesson) => lesson.missed).every((lesson) => lesson.date < today && !lesson.missed?.late),
      ).toBe(true);
    },
  );

  it.each(['masha-art', 'artem-chess'])(
    'should give %s a few ordinary five-point marks, on attended lessons, after they ended',
    (key) => {
      const extra = child(sample, key);
      expect(extra.marks.length).toBeGreaterThanOrEqual(2);
      for (const mark of extra.marks) {
        expect(mark).toMatchObject({
          scale: 'five',
          value: String(mark.five),
          isExam: false,
          isPoint: false,
          pointDeadline: null,
        });
        expect(mark.date <= today).toBe(true);
        const lesson = extra.lessons.find((candidate) => candidate.id === mark.lessonId);
        if (lesson) {
          expect(lesson.cancelled || (lesson.missed !== null && !lesson.missed.late)).toBe(false);
          expect(mark.subjectId).toBe(lesson.subjectId);
          expect(mark.createdAt.slice(11, 16) > lesson.end).toBe(true);
        }
      }
    },
  );

  it('should always mark the chess club’s latest attended lesson before today', () => {
    const chess = child(sample, 'artem-chess');
    const latest = chess.lessons.filter((lesson) => lesson.date < today && !lesson.cancelled && !lesson.missed).at(-1)!;
    expect(chess.marks.filter((mark) => mark.lessonId === latest.id).length).toBeGreaterThan(0);
  });

  it.each(['masha-art', 'artem-chess'])(
    'should set %s homework for the subject’s next lesson, without e-library links',
    (key) => {
      const extra = child(sample, key);
      expect(extra.homework.length).toBeGreaterThan(0);
      const open = extra.lessons.filter((lesson) => !lesson.cancelled);
      for (const entry of extra.homework) {
        expect(extra.lessons.find((lesson) => lesson.id === entry.lessonId)).toMatchObject({
          date: entry.dueOn,
          subjectId: entry.subjectId,
        });
        expect(
          open.filter(
            (lesson) =>
              lesson.subjectId === entry.subjectId && lesson.date > entry.assignedOn && lesson.date < entry.dueOn,
          ),
        ).toEqual([]);
        expect(entry.attachments).toEqual([]);
        expect(entry.text).not.toMatch(/[{}]/);
      }
    },
  );

  it.each(['masha-art', 'artem-chess'])(
    'should place today inside exactly one term for %s and disrupt at most one lesson each way',
    (key) => {
      const extra = child(sample, key);
      expect(extra.periods.filter((period) => period.start <= today && today <= period.end)).toHaveLength(1);
      const disrupted = extra.lessons.filter((lesson) => lesson.replaced || lesson.cancelled);
      expect(extra.lessons.filter((lesson) => lesson.replaced).length).toBeLessThanOrEqual(1);
      expect(extra.lessons.filter((lesson) => lesson.cancelled).length).toBeLessThanOrEqual(1);
      expect(disrupted.every((lesson) => lesson.date >= today && lesson.date <= addDays(today, 14))).toBe(true);
    },
  );
});
