/**
 * The route table: which path answers what to which method, behind which gates. Both МЭШ hosts' paths
 * are served from one origin (`/acl/…` lives on dnevnik.mos.ru, the rest on school.mos.ru). Every path
 * answers `GET`; `attendance` also takes parents' absence notices (`POST`) and their withdrawal (`DELETE`),
 * `aware_journals` a parent's signature of a week (`POST`, `routes-messaging.ts`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { MESH_SIMULATOR_PATHS } from './wire.js';
import {
  authenticate,
  checkEventHeaders,
  checkFamilyHeaders,
  readNoticeRequest,
  requireDate,
  requireDateRange,
  requirePersons,
  requireStudent,
} from './gates.js';
import type { AbsenceNoticeBook } from './notices.js';
import { refusal } from './replies.js';
import type { Caller, Gate } from '../../simulation/gates.js';
import { empty, json, named, type Reply } from '../../simulation/replies.js';
import { readExpansion, renderEvents } from './render-events.js';
import {
  renderAttendance,
  renderFamilyProfile,
  renderHomeworks,
  renderPeriodsSchedules,
  renderProfileInfo,
} from './render-family.js';
import { renderMarks, renderSubjectMarks } from './render-marks.js';
import { renderSchedule } from './render-schedule.js';
import { answerFeed, answerSignedWeeks, answerSigning, type MessagingBooks } from './routes-messaging.js';

/** What a route handler sees once the token and headers passed. */
interface RouteContext {
  family: SeedFamily;
  caller: Caller;
  query: URLSearchParams;
  /** The request body as text (empty for a GET). */
  body: string;
  /** Notices parents sent and withdrew through the simulator. */
  notices: AbsenceNoticeBook;
  /** The simulator clock's date in Moscow. */
  today: string;
  /** The notice feed and the signed weeks. */
  books: MessagingBooks;
  /** The simulator clock. */
  now: Date;
}

type Handler = (context: RouteContext) => Reply;

/** The methods a path answers, behind which header checks. */
interface Route {
  /** Which header checks apply: none beyond the token (ACL), the family app's, or the event calendar's. */
  gate: 'acl' | 'family' | 'events';
  GET: Handler;
  POST?: Handler;
  DELETE?: Handler;
}

/** The request as the router needs it. */
export interface RoutedRequest {
  family: SeedFamily;
  expiredTokens: ReadonlySet<string>;
  /** Tokens the sign-in minted, accepted beside the seed tokens. */
  freshTokens: ReadonlyMap<string, SeedAccount>;
  notices: AbsenceNoticeBook;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  body: string;
  today: string;
  books: MessagingBooks;
  now: Date;
}

/** A family route that takes `student_id`. */
function forStudent(render: (child: SeedChild, context: RouteContext) => unknown): Handler {
  return (context) => {
    const child = requireStudent(context.caller, context.query);
    return child.ok ? json(render(child.value, context)) : child.reply;
  };
}

/** A family route that takes `student_id`, `from` and `to`. */
function forStudentInRange(render: (child: SeedChild, from: string, to: string) => unknown): Handler {
  return (context) => {
    const child = requireStudent(context.caller, context.query);
    if (!child.ok) return child.reply;
    const range = requireDateRange(context.query, 'from', 'to');
    return range.ok ? json(render(child.value, range.value.from, range.value.to)) : range.reply;
  };
}

/** `schedule?student_id&date`: one day of the child's timetable. */
function schedule(context: RouteContext): Reply {
  const child = requireStudent(context.caller, context.query);
  if (!child.ok) return child.reply;
  const date = requireDate(context.query, 'date');
  return date.ok ? json(renderSchedule(child.value, date.value)) : date.reply;
}

function events(context: RouteContext): Reply {
  const children = requirePersons(context.caller, context.query);
  if (!children.ok) return children.reply;
  const range = requireDateRange(context.query, 'begin_date', 'end_date');
  if (!range.ok) return range.reply;
  return json(
    renderEvents(children.value, range.value.from, range.value.to, readExpansion(context.query.get('expand'))),
  );
}

/** A successful write: МЭШ's answer to one is not known, and the adapter reads none. */
const EMPTY_SUCCESS: Reply = empty(204);

/** `POST attendance`: the body must be `{student_id, notifications:[{date, reason_id, description}]}`, for a child of the caller. */
function submitNotices(context: RouteContext): Reply {
  const request = readNoticeRequest(context.body);
  if (!request.ok) return request.reply;
  const child = context.caller.children.find((candidate) => candidate.studentId === request.value.student_id);
  if (!child) return refusal(403, 'student_id is not a child of this profile');
  const notices = request.value.notifications.map((entry) => ({
    date: entry.date,
    reasonId: entry.reason_id,
    reason: entry.description,
  }));
  context.notices.submit(child.studentId, notices);
  return EMPTY_SUCCESS;
}

/** `DELETE attendance?student_id&date`: withdraws one day's notice; a day without one answers the same. */
function withdrawNotice(context: RouteContext): Reply {
  const child = requireStudent(context.caller, context.query);
  if (!child.ok) return child.reply;
  const date = requireDate(context.query, 'date');
  if (!date.ok) return date.reply;
  context.notices.withdraw(child.value.studentId, date.value);
  return EMPTY_SUCCESS;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    MESH_SIMULATOR_PATHS.profile_info,
    { gate: 'acl', GET: (context) => json(renderProfileInfo(context.caller.account)) },
  ],
  [
    MESH_SIMULATOR_PATHS.profile,
    { gate: 'family', GET: (context) => json(renderFamilyProfile(context.family, context.caller)) },
  ],
  [MESH_SIMULATOR_PATHS.marks, { gate: 'family', GET: forStudentInRange(renderMarks) }],
  [MESH_SIMULATOR_PATHS.homeworks, { gate: 'family', GET: forStudentInRange(renderHomeworks) }],
  [
    MESH_SIMULATOR_PATHS.subject_marks,
    { gate: 'family', GET: forStudent((child, context) => renderSubjectMarks(child, context.today)) },
  ],
  [MESH_SIMULATOR_PATHS.periods_schedules, { gate: 'family', GET: forStudentInRange(renderPeriodsSchedules) }],
  [MESH_SIMULATOR_PATHS.schedule, { gate: 'family', GET: schedule }],
  [
    MESH_SIMULATOR_PATHS.attendance,
    {
      gate: 'family',
      GET: forStudent((child, context) => renderAttendance(child, context.caller, context.notices.noticesOf(child))),
      POST: submitNotices,
      DELETE: withdrawNotice,
    },
  ],
  [MESH_SIMULATOR_PATHS.events, { gate: 'events', GET: events }],
  [MESH_SIMULATOR_PATHS.instantmessages, { gate: 'family', GET: answerFeed }],
  [MESH_SIMULATOR_PATHS.aware_journals, { gate: 'family', GET: answerSignedWeeks, POST: answerSigning }],
]);

/** Route names by path (the names the adapter uses in its messages). */
const ROUTE_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(MESH_SIMULATOR_PATHS).map(([name, path]) => [path, name]),
);

/** True when the simulator serves `path`. */
export function isKnownPath(path: string): boolean {
  return ROUTES.has(path);
}

function passHeaderGate(route: Route, caller: Caller, headers: IncomingHttpHeaders): Gate<Caller> {
  if (route.gate === 'family') return checkFamilyHeaders(caller, headers);
  if (route.gate === 'events') return checkEventHeaders(caller, headers);
  return { ok: true, value: caller };
}

function handlerOf(route: Route, method: string): Handler | undefined {
  if (method === 'GET') return route.GET;
  if (method === 'POST') return route.POST;
  if (method === 'DELETE') return route.DELETE;
  return undefined;
}

/**
 * Answers a request: 404 for unknown paths, 405 for a method the path does not take, then the token,
 * header and query (or body) gates, then the payload.
 */
export function routeRequest(request: RoutedRequest): Reply {
  const route = ROUTES.get(request.path);
  if (!route) return refusal(404, 'Not Found');
  const handle = handlerOf(route, request.method);
  if (!handle) return refusal(405, 'Method Not Allowed');
  const authenticated = authenticate(request.family, request.expiredTokens, request.headers, request.freshTokens);
  if (!authenticated.ok) return authenticated.reply;
  const caller = passHeaderGate(route, authenticated.value, request.headers);
  if (!caller.ok) return caller.reply;
  const { family, query, body, notices, today, books, now } = request;
  const reply = handle({ family, caller: caller.value, query, body, notices, today, books, now });
  // Named, so a drift rule (`state.drift`) can find the answers of its route.
  const name = ROUTE_NAMES.get(request.path);
  return name === undefined ? reply : named(reply, name);
}
