/**
 * What the Dnevnik.ru adapter reads for one child over several routes: the child's ids, the day schedules
 * of a range joined with the school's work types and the class's subjects (`diaryIndex`), the lessons with
 * their bell times, and the class's subjects with its subgroups'. Every read goes through the request's
 * reader (`reader.ts`), so an answer that feeds several of these is fetched once per request.
 */
import type { UpstreamScope } from '../../src/domain/adapter.js';
import type { DateRange, ProviderStudent, Subject } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import { unlessUnreadable } from '../../src/upstream/tolerant-decode.js';
import {
  buildDiaryIndex,
  DNEVNIK,
  DNEVNIK_GROUP_ID,
  DNEVNIK_PERSON_ID,
  DNEVNIK_SCHOOL_ID,
  groupIdOf,
  normalizeLessons,
  normalizeSubjects,
  type DiaryIndex,
} from './normalize.js';
import type { DnevnikReader } from './reader.js';

/** The ids the diary routes need for one child. */
export interface ChildIds {
  person: string;
  school: string | null;
  group: string | null;
}

/** A child's ids, from what the profile recorded. */
export function idsOf(student: ProviderStudent): ChildIds {
  return {
    person: student.providerIds[DNEVNIK_PERSON_ID] ?? student.externalId,
    school: student.providerIds[DNEVNIK_SCHOOL_ID] ?? null,
    group: student.providerIds[DNEVNIK_GROUP_ID] ?? null,
  };
}

/** A child's id the profile must have recorded; without it the route cannot be called. */
export function required(value: string | null, what: string): string {
  if (value === null)
    throw new ProviderBadResponseError(DNEVNIK, `profile: Dnevnik.ru names no ${what} for this child`);
  return value;
}

/** The child's ids with the class (edu-group), which the class's routes cannot be called without. */
export function classIdsOf(student: ProviderStudent): ChildIds & { group: string } {
  const ids = idsOf(student);
  return { ...ids, group: required(ids.group, 'class (edu-group)') };
}

/**
 * The day schedules of a range joined with the school's work types and the class's subjects. The work
 * types (weights, names of works) and subjects (names) only enrich, so an unreadable answer of theirs
 * leaves those fields empty and is reported as drift. The days are what a timetable or homework is
 * made of (`days: 'core'`: unreadable, the call fails); for grades and attendance, which come from their
 * own routes, they only enrich too (`'enrichment'`): grades are then served without their lessons.
 */
export async function diaryIndex(
  reader: DnevnikReader,
  student: ProviderStudent,
  range: DateRange,
  scope: UpstreamScope,
  days: 'core' | 'enrichment',
): Promise<DiaryIndex> {
  const ids = idsOf(student);
  const readDays = async () => reader.days(ids.person, required(ids.group, 'class (edu-group)'), range);
  const [dayList, workTypes, subjects] = await Promise.all([
    days === 'core' ? readDays() : unlessUnreadable({ provider: DNEVNIK, route: 'schedules' }, scope, readDays, []),
    ids.school === null
      ? []
      : unlessUnreadable({ provider: DNEVNIK, route: 'workTypes' }, scope, () => reader.workTypes(ids.school!), []),
    ids.group === null
      ? []
      : unlessUnreadable(
          { provider: DNEVNIK, route: 'groupSubjects' },
          scope,
          () => reader.groupSubjects(ids.group!),
          [],
        ),
  ]);
  return buildDiaryIndex({
    personId: ids.person,
    timeZone: student.timeZone,
    days: dayList,
    workTypes,
    subjects: [subjects],
  });
}

/** The lessons of a range; bell times come from the timetables, which only enrich (see {@link diaryIndex}). */
export async function lessons(reader: DnevnikReader, student: ProviderStudent, range: DateRange, scope: UpstreamScope) {
  const { group } = classIdsOf(student);
  const [index, timetables] = await Promise.all([
    diaryIndex(reader, student, range, scope, 'core'),
    unlessUnreadable({ provider: DNEVNIK, route: 'timetables' }, scope, () => reader.timetables(group), []),
  ]);
  return normalizeLessons(index, timetables, range);
}

/** The class's subjects, with those of the class's subgroups the child belongs to. */
export async function childSubjects(
  reader: DnevnikReader,
  student: ProviderStudent,
  scope: UpstreamScope,
): Promise<Subject[]> {
  const ids = classIdsOf(student);
  const { group } = ids;
  // The class's own list is the core; the subgroups' lists (from the child's groups) only add to it.
  const [classSubjects, groups] = await Promise.all([
    reader.groupSubjects(group),
    unlessUnreadable({ provider: DNEVNIK, route: 'personEduGroups' }, scope, () => reader.eduGroups(ids.person), []),
  ]);
  // The class's subgroups (a foreign language split in two) carry their own subject lists.
  const own = groups.filter(
    (candidate) => groupIdOf(candidate) === group || (candidate.parentIds ?? []).includes(group),
  );
  return normalizeSubjects([classSubjects, ...own.map((candidate) => candidate.subjects ?? [])]);
}
