/**
 * The МЭШ HTTP client: one function per route, each building the exact URL, query string and headers
 * the official mobile app sends (providers.md §3.2), sending them through the injected transport, and
 * returning the payload decoded with the shared zod schemas. Every failure leaves as a `GatewayError`
 * (see `errors.ts`); nothing here normalises.
 */
import type { z } from 'zod';
import type { DateRange } from '../../src/domain/model.js';
import { ProviderAuthError } from '../../src/errors/gateway-error.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../../src/upstream/transport.js';
import { EVENTS_EXPAND, MESH_PATHS, MESH_SUBSYSTEM, MESH_WITHDRAW_NOTICE_QUERY, type MeshHosts } from './endpoints.js';
import type { Decoded, DriftSink } from '../../src/upstream/tolerant-decode.js';
import { acceptMeshAnswer, decodeMeshAnswer, meshTransportError, type MeshRoute } from './errors.js';
import {
  type AttendanceNoticeRequest,
  attendanceResponseSchema,
  dayScheduleSchema,
  eventsResponseSchema,
  familyProfileSchema,
  homeworksResponseSchema,
  marksResponseSchema,
  periodsSchedulesSchema,
  profileInfoSchema,
  subjectMarksResponseSchema,
} from './payloads.js';

/** What every МЭШ call needs: where to send it, how, with which token, and when to give up. */
export interface MeshClientContext {
  transport: HttpTransport;
  hosts: MeshHosts;
  /** The МЭШ access token (`mesh_access_token`). Sent in headers only, never in URLs or messages. */
  token: string;
  signal?: AbortSignal | undefined;
  /** Told once of each part of an answer left out because its shape drifted (metrics and the log). */
  onDrift?: DriftSink | undefined;
}

/** A call on behalf of a profile: the family routes and the event calendar need the parent's profile id. */
export interface MeshProfileContext extends MeshClientContext {
  /** The id from `profile_info`, sent as `Profile-Id`. */
  profileId: string;
}

type Query = Readonly<Record<string, string>>;

/** Joins a base URL (which may carry a path prefix, as behind a proxy) and a route path. */
export function routeUrl(baseUrl: string, path: string, query: Readonly<Record<string, string>> = {}): URL {
  // `(?<!\/)`: a match starts only at the first slash of a run, so `\/+$` never rescans it (linear).
  const url = new URL(`${baseUrl.replace(/(?<!\/)\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

const ACCEPT_JSON = 'application/json';

function aclHeaders(context: MeshClientContext): Record<string, string> {
  return { 'Auth-Token': context.token, 'partner-source-id': 'MOBILE', Accept: ACCEPT_JSON };
}

function familyHeaders(context: MeshProfileContext): Record<string, string> {
  return {
    'Auth-Token': context.token,
    'Profile-Id': context.profileId,
    'X-Mes-Subsystem': MESH_SUBSYSTEM,
    'Client-Type': 'diary-mobile',
    Accept: ACCEPT_JSON,
  };
}

function eventsHeaders(context: MeshProfileContext): Record<string, string> {
  return {
    // The event calendar is the one route the official app calls with a bearer token.
    Authorization: `Bearer ${context.token}`,
    'X-Mes-Role': 'parent',
    'X-Mes-Subsystem': MESH_SUBSYSTEM,
    'Profile-Id': context.profileId,
    Accept: ACCEPT_JSON,
  };
}

/**
 * Sends one request through the context's transport: a stored token that no header can carry is refused
 * first (`PROVIDER_AUTH_FAILED`), and a failure to reach МЭШ becomes its gateway error.
 */
export async function sendRequest(
  context: MeshClientContext,
  request: Omit<UpstreamRequest, 'signal'>,
): Promise<UpstreamResponse> {
  // The token goes into headers. Linking refuses one that is not visible ASCII, but a stored one is read
  // back from the store (and may predate that check): it must not reach the HTTP client, and only the
  // parent can replace it, so it reads as a refused account (NEEDS_RELOGIN) for this account alone.
  if (!isVisibleAscii(context.token)) throw new ProviderAuthError('MESH', 'the stored access token is malformed');
  try {
    return await context.transport({ ...request, signal: context.signal });
  } catch (error) {
    throw meshTransportError(error);
  }
}

/** `GET`s `url` with `headers` and decodes the answer with `schema` (see `decodeMeshAnswer`). */
export async function getJson<S extends z.ZodType>(
  context: MeshClientContext,
  route: MeshRoute,
  url: URL,
  headers: Record<string, string>,
  schema: S,
): Promise<Decoded<z.output<S>>> {
  return decodeMeshAnswer(route, await sendRequest(context, { method: 'GET', url, headers }), schema, context.onDrift);
}

function familyGet<S extends z.ZodType>(
  context: MeshProfileContext,
  route: MeshRoute,
  path: string,
  query: Query,
  schema: S,
): Promise<Decoded<z.output<S>>> {
  return getJson(context, route, routeUrl(context.hosts.schoolBaseUrl, path, query), familyHeaders(context), schema);
}

/** `GET {acl}/acl/api/users/profile_info`: the token's profiles (and МЭШ's "activation" of the token). */
export async function fetchProfileInfo(context: MeshClientContext): Promise<z.output<typeof profileInfoSchema>> {
  const url = routeUrl(context.hosts.aclBaseUrl, MESH_PATHS.profileInfo);
  // An identity route, decoded strictly: it either reads whole or fails, so it never carries drift.
  return (await getJson(context, 'profile_info', url, aclHeaders(context), profileInfoSchema)).value;
}

/** `GET family/mobile/v1/profile`: the parent and their children. */
export async function fetchFamilyProfile(context: MeshProfileContext): Promise<z.output<typeof familyProfileSchema>> {
  // An identity route, decoded strictly: it either reads whole or fails, so it never carries drift.
  return (await familyGet(context, 'profile', MESH_PATHS.familyProfile, {}, familyProfileSchema)).value;
}

/** A family route read for one child over a range: `?student_id&from&to` (dates `YYYY-MM-DD`). */
function studentRangeRoute<S extends z.ZodType>(route: MeshRoute, path: string, schema: S) {
  return (context: MeshProfileContext, studentId: string, range: DateRange): Promise<Decoded<z.output<S>>> =>
    familyGet(context, route, path, { student_id: studentId, from: range.from, to: range.to }, schema);
}

/** A family route read for one child: `?student_id`. */
function studentRoute<S extends z.ZodType>(route: MeshRoute, path: string, schema: S) {
  return (context: MeshProfileContext, studentId: string): Promise<Decoded<z.output<S>>> =>
    familyGet(context, route, path, { student_id: studentId }, schema);
}

/** `GET family/mobile/v1/marks?student_id&from&to`: marks by lesson day. */
export const fetchMarks = studentRangeRoute('marks', MESH_PATHS.marks, marksResponseSchema);

/** `GET family/mobile/v1/homeworks?student_id&from&to`: homework by due date, with attachments. */
export const fetchHomeworks = studentRangeRoute('homeworks', MESH_PATHS.homeworks, homeworksResponseSchema);

/** `GET family/mobile/v1/subject_marks?student_id`: per-subject averages and final marks by period. */
export const fetchSubjectMarks = studentRoute('subject_marks', MESH_PATHS.subjectMarks, subjectMarksResponseSchema);

/** `GET family/mobile/v1/periods_schedules?student_id&from&to`: announced holidays and vacations. */
export const fetchPeriodsSchedules = studentRangeRoute(
  'periods_schedules',
  MESH_PATHS.periodsSchedules,
  periodsSchedulesSchema,
);

/** `GET family/mobile/v1/schedule?student_id&date`: one day of the timetable, with lesson numbers and teachers. */
export function fetchDaySchedule(
  context: MeshProfileContext,
  studentId: string,
  date: string,
): Promise<Decoded<z.output<typeof dayScheduleSchema>>> {
  return familyGet(context, 'schedule', MESH_PATHS.schedule, { student_id: studentId, date }, dayScheduleSchema);
}

/** `GET family/mobile/v1/attendance?student_id`: the parent's absence notices for the school year. */
export const fetchAttendance = studentRoute('attendance', MESH_PATHS.attendance, attendanceResponseSchema);

/**
 * `POST family/mobile/v1/attendance`: sends the parent's absence notices (one per day) to the school,
 * with the family app's headers and a JSON body. Sent once: the resilience layer retries only `GET`s,
 * since a repeated notice could reach the school twice.
 */
export async function postAttendanceNotices(
  context: MeshProfileContext,
  notices: AttendanceNoticeRequest,
): Promise<void> {
  const url = routeUrl(context.hosts.schoolBaseUrl, MESH_PATHS.attendance);
  const headers = { ...familyHeaders(context), 'Content-Type': 'application/json' };
  const response = await sendRequest(context, { method: 'POST', url, headers, body: JSON.stringify(notices) });
  acceptMeshAnswer('attendance (POST)', response);
}

/**
 * `DELETE family/mobile/v1/attendance?student_id&date`: withdraws the notice of one day. The route is
 * our guess (see `MESH_WITHDRAW_NOTICE_QUERY`); like every write, it is not retried.
 */
export async function deleteAttendanceNotice(
  context: MeshProfileContext,
  studentId: string,
  date: string,
): Promise<void> {
  const query = { [MESH_WITHDRAW_NOTICE_QUERY.studentId]: studentId, [MESH_WITHDRAW_NOTICE_QUERY.date]: date };
  const url = routeUrl(context.hosts.schoolBaseUrl, MESH_PATHS.attendance, query);
  const response = await sendRequest(context, { method: 'DELETE', url, headers: familyHeaders(context) });
  acceptMeshAnswer('attendance (DELETE)', response);
}

/**
 * `GET eventcalendar/v1/api/events?person_ids&begin_date&end_date&expand=…`: the timetable with each
 * lesson's marks, homework and absence inline.
 */
export function fetchEvents(
  context: MeshProfileContext,
  personGuid: string,
  range: DateRange,
): Promise<Decoded<z.output<typeof eventsResponseSchema>>> {
  const query = { person_ids: personGuid, begin_date: range.from, end_date: range.to, expand: EVENTS_EXPAND };
  const url = routeUrl(context.hosts.schoolBaseUrl, MESH_PATHS.events, query);
  return getJson(context, 'events', url, eventsHeaders(context), eventsResponseSchema);
}
