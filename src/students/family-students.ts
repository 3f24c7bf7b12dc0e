/**
 * One family's students: the children of all of a parent's linked accounts, grouped into students by
 * SNILS, or full name and birth date, or the parent's confirmation (`src/identity/matching.ts`), with the
 * issuer's list of the parent's children as anchors. Name-only matches become suggestions, never merges.
 */
import type { PersonIdentity } from '../domain/person.js';
import type { StudentEnrollment, StudentRecord } from '../domain/model.js';
import { chooseDisplayName } from '../identity/names.js';
import { groupCandidates, pairKey, type MatchCandidate } from '../identity/matching.js';
import type { MatchDecisionRecord } from '../store/store.js';
import type { AccountChild } from './account-children.js';
import { compareRussian } from '../domain/collation.js';

/** Two students that may be one child. */
export interface MatchSuggestionModel {
  id: string;
  /** The pair key of the two students' ids, as stored with the parent's decision. */
  pairKey: string;
  students: [StudentRecord, StudentRecord];
  reason: string;
}

/** A family's students and suggestions. */
export interface FamilyStudents {
  students: StudentRecord[];
  suggestions: MatchSuggestionModel[];
}

/** What grouping needs besides the children. */
export interface FamilyInput {
  children: AccountChild[];
  /** The parent's children as the OpenID issuer listed them. */
  anchors: PersonIdentity[];
  decisions: MatchDecisionRecord[];
  /** Link time of each account, to order enrollments of children first seen at the same moment. */
  accountLinkedAt: ReadonlyMap<string, number>;
}

const ANCHOR_PREFIX = 'anchor\u0000';

/** Groups a family's children into students, primary (earliest seen) enrollment first. */
export function assembleFamily(input: FamilyInput): FamilyStudents {
  const byChild = new Map<string, AccountChild[]>();
  for (const child of [...input.children].sort((a, b) => compareChildren(a, b, input.accountLinkedAt))) {
    byChild.set(child.childId, [...(byChild.get(child.childId) ?? []), child]);
  }
  const candidates: MatchCandidate[] = [
    ...[...byChild.entries()].map(([childId, [first]]) => toCandidate(childId, first!)),
    // The issuer's children share one pseudo-account: two of them are siblings, never one child.
    ...input.anchors.map((anchor, index) => ({ key: `${ANCHOR_PREFIX}${index}`, accountId: ANCHOR_PREFIX, ...anchor })),
  ];
  const decisions = input.decisions.map((decision) => ({
    pair: decision.pairKey.split('|') as [string, string],
    decision: decision.decision,
  }));
  const { groups, suggestions } = groupCandidates(candidates, decisions);

  const studentOf = new Map<string, StudentRecord>();
  const students: StudentRecord[] = [];
  for (const group of groups) {
    const members = group
      .flatMap((key) => byChild.get(key) ?? [])
      .sort((a, b) => compareChildren(a, b, input.accountLinkedAt));
    if (members.length === 0) continue; // an issuer's child with no diary enrollment
    const childIds = [...new Set(members.map((member) => member.childId))];
    const enrollments = withDisplayedName(members.map((member) => member.enrollment));
    const student: StudentRecord = { id: childIds[0]!, enrollments, childIds, access: 'PARENT' };
    students.push(student);
    for (const key of group) studentOf.set(key, student);
  }
  return {
    students: students.sort(compareStudents),
    suggestions: toSuggestions(suggestions, studentOf, input.decisions),
  };
}

/** One suggestion per pair of distinct students, unless the parent already decided about that pair. */
function toSuggestions(
  found: { keys: [string, string]; reason: string }[],
  studentOf: ReadonlyMap<string, StudentRecord>,
  decisions: MatchDecisionRecord[],
): MatchSuggestionModel[] {
  const decided = new Set(decisions.map((decision) => decision.pairKey));
  const seen = new Map<string, MatchSuggestionModel>();
  for (const { keys, reason } of found) {
    const first = studentOf.get(keys[0]);
    const second = studentOf.get(keys[1]);
    if (!first || !second || first === second) continue;
    const key = pairKey(first.id, second.id);
    if (decided.has(key) || seen.has(key)) continue;
    const ordered: [StudentRecord, StudentRecord] = first.id === key.split('|')[0] ? [first, second] : [second, first];
    seen.set(key, { id: `sug_${Buffer.from(key).toString('base64url')}`, pairKey: key, students: ordered, reason });
  }
  return [...seen.values()];
}

/**
 * The enrollments with the primary one carrying the name to show (`Student.fullName`, `lastName`, … read
 * the primary enrollment): the cleanest spelling among all of them, with every part any of them knows
 * ({@link chooseDisplayName}). Without this, a primary diary that wrote `Пeтрова Анна` (a Latin `e`, no
 * patronymic) hid `Петрова Анна Сергеевна` from the other (issue 11 §3). Only the name changes: which
 * diary is primary, and every other enrollment, stay as read.
 */
function withDisplayedName(enrollments: StudentEnrollment[]): StudentEnrollment[] {
  const [primary, ...rest] = enrollments;
  const shown = chooseDisplayName(enrollments.map((enrollment) => enrollment.student));
  if (primary === undefined || shown === null) return enrollments;
  return [{ ...primary, student: { ...primary.student, ...shown } }, ...rest];
}

function toCandidate(childId: string, child: AccountChild): MatchCandidate {
  const { student, accountId } = child.enrollment;
  return {
    key: childId,
    accountId,
    lastName: student.lastName,
    firstName: student.firstName,
    middleName: student.middleName,
    birthDate: student.birthDate,
    snilsHash: student.snils,
  };
}

function compareChildren(a: AccountChild, b: AccountChild, linkedAt: ReadonlyMap<string, number>): number {
  return (
    a.firstSeenAt - b.firstSeenAt ||
    (linkedAt.get(a.enrollment.accountId) ?? 0) - (linkedAt.get(b.enrollment.accountId) ?? 0) ||
    a.childId.localeCompare(b.childId)
  );
}

/** By last name, then first name (Russian collation), then id: the order `Viewer.students` promises. */
export function compareStudents(a: StudentRecord, b: StudentRecord): number {
  const first = a.enrollments[0]!.student;
  const second = b.enrollments[0]!.student;
  return (
    compareRussian(first.lastName, second.lastName) ||
    compareRussian(first.firstName, second.firstName) ||
    a.id.localeCompare(b.id)
  );
}
