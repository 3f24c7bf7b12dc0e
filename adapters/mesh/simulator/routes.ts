/**
 * The route table: which path answers what, behind which gates. Both МЭШ hosts' paths are served from
 * one origin (`/acl/…` lives on dnevnik.mos.ru, the rest on school.mos.ru).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DemoChild, DemoFamily } from '../../../src/demo/family.js';
import { MESH_PATHS } from '../endpoints.js';
import { authenticate, checkEventHeaders, checkFamilyHeaders, requireDateRange, requirePersons, requireStudent, type Caller, type Gate } from './gates.js';
import { json, refusal, type Reply } from './replies.js';
import { readExpansion, renderEvents } from './render-events.js';
import { renderAttendance, renderFamilyProfile, renderHomeworks, renderPeriodsSchedules, renderProfileInfo } from './render-family.js';
import { renderMarks, renderSubjectMarks } from './render-marks.js';

/** What a route handler sees once the token and headers passed. */
interface RouteContext {
  family: DemoFamily;
  caller: Caller;
  query: URLSearchParams;
  /** The simulator clock's date in Moscow. */
  today: string;
}

interface Route {
  /** Which header checks apply: none beyond the token (ACL), the family app's, or the event calendar's. */
  gate: 'acl' | 'family' | 'events';
  handle(context: RouteContext): Reply;
}

/** The request as the router needs it. */
export interface RoutedRequest {
  family: DemoFamily;
  expiredTokens: ReadonlySet<string>;
  path: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  today: string;
}

/** A family route that takes `student_id`. */
function forStudent(render: (child: DemoChild, context: RouteContext) => unknown): Route['handle'] {
  return (context) => {
    const child = requireStudent(context.caller, context.query);
    return child.ok ? json(render(child.value, context)) : child.reply;
  };
}

/** A family route that takes `student_id`, `from` and `to`. */
function forStudentInRange(render: (child: DemoChild, from: string, to: string) => unknown): Route['handle'] {
  return (context) => {
    const child = requireStudent(context.caller, context.query);
    if (!child.ok) return child.reply;
    const range = requireDateRange(context.query, 'from', 'to');
    return range.ok ? json(render(child.value, range.value.from, range.value.to)) : range.reply;
  };
}

function events(context: RouteContext): Reply {
  const children = requirePersons(context.caller, context.query);
  if (!children.ok) return children.reply;
  const range = requireDateRange(context.query, 'begin_date', 'end_date');
  if (!range.ok) return range.reply;
  return json(renderEvents(children.value, range.value.from, range.value.to, readExpansion(context.query.get('expand'))));
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [MESH_PATHS.profileInfo, { gate: 'acl', handle: (context) => json(renderProfileInfo(context.caller.account)) }],
  [MESH_PATHS.familyProfile, { gate: 'family', handle: (context) => json(renderFamilyProfile(context.family, context.caller)) }],
  [MESH_PATHS.marks, { gate: 'family', handle: forStudentInRange(renderMarks) }],
  [MESH_PATHS.homeworks, { gate: 'family', handle: forStudentInRange(renderHomeworks) }],
  [MESH_PATHS.subjectMarks, { gate: 'family', handle: forStudent((child, context) => renderSubjectMarks(child, context.today)) }],
  [MESH_PATHS.periodsSchedules, { gate: 'family', handle: forStudentInRange(renderPeriodsSchedules) }],
  [MESH_PATHS.attendance, { gate: 'family', handle: forStudent((child, context) => renderAttendance(child, context.caller)) }],
  [MESH_PATHS.events, { gate: 'events', handle: events }],
]);

/** True when the simulator serves `path`. */
export function isKnownPath(path: string): boolean {
  return ROUTES.has(path);
}

function passHeaderGate(route: Route, caller: Caller, headers: IncomingHttpHeaders): Gate<Caller> {
  if (route.gate === 'family') return checkFamilyHeaders(caller, headers);
  if (route.gate === 'events') return checkEventHeaders(caller, headers);
  return { ok: true, value: caller };
}

/** Answers a GET: 404 for unknown paths, then the token, header and query gates, then the payload. */
export function routeRequest(request: RoutedRequest): Reply {
  const route = ROUTES.get(request.path);
  if (!route) return refusal(404, 'Not Found');
  const authenticated = authenticate(request.family, request.expiredTokens, request.headers);
  if (!authenticated.ok) return authenticated.reply;
  const caller = passHeaderGate(route, authenticated.value, request.headers);
  if (!caller.ok) return caller.reply;
  return route.handle({ family: request.family, caller: caller.value, query: request.query, today: request.today });
}
