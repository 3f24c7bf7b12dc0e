/**
 * The route table: which path answers what, behind which gates. Paths are matched against the
 * simulator's own templates (`DNEVNIK_PATHS`, not the adapter's), and `/v2.0/` is served as an alias of
 * `/v2/`, as the API documents both.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SeedChild, SeedFamily } from '../../simulation/seed.js';
import { DNEVNIK_PATHS, type DnevnikSimulatorRoute as DnevnikRoute } from './paths.js';
import {
  authenticate,
  requireDate,
  requireGroup,
  requirePerson,
  requirePersonWithGroup,
  requireRange,
  requireSchool,
} from './gates.js';
import { apiError } from './replies.js';
import type { Caller, Gate } from '../../simulation/gates.js';
import { json, named, type Reply } from '../../simulation/replies.js';
import {
  renderContext,
  renderEduGroups,
  renderGroupSubjects,
  renderRelatives,
  renderSchool,
  renderUser,
  renderWorkTypes,
} from './render-account.js';
import { renderLogEntries, renderMarks, renderSchedules } from './render-diary.js';
import {
  periodIndexOf,
  renderAverageMarks,
  renderFinalMarks,
  renderReportingPeriods,
  renderTimetables,
} from './render-periods.js';
import type { SimulatorState } from './state.js';
import type { NoticeBoard } from './board.js';
import { diaryWeek, schoolNotices } from './routes-mobile.js';

/** What a route handler sees once the token passed. */
interface RouteContext {
  family: SeedFamily;
  board: NoticeBoard;
  caller: Caller;
  parameters: Readonly<Record<string, string>>;
  query: URLSearchParams;
  now: Date;
}

type Handler = (context: RouteContext) => Reply;

/** The request as the router needs it. */
export interface RoutedRequest {
  family: SeedFamily;
  board: NoticeBoard;
  state: SimulatorState;
  path: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  now: Date;
}

const answer = <T>(gate: Gate<T>, render: (value: T) => unknown): Reply =>
  gate.ok ? json(render(gate.value)) : gate.reply;

/** Both the person and the group must be the same child's. */
const personWithGroup = (context: RouteContext) =>
  requirePersonWithGroup(context.caller, context.parameters.person, context.parameters.group);

function marks(context: RouteContext): Reply {
  const person = requirePerson(context.caller, context.parameters.person);
  if (!person.ok) return person.reply;
  const school = requireSchool(context.caller, context.parameters.school);
  if (!school.ok) return school.reply;
  if (school.value !== person.value) return apiError(403, 'authorizationFailed', 'Нет доступа к школе');
  const range = requireRange(context.parameters.from, context.parameters.to, ['from', 'to']);
  return answer(range, ({ from, to }) => renderMarks(person.value, from, to));
}

function schedules(context: RouteContext): Reply {
  const group = personWithGroup(context);
  if (!group.ok) return group.reply;
  const range = requireRange(context.query.get('startDate'), context.query.get('endDate'), ['startDate', 'endDate']);
  return answer(range, ({ from, to }) => renderSchedules(group.value.child, from, to));
}

function logEntries(context: RouteContext): Reply {
  const person = requirePerson(context.caller, context.parameters.person);
  if (!person.ok) return person.reply;
  const range = requireRange(context.query.get('startDate'), context.query.get('endDate'), ['startDate', 'endDate']);
  return answer(range, ({ from, to }) => renderLogEntries(person.value, from, to));
}

function averageMarks(context: RouteContext): Reply {
  const group = requireGroup(context.caller, context.parameters.group);
  if (!group.ok) return group.reply;
  const { child } = group.value;
  const periodIndex = /^\d{1,19}$/.test(context.parameters.period ?? '')
    ? periodIndexOf(child, BigInt(context.parameters.period!))
    : -1;
  if (periodIndex < 0) return apiError(400, 'parameterInvalid', "Параметр 'period' имеет неверное значение");
  return answer(requireDate(context.parameters.date, 'date'), (date) => renderAverageMarks(child, periodIndex, date));
}

/** Only the class (not a subgroup) has periods, averages and timetables. */
function forClass(render: (child: SeedChild) => unknown): Handler {
  return (context) => {
    const group = requireGroup(context.caller, context.parameters.group);
    if (!group.ok) return group.reply;
    return group.value.isClass ? json(render(group.value.child)) : json([]);
  };
}

const HANDLERS: Readonly<Record<Exclude<DnevnikRoute, 'authorizations'>, Handler>> = {
  user: (context) => json(renderUser(context.family, context.caller.account)),
  context: (context) => json(renderContext(context.family, context.caller)),
  relatives: (context) => json(renderRelatives(context.caller)),
  personEduGroups: (context) => answer(requirePerson(context.caller, context.parameters.person), renderEduGroups),
  school: (context) =>
    answer(requireSchool(context.caller, context.parameters.school), (child) => renderSchool(child, context.now)),
  groupSubjects: (context) =>
    answer(requireGroup(context.caller, context.parameters.group), ({ child, isClass }) =>
      renderGroupSubjects(child, isClass),
    ),
  workTypes: (context) => answer(requireSchool(context.caller, context.parameters.school), renderWorkTypes),
  personMarks: marks,
  schedules,
  lessonLogEntries: logEntries,
  reportingPeriods: forClass(renderReportingPeriods),
  averageMarks,
  allFinalMarks: (context) => answer(personWithGroup(context), ({ child }) => renderFinalMarks(child)),
  timetables: forClass(renderTimetables),
  schoolNotices,
  mobileDiary: diaryWeek,
};

interface Matcher {
  route: Exclude<DnevnikRoute, 'authorizations'>;
  pattern: RegExp;
  names: string[];
}

const MATCHERS: readonly Matcher[] = (Object.keys(HANDLERS) as Matcher['route'][]).map((route) => {
  const names: string[] = [];
  const source = DNEVNIK_PATHS[route].replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

/** The canonical path: `/v2.0/…` is `/v2/…`, and a trailing slash is dropped. */
export function canonicalPath(path: string): string {
  // Keeps the first character (`/` stays `/`); a match starts only at a run's first slash (linear).
  return path.replace(/^\/v2\.0\//, '/v2/').replace(/(?<=^.|[^/])\/+$/, '');
}

/** True when the path is the token endpoint. */
export function isAuthorizationsPath(path: string): boolean {
  return canonicalPath(path) === DNEVNIK_PATHS.authorizations;
}

/** Answers a GET: 404 for unknown paths, then the token, then the route's own gates and payload. */
export function routeRequest(request: RoutedRequest): Reply {
  const path = canonicalPath(request.path);
  for (const matcher of MATCHERS) {
    const match = matcher.pattern.exec(path);
    if (!match) continue;
    const caller = authenticate(request.family, request.state, request.headers);
    if (!caller.ok) return caller.reply;
    const parameters = Object.fromEntries(
      matcher.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]),
    );
    const reply = HANDLERS[matcher.route]({
      family: request.family,
      board: request.board,
      caller: caller.value,
      parameters,
      query: request.query,
      now: request.now,
    });
    // Named, so a drift rule (`state.drift`) can find the answers of its route.
    return named(reply, matcher.route);
  }
  return apiError(404, 'resourceNotFound', 'Ресурс не найден');
}
