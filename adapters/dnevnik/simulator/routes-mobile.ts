/**
 * The two routes of the app's API the simulator serves, behind the same token and id checks as the partner
 * API (`gates.ts`): the school board's notices of a child, and a week of the child's diary. The week is
 * chosen as the one client that pages it does: `id` is a day (a Monday), `loadType=Future` answers the
 * week after it, `Past` the week before, `Undefined` (or none) the week of `id`; no `id`: this week.
 */
import { schoolToday, shiftDate } from '../../simulation/calendar.js';
import { pass, refuse, type Caller, type Gate } from '../../simulation/gates.js';
import { json, type Reply } from '../../simulation/replies.js';
import type { SeedChild } from '../../simulation/seed.js';
import type { NoticeBoard } from './board.js';
import { requireDate, requirePerson, requirePersonWithGroup, requireSchool } from './gates.js';
import { schoolIdOf } from './ids.js';
import { renderDiaryWeek, renderNotices } from './render-mobile.js';
import { apiError } from './replies.js';

/** What these routes read of a request once its token passed (the router's context has more). */
export interface MobileRouteContext {
  board: NoticeBoard;
  caller: Caller;
  parameters: Readonly<Record<string, string>>;
  query: URLSearchParams;
  now: Date;
}

/** The person and the school must be the same child's. */
function personAtSchool(context: MobileRouteContext): Gate<SeedChild> {
  const person = requirePerson(context.caller, context.parameters.person);
  if (!person.ok) return person;
  const school = requireSchool(context.caller, context.parameters.school);
  if (!school.ok) return school;
  return schoolIdOf(school.value) === schoolIdOf(person.value)
    ? person
    : refuse(apiError(403, 'authorizationFailed', 'Нет доступа к школе'));
}

/** `…/persons/{person}/schools/{school}/notifications`. */
export function schoolNotices(context: MobileRouteContext): Reply {
  const child = personAtSchool(context);
  if (!child.ok) return child.reply;
  return json(renderNotices(context.board, context.caller.account, schoolIdOf(child.value)));
}

/** The Monday of a day's week. */
function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return shiftDate(date, -((weekday + 6) % 7));
}

const WEEK_SHIFT: Readonly<Record<string, number>> = { Future: 7, Past: -7, Undefined: 0 };

/** The Monday of the week asked for. */
function weekAsked(context: MobileRouteContext, child: SeedChild): Gate<string> {
  const loadType = context.query.get('loadType') ?? 'Undefined';
  const shift = WEEK_SHIFT[loadType];
  if (shift === undefined)
    return refuse(apiError(400, 'parameterInvalid', "Параметр 'loadType' имеет неверное значение"));
  const id = context.query.get('id');
  const day = id === null || id === '' ? pass(schoolToday(context.now, child.timeZone)) : requireDate(id, 'id');
  return day.ok ? pass(shiftDate(mondayOf(day.value), shift)) : day;
}

/** `…/persons/{person}/schools/{school}/groups/{group}/diary?id&loadType`. */
export function diaryWeek(context: MobileRouteContext): Reply {
  const child = personAtSchool(context);
  if (!child.ok) return child.reply;
  const group = requirePersonWithGroup(context.caller, context.parameters.person, context.parameters.group);
  if (!group.ok) return group.reply;
  const monday = weekAsked(context, child.value);
  if (!monday.ok) return monday.reply;
  return json(renderDiaryWeek(child.value, monday.value, schoolToday(context.now, child.value.timeZone)));
}
