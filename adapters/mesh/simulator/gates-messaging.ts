/**
 * The checks of the notice feed and the signature routes, after the token and the family headers
 * (`gates.ts`): the query or body (400), then whether each child named belongs to the token's account
 * (403). Where МЭШ's own rules are not known (paging bounds, which weeks may be signed), these are the
 * simulator's reading, stated in each refusal.
 */
import type { SeedChild } from '../../simulation/seed.js';
import { isCalendarDate } from '../../simulation/calendar.js';
import { pass, refuse, type Caller, type Gate } from '../../simulation/gates.js';
import { readJson } from './gates.js';
import { refusal } from './replies.js';
import { feedFilterSchema, signatureRequestSchema, type SignatureRequest } from './wire-messaging.js';

/** Most items per page the simulator serves. */
export const MAX_FEED_PAGE_SIZE = 100;
const MAX_FEED_PAGE = 100_000;

function childOf(caller: Caller, studentId: string | number): SeedChild | undefined {
  return caller.children.find((child) => child.studentId === Number(studentId));
}

function wholeNumber(query: URLSearchParams, name: string, fallback: number, max: number): number | null {
  const value = query.get(name);
  if (value === null) return fallback;
  if (!/^\d{1,6}$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 && number <= max ? number : null;
}

/** `page` (from 1, default 1) and `npp` (1–100, default 10). */
export function requireFeedPage(query: URLSearchParams): Gate<{ page: number; npp: number }> {
  const page = wholeNumber(query, 'page', 1, MAX_FEED_PAGE);
  const npp = wholeNumber(query, 'npp', 10, MAX_FEED_PAGE_SIZE);
  if (page === null || npp === null)
    return refuse(refusal(400, `page and npp must be whole numbers from 1 (npp at most ${MAX_FEED_PAGE_SIZE})`));
  return pass({ page, npp });
}

/** `filter`, a JSON object: the one child of the caller its `child_id` names, or `null` without one. */
export function readFeedFilter(caller: Caller, query: URLSearchParams): Gate<SeedChild | null> {
  const text = query.get('filter');
  if (text === null) return pass(null);
  const filter = readJson(
    text,
    feedFilterSchema,
    'filter must be a JSON object',
    'filter must be a JSON object whose child_id is a number',
  );
  if (!filter.ok) return filter;
  const childId = filter.value.child_id;
  if (childId === undefined) return pass(null);
  const child = childOf(caller, childId);
  return child ? pass(child) : refuse(refusal(403, 'child_id is not a child of this profile'));
}

/** `student_profile_ids`: comma-separated student ids, each a child of the caller. */
export function requireStudentProfiles(caller: Caller, query: URLSearchParams): Gate<SeedChild[]> {
  const ids = (query.get('student_profile_ids') ?? '').split(',').map((id) => id.trim());
  if (ids.length === 0 || !ids.every((id) => /^\d{1,15}$/.test(id)))
    return refuse(refusal(400, 'student_profile_ids is required and must list numbers'));
  const children: SeedChild[] = [];
  for (const id of ids) {
    const child = childOf(caller, id);
    if (!child) return refuse(refusal(403, 'student_profile_ids names a student who is not a child of this profile'));
    if (!children.includes(child)) children.push(child);
  }
  return pass(children);
}

/** `week_from` and `week_to`, each optional (open-ended), as `YYYY-MM-DD`. */
export function readWeekRange(query: URLSearchParams): Gate<{ from: string; to: string }> {
  const given = [query.get('week_from'), query.get('week_to')];
  if (given.some((value) => value !== null && !isCalendarDate(value)))
    return refuse(refusal(400, 'week_from and week_to must be YYYY-MM-DD when given'));
  const [from = '1000-01-01', to = '9999-12-31'] = given.map((value) => value ?? undefined);
  if (from > to) return refuse(refusal(400, 'week_from must not be after week_to'));
  return pass({ from, to });
}

/** The body of a signature: JSON `{parent_profile_id, student_profile_id, week}`. */
export function readSignatureRequest(body: string): Gate<SignatureRequest> {
  return readJson(
    body,
    signatureRequestSchema,
    'the body must be JSON',
    'the body must be {parent_profile_id, student_profile_id, week}',
  );
}
