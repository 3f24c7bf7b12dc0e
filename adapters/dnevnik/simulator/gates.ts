/**
 * The checks Dnevnik.ru makes before it answers: the `Access-Token` (401, empty body), the ids in the
 * path (400 `parameterInvalid` when malformed) and whether they belong to the token holder's children
 * (403 `authorizationFailed`), then the dates (400). Another family's child is refused, never answered.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SeedChild, SeedFamily } from '../../simulation/seed.js';
import { isCalendarDate } from '../../simulation/calendar.js';
import { childrenShown, headerValue, pass, refuse, type Caller, type Gate } from '../../simulation/gates.js';
import type { Reply } from '../../simulation/replies.js';
import { classIdOf, personIdOf, schoolIdOf, subgroupIdOf } from './ids.js';
import { apiError, UNAUTHORIZED } from './replies.js';
import type { SimulatorState } from './state.js';

const ID = /^\d{1,19}$/;

/** Finds the account holding the request's `Access-Token`; 401 with an empty body when it is missing, unknown or expired. */
export function authenticate(family: SeedFamily, state: SimulatorState, headers: IncomingHttpHeaders): Gate<Caller> {
  const account = state.accountOfAccessToken(headerValue(headers, 'access-token'));
  if (!account) return refuse(UNAUTHORIZED);
  return pass({ account, children: childrenShown(family, account) });
}

function denied(what: string): Reply {
  return apiError(403, 'authorizationFailed', `Нет доступа к ${what}`);
}

function parsedId(value: string | undefined, name: string): Gate<bigint> {
  return value !== undefined && ID.test(value)
    ? pass(BigInt(value))
    : refuse(apiError(400, 'parameterInvalid', `Параметр '${name}' имеет неверный формат`));
}

/** `{person}`: one of the caller's children. */
export function requirePerson(caller: Caller, value: string | undefined): Gate<SeedChild> {
  const id = parsedId(value, 'person');
  if (!id.ok) return id;
  const child = caller.children.find((candidate) => personIdOf(candidate) === id.value);
  return child ? pass(child) : refuse(denied('персоне'));
}

/** `{group}`: the class or subgroup of one of the caller's children. */
export function requireGroup(caller: Caller, value: string | undefined): Gate<{ child: SeedChild; isClass: boolean }> {
  const id = parsedId(value, 'group');
  if (!id.ok) return id;
  for (const child of caller.children) {
    if (classIdOf(child) === id.value) return pass({ child, isClass: true });
    if (subgroupIdOf(child) === id.value) return pass({ child, isClass: false });
  }
  return refuse(denied('группе'));
}

/** `{person}` and `{group}`: a child of the caller and that same child's class or subgroup. */
export function requirePersonWithGroup(
  caller: Caller,
  person: string | undefined,
  group: string | undefined,
): Gate<{ child: SeedChild; isClass: boolean }> {
  const child = requirePerson(caller, person);
  if (!child.ok) return child;
  const found = requireGroup(caller, group);
  if (!found.ok) return found;
  return found.value.child === child.value ? found : refuse(denied('группе'));
}

/** `{school}`: the school of one of the caller's children. */
export function requireSchool(caller: Caller, value: string | undefined): Gate<SeedChild> {
  const id = parsedId(value, 'school');
  if (!id.ok) return id;
  const child = caller.children.find((candidate) => schoolIdOf(candidate) === id.value);
  return child ? pass(child) : refuse(denied('школе'));
}

/** A date parameter: `YYYY-MM-DD`, or an ISO datetime whose date part is one (the API is lenient). */
export function requireDate(value: string | null | undefined, name: string): Gate<string> {
  const date = (value ?? '').slice(0, 10);
  const rest = (value ?? '').slice(10);
  if (isCalendarDate(date) && (rest === '' || /^T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(rest))) return pass(date);
  return refuse(apiError(400, 'parameterInvalid', `Параметр '${name}' имеет неверный формат`));
}

/** An inclusive date range from two parameters. */
export function requireRange(
  from: string | null | undefined,
  to: string | null | undefined,
  names: [string, string],
): Gate<{ from: string; to: string }> {
  const start = requireDate(from, names[0]);
  if (!start.ok) return start;
  const end = requireDate(to, names[1]);
  if (!end.ok) return end;
  if (start.value > end.value)
    return refuse(apiError(400, 'parameterInvalid', `Параметр '${names[0]}' позже '${names[1]}'`));
  return pass({ from: start.value, to: end.value });
}
