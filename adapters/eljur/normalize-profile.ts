/**
 * `getrules` → the account holder and their children as `ProviderStudent`s; a child's card
 * (`getprofileuserinfo`) → their SNILS and which of the account's schools is theirs.
 */
import type { ProviderAccountProfile, ProviderStudent, School } from '../../src/domain/model.js';
import type { ProfileUserInfo, Rules, SchoolRelation, StudentRelation } from './payloads.js';
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
  const fromTitle =
    words[0] === lastName && words[1] === firstName && words.length > 2 ? words.slice(2).join(' ') : null;
  return { firstName, lastName, middleName: textOrNull(fields.middlename) ?? fromTitle };
}

/** A school of `relations.schools`, identified by INN, else its number, else its title. */
function schoolOfRelation(relation: SchoolRelation): School | null {
  const name = textOrNull(relation.title_full) ?? textOrNull(relation.title);
  if (name === null) return null;
  const identity = textOrNull(relation.inn) ?? textOrNull(relation.number) ?? name;
  return { id: eljurId('school', identity), name, provider: ELJUR };
}

/**
 * The school `getrules` alone gives a child: the first of `relations.schools`. `getrules` does not say
 * which child attends which school, so this is only the fallback of {@link schoolOfChild}.
 */
function firstSchool(rules: Rules): School | null {
  const [relation] = valuesOf(rules.relations?.schools);
  return relation ? schoolOfRelation(relation) : null;
}

/**
 * A school name as compared: Unicode-composed, every run of whitespace (no-break spaces included, common
 * around `№`) one space, trimmed, lower case. `getprofileuserinfo` and `getrules` are separate methods
 * and need not write a name the same way.
 */
export function schoolNameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('ru-RU');
}

/** `profileUserInfo.schoolName` of a child's card; `null` when the card, or the name, is missing or blank. */
export function readProfileSchoolName(info: ProfileUserInfo): string | null {
  const card = info.profileUserInfo;
  if (!card || Array.isArray(card)) return null;
  return textOrNull(card.schoolName);
}

/**
 * The school a child attends. A parent's account lists every school of its children in
 * `relations.schools` without saying whose is whose (a child at a school and an art school shows two),
 * so the child's card (`getprofileuserinfo`) decides: its `schoolName` is matched against each listed
 * school's `title_full`, then `title` ({@link schoolNameKey}), and the first listed school that matches
 * is the child's. A card that names a school the account does not list gives a school of that name, with an
 * id from the name (`eljur:school:name:<key>`), rather than another child's school. Without a card or a
 * name in it, the first listed school is all there is to go on.
 */
export function schoolOfChild(rules: Rules, info: ProfileUserInfo | null): School | null {
  const named = info ? readProfileSchoolName(info) : null;
  if (named === null) return firstSchool(rules);
  const key = schoolNameKey(named);
  const schools = valuesOf(rules.relations?.schools);
  const sameName = (title: string | null | undefined) =>
    textOrNull(title) !== null && schoolNameKey(String(title)) === key;
  // Full titles first: short ones (`Школа № 7`) are more likely to be shared by two schools.
  const listed =
    schools.find((relation) => sameName(relation.title_full)) ?? schools.find((relation) => sameName(relation.title));
  const school = listed ? schoolOfRelation(listed) : null;
  // The name is shown as sent, only its spacing tidied; the key keeps ids equal across case and spacing.
  return school ?? { id: eljurId('school', `name:${key}`), name: named.replace(/\s+/g, ' ').trim(), provider: ELJUR };
}

function studentOf(id: string, relation: StudentRelation | null, rules: Rules, timeZone: string): ProviderStudent {
  const name = readPersonName(relation ?? rules);
  return {
    provider: ELJUR,
    externalId: id,
    providerIds: { [ELJUR_STUDENT_ID]: id },
    ...name,
    // `getrules` carries neither a birth date nor SNILS; SNILS comes from `getprofileuserinfo`
    // (`readProfileSnils`), and no method is known to carry a birth date.
    birthDate: null,
    snils: null,
    // Until the child's card is read (`schoolOfChild`), the only school known is the account's first.
    school: firstSchool(rules),
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
  if (students.length === 0 && roles.includes('student') && ownId !== null)
    students.push(studentOf(ownId, null, rules, timeZone));
  // Eljur shows no birth date or SNILS for the account holder.
  return { holder: { ...holder, birthDate: null, snils: null }, students };
}

/**
 * The child's SNILS from `getprofileuserinfo`, kept as Eljur sent it (only matching reads it); `null`
 * when the card has none or is empty. A number is written out as SNILS's 11 digits (a number loses the
 * leading zeros a SNILS may have).
 */
export function readProfileSnils(info: ProfileUserInfo): string | null {
  const card = info.profileUserInfo;
  if (!card || Array.isArray(card)) return null;
  const { snils } = card;
  if (typeof snils === 'number')
    return Number.isSafeInteger(snils) && snils > 0 ? String(snils).padStart(11, '0') : null;
  return textOrNull(snils);
}
