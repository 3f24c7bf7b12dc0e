/**
 * The deterministic demo family: Анна Сергеевна Иванова and her children in four regions — Мария and
 * Артём at Moscow schools (one МЭШ account), Софья at a St. Petersburg school (Dnevnik.ru), Лев at a
 * Samara school (Eljur) and Полина at a Moscow-region school (a second МЭШ account, on the region's
 * «Моя школа», tenant `mesh-mosreg`) — and their grandmother Галина Петровна, who has no diary account.
 *
 * Two children have a second enrollment in another diary, so the gateway has something to merge:
 * - Мария's art school (ДШИ № 7) keeps its diary in Eljur, on the parent's Eljur account, with her full
 *   name, birth date and SNILS — the same child by SNILS (`masha-art`);
 * - Артём's chess club uses Dnevnik.ru, on the parent's Dnevnik.ru account, and typed only `Иванов Артем`
 *   (`е` for `ё`, no patronymic, no birth date shown) — the same child by name only, which a person
 *   has to confirm (`artem-chess`).
 *
 * Everything is built around a given day, so the demo always looks current: the
 * timetable and homework run from the start of the current term (at least six weeks back) to two weeks
 * ahead, marks cover the school year so far, absences lie in the recent past, and a lesson is replaced
 * and another cancelled on the next school days.
 *
 * Nothing here reads the clock or `Math.random`: the same `today` always gives the same family, and
 * ids of lessons, marks and homework depend only on the child and the day, so they stay the same when
 * the demo is regenerated on a later day. The rules for the school year, marks and homework live in
 * `./generator/*`, and who is who in `./family-members.ts`; this module builds the family from them.
 */
import type { DemoChild, DemoFamily } from './demo-family.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { addDays, isIsoDate } from '../domain/dates.js';
import { ACCOUNTS, CHILDREN, GRANDMOTHER, PARENT } from './family-members.js';
import type { ChildSpec } from './generator/child-spec.js';
import { buildSchoolCalendar, periodOf, TIMETABLE_HORIZON_DAYS, type SchoolCalendar } from './generator/calendar.js';
import { applyAbsences, applyReplacementAndCancellation } from './generator/disruptions.js';
import { buildFinalMarks } from './generator/final-marks.js';
import { buildHomework } from './generator/homework.js';
import { buildYearLessons } from './generator/lessons.js';
import { buildMarks } from './generator/marks.js';
import { uuidFor } from './generator/random.js';

/** The timetable history reaches at least this far back, even early in a term. */
const MIN_HISTORY_DAYS = 42;

/**
 * Builds the demo family around `today` (`YYYY-MM-DD`, Moscow date).
 *
 * @throws {BadUserInputError} when `today` is not a calendar date.
 * @example
 * const family = generateDemoFamily({ today: '2026-11-23' });
 * family.children.map((child) => child.key);
 * // ['masha', 'artem', 'sonya', 'lev', 'masha-art', 'artem-chess', 'polina']
 */
export function generateDemoFamily(options: { today: string }): DemoFamily {
  const { today } = options;
  if (!isIsoDate(today)) throw new BadUserInputError('today must be a calendar date written YYYY-MM-DD', 'today');
  const calendar = buildSchoolCalendar(today);
  const children: DemoChild[] = [];
  for (const spec of CHILDREN) {
    const first = spec.sameChildAs === undefined ? undefined : children.find((child) => child.key === spec.sameChildAs);
    if (spec.sameChildAs !== undefined && !first)
      throw new RangeError(`demo child ${spec.key} must follow ${spec.sameChildAs}`);
    children.push(buildChild(spec, calendar, today, first?.absenceNotices.map((notice) => notice.date) ?? []));
  }
  return {
    today,
    parent: { ...PARENT },
    grandmother: { ...GRANDMOTHER },
    children,
    accounts: ACCOUNTS.map((account) => ({ ...account, childKeys: [...account.childKeys] })),
  };
}

/**
 * The first day the demo shows: the start of the current term, but at least six weeks back, and never
 * before 1 September (a diary shows one school year, so the first days of September have little history).
 */
function historyStart(calendar: SchoolCalendar, today: string): string {
  const termStart = periodOf(calendar, today)?.start ?? calendar.yearStart;
  const sixWeeksBack = addDays(today, -MIN_HISTORY_DAYS);
  const start = termStart < sixWeeksBack ? termStart : sixWeeksBack;
  return start > calendar.yearStart ? start : calendar.yearStart;
}

/** One enrollment; `sickDays` come from the same child's first enrollment (see `applyAbsences`). */
function buildChild(spec: ChildSpec, calendar: SchoolCalendar, today: string, sickDays: readonly string[]): DemoChild {
  const rangeStart = historyStart(calendar, today);
  // The whole year is built so that topics, final marks and ids do not depend on where the shown range starts.
  const lessons = buildYearLessons(spec, calendar, addDays(today, TIMETABLE_HORIZON_DAYS));
  applyReplacementAndCancellation(lessons, today);
  const absenceNotices = applyAbsences(lessons, today, rangeStart, spec.absences, sickDays);
  const marks = buildMarks(spec.key, spec.slot, lessons, today, spec.specialMarks);
  const homework = buildHomework(spec.key, spec.slot, spec.plan, lessons, today);
  return {
    ...spec.person,
    key: spec.key,
    provider: spec.provider,
    ...(spec.hideBirthDate ? { hideBirthDate: true } : {}),
    studentId: spec.studentId,
    personGuid: uuidFor(`mesh-person|${spec.studentId}`),
    school: { ...spec.school },
    className: spec.className,
    timeZone: spec.timeZone,
    subjects: spec.plan.subjects.map(({ id, name, teacher }) => ({ id, name, teacher })),
    periods: calendar.periods.map((period) => ({ ...period })),
    lessons: lessons.filter((lesson) => lesson.date >= rangeStart),
    // Marks cover the whole school year so far, not only the shown timetable: term averages, final
    // marks and the marks a diary lists for an ended term must agree.
    marks,
    homework: homework.filter((entry) => entry.dueOn >= rangeStart),
    absenceNotices,
    nonSchoolDays: calendar.nonSchoolDays.map((day) => ({ ...day })),
    finalMarks: buildFinalMarks(marks, calendar.periods, today),
  };
}
