/**
 * The union-find under child matching (`matching.ts`): candidates, by their input index, joined into
 * groups, each group keeping what a later join must not contradict (its diary accounts, its SNILS hash,
 * its birth dates). It only joins what it is told to; which joins are allowed is the matching rules' call.
 */

/** What a candidate brings to its group. */
export interface GroupedPerson {
  /** The diary account the candidate came from, `null` for the issuer's children. */
  accountId: string | null;
  snilsHash: string | null;
  birthDate: string | null;
}

/** One group of candidates: one child, as far as the evidence joined so far goes. */
export interface CandidateGroup {
  /** Input indexes, ascending; the first is the group's root. */
  readonly members: readonly number[];
  /** The diary accounts of its members (the issuer's children have none). */
  readonly accountIds: ReadonlySet<string>;
  /** The matching rules never join two different SNILS hashes, so a group has at most one. */
  readonly snilsHash: string | null;
  readonly birthDates: ReadonlySet<string>;
}

/** Candidates joined into groups. */
export interface CandidateGroups {
  /** The root of the group holding `index`: its first member in input order. */
  rootOf(index: number): number;
  /** The group holding `index`. */
  groupOf(index: number): CandidateGroup;
  /** Joins the groups holding `i` and `j` into one; nothing when they already are one. */
  join(i: number, j: number): void;
  /** Every group, ordered by root, so by first member in input order. */
  all(): CandidateGroup[];
}

interface Group {
  members: number[];
  accountIds: Set<string>;
  snilsHash: string | null;
  birthDates: Set<string>;
}

/** Puts each candidate in a group of its own. */
export function createCandidateGroups(people: readonly GroupedPerson[]): CandidateGroups {
  const parent = people.map((_, index) => index);
  const groups = new Map<number, Group>(
    people.map((person, index) => [
      index,
      {
        members: [index],
        accountIds: new Set(person.accountId === null ? [] : [person.accountId]),
        snilsHash: person.snilsHash,
        birthDates: new Set(person.birthDate === null ? [] : [person.birthDate]),
      },
    ]),
  );

  function rootOf(index: number): number {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    parent[index] = root;
    return root;
  }

  return {
    rootOf,
    groupOf: (index) => groups.get(rootOf(index))!,
    join(i, j) {
      const [a, b] = [rootOf(i), rootOf(j)];
      if (a === b) return;
      // The smaller index stays root, so a group's root is its first member.
      const [root, child] = a < b ? [a, b] : [b, a];
      const kept = groups.get(root)!;
      const joined = groups.get(child)!;
      kept.members = [...kept.members, ...joined.members].sort((x, y) => x - y);
      joined.accountIds.forEach((account) => kept.accountIds.add(account));
      kept.snilsHash ??= joined.snilsHash;
      joined.birthDates.forEach((date) => kept.birthDates.add(date));
      parent[child] = root;
      groups.delete(child);
    },
    all: () => [...groups.keys()].sort((x, y) => x - y).map((root) => groups.get(root)!),
  };
}
