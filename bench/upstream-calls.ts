/**
 * Upstream calls per dashboard query: what the simulators recorded, and the theoretical minimum derived
 * from each adapter's routes (benchmarking.md §8.4 item 3: "a regression here is a bug even when req/s
 * looks fine").
 */
import { marksPieces } from '../adapters/eljur/mark-pieces.js';
import { daysToRead } from '../adapters/mesh/lesson-details.js';
import { calendarMonths } from '../src/domain/calendar-months.js';
import type { Lesson } from '../src/domain/model.js';
import type { DemoChild } from '../src/demo/demo-family.js';
import type { DashboardDates } from './dashboard.js';
import type { BenchProvider } from './providers.js';
import type { SampleSummary } from './stats.js';

/**
 * Upstream calls to one diary since the last clear, as the proxy in front of its simulator received
 * them (every attempt, whatever the proxy then did with it), and how many reached the simulator.
 */
export interface RecordedCalls {
  total: number;
  /** By path. */
  byRoute: Record<string, number>;
  /** By path and sorted query string: a key seen twice within one GraphQL query is a duplicate call. */
  byCall: Record<string, number>;
  /** Requests the simulator itself recorded (equal to `total` when replay is off and nothing failed). */
  simulatorTotal: number;
  /** What the proxy did with the attempts: forwarded, replayed, 5xx injected, held, refused. */
  proxy: { forwarded: number; replayed: number; errors: number; hung: number; down: number };
  /** How long the forwarded calls took, as the proxy saw them (ms), by route template. */
  durations: Record<string, SampleSummary>;
  /** Every call with its arrival and duration, when asked for (one query's worth, not a load run's). */
  timeline?: TimelineEntry[];
}

/** One upstream call on the simulators process's clock. */
export interface TimelineEntry {
  route: string;
  /** Arrival, ms (any origin; only differences matter). */
  at: number;
  /** Duration, ms; `null` when it never got an answer. */
  ms: number | null;
}

/**
 * The longest chain of upstream calls that waited for each other: a call is after another when it
 * arrived once that one had answered (within `toleranceMs`). With every call at the same latency,
 * the cold path cannot be faster than depth × latency.
 */
export function chainDepth(timeline: readonly TimelineEntry[], toleranceMs = 1): number {
  const sorted = [...timeline].sort((a, b) => a.at - b.at);
  const depths: number[] = [];
  sorted.forEach((call, index) => {
    let depth = 1;
    for (let earlier = 0; earlier < index; earlier++) {
      const before = sorted[earlier]!;
      if (before.ms !== null && before.at + before.ms <= call.at + toleranceMs)
        depth = Math.max(depth, depths[earlier]! + 1);
    }
    depths.push(depth);
  });
  return Math.max(0, ...depths);
}

/** A timeline as `+start–end route` lines, relative to its first call. */
export function formatTimeline(timeline: readonly TimelineEntry[]): string[] {
  const sorted = [...timeline].sort((a, b) => a.at - b.at);
  const origin = sorted[0]?.at ?? 0;
  return sorted.map((call) => {
    const start = Math.round(call.at - origin);
    const end = call.ms === null ? '…' : String(Math.round(call.at - origin + call.ms));
    return `+${start}–${end} ms ${call.route}`;
  });
}

/** Groups recorded requests by route and by exact call. */
export function summarizeRequests(
  requests: readonly { path: string; query: Readonly<Record<string, string>> }[],
): Pick<RecordedCalls, 'total' | 'byRoute' | 'byCall'> {
  const byRoute: Record<string, number> = {};
  const byCall: Record<string, number> = {};
  for (const { path, query } of requests) {
    byRoute[path] = (byRoute[path] ?? 0) + 1;
    const sorted = Object.entries(query).sort(([a], [b]) => a.localeCompare(b));
    const call = `${path}?${new URLSearchParams(sorted).toString()}`;
    byCall[call] = (byCall[call] ?? 0) + 1;
  }
  return { total: requests.length, byRoute, byCall };
}

/** One upstream call the dashboard cannot do without. */
export interface RequiredCall {
  /** Route template, as {@link routeTemplate} turns the recorded path into one. */
  route: string;
  /** The call's parameters that make it distinct (two reads with the same key are one call). */
  key: string;
  why: string;
}

/** What the dashboard needs of one diary account. */
export interface DashboardAccount {
  provider: BenchProvider;
  /** Every child the account shows (its profile reads them all). */
  accountChildren: readonly DemoChild[];
  /** The children of this account on the dashboard. */
  dashboardChildren: readonly DemoChild[];
}

/** The current grading period of a child: the one containing today, else the latest started, else the first. */
export function currentPeriodOf(child: DemoChild, today: string): { start: string; end: string } | undefined {
  const sorted = [...child.periods].sort((a, b) => a.start.localeCompare(b.start));
  return (
    sorted.find((p) => p.start <= today && today <= p.end) ?? sorted.filter((p) => p.start <= today).at(-1) ?? sorted[0]
  );
}

/**
 * The days of the current period whose grades the averages read: from its start to `today`, none when it
 * has not started (`src/graphql/resolvers/averages.ts` clips them so: no grade is dated after today).
 */
export function gradedPeriodDays(
  period: { start: string; end: string } | undefined,
  today: string,
): { from: string; to: string }[] {
  if (!period || period.start > today) return [];
  return [{ from: period.start, to: period.end < today ? period.end : today }];
}

/** The ranges whose grades the dashboard reads: the recent range and the current period up to today. */
function gradeRanges(child: DemoChild, dates: DashboardDates): { from: string; to: string }[] {
  return [
    { from: dates.recentFrom, to: dates.today },
    ...gradedPeriodDays(currentPeriodOf(child, dates.today), dates.today),
  ];
}

/** The whole calendar months the ranges touch, once each: the loaders ask every ranged route by month. */
function monthsOf(ranges: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  const seen = new Map<string, { from: string; to: string }>();
  for (const month of ranges.flatMap(calendarMonths)) seen.set(month.from, month);
  return [...seen.values()];
}

/**
 * A child's lessons of one month as the МЭШ adapter sees them, for choosing the days whose family
 * `schedule` it reads (`adapters/mesh/lesson-details.ts`): only the date, start time and subject matter.
 */
function monthLessons(child: DemoChild, month: { from: string; to: string }): Lesson[] {
  return child.lessons
    .filter((lesson) => lesson.date >= month.from && lesson.date <= month.to)
    .map(
      (lesson) =>
        ({
          date: lesson.date,
          startsAt: `${lesson.date}T${lesson.start}:00`,
          subject: { id: `mesh:${lesson.subjectId}` },
        }) as Lesson,
    );
}

/**
 * МЭШ's lesson details (`adapters/mesh/lesson-details.ts`): the family `schedule` of the few days of a
 * month that show every bell and subject once (lesson numbers and teachers). Kept as structure per child
 * (`adapters/mesh/lesson-structure.ts`), so the `schedule` route is in {@link STRUCTURE_ROUTES}: read cold,
 * none when the structure is cached. `false` would count them as data, as before issue 15.
 */
export const MESH_LESSON_DETAILS_ARE_STRUCTURE = true;

const MESH_SCHEDULE_ROUTE = '/api/family/mobile/v1/schedule';

/** The calls for one child's lesson details of one month ({@link MESH_LESSON_DETAILS_ARE_STRUCTURE}). */
export function meshLessonDetailCalls(child: DemoChild, month: { from: string; to: string }): RequiredCall[] {
  return daysToRead(monthLessons(child, month)).map((day) => ({
    route: MESH_SCHEDULE_ROUTE,
    key: `${child.key}:${day}`,
    why: 'lesson numbers and teachers',
  }));
}

/**
 * МЭШ (`adapters/mesh/index.ts`): the token's profile id (`profile_info`, sent as `Profile-Id` by every
 * family call; structure, cached per token) and the family profile, once per account; per child the event
 * calendar for the month of today and the lesson details of that month ({@link meshLessonDetailCalls}), the
 * parent's notices, asked beside the calendar (they decide a missed lesson's absence,
 * `adapters/mesh/timetable.ts`), homeworks for the months of the week, marks for the months of the recent
 * range and of the current period up to today (the gateway's weighted average; the request loaders ask
 * ranged routes by whole calendar month, so the two ranges share their months), and `subject_marks` (the
 * periods and subjects, kept as structure, and the diary's averages, data: one call when cold, shared
 * through `scope.once`).
 */
function meshCalls(account: DashboardAccount, dates: DashboardDates): RequiredCall[] {
  const calls: RequiredCall[] = [
    { route: '/acl/api/users/profile_info', key: '', why: 'profile id of the token' },
    { route: '/api/family/mobile/v1/profile', key: '', why: 'the account’s children' },
  ];
  for (const child of account.dashboardChildren) {
    for (const month of monthsOf([{ from: dates.today, to: dates.today }])) {
      calls.push({
        route: '/api/eventcalendar/v1/api/events',
        key: `${child.key}:${month.from}`,
        why: 'today’s lessons',
      });
      calls.push(...meshLessonDetailCalls(child, month));
      // Asked beside the calendar whether or not a lesson was missed (one wave, not two): they decide a
      // missed lesson's absence.
      calls.push({
        route: '/api/family/mobile/v1/attendance',
        key: child.key,
        why: 'the parent’s notices, which decide a missed lesson’s absence',
      });
    }
    for (const month of monthsOf([{ from: dates.weekFrom, to: dates.weekTo }])) {
      calls.push({
        route: '/api/family/mobile/v1/homeworks',
        key: `${child.key}:${month.from}`,
        why: 'this week’s homework',
      });
    }
    for (const month of monthsOf(gradeRanges(child, dates))) {
      calls.push({
        route: '/api/family/mobile/v1/marks',
        key: `${child.key}:${month.from}`,
        why: 'recent grades and those of the current period so far',
      });
    }
    calls.push({
      route: '/api/family/mobile/v1/subject_marks',
      key: child.key,
      why: 'periods, subjects and the diary’s averages',
    });
  }
  return calls;
}

/**
 * Dnevnik.ru (`adapters/dnevnik/index.ts`, `account-profile.ts` and `reader.ts`): the user, its context and
 * relatives once per account, then each child's edu-groups and, beside them, every school the context
 * names (the simulator's context names the account's children's schools: one call per school, however
 * many children attend it); per dashboard child the day schedules of each month the dashboard's ranges
 * touch (today, the week, and the grades' ranges: the recent range and the current period up to today —
 * whole calendar months, as the request loaders ask them), the school's work types, the class's subjects and timetables, marks for the months of
 * the recent range and of the current period up to today, the reporting periods, the final marks, and the
 * average marks of every period started by today.
 */
function dnevnikCalls(account: DashboardAccount, dates: DashboardDates): RequiredCall[] {
  const calls: RequiredCall[] = [
    { route: '/v2/users/me', key: '', why: 'the parent' },
    { route: '/v2/users/me/context', key: '', why: 'schools and groups of the account' },
    { route: '/v2/users/me/relatives', key: '', why: 'the children' },
  ];
  for (const child of account.accountChildren) {
    calls.push(
      { route: '/v2/persons/{id}/edu-groups', key: child.key, why: 'the child’s class' },
      { route: '/v2/schools/{id}', key: String(child.school.id), why: 'a school the context names' },
    );
  }
  for (const child of account.dashboardChildren) {
    // The grades read the day schedules of their own range (which lesson and subject a mark belongs to).
    const ranges = [
      { from: dates.today, to: dates.today },
      { from: dates.weekFrom, to: dates.weekTo },
      ...gradeRanges(child, dates),
    ];
    for (const month of monthsOf(ranges)) {
      calls.push({
        route: '/v2/persons/{id}/groups/{id}/schedules',
        key: `${child.key}:${month.from}`,
        why: 'day schedules',
      });
    }
    for (const month of monthsOf(gradeRanges(child, dates))) {
      calls.push({
        route: '/v2/persons/{id}/schools/{id}/marks/{date}/{date}',
        key: `${child.key}:${month.from}`,
        why: 'marks',
      });
    }
    calls.push(
      { route: '/v2/work-types/{id}', key: String(child.school.id), why: 'the school’s work types and weights' },
      { route: '/v2/edu-groups/{id}/subjects', key: child.key, why: 'the class’s subjects' },
      { route: '/v2/edu-groups/{id}/timetables', key: child.key, why: 'bell times' },
      { route: '/v2/edu-groups/{id}/reporting-periods', key: child.key, why: 'periods' },
      { route: '/v2/persons/{id}/edu-groups/{id}/allfinalmarks', key: child.key, why: 'final marks' },
    );
    for (const started of child.periods.filter((each) => each.start <= dates.today)) {
      calls.push({
        route: '/v2/edu-groups/{id}/reporting-periods/{id}/avg-marks/{date}',
        key: `${child.key}:${started.start}`,
        why: 'average marks of a started period',
      });
    }
  }
  return calls;
}

/** Eljur's `days` parameter for a range (`YYYYMMDD-YYYYMMDD`), the key of a `getmarks` call. */
function eljurDays(range: { from: string; to: string }): string {
  return `${range.from.replaceAll('-', '')}-${range.to.replaceAll('-', '')}`;
}

/**
 * Eljur (`adapters/eljur/index.ts`, `student-reads.ts`, `range-marks.ts`): `getrules` once per account and
 * each child's card (`getprofileuserinfo`); per dashboard child (Лев, and Мария's art school merged into
 * her student) `getperiods` (structure), `getmarks` over every started period (the diary's averages, and
 * the subjects homework needs, kept as structure: one call when cold), `getfinalassessments`, and the
 * grades' `getmarks` pieces (`mark-pieces.ts`) of each calendar month of the recent range and of the
 * current period up to today (the request loaders ask grades by whole month): a month inside started
 * periods is served by those periods' calls, only its days outside every started period cost a call of
 * their own; `getdiary` for the month of today (the schedule) and `gethomework` for each month of the week.
 */
function eljurCalls(account: DashboardAccount, dates: DashboardDates): RequiredCall[] {
  const calls: RequiredCall[] = [{ route: '/apiv3/getrules', key: '', why: 'the account’s children' }];
  for (const child of account.accountChildren)
    calls.push({ route: '/apiv3/getprofileuserinfo', key: child.key, why: 'the child’s card (SNILS, school)' });
  for (const child of account.dashboardChildren) {
    const started = child.periods
      .filter((period) => period.start <= dates.today)
      .map((period) => ({ from: period.start, to: period.end }));
    calls.push(
      { route: '/apiv3/getperiods', key: child.key, why: 'periods' },
      { route: '/apiv3/getfinalassessments', key: child.key, why: 'final marks' },
    );
    for (const each of started)
      calls.push({ route: '/apiv3/getmarks', key: `${child.key}:${eljurDays(each)}`, why: 'a started period’s marks' });
    for (const piece of monthsOf(gradeRanges(child, dates)).flatMap((month) => marksPieces(month, started))) {
      calls.push({ route: '/apiv3/getmarks', key: `${child.key}:${eljurDays(piece.call)}`, why: 'grades' });
    }
    for (const month of monthsOf([{ from: dates.today, to: dates.today }]))
      calls.push({ route: '/apiv3/getdiary', key: `${child.key}:${month.from}`, why: 'today’s lessons' });
    for (const month of monthsOf([{ from: dates.weekFrom, to: dates.weekTo }]))
      calls.push({ route: '/apiv3/gethomework', key: `${child.key}:${month.from}`, why: 'this week’s homework' });
  }
  return calls;
}

/**
 * Routes that read a family's structure (the parent, children, schools, classes, periods, work types,
 * subjects, bell times), not its data: with the structure cached (revalidated, or prefetched), a dashboard
 * should call none of them (issue 15). МЭШ's `subject_marks` carries the periods and subjects (kept as
 * structure) but also the diary's averages (data), so it stays a data route; Eljur's `getmarks` over a
 * started period likewise (the averages). МЭШ's `schedule` follows {@link MESH_LESSON_DETAILS_ARE_STRUCTURE}.
 */
export const STRUCTURE_ROUTES: Readonly<Record<BenchProvider, readonly string[]>> = Object.freeze({
  MESH: [
    '/acl/api/users/profile_info',
    '/api/family/mobile/v1/profile',
    ...(MESH_LESSON_DETAILS_ARE_STRUCTURE ? [MESH_SCHEDULE_ROUTE] : []),
  ],
  DNEVNIK: [
    '/v2/users/me',
    '/v2/users/me/context',
    '/v2/users/me/relatives',
    '/v2/persons/{id}/edu-groups',
    '/v2/schools/{id}',
    '/v2/work-types/{id}',
    '/v2/edu-groups/{id}/subjects',
    '/v2/edu-groups/{id}/timetables',
    '/v2/edu-groups/{id}/reporting-periods',
  ],
  ELJUR: ['/apiv3/auth', '/apiv3/getrules', '/apiv3/getprofileuserinfo', '/apiv3/getperiods'],
});

/** Whether a route template of `provider` reads structure (see {@link STRUCTURE_ROUTES}). */
export function isStructureRoute(provider: BenchProvider, route: string): boolean {
  return STRUCTURE_ROUTES[provider].includes(route);
}

/** A per-route table split into its structure routes and its data routes. */
export function splitStructure(
  provider: BenchProvider,
  byRoute: Readonly<Record<string, number>>,
): { structure: Record<string, number>; data: Record<string, number> } {
  const structure: Record<string, number> = {};
  const data: Record<string, number> = {};
  for (const [route, count] of Object.entries(byRoute))
    (isStructureRoute(provider, route) ? structure : data)[route] = count;
  return { structure, data };
}

/** The distinct calls an account must make for the dashboard. */
export function requiredCalls(account: DashboardAccount, dates: DashboardDates): RequiredCall[] {
  const all =
    account.provider === 'MESH'
      ? meshCalls(account, dates)
      : account.provider === 'DNEVNIK'
        ? dnevnikCalls(account, dates)
        : eljurCalls(account, dates);
  const seen = new Set<string>();
  return all.filter((call) => {
    const id = `${call.route}|${call.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The minimum number of calls to each route, by provider. */
export function minimumCalls(
  accounts: readonly DashboardAccount[],
  dates: DashboardDates,
): Partial<Record<BenchProvider, Record<string, number>>> {
  const result: Partial<Record<BenchProvider, Record<string, number>>> = {};
  for (const account of accounts) {
    const routes = (result[account.provider] ??= {});
    for (const call of requiredCalls(account, dates)) routes[call.route] = (routes[call.route] ?? 0) + 1;
  }
  return result;
}

/** A per-provider minimum split into its structure routes and its data routes (see {@link STRUCTURE_ROUTES}). */
export function splitMinimum(minimum: Partial<Record<BenchProvider, Record<string, number>>>): {
  structure: Partial<Record<BenchProvider, Record<string, number>>>;
  data: Partial<Record<BenchProvider, Record<string, number>>>;
} {
  const structure: Partial<Record<BenchProvider, Record<string, number>>> = {};
  const data: Partial<Record<BenchProvider, Record<string, number>>> = {};
  for (const [provider, byRoute] of Object.entries(minimum) as [BenchProvider, Record<string, number>][]) {
    const split = splitStructure(provider, byRoute);
    structure[provider] = split.structure;
    data[provider] = split.data;
  }
  return { structure, data };
}

/** Sum over every provider of a per-provider, per-route table. */
export function totalOfAll(byProvider: Partial<Record<BenchProvider, Record<string, number>>>): number {
  return Object.values(byProvider).reduce((sum, byRoute) => sum + totalOf(byRoute), 0);
}

/** Sum of a per-route table. */
export function totalOf(byRoute: Readonly<Record<string, number>>): number {
  return Object.values(byRoute).reduce((sum, count) => sum + count, 0);
}

/**
 * Routes whose measured count differs from the minimum, as `route: measured/minimum`; routes that match
 * the minimum are left out, so an empty list means "equal".
 */
export function routeDifferences(
  measured: Readonly<Record<string, number>>,
  minimum: Readonly<Record<string, number>>,
): string[] {
  const routes = new Set([...Object.keys(measured), ...Object.keys(minimum)]);
  return [...routes]
    .filter((route) => (measured[route] ?? 0) !== (minimum[route] ?? 0))
    .sort()
    .map((route) => `${route}: ${measured[route] ?? 0}/${minimum[route] ?? 0}`);
}

/** Dnevnik.ru paths carry ids and dates; the simulator records them filled in, so group them by template. */
export function routeTemplate(path: string): string {
  return path.replace(/\/\d{4}-\d{2}-\d{2}(?:T[\d:.]+)?(?=\/|$)/g, '/{date}').replace(/\/\d+(?=\/|$)/g, '/{id}');
}
