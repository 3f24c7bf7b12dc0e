/**
 * The checks МЭШ makes before it answers, in its order: the token (401, empty body), the subsystem and
 * role headers and the profile id (403), then the query or body (400) and whether the child belongs to
 * the token's account (403). A request for another family's child is refused, never answered.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { isCalendarDate } from '../../simulation/calendar.js';
import { childrenShown, headerValue, pass, refuse, type Caller, type Gate } from '../../simulation/gates.js';
import { FAMILY_SUBSYSTEM, noticeRequestSchema, type NoticeRequest } from './wire.js';
import { refusal, UNAUTHORIZED } from './replies.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token from `Auth-Token`, or else from `Authorization: Bearer`. */
function tokenOf(headers: IncomingHttpHeaders): string | undefined {
  const authToken = headerValue(headers, 'auth-token');
  if (authToken) return authToken;
  return /^Bearer\s+(\S+)$/i.exec(headerValue(headers, 'authorization') ?? '')?.[1];
}

/**
 * Finds the МЭШ account holding the request's token — its seed token, or a fresh one the sign-in minted —
 * and refuses with 401 when it is missing, unknown or expired.
 */
export function authenticate(
  family: SeedFamily,
  expiredTokens: ReadonlySet<string>,
  headers: IncomingHttpHeaders,
  freshTokens: ReadonlyMap<string, SeedAccount> = new Map(),
): Gate<Caller> {
  const token = tokenOf(headers);
  const account =
    family.accounts.find((candidate) => candidate.provider === 'MESH' && candidate.token === token) ??
    (token ? freshTokens.get(token) : undefined);
  if (!token || !account || expiredTokens.has(token)) return refuse(UNAUTHORIZED);
  return pass({ account, children: childrenShown(family, account) });
}

function checkProfileId(caller: Caller, headers: IncomingHttpHeaders): Gate<Caller> {
  const profileId = headerValue(headers, 'profile-id');
  if (!profileId) return refuse(refusal(403, 'Profile-Id header is required'));
  if (profileId !== String(caller.account.profileId))
    return refuse(refusal(403, 'Profile-Id does not belong to the token holder'));
  return pass(caller);
}

/** Family mobile routes need `X-Mes-Subsystem: familymp` and the holder's own `Profile-Id`. */
export function checkFamilyHeaders(caller: Caller, headers: IncomingHttpHeaders): Gate<Caller> {
  if (headerValue(headers, 'x-mes-subsystem')?.toLowerCase() !== FAMILY_SUBSYSTEM) {
    return refuse(refusal(403, `X-Mes-Subsystem header must be ${FAMILY_SUBSYSTEM}`));
  }
  return checkProfileId(caller, headers);
}

/** The event calendar needs `X-Mes-Role: parent` (the family's accounts are parents) and `Profile-Id`. */
export function checkEventHeaders(caller: Caller, headers: IncomingHttpHeaders): Gate<Caller> {
  const role = headerValue(headers, 'x-mes-role');
  if (!role) return refuse(refusal(403, 'X-Mes-Role header is required'));
  if (role.toLowerCase() !== 'parent') return refuse(refusal(403, 'the token holder has no such role'));
  return checkProfileId(caller, headers);
}

/** `student_id`: a number naming one of the caller's children. */
export function requireStudent(caller: Caller, query: URLSearchParams): Gate<SeedChild> {
  const studentId = query.get('student_id') ?? '';
  if (!/^\d{1,15}$/.test(studentId)) return refuse(refusal(400, 'student_id is required and must be a number'));
  const child = caller.children.find((candidate) => candidate.studentId === Number(studentId));
  return child ? pass(child) : refuse(refusal(403, 'student_id is not a child of this profile'));
}

/** `person_ids`: comma-separated person GUIDs, each naming one of the caller's children. */
export function requirePersons(caller: Caller, query: URLSearchParams): Gate<SeedChild[]> {
  const guids = (query.get('person_ids') ?? '')
    .split(',')
    .map((guid) => guid.trim())
    .filter(Boolean);
  if (guids.length === 0 || !guids.every((guid) => UUID.test(guid))) {
    return refuse(refusal(400, 'person_ids is required and must list person GUIDs'));
  }
  const children: SeedChild[] = [];
  for (const guid of guids) {
    const child = caller.children.find((candidate) => candidate.personGuid.toLowerCase() === guid.toLowerCase());
    if (!child) return refuse(refusal(403, 'person_ids names a person who is not a child of this profile'));
    if (!children.includes(child)) children.push(child);
  }
  return pass(children);
}

/** An inclusive `YYYY-MM-DD` range from two query parameters. */
export function requireDateRange(
  query: URLSearchParams,
  fromName: string,
  toName: string,
): Gate<{ from: string; to: string }> {
  const from = query.get(fromName) ?? '';
  const to = query.get(toName) ?? '';
  if (!isCalendarDate(from) || !isCalendarDate(to))
    return refuse(refusal(400, `${fromName} and ${toName} are required as YYYY-MM-DD`));
  if (from > to) return refuse(refusal(400, `${fromName} must not be after ${toName}`));
  return pass({ from, to });
}

/** One `YYYY-MM-DD` date from a query parameter. */
export function requireDate(query: URLSearchParams, name: string): Gate<string> {
  const value = query.get(name) ?? '';
  return isCalendarDate(value) ? pass(value) : refuse(refusal(400, `${name} is required as YYYY-MM-DD`));
}

/**
 * `text` parsed as JSON and checked with `schema`: a 400 refusal saying `notJson` when it is no JSON, or
 * `wrongShape` when it is JSON of another shape.
 */
export function readJson<S extends z.ZodType>(
  text: string,
  schema: S,
  notJson: string,
  wrongShape: string,
): Gate<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(refusal(400, notJson));
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? pass(parsed.data) : refuse(refusal(400, wrongShape));
}

/**
 * The body of an absence notice: JSON `{student_id, notifications:[{date, reason_id, description}]}` with
 * at least one notification (the simulator's own reading of the shape, providers.md §3.8).
 */
export function readNoticeRequest(body: string): Gate<NoticeRequest> {
  return readJson(
    body,
    noticeRequestSchema,
    'the body must be JSON',
    'the body must be {student_id, notifications: [{date, reason_id, description}]}',
  );
}
