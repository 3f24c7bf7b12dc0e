/**
 * `getrules` → the account holder and their children as `ProviderStudent`s.
 */
import type { ProviderAccountProfile, ProviderStudent, School } from '../../src/domain/model.js';
import type { Rules, StudentRelation } from './payloads.js';
import { ELJUR, eljurId, entriesOf, textOrNull, valuesOf } from './normalize-common.js';

/** Key of `ProviderStudent.providerIds` for Eljur: the `student` parameter of every data method. */
export const ELJUR_STUDENT_ID = 'studentId';

interface PersonName {
  firstName: string;
  lastName: string;
  middleName: string | null;
}

/**
 * A person's name. `firstname`/`lastname`/`middlename` when sent; otherwise the `title`, written
 * `Фамилия Имя Отчество`. Children's entries carry no `middlename`: when their title starts with their
 * last and first name, the rest of it is the patronymic.
 */
export function readPersonName(fields: {
  firstname?: string | null | undefined;
  lastname?: string | null | undefined;
  middlename?: string | null | undefined;
  title?: string | null | undefined;
}): PersonName {
  const words = (textOrNull(fields.title) ?? '').trim().split(/\s+/).filter(Boolean);
  const lastName = textOrNull(fields.lastname) ?? words[0] ?? '';
  const firstName = textOrNull(fields.firstname) ?? words[1] ?? '';
  const fromTitle = words[0] === lastName && words[1] === firstName && words.length > 2 ? words.slice(2).join(' ') : null;
  return { firstName, lastName, middleName: textOrNull(fields.middlename) ?? fromTitle };
}

/**
 * The school of the account: the first of `relations.schools` (a parent's schools cannot be told apart
 * per child), identified by INN, else its number, else its title.
 */
function schoolOf(rules: Rules): School | null {
  const [school] = valuesOf(rules.relations?.schools);
  const name = textOrNull(school?.title_full) ?? textOrNull(school?.title);
  if (!school || name === null) return null;
  const identity = textOrNull(school.inn) ?? textOrNull(school.number) ?? name;
  return { id: eljurId('school', identity), name, provider: ELJUR };
}

function studentOf(id: string, relation: StudentRelation | null, rules: Rules, timeZone: string): ProviderStudent {
  const name = readPersonName(relation ?? rules);
  return {
    provider: ELJUR,
    externalId: id,
    providerIds: { [ELJUR_STUDENT_ID]: id },
    ...name,
    // Neither `getrules` nor the data methods carry a birth date or SNILS.
    birthDate: null,
    snils: null,
    school: schoolOf(rules),
    className: textOrNull(relation?.class),
    timeZone,
  };
}

/**
 * Normalises `getrules`. Children are `relations.students` (keyed by id, or an array whose items carry
 * the id as `name`). A student's own account has no children listed: the holder is then the student.
 * Every child gets the tenant's `timeZone`: Eljur does not expose a school's zone.
 */
export function normalizeRules(rules: Rules, timeZone: string): ProviderAccountProfile {
  const holder = readPersonName(rules);
  const students = entriesOf(rules.relations?.students).flatMap(({ key, value }) => {
    const id = textOrNull(value.name) ?? key;
    return id === null ? [] : [studentOf(id, value, rules, timeZone)];
  });
  const roles = valuesOf(rules.roles).map((role) => role.toLowerCase());
  const ownId = textOrNull(rules.id) ?? textOrNull(rules.name);
  if (students.length === 0 && roles.includes('student') && ownId !== null) students.push(studentOf(ownId, null, rules, timeZone));
  return { holder: { ...holder, birthDate: null }, students };
}
