/**
 * Dnevnik.ru user, context, relatives, edu-groups and schools → the account holder and their children
 * as `ProviderStudent`s.
 *
 * Children come from `/v2/users/me/relatives` (`[{type, person}]`, a shape typed clients confirm; the
 * shape of `/v2/users/me/children` is not known). The relation `type` vocabulary is not published, so
 * every relative is taken as a child except those whose type names a parent or guardian. A pupil's own
 * account (role `EduStudent`, no such relatives) shows the holder as the one child.
 */
import { readDate } from '../../src/domain/dates.js';
import type { ProviderAccountProfile, ProviderStudent } from '../../src/domain/model.js';
import type { EduGroup, Relative, School, User, UserContext } from './payloads.js';
import { DNEVNIK, dnevnikId, preferTwin, reference, schoolTimeZone, textOrNull } from './normalize-common.js';

/** Key of `ProviderStudent.providerIds`: the child's person id (marks, schedules, log entries are asked for by it). */
export const DNEVNIK_PERSON_ID = 'personId';
/** Key of `ProviderStudent.providerIds`: the child's school (marks and work types are asked for by it). */
export const DNEVNIK_SCHOOL_ID = 'schoolId';
/** The child's class (edu-group of type `Group`): schedules, periods and averages are asked for by it. */
export const DNEVNIK_GROUP_ID = 'eduGroupId';

/** Relation types that name the holder's parent or guardian rather than a child. */
const PARENT_RELATION = /parent|mother|father|guardian|родител|мать|отец|опекун/i;
const STUDENT_ROLE = 'edustudent';
const SUBGROUP_TYPE = 'subgroup';
/** Edu-group statuses of a class the child has left (vocabulary not published). */
const ARCHIVED_STATUS = /archiv|closed|finish|former/i;

/** A child as the profile routes name them. */
export interface ChildPerson {
  personId: string;
  firstName: string;
  lastName: string;
  middleName: string | null;
}

/**
 * The holder's name and birthday from `/v2/users/me` (`name` is the first name; `firstName` where sent).
 * `snils` is always `null`: no Dnevnik.ru route known to clients carries one (providers.md §1.5).
 */
export function normalizeHolder(user: User): ProviderAccountProfile['holder'] {
  return {
    firstName: textOrNull(user.firstName) ?? textOrNull(user.name) ?? '',
    lastName: textOrNull(user.lastName) ?? '',
    middleName: textOrNull(user.middleName),
    birthDate: readDate(user.birthday),
    snils: null,
  };
}

/** The children the account shows: its relatives that are not parents, or the holder when the holder is a pupil. */
export function childPersons(user: User, context: UserContext, relatives: readonly Relative[]): ChildPerson[] {
  const children = relatives
    .filter((relative) => !PARENT_RELATION.test(relative.type ?? ''))
    .map(({ person }) => ({
      personId: preferTwin(person.id_str, person.id),
      firstName: person.firstName,
      lastName: person.lastName,
      middleName: textOrNull(person.middleName),
    }));
  const unique = [...new Map(children.map((child) => [child.personId, child])).values()];
  if (unique.length > 0) return unique;
  const roles = [...(context.roles ?? []), ...(user.roles ?? [])].map((role) => role.trim().toLowerCase());
  const holderPerson = reference(user.personId_str, user.personId) ?? reference(null, context.personId);
  if (!roles.includes(STUDENT_ROLE) || holderPerson === null) return [];
  const holder = normalizeHolder(user);
  return [
    { personId: holderPerson, firstName: holder.firstName, lastName: holder.lastName, middleName: holder.middleName },
  ];
}

function isClass(group: EduGroup): boolean {
  const hasParents = (group.parentIds ?? []).length > 0 || (group.parentIds_str ?? []).length > 0;
  return !hasParents && (group.type ?? '').trim().toLowerCase() !== SUBGROUP_TYPE;
}

/**
 * The child's class among its edu-groups: a group that is not a subgroup (no `parentIds`, type not
 * `Subgroup`), preferring one that is not archived, then the latest study year. `null` when none.
 */
export function pickClassGroup(groups: readonly EduGroup[]): EduGroup | null {
  const classes = groups.filter(isClass);
  const rank = (group: EduGroup) => (ARCHIVED_STATUS.test(group.status ?? '') ? 0 : 1);
  return [...classes].sort((a, b) => rank(b) - rank(a) || (b.studyyear ?? 0) - (a.studyyear ?? 0))[0] ?? null;
}

/** The id of an edu-group. */
export function groupIdOf(group: EduGroup): string {
  return preferTwin(group.id_str, group.id);
}

/**
 * The school of a class, from the context: the school whose `groupIds` list the class, else the only
 * school of the context. `null` when the context cannot tell.
 */
export function schoolIdOfGroup(context: UserContext, groupId: string | null): string | null {
  const schools = context.schools ?? [];
  const listing = groupId === null ? undefined : schools.find((school) => (school.groupIds ?? []).includes(groupId));
  if (listing) return listing.id;
  const ids = new Set([...(context.schoolIds ?? []), ...schools.map((school) => school.id)]);
  return ids.size === 1 ? [...ids][0]! : null;
}

/** What is known about a child's school. */
export interface ChildSchool {
  id: string;
  /** `/v2/schools/{id}`, when it was read. */
  details: School | null;
}

/** Builds the `ProviderStudent`; the school's `timeZone` (hours) gives the zone, else `defaultTimeZone`. */
export function dnevnikStudent(
  child: ChildPerson,
  classGroup: EduGroup | null,
  school: ChildSchool | null,
  context: UserContext,
  defaultTimeZone: string,
): ProviderStudent {
  const providerIds: Record<string, string> = { [DNEVNIK_PERSON_ID]: child.personId };
  if (school) providerIds[DNEVNIK_SCHOOL_ID] = school.id;
  if (classGroup) providerIds[DNEVNIK_GROUP_ID] = groupIdOf(classGroup);
  const schoolName =
    textOrNull(school?.details?.name) ?? textOrNull(context.schools?.find((entry) => entry.id === school?.id)?.name);
  return {
    provider: DNEVNIK,
    externalId: child.personId,
    providerIds,
    firstName: child.firstName,
    lastName: child.lastName,
    middleName: child.middleName,
    // Dnevnik.ru persons carry neither a birthday nor SNILS.
    birthDate: null,
    snils: null,
    school: school && schoolName ? { id: dnevnikId(school.id), name: schoolName, provider: DNEVNIK } : null,
    className: textOrNull(classGroup?.name),
    timeZone: schoolTimeZone(school?.details?.timeZone, defaultTimeZone),
  };
}
