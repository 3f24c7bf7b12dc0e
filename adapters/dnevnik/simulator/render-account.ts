/**
 * The account-level answers as Dnevnik.ru sends them: the user, the context (its arrays without `_str`
 * twins), the relatives, a child's edu-groups (the class and its foreign-language subgroup), schools,
 * subjects and the school's work types (the one place weights live).
 */
import type { SeedAccount, SeedChild, SeedFamily, SeedPerson, SeedSubject } from '../../simulation/seed.js';
import { zoneOffsetMinutes } from '../../simulation/calendar.js';
import {
  classIdOf,
  holderPersonIdOf,
  personIdOf,
  schoolIdOf,
  subgroupIdOf,
  subjectIdOf,
  twin,
  userIdOf,
  workTypeIdOf,
} from './ids.js';
import type { Caller } from '../../simulation/gates.js';
import type {
  ContextWire,
  EduGroupWire,
  PersonWire,
  RelativesWire,
  SchoolWire,
  SubjectWire,
  UserWire,
  WorkTypeWire,
} from './wire.js';

/** A work type of the child's school as the marks use it. */
export interface SchoolWorkType {
  id: bigint;
  name: string;
  weight: number;
  kind: string;
  abbr: string;
}

const FOREIGN_LANGUAGE = /английск|немецк|французск|иностранн/i;

/** Russian patronymics say the sex: `…вна`/`…чна` female, `…ич` male. */
function sexOf(person: Pick<SeedPerson, 'middleName'>): 'Female' | 'Male' | null {
  const middleName = person.middleName ?? '';
  if (/на$/.test(middleName)) return 'Female';
  if (/ич$/.test(middleName)) return 'Male';
  return null;
}

function shortNameOf(person: Pick<SeedPerson, 'firstName' | 'lastName' | 'middleName'>): string {
  return [person.lastName, `${person.firstName[0]}.`, person.middleName ? `${person.middleName[0]}.` : '']
    .join(' ')
    .trim();
}

/**
 * A child as a `Person`. Dnevnik.ru persons carry no birthday and no SNILS (providers.md §1.5), so none
 * is sent for any child, and `SeedChild.hideBirthDate` has nothing to hide here.
 */
export function personPayload(child: SeedChild): PersonWire {
  const id = personIdOf(child);
  return {
    id,
    id_str: twin(id),
    userId: userIdOf(id),
    userId_str: twin(userIdOf(id)),
    firstName: child.firstName,
    lastName: child.lastName,
    middleName: child.middleName,
    shortName: shortNameOf(child),
    sex: sexOf(child),
  };
}

function subjectPayload(subject: SeedSubject): SubjectWire {
  const id = subjectIdOf(subject.id);
  return { id, id_str: twin(id), name: subject.name, knowledgeArea: null };
}

/** The subject the class's subgroup learns, if the child has a foreign language. */
export function subgroupSubjectOf(child: SeedChild): SeedSubject | undefined {
  return child.subjects.find((subject) => FOREIGN_LANGUAGE.test(subject.name));
}

function studyYearOf(child: SeedChild): number | null {
  const start = child.periods[0]?.start;
  return start ? Number(start.slice(0, 4)) : null;
}

/** The child's class as an `EduGroup` (type `Group`, no parents). */
export function classPayload(child: SeedChild): EduGroupWire {
  const id = classIdOf(child);
  return {
    id,
    id_str: twin(id),
    parentIds: [],
    parentIds_str: [],
    type: 'Group',
    name: child.className,
    fullName: child.className,
    parallel: Number.parseInt(child.className, 10) || null,
    timetable: null,
    timetable_str: null,
    status: 'Active',
    studyyear: studyYearOf(child),
    subjects: child.subjects.map(subjectPayload),
    journalType: 'Default',
  };
}

/** `GET /v2/persons/{p}/edu-groups`: the class and, when the child learns a foreign language, its subgroup. */
export function renderEduGroups(child: SeedChild): EduGroupWire[] {
  const language = subgroupSubjectOf(child);
  if (!language) return [classPayload(child)];
  const id = subgroupIdOf(child);
  const parent = classIdOf(child);
  const subgroup: EduGroupWire = {
    ...classPayload(child),
    id,
    id_str: twin(id),
    parentIds: [parent],
    parentIds_str: [twin(parent)],
    type: 'Subgroup',
    name: `${child.className} ${language.name}, 1 гр.`,
    fullName: `${child.className} ${language.name}, 1 группа`,
    subjects: [subjectPayload(language)],
  };
  return [classPayload(child), subgroup];
}

/** `GET /v2/edu-groups/{g}/subjects`: every subject of the class, or the subgroup's subject. */
export function renderGroupSubjects(child: SeedChild, isClass: boolean): SubjectWire[] {
  if (isClass) return child.subjects.map(subjectPayload);
  const language = subgroupSubjectOf(child);
  return language ? [subjectPayload(language)] : [];
}

/** `GET /v2/users/me`: the account holder (the family's parent). */
export function renderUser(family: SeedFamily, account: SeedAccount): UserWire {
  const { parent } = family;
  const personId = holderPersonIdOf(account);
  const id = userIdOf(personId);
  return {
    id,
    id_str: twin(id),
    personId,
    personId_str: twin(personId),
    name: parent.firstName,
    lastName: parent.lastName,
    middleName: parent.middleName,
    shortName: shortNameOf(parent),
    fullName: [parent.lastName, parent.firstName, parent.middleName].filter(Boolean).join(' '),
    sex: sexOf(parent),
    birthday: `${parent.birthDate}T00:00:00`,
    roles: ['EduParent'],
    timezone: null,
  };
}

/** `GET /v2/users/me/context`: the parent with the children's schools and classes (arrays without twins). */
export function renderContext(family: SeedFamily, caller: Caller): ContextWire {
  const personId = holderPersonIdOf(caller.account);
  const schools = [...new Map(caller.children.map((child) => [child.school.id, child])).values()].map((child) => ({
    id: schoolIdOf(child),
    name: child.school.name,
    type: 'School',
    groupIds: caller.children.filter((other) => other.school.id === child.school.id).map(classIdOf),
  }));
  return {
    userId: userIdOf(personId),
    personId,
    shortName: shortNameOf(family.parent),
    avatarUrl: null,
    roles: ['EduParent'],
    schools,
    eduGroups: caller.children.map(classPayload),
    schoolIds: schools.map((school) => school.id),
    groupIds: caller.children.map(classIdOf),
  };
}

/** `GET /v2/users/me/relatives`: the account's children. */
export function renderRelatives(caller: Caller): RelativesWire {
  return caller.children.map((child) => ({ type: 'Child', person: personPayload(child) }));
}

/** `GET /v2/schools/{s}`; `timeZone` is the school's UTC offset in whole hours at `now`. */
export function renderSchool(child: SeedChild, now: Date): SchoolWire {
  const id = schoolIdOf(child);
  return {
    id,
    id_str: twin(id),
    name: child.school.name,
    fullName: child.school.name,
    city: null,
    municipality: null,
    regionId: null,
    markType: 'Mark5',
    timeZone: Math.round(zoneOffsetMinutes(now, child.timeZone) / 60),
    uses_avg: true,
    uses_weighted_avg: true,
  };
}

const KINDS: Readonly<Record<string, string>> = { Экзамен: 'Exam', 'Контрольная работа': 'Test' };

function abbreviationOf(name: string): string {
  return name
    .split(/\s+/)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/** The work types the child's marks use, with their weights, in a stable order (weight, then name). */
export function schoolWorkTypes(child: SeedChild): SchoolWorkType[] {
  const weights = new Map<string, number>();
  for (const mark of child.marks) if (!weights.has(mark.workType)) weights.set(mark.workType, mark.weight);
  return [...weights.entries()]
    .sort(([nameA, weightA], [nameB, weightB]) => weightA - weightB || nameA.localeCompare(nameB, 'ru'))
    .map(([name, weight], index) => ({
      id: workTypeIdOf(index),
      name,
      weight,
      kind: KINDS[name] ?? 'Regular',
      abbr: abbreviationOf(name),
    }));
}

/** `GET /v2/work-types/{school}`: `{title, abbr, weight}`, the route's own shape. */
export function renderWorkTypes(child: SeedChild): WorkTypeWire[] {
  const schoolId = schoolIdOf(child);
  return schoolWorkTypes(child).map((type) => ({
    id: type.id,
    schoolId,
    kindId: null,
    kind: type.kind,
    title: type.name,
    abbr: type.abbr,
    weight: type.weight,
  }));
}
