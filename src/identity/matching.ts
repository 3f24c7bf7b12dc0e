/**
 * Deciding which people are one child, and whether a diary account's holder is the signed-in person.
 * Pure functions over {@link PersonIdentity}: no I/O, no clock, the same input always gives the same
 * answer (the caller stores decisions and names merged students).
 *
 * The evidence, strongest first:
 * - a SNILS hash is an identity: equal means one person, two different ones mean two people, whatever
 *   the names say (twins share a surname and a birth date, never a SNILS);
 * - a matching name ({@link namesMatch}) with an equal birth date is strong enough to merge unasked;
 * - a matching name with a birth date missing on a side is only a hint: the parent is asked.
 *
 * A false merge shows one child's diary as another's, so every doubt keeps people apart.
 */
import type { HolderMatch, PersonIdentity } from '../domain/person.js';
import { createCandidateGroups, type CandidateGroup, type CandidateGroups } from './candidate-groups.js';
import { namesMatch, normalizeNamePart } from './names.js';

/** A person that may be one child with others: a diary child, or one of the issuer's children (anchor). */
export interface MatchCandidate extends PersonIdentity {
  /** Unique among the candidates; the caller's id for the person (a student id, an anchor id). */
  key: string;
  /**
   * The diary account the child came from; children from one diary account never merge with each
   * other (they are siblings). `null` for the issuer's children, which anchor matches across accounts.
   */
  accountId: string | null;
}

/** How sure a match is: by SNILS, by name and birth date, or by name alone. */
export type MatchStrength = 'CERTAIN' | 'STRONG' | 'NAME_ONLY';

/** A parent's answer about two candidates, by their keys. */
export interface MatchDecision {
  pair: [string, string];
  decision: 'CONFIRMED' | 'REJECTED';
}

/** Two candidates that may be one child, for the parent to confirm or reject. */
export interface MatchSuggestion {
  /** The two keys, in input order. */
  keys: [string, string];
  /** Why they were suggested, in short English without any personal data. */
  reason: string;
}

/** The outcome of {@link groupCandidates}. */
export interface MatchResult {
  /** Every key exactly once; a group is one child. */
  groups: string[][];
  suggestions: MatchSuggestion[];
}

/** One `|` would make two different pairs share a key. */
const PAIR_SEPARATOR = '|';

/**
 * The key of an unordered pair: both keys sorted and joined by `|`, so (a, b) and (b, a) are one pair.
 * Used as `MatchDecisionRecord.pairKey`.
 */
export function pairKey(a: string, b: string): string {
  if (a.includes(PAIR_SEPARATOR) || b.includes(PAIR_SEPARATOR))
    throw new TypeError('pairKey: a key cannot contain "|"');
  return a < b ? `${a}${PAIR_SEPARATOR}${b}` : `${b}${PAIR_SEPARATOR}${a}`;
}

function bothPresent<T>(a: T | null, b: T | null): boolean {
  return a !== null && b !== null;
}

/**
 * How two people compare: `CERTAIN` for one SNILS; `DIFFERENT` for two SNILS, however alike the rest;
 * `STRONG` for matching names and one birth date; `DIFFERENT` for two birth dates; `NAME_ONLY` for
 * matching names with a birth date missing on either side; otherwise `DIFFERENT`.
 */
export function compareCandidates(a: PersonIdentity, b: PersonIdentity): MatchStrength | 'DIFFERENT' {
  if (bothPresent(a.snilsHash, b.snilsHash)) return a.snilsHash === b.snilsHash ? 'CERTAIN' : 'DIFFERENT';
  if (!namesMatch(a, b)) return 'DIFFERENT';
  if (bothPresent(a.birthDate, b.birthDate)) return a.birthDate === b.birthDate ? 'STRONG' : 'DIFFERENT';
  return 'NAME_ONLY';
}

/**
 * How a diary account's holder compares with the signed-in person: `SAME_PERSON` by SNILS or by name and
 * birth date, `PROBABLY_SAME_PERSON` by name alone, `DIFFERENT_PERSON` by two SNILS or otherwise,
 * `NOT_COMPARABLE` when the signed-in person is unknown or a side has no name (and no SNILS decided).
 */
export function compareHolder(holder: PersonIdentity, person: PersonIdentity | null): HolderMatch {
  if (person === null) return 'NOT_COMPARABLE';
  if (bothPresent(holder.snilsHash, person.snilsHash)) {
    return holder.snilsHash === person.snilsHash ? 'SAME_PERSON' : 'DIFFERENT_PERSON';
  }
  if (!hasName(holder) || !hasName(person)) return 'NOT_COMPARABLE';
  switch (compareCandidates(holder, person)) {
    case 'CERTAIN':
    case 'STRONG':
      return 'SAME_PERSON';
    case 'NAME_ONLY':
      return 'PROBABLY_SAME_PERSON';
    case 'DIFFERENT':
      return 'DIFFERENT_PERSON';
  }
}

/** Whether a name has something to compare: a surname and a first name beyond spaces, dots and dashes. */
function hasName(person: PersonIdentity): boolean {
  return normalizeNamePart(person.lastName) !== '' && normalizeNamePart(person.firstName) !== '';
}

/** Why two candidates were suggested: which parts of the evidence are missing. No personal data. */
function suggestionReason(a: PersonIdentity, b: PersonIdentity): string {
  const patronymics = [a.middleName, b.middleName].filter(
    (middle) => middle !== null && normalizeNamePart(middle) !== '',
  ).length;
  const name =
    patronymics === 2
      ? 'same full name'
      : patronymics === 1
        ? 'same name; patronymic missing on one side'
        : 'same surname and first name';
  const dates = [a.birthDate, b.birthDate].filter((date) => date !== null).length;
  return `${name}; ${dates === 1 ? 'birth date missing on one side' : 'no birth date on either side'}`;
}

/** Two candidates (input indexes, `i < j`) and how they compare. */
interface ComparedPair {
  i: number;
  j: number;
  strength: MatchStrength;
}

/** What every step of {@link groupCandidates} reads. */
interface Matching {
  candidates: readonly MatchCandidate[];
  indexOf: ReadonlyMap<string, number>;
  /** The parent's word by {@link pairKey}, about candidates that are still here. */
  decided: ReadonlyMap<string, MatchDecision['decision']>;
  /** Every pair that is not `DIFFERENT`, by input order. */
  pairs: readonly ComparedPair[];
}

/** A rule that keeps two groups apart, whatever evidence would join them. */
type KeepApart = (left: CandidateGroup, right: CandidateGroup, matching: Matching) => boolean;

/** Siblings never merge: children of one diary account are different children. */
const siblingsNeverMerge: KeepApart = (left, right) =>
  [...left.accountIds].some((account) => right.accountIds.has(account));

/** Different SNILS never merge: a SNILS is an identity, and a group already holding one keeps it. */
const differentSnilsNeverMerge: KeepApart = (left, right) =>
  bothPresent(left.snilsHash, right.snilsHash) && left.snilsHash !== right.snilsHash;

/** The parent's rejection never merges, not even through a third candidate joined to either side. */
const rejectedNeverMerge: KeepApart = (left, right, { candidates, decided }) =>
  left.members.some((i) =>
    right.members.some((j) => decided.get(pairKey(candidates[i]!.key, candidates[j]!.key)) === 'REJECTED'),
  );

const KEEP_APART: readonly KeepApart[] = [siblingsNeverMerge, differentSnilsNeverMerge, rejectedNeverMerge];

/** Whether two groups may become one child: no rule keeps them apart. */
function mayMerge(left: CandidateGroup, right: CandidateGroup, matching: Matching): boolean {
  return !KEEP_APART.some((keepsApart) => keepsApart(left, right, matching));
}

/** Evidence that two candidates are one child: the pairs (input indexes) it would join, in order. */
type Evidence = (matching: Matching) => [number, number][];

/** One SNILS is certain: a fact, so it is joined first and wins any conflict with what follows. */
const snilsIsCertain: Evidence = ({ pairs }) =>
  pairs.filter(({ strength }) => strength === 'CERTAIN').map(({ i, j }) => [i, j]);

/**
 * The parent's confirmation, before any inference; by input order, so the result never depends on the
 * order decisions were stored in.
 */
const parentConfirmed: Evidence = ({ decided, indexOf }) =>
  [...decided]
    .filter(([, decision]) => decision === 'CONFIRMED')
    .map(
      ([key]) =>
        key
          .split(PAIR_SEPARATOR)
          .map((part) => indexOf.get(part)!)
          .sort((x, y) => x - y) as [number, number],
    )
    .sort(([a1, a2], [b1, b2]) => a1 - b1 || a2 - b2);

/** A matching name with one birth date is strong: inferred, so it comes last. */
const nameAndBirthDateAreStrong: Evidence = ({ pairs }) =>
  pairs.filter(({ strength }) => strength === 'STRONG').map(({ i, j }) => [i, j]);

/** Facts before the parent's word before inference. */
const EVIDENCE: readonly Evidence[] = [snilsIsCertain, parentConfirmed, nameAndBirthDateAreStrong];

/**
 * Groups candidates into children: union-find over `CERTAIN` pairs, then the parent's `CONFIRMED`
 * decisions, then `STRONG` pairs (facts before the parent's word before inference; within each, by input
 * order, so the result never depends on the order decisions were stored in). A union is skipped when it
 * would put two children of one diary account together, two different SNILS hashes together, or two
 * candidates the parent `REJECTED` together (a rejection must not be undone by a third candidate).
 *
 * Suggestions are `NAME_ONLY` pairs left in different groups that the parent has not decided, whose
 * groups could merge (the same rules) and hold no two different birth dates; one per pair of groups.
 * Groups are ordered by their first key in input order, keys within a group in input order. Anchors
 * (`accountId: null`) take part like any candidate; a group of anchors only is returned too.
 * Decisions about keys not among the candidates are ignored (that child is gone); of two contradicting
 * decisions about one pair, `REJECTED` wins.
 * @throws TypeError when two candidates share a key or a key holds `|` (see {@link pairKey}).
 */
export function groupCandidates(candidates: MatchCandidate[], decisions: MatchDecision[]): MatchResult {
  const indexOf = indexCandidates(candidates);
  const matching: Matching = {
    candidates,
    indexOf,
    decided: readDecisions(decisions, indexOf),
    pairs: comparePairs(candidates),
  };
  const groups = createCandidateGroups(candidates);
  for (const evidence of EVIDENCE) {
    for (const [i, j] of evidence(matching)) {
      if (groups.rootOf(i) !== groups.rootOf(j) && mayMerge(groups.groupOf(i), groups.groupOf(j), matching))
        groups.join(i, j);
    }
  }
  return {
    groups: groups.all().map((group) => group.members.map((index) => candidates[index]!.key)),
    suggestions: suggestNameOnlyPairs(matching, groups),
  };
}

/** Each candidate's input index by key; refuses a key used twice or holding the pair separator. */
function indexCandidates(candidates: readonly MatchCandidate[]): Map<string, number> {
  const indexOf = new Map<string, number>();
  candidates.forEach((candidate, index) => {
    if (indexOf.has(candidate.key)) throw new TypeError('groupCandidates: two candidates share a key');
    if (candidate.key.includes(PAIR_SEPARATOR)) throw new TypeError('groupCandidates: a key cannot contain "|"');
    indexOf.set(candidate.key, index);
  });
  return indexOf;
}

/** The parent's decisions by pair, about candidates still here; `REJECTED` wins a contradiction. */
function readDecisions(
  decisions: readonly MatchDecision[],
  indexOf: ReadonlyMap<string, number>,
): Map<string, MatchDecision['decision']> {
  const decided = new Map<string, MatchDecision['decision']>();
  for (const { pair, decision } of decisions) {
    if (!indexOf.has(pair[0]) || !indexOf.has(pair[1])) continue;
    // The store keeps one decision per pair; should two arrive anyway, the safe one wins whatever their order.
    const key = pairKey(pair[0], pair[1]);
    if (decided.get(key) !== 'REJECTED') decided.set(key, decision);
  }
  return decided;
}

/** Every pair of candidates that may be one child, by input order. */
function comparePairs(candidates: readonly MatchCandidate[]): ComparedPair[] {
  const pairs: ComparedPair[] = [];
  for (let i = 0; i < candidates.length; i += 1) {
    for (let j = i + 1; j < candidates.length; j += 1) {
      const strength = compareCandidates(candidates[i]!, candidates[j]!);
      if (strength !== 'DIFFERENT') pairs.push({ i, j, strength });
    }
  }
  return pairs;
}

/**
 * A name alone is only a hint: the parent is asked about each `NAME_ONLY` pair still in two groups that
 * the parent has not decided, whose groups may merge and were born on no two different days; once per
 * pair of groups, the first such pair in input order speaking for them.
 */
function suggestNameOnlyPairs(matching: Matching, groups: CandidateGroups): MatchSuggestion[] {
  const { candidates, decided, pairs } = matching;
  const suggestions: MatchSuggestion[] = [];
  const suggestedGroups = new Set<string>();
  for (const { i, j, strength } of pairs) {
    if (strength !== 'NAME_ONLY') continue;
    const [a, b] = [groups.rootOf(i), groups.rootOf(j)];
    const [left, right] = [candidates[i]!, candidates[j]!];
    const groupsKey = `${Math.min(a, b)}:${Math.max(a, b)}`;
    if (a === b || decided.has(pairKey(left.key, right.key)) || suggestedGroups.has(groupsKey)) continue;
    const [leftGroup, rightGroup] = [groups.groupOf(a), groups.groupOf(b)];
    if (!mayMerge(leftGroup, rightGroup, matching) || birthDatesConflict(leftGroup, rightGroup)) continue;
    suggestedGroups.add(groupsKey);
    suggestions.push({ keys: [left.key, right.key], reason: suggestionReason(left, right) });
  }
  return suggestions;
}

/** Whether merging two groups would put two different birth dates into one child. */
function birthDatesConflict(left: CandidateGroup, right: CandidateGroup): boolean {
  return [...left.birthDates].some((date) => [...right.birthDates].some((other) => other !== date));
}
