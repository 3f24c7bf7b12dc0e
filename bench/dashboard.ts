/**
 * The "family dashboard" query of issue 6 (and the third child of issue 15): one child per diary, each with today's schedule,
 * this week's homework, recent grades and the current period's averages. Also the checks that a golden
 * answer really carries the demo family's data (not an empty or error answer that happens to be 200).
 */
import { addDays, isoWeekday, isWithin } from '../src/domain/dates.js';
import type { DemoChild, DemoFamily } from '../src/demo/demo-family.js';

/** The dashboard's dates, all Moscow-local `YYYY-MM-DD`. */
export interface DashboardDates {
  today: string;
  weekFrom: string;
  weekTo: string;
  /** Start of "recent grades": two weeks back, today included. */
  recentFrom: string;
}

/** The dates of the dashboard opened on `today`. */
export function dashboardDates(today: string): DashboardDates {
  const weekFrom = addDays(today, 1 - isoWeekday(today));
  return { today, weekFrom, weekTo: addDays(weekFrom, 6), recentFrom: addDays(today, -13) };
}

const DASHBOARD_FIELDS = /* GraphQL */ `
  id
  fullName
  className
  school { name provider }
  schedule(from: $today, to: $today) {
    id number startsAt endsAt room isCancelled isReplaced provider
    subject { name }
    teacher { fullName }
    homework { text }
    absence { kind reason }
  }
  homework(from: $weekFrom, to: $weekTo) { id dueOn assignedOn text isDone subject { name } attachments { title url } }
  grades(from: $recentFrom, to: $today) { id date weight workType isExam isPoint subject { name } value { raw scale fivePoint } }
  averages { subject { name } period { title start end } average providerAverage gradeCount trend finalGrade { raw } }
  freshness { provider isStale error { code } }
`;

/** The id variables of the children, in order (the dashboard has at most as many children as diaries). */
const ID_VARIABLES = ['first', 'second', 'third'] as const;

function idVariable(index: number): string {
  const name = ID_VARIABLES[index];
  if (!name) throw new RangeError(`the dashboard has at most ${ID_VARIABLES.length} children`);
  return name;
}

/** The query, with each child under its own alias (the demo child's key, e.g. `masha`; keys are GraphQL names). */
export function dashboardQuery(aliases: readonly string[]): string {
  const ids = aliases.map((_, index) => `$${idVariable(index)}: ID!`).join(', ');
  return [
    `query FamilyDashboard(${ids}, $today: Date!, $weekFrom: Date!, $weekTo: Date!, $recentFrom: Date!) {`,
    ...aliases.map((alias, index) => `  ${alias}: student(id: $${idVariable(index)}) { ...Dashboard }`),
    '}',
    `fragment Dashboard on Student {${DASHBOARD_FIELDS}}`,
  ].join('\n');
}

/** Variables of the query for the children's gateway student ids, in the query's order. */
export function dashboardVariables(ids: readonly string[], dates: DashboardDates): Record<string, string> {
  return { ...Object.fromEntries(ids.map((id, index) => [idVariable(index), id])), ...dates };
}

/** The query that lists the viewer's students, to learn their gateway ids. */
export const STUDENTS_QUERY = '{ viewer { students { id firstName lastName enrollments { provider } } } }';

/** What the demo family says one child's dashboard must hold. */
export interface ExpectedChild {
  fullName: string;
  lessonsToday: number;
  homeworkThisWeek: number;
  recentGrades: number;
}

/**
 * Every enrollment the gateway shows as the student of `child`: the child and each other demo child with
 * the same SNILS on a linked account (`linkedKeys`), which the gateway merges into one student (Мария's
 * art school on Eljur joins her МЭШ enrollment).
 */
export function enrollmentsOf(family: DemoFamily, child: DemoChild, linkedKeys: readonly string[]): DemoChild[] {
  return family.children.filter(
    (other) => other === child || (child.snils !== '' && other.snils === child.snils && linkedKeys.includes(other.key)),
  );
}

/** Counts, from the provider-neutral family, what a child's dashboard must show over all its `enrollments`. */
export function expectedChild(
  child: DemoChild,
  dates: DashboardDates,
  enrollments: readonly DemoChild[] = [child],
): ExpectedChild {
  const count = (of: (each: DemoChild) => number) => enrollments.reduce((sum, each) => sum + of(each), 0);
  return {
    fullName: [child.lastName, child.firstName, child.middleName].filter(Boolean).join(' '),
    lessonsToday: count((each) => each.lessons.filter((lesson) => lesson.date === dates.today).length),
    homeworkThisWeek: count(
      (each) => each.homework.filter((item) => isWithin(item.dueOn, dates.weekFrom, dates.weekTo)).length,
    ),
    recentGrades: count(
      (each) => each.marks.filter((mark) => isWithin(mark.date, dates.recentFrom, dates.today)).length,
    ),
  };
}

/** The children of `family` with the given keys, in that order. */
export function childrenByKey(family: DemoFamily, keys: readonly string[]): DemoChild[] {
  return keys.map((key) => {
    const child = family.children.find((each) => each.key === key);
    if (!child) throw new Error(`the demo family has no child "${key}"`);
    return child;
  });
}

type Json = Record<string, unknown>;

/**
 * Problems with a golden answer: anything but a complete, error-free dashboard whose counts match the
 * family. An empty list means the answer can serve as the golden one.
 */
export function goldenProblems(body: string, expected: Readonly<Record<string, ExpectedChild>>): string[] {
  let parsed: { data?: Json | null; errors?: unknown[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return ['the body is not JSON'];
  }
  const problems: string[] = [];
  if (parsed.errors?.length) problems.push(`errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`);
  for (const [alias, want] of Object.entries(expected)) {
    const student = parsed.data?.[alias] as Json | null | undefined;
    if (!student) {
      problems.push(`${alias}: missing`);
      continue;
    }
    const count = (field: string) => (Array.isArray(student[field]) ? (student[field] as unknown[]).length : -1);
    if (student.fullName !== want.fullName)
      problems.push(`${alias}: fullName ${String(student.fullName)} ≠ ${want.fullName}`);
    if (count('schedule') !== want.lessonsToday)
      problems.push(`${alias}: ${count('schedule')} lessons today, family has ${want.lessonsToday}`);
    if (count('homework') !== want.homeworkThisWeek)
      problems.push(`${alias}: ${count('homework')} homework items, family has ${want.homeworkThisWeek}`);
    if (count('grades') !== want.recentGrades)
      problems.push(`${alias}: ${count('grades')} recent grades, family has ${want.recentGrades}`);
    if (count('averages') < 1) problems.push(`${alias}: no averages`);
  }
  return problems;
}
