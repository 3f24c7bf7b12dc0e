/**
 * Eljur's address book (`getmessagereceivers`) → recipient groups, and the roles it tells: Eljur's mail
 * names people without saying what they are, so a person's role is the role of the address-book group they
 * are in («Классные руководители» → `CLASS_TEACHER`). Groups are known by their `key` (the web mail's own
 * list names `classruks`, `administration`, `specialists`, `teachers`, `parents`, `students`), else by
 * their Russian name; a group neither tells has no role (`null`).
 *
 * Some groups hold their people in `subgroups` by class (`5-В`). For a child, only the subgroups of the
 * child's class are kept when one matches, so a parent of two children writes about each to that child's
 * teachers; when none matches (or the class is unknown), every subgroup is kept rather than none.
 */
import type { MessagePersonRole, ProviderRecipient, ProviderRecipientGroup } from '../../src/domain/messaging.js';
import { textOrNull, valuesOf } from './normalize-common.js';
import type { MessagePerson, ReceiverGroup, ReceiversAnswer, ReceiverSubgroup } from './payloads-messages.js';

/** What a name falls back to when Eljur gives none: the port's «—». */
export const NO_NAME = '—';

/** Roles by group key, as the web mail names its recipient lists (and BetterJournal's `specialist`). */
const ROLE_BY_KEY: readonly (readonly [RegExp, MessagePersonRole])[] = [
  [/classruk|class_?teacher|hometeacher/i, 'CLASS_TEACHER'],
  [/admin/i, 'ADMINISTRATION'],
  [/teacher/i, 'TEACHER'],
  [/specialist/i, 'OTHER'],
  [/parent/i, 'PARENT'],
  [/student|pupil/i, 'STUDENT'],
];

/** Roles by the group's Russian name, for keys the list above does not know. */
const ROLE_BY_NAME: readonly (readonly [RegExp, MessagePersonRole])[] = [
  [/классн\S*\s+рук|классрук/iu, 'CLASS_TEACHER'],
  [/администрац|директор|завуч/iu, 'ADMINISTRATION'],
  // Before teachers: «Педагог-психолог» is a specialist.
  [/специалист|психолог|логопед|дефектолог|библиотекар/iu, 'OTHER'],
  [/учител|педагог|преподавател/iu, 'TEACHER'],
  [/родител/iu, 'PARENT'],
  [/учени|учащ|обучающ/iu, 'STUDENT'],
];

/** The role a group's people have, by its key, else its name; `null` when neither says. */
export function roleOfGroup(group: {
  key?: string | number | null | undefined;
  name?: string | null;
}): MessagePersonRole | null {
  const key = textOrNull(group.key);
  const byKey = key === null ? undefined : ROLE_BY_KEY.find(([pattern]) => pattern.test(key));
  if (byKey) return byKey[1];
  const name = textOrNull(group.name);
  return (name === null ? undefined : ROLE_BY_NAME.find(([pattern]) => pattern.test(name)))?.[1] ?? null;
}

/** A person's full name as Eljur writes it, `Фамилия Имя Отчество`; `—` when it gives none. */
export function personName(person: MessagePerson | null | undefined): string {
  if (!person) return NO_NAME;
  const words = [person.lastname, person.firstname, person.middlename]
    .map((part) => textOrNull(part)?.trim())
    .filter((part): part is string => Boolean(part));
  return words.length > 0 ? words.join(' ') : (textOrNull(person.search)?.trim() ?? NO_NAME);
}

/** A person's Eljur id (`name`), or `null`. */
export function personId(person: MessagePerson | null | undefined): string | null {
  return textOrNull(person?.name)?.trim() ?? null;
}

/** Class names compare without case, spaces and dashes: `5-В`, `5 в` and `5В` are one class. */
function classKey(name: string | null | undefined): string {
  return (name ?? '').toLowerCase().replace(/[\s\-–—]+/g, '');
}

/** The subgroups of a group for a child's class (see the module comment). */
function subgroupsFor(group: ReceiverGroup, className: string | null): ReceiverSubgroup[] {
  const all = valuesOf(group.subgroups);
  const wanted = classKey(className);
  const mine =
    wanted === '' ? [] : all.filter((subgroup) => classKey(subgroup.name ?? String(subgroup.key ?? '')) === wanted);
  return mine.length > 0 ? mine : all;
}

function recipientOf(person: MessagePerson, role: MessagePersonRole | null): ProviderRecipient | null {
  const externalId = personId(person);
  if (externalId === null) return null;
  return { externalId, name: personName(person), role, description: textOrNull(person.info)?.trim() ?? null };
}

/** The people of a group (its own and its subgroups' for the class), once each, in Eljur's order. */
function peopleOf(group: ReceiverGroup, className: string | null): MessagePerson[] {
  return [...valuesOf(group.users), ...subgroupsFor(group, className).flatMap((subgroup) => valuesOf(subgroup.users))];
}

/**
 * The address book for writing about a child in class `className` (`null`: every subgroup), one group per
 * Eljur group that has anyone left, each person once per group.
 */
export function normalizeRecipientGroups(answer: ReceiversAnswer, className: string | null): ProviderRecipientGroup[] {
  return valuesOf(answer.groups).flatMap((group) => {
    const role = roleOfGroup(group);
    const seen = new Set<string>();
    const recipients = peopleOf(group, className).flatMap((person) => {
      const recipient = recipientOf(person, role);
      if (recipient === null || seen.has(recipient.externalId)) return [];
      seen.add(recipient.externalId);
      return [recipient];
    });
    const name = textOrNull(group.name)?.trim() ?? textOrNull(group.key) ?? NO_NAME;
    return recipients.length > 0 ? [{ name, recipients }] : [];
  });
}

/** Which role a person in several groups keeps: the most particular (a class teacher also teaches). */
const ROLE_RANK: readonly (MessagePersonRole | null)[] = [
  'CLASS_TEACHER',
  'ADMINISTRATION',
  'TEACHER',
  'OTHER',
  'PARENT',
  'STUDENT',
  null,
];

/**
 * Every person of the whole address book by id, with the most particular role of the groups that name them:
 * how the mail's senders and recipients get their roles, and how a send's recipients are checked.
 */
export function addressBook(answer: ReceiversAnswer): ReadonlyMap<string, ProviderRecipient> {
  const book = new Map<string, ProviderRecipient>();
  for (const group of valuesOf(answer.groups)) {
    const role = roleOfGroup(group);
    for (const person of peopleOf(group, null)) {
      const recipient = recipientOf(person, role);
      if (recipient === null) continue;
      const known = book.get(recipient.externalId);
      if (!known || ROLE_RANK.indexOf(role) < ROLE_RANK.indexOf(known.role)) book.set(recipient.externalId, recipient);
    }
  }
  return book;
}
