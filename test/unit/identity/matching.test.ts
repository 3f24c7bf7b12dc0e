import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PersonIdentity } from '../../../src/domain/person.js';
import {
  compareCandidates,
  compareHolder,
  groupCandidates,
  pairKey,
  type MatchCandidate,
  type MatchDecision,
} from '../../../src/identity/matching.js';

/** A person: `Фамилия Имя [Отчество]`, birth date and SNILS hash optional. */
function p(fullName: string, birthDate: string | null = null, snilsHash: string | null = null): PersonIdentity {
  const [lastName = '', firstName = '', ...rest] = fullName.split(' ');
  return { lastName, firstName, middleName: rest.length > 0 ? rest.join(' ') : null, birthDate, snilsHash };
}

/** A candidate on a diary account (`accountId`), or an issuer's child when `accountId` is `null`. */
function c(key: string, accountId: string | null, person: PersonIdentity): MatchCandidate {
  return { ...person, key, accountId };
}

const confirm = (a: string, b: string): MatchDecision => ({ pair: [a, b], decision: 'CONFIRMED' });
const reject = (a: string, b: string): MatchDecision => ({ pair: [a, b], decision: 'REJECTED' });

const D1 = '2015-03-14';
const D2 = '2015-03-15';

describe('pairKey', () => {
  it('should sort the two keys and join them with |', () => {
    expect(pairKey('stu_b', 'stu_a')).toBe('stu_a|stu_b');
    expect(pairKey('stu_a', 'stu_b')).toBe('stu_a|stu_b');
  });

  it('should refuse a key holding the separator', () => {
    expect(() => pairKey('a|b', 'c')).toThrow(TypeError);
  });
});

describe('compareCandidates', () => {
  it.each([
    [p('Иванова Анна', D1, 'snils_1'), p('Иванова Анна', D1, 'snils_1'), 'CERTAIN', 'one SNILS, same name and date'],
    [
      p('Иванова Анна', null, 'snils_1'),
      p('Петрова Маша', D2, 'snils_1'),
      'CERTAIN',
      'one SNILS beats different names and dates',
    ],
    [
      p('Иванова Анна', D1, 'snils_1'),
      p('Иванова Анна', D1, 'snils_2'),
      'DIFFERENT',
      'two SNILS beat the same name and date (twins)',
    ],
    [p('Иванова Анна', null, 'snils_1'), p('Иванова Анна', null, 'snils_2'), 'DIFFERENT', 'two SNILS, no dates'],
    [p('Иванова Анна Сергеевна', D1), p('Иванова Анна Сергеевна', D1), 'STRONG', 'same name and date'],
    [p('Иванова Анна Сергеевна', D1, 'snils_1'), p('ИВАНОВА АННА', D1), 'STRONG', 'SNILS on one side only'],
    [p('Иванова Анна', D1), p('Анна Иванова', D1), 'STRONG', 'swapped order, same date'],
    [p('Семёнов Артём', D1), p('Семенов Артем', D1), 'STRONG', 'ё/е'],
    [p('Иванова Анна', D1), p('Иванова Анна', D2), 'DIFFERENT', 'two birth dates'],
    [p('Иванова Анна', D1), p('Иванова Анна', null), 'NAME_ONLY', 'birth date missing on one side'],
    [p('Иванова Анна', null), p('Иванова Анна', null), 'NAME_ONLY', 'no birth dates'],
    [
      p('Иванова Анна', null, 'snils_1'),
      p('Иванова Анна', D1),
      'NAME_ONLY',
      'one SNILS, one date: still only the name',
    ],
    [p('Иванова Анна', D1), p('Иванова Алла', D1), 'DIFFERENT', 'another first name, same date'],
    [p('Иванова Мария', D1), p('Иванова Марья', D1), 'DIFFERENT', 'Мария is not Марья'],
    [p('Иванова Анна Сергеевна', D1), p('Иванова Анна Петровна', D1), 'DIFFERENT', 'different patronymics'],
    [p('Петрова-Водкина Анна', D1), p('Петрова Анна', D1), 'DIFFERENT', 'half a double surname'],
    [p(' ', null), p(' ', null), 'DIFFERENT', 'no names at all'],
  ])('%#: should compare as %s (%s)', (a, b, expected) => {
    expect(compareCandidates(a, b)).toBe(expected);
    expect(compareCandidates(b, a)).toBe(expected);
  });
});

describe('compareHolder', () => {
  const me = p('Иванова Ольга Петровна', '1986-03-14', 'snils_me');

  it.each([
    [p('Другая Фамилия', null, 'snils_me'), me, 'SAME_PERSON', 'one SNILS, whatever the name'],
    [p('Иванова Ольга Петровна', '1986-03-14', 'snils_other'), me, 'DIFFERENT_PERSON', 'two SNILS'],
    [p('ИВАНОВА ОЛЬГА', '1986-03-14'), me, 'SAME_PERSON', 'name and birth date'],
    [p('Иванова Ольга Петровна'), me, 'PROBABLY_SAME_PERSON', 'the name alone'],
    [p('Иванова Ольга', '1986-03-15'), me, 'DIFFERENT_PERSON', 'another birth date'],
    [p('Иванов Пётр Сергеевич', '1984-01-01'), me, 'DIFFERENT_PERSON', 'another person'],
    [p('Иванова Ольга Петровна'), null, 'NOT_COMPARABLE', 'nobody to compare with'],
    [p(''), me, 'NOT_COMPARABLE', 'the diary gave no name'],
    [p('Иванова Ольга'), p('', '1986-03-14'), 'NOT_COMPARABLE', 'the issuer gave no name'],
    [p('', null, 'snils_me'), me, 'SAME_PERSON', 'no name but one SNILS'],
  ] as [PersonIdentity, PersonIdentity | null, string, string][])(
    '%#: should say %s (%s)',
    (holder, person, expected) => {
      expect(compareHolder(holder, person)).toBe(expected);
    },
  );
});

describe('groupCandidates', () => {
  it('should return each candidate alone when nothing matches', () => {
    const result = groupCandidates(
      [
        c('a', 'acc1', p('Иванова Анна', D1)),
        c('b', 'acc2', p('Петров Илья', D1)),
        c('x', null, p('Сидорова Вера', D2)),
      ],
      [],
    );
    expect(result).toEqual({ groups: [['a'], ['b'], ['x']], suggestions: [] });
  });

  describe('an issuer anchor', () => {
    // Анна is on two diaries: one knows her SNILS but not her birth date, the other only her birth date.
    const onMesh = c('mesh', 'acc1', p('ИВАНОВА АННА', null, 'snils_anna'));
    const onDnevnik = c('dnevnik', 'acc2', p('Иванова Анна Сергеевна', D1));
    const fromIssuer = c('issuer', null, p('Иванова Анна Сергеевна', D1, 'snils_anna'));

    it('should merge two diary children transitively through the anchor', () => {
      expect(groupCandidates([onMesh, onDnevnik, fromIssuer], [])).toEqual({
        groups: [['mesh', 'dnevnik', 'issuer']],
        suggestions: [],
      });
    });

    it('should only suggest the same two children without the anchor', () => {
      expect(groupCandidates([onMesh, onDnevnik], [])).toEqual({
        groups: [['mesh'], ['dnevnik']],
        suggestions: [
          {
            keys: ['mesh', 'dnevnik'],
            reason: 'same name; patronymic missing on one side; birth date missing on one side',
          },
        ],
      });
    });

    it('should order groups by their first key and keys by input order', () => {
      expect(groupCandidates([fromIssuer, c('other', 'acc3', p('Петров Илья')), onDnevnik, onMesh], []).groups).toEqual(
        [['issuer', 'dnevnik', 'mesh'], ['other']],
      );
    });

    it('should return a group made of anchors only', () => {
      const sibling = c('issuer-2', null, p('Иванов Пётр Сергеевич', '2018-01-01', 'snils_petr'));
      expect(groupCandidates([onMesh, sibling, fromIssuer], []).groups).toEqual([['mesh', 'issuer'], ['issuer-2']]);
    });
  });

  describe('siblings on one account', () => {
    // A diary account listing two children with the same name and no dates: a data oddity, still two children.
    const first = c('s1', 'acc1', p('Иванова Анна'));
    const second = c('s2', 'acc1', p('Иванова Анна'));

    it('should never merge or suggest them', () => {
      expect(groupCandidates([first, second], [])).toEqual({ groups: [['s1'], ['s2']], suggestions: [] });
    });

    it('should not merge them even when the parent confirmed it or they share a SNILS', () => {
      const sameSnils = [
        c('s1', 'acc1', p('Иванова Анна', D1, 'snils_1')),
        c('s2', 'acc1', p('Иванова Анна', D1, 'snils_1')),
      ];
      expect(groupCandidates([first, second], [confirm('s1', 's2')]).groups).toEqual([['s1'], ['s2']]);
      expect(groupCandidates(sameSnils, []).groups).toEqual([['s1'], ['s2']]);
    });

    it('should suggest a child of another account with each, until one is confirmed', () => {
      const elsewhere = c('e', 'acc2', p('Иванова Анна Сергеевна'));
      const before = groupCandidates([first, second, elsewhere], []);
      expect(before.groups).toEqual([['s1'], ['s2'], ['e']]);
      expect(before.suggestions.map(({ keys }) => keys)).toEqual([
        ['s1', 'e'],
        ['s2', 'e'],
      ]);
      // Once the parent says `e` is `s1`, it cannot also be `s1`'s sibling: no suggestion left.
      expect(groupCandidates([first, second, elsewhere], [confirm('e', 's1')])).toEqual({
        groups: [['s1', 'e'], ['s2']],
        suggestions: [],
      });
    });

    it('should not merge through a third candidate either', () => {
      // `x` matches both strongly; it joins the first and the second stays apart.
      const dated = [
        c('s1', 'acc1', p('Иванова Анна', D1)),
        c('s2', 'acc1', p('Иванова Анна', D1)),
        c('x', 'acc2', p('Иванова Анна', D1)),
      ];
      expect(groupCandidates(dated, []).groups).toEqual([['s1', 'x'], ['s2']]);
    });
  });

  describe('decisions', () => {
    const a = c('a', 'acc1', p('Иванова Анна'));
    const b = c('b', 'acc2', p('Иванова Анна'));
    const d = c('d', 'acc3', p('Иванова Анна'));

    it('should merge a confirmed pair, even one whose names differ', () => {
      const masha = c('m', 'acc1', p('Иванова Маша', D1));
      const maria = c('r', 'acc2', p('Иванова Мария', D1));
      expect(groupCandidates([masha, maria], [])).toEqual({ groups: [['m'], ['r']], suggestions: [] });
      expect(groupCandidates([masha, maria], [confirm('r', 'm')])).toEqual({ groups: [['m', 'r']], suggestions: [] });
    });

    it('should suggest every pair of groups once, drop a rejected one, and not re-ask it through a merge', () => {
      const reason = 'same surname and first name; no birth date on either side';
      expect(groupCandidates([a, b, d], []).suggestions).toEqual([
        { keys: ['a', 'b'], reason },
        { keys: ['a', 'd'], reason },
        { keys: ['b', 'd'], reason },
      ]);
      expect(groupCandidates([a, b, d], [reject('b', 'a')])).toEqual({
        groups: [['a'], ['b'], ['d']],
        suggestions: [
          { keys: ['a', 'd'], reason },
          { keys: ['b', 'd'], reason },
        ],
      });
      // `d` is `a`; asking whether `d` is `b` would ask again whether `a` is `b`.
      expect(groupCandidates([a, b, d], [reject('b', 'a'), confirm('a', 'd')])).toEqual({
        groups: [['a', 'd'], ['b']],
        suggestions: [],
      });
    });

    it('should not let a third candidate undo a rejection', () => {
      const dated = c('b', 'acc2', p('Иванова Анна', D1));
      const anchor = c('x', null, p('Иванова Анна', D1));
      // b and x are STRONG, and a is x by name: suggesting a–x would ask again whether a is b.
      expect(groupCandidates([a, dated, anchor], [reject('a', 'b')])).toEqual({
        groups: [['a'], ['b', 'x']],
        suggestions: [],
      });
    });

    it("should follow the parent's word before an inference", () => {
      const dated = c('b', 'acc2', p('Иванова Анна', D1));
      const anchor = c('x', null, p('Иванова Анна', D1));
      // The parent says a is x and not b; b–x by name and date is only an inference, so b stays apart.
      expect(groupCandidates([a, dated, anchor], [reject('a', 'b'), confirm('a', 'x')])).toEqual({
        groups: [['a', 'x'], ['b']],
        suggestions: [],
      });
    });

    it('should let a rejection win over a contradicting confirmation of the same pair', () => {
      expect(groupCandidates([a, b], [confirm('a', 'b'), reject('b', 'a')])).toEqual({
        groups: [['a'], ['b']],
        suggestions: [],
      });
      expect(groupCandidates([a, b], [reject('a', 'b'), confirm('a', 'b')])).toEqual({
        groups: [['a'], ['b']],
        suggestions: [],
      });
    });

    it('should not depend on the order of decisions', () => {
      const decisions = [confirm('a', 'b'), reject('b', 'd'), confirm('d', 'a')];
      const forwards = groupCandidates([a, b, d], decisions);
      expect(groupCandidates([a, b, d], [...decisions].reverse())).toEqual(forwards);
      expect(forwards.groups).toEqual([['a', 'b'], ['d']]);
    });

    it('should ignore decisions about candidates that are gone', () => {
      expect(groupCandidates([a, b], [confirm('a', 'gone'), reject('gone', 'b')]).suggestions).toHaveLength(1);
    });

    it('should not suggest a pair the parent confirmed but the rules kept apart', () => {
      const withSnils = c('a', 'acc1', p('Иванова Анна', null, 'snils_1'));
      const bridge = c('b', 'acc2', p('Иванова Анна', null, 'snils_2'));
      expect(groupCandidates([withSnils, bridge], [confirm('a', 'b')])).toEqual({
        groups: [['a'], ['b']],
        suggestions: [],
      });
    });
  });

  describe('SNILS', () => {
    it('should keep twins apart: same surname and birth date, different SNILS', () => {
      const candidates = [
        c('anna-mesh', 'acc1', p('Иванова Анна Сергеевна', D1, 'snils_anna')),
        c('vera-mesh', 'acc1', p('Иванова Вера Сергеевна', D1, 'snils_vera')),
        c('anna-club', 'acc2', p('Иванова Анна', D1, 'snils_anna')),
        c('vera-club', 'acc2', p('Иванова Вера', D1)),
      ];
      expect(groupCandidates(candidates, [])).toEqual({
        groups: [
          ['anna-mesh', 'anna-club'],
          ['vera-mesh', 'vera-club'],
        ],
        suggestions: [],
      });
    });

    it('should keep apart identical names and dates with different SNILS', () => {
      const candidates = [
        c('a', 'acc1', p('Иванова Анна', D1, 'snils_1')),
        c('b', 'acc2', p('Иванова Анна', D1, 'snils_2')),
      ];
      expect(groupCandidates(candidates, [])).toEqual({ groups: [['a'], ['b']], suggestions: [] });
    });

    it('should not union a group holding one SNILS with a group holding another', () => {
      const candidates = [
        c('a', 'acc1', p('Иванова Анна', D1, 'snils_1')),
        c('b', 'acc2', p('Иванова Анна', D1)),
        c('x', 'acc3', p('Иванова Анна', D1, 'snils_2')),
      ];
      // b matches both strongly; it joins the first, and the SNILS conflict keeps x out.
      expect(groupCandidates(candidates, [])).toEqual({ groups: [['a', 'b'], ['x']], suggestions: [] });
    });

    it('should merge by SNILS before the parent or the names, so SNILS wins a conflict', () => {
      const candidates = [
        c('a', 'acc1', p('Иванова Анна', D1)),
        c('b', 'acc2', p('Иванова Анна', D1, 'snils_2')),
        c('x', 'acc3', p('Иванова Аня', null, 'snils_2')),
      ];
      expect(groupCandidates(candidates, []).groups).toEqual([['a', 'b', 'x']]);
    });
  });

  describe('suggestions', () => {
    it('should make one suggestion per pair of groups', () => {
      const candidates = [
        c('a1', 'acc1', p('Иванова Анна', null, 'snils_1')),
        c('a2', 'acc2', p('Иванова Анна', null, 'snils_1')),
        c('b', 'acc3', p('Иванова Анна Сергеевна', D1)),
      ];
      expect(groupCandidates(candidates, [])).toEqual({
        groups: [['a1', 'a2'], ['b']],
        suggestions: [
          { keys: ['a1', 'b'], reason: 'same name; patronymic missing on one side; birth date missing on one side' },
        ],
      });
    });

    it('should not suggest merging a group born on another day', () => {
      const candidates = [
        c('a1', 'acc1', p('Иванова Анна', null, 'snils_1')),
        c('a2', 'acc2', p('Иванова Анна', D1, 'snils_1')),
        c('b', 'acc3', p('Иванова Анна', D2)),
      ];
      // a1 and b alone would be NAME_ONLY, but a1 is a2, who was born on D1, and b on D2.
      expect(groupCandidates(candidates, [])).toEqual({ groups: [['a1', 'a2'], ['b']], suggestions: [] });
    });

    it('should give the full-name reason when both have a patronymic', () => {
      const candidates = [c('a', 'acc1', p('Иванова Анна Сергеевна', D1)), c('b', 'acc2', p('Иванова Анна Сергеевна'))];
      expect(groupCandidates(candidates, []).suggestions).toEqual([
        { keys: ['a', 'b'], reason: 'same full name; birth date missing on one side' },
      ]);
    });
  });

  it('should refuse two candidates with one key', () => {
    expect(() => groupCandidates([c('a', 'acc1', p('Иванова Анна')), c('a', 'acc2', p('Петров Илья'))], [])).toThrow(
      TypeError,
    );
  });
});

describe('groupCandidates properties', () => {
  // Small pools so that collisions (same name, same date, same SNILS, same account) are frequent.
  const names = [
    'Иванова Анна',
    'ИВАНОВА АННА Сергеевна',
    'Иванова Анна Петровна',
    'Анна Иванова',
    'Петров Илья',
    'Иванова Вера',
  ];
  const candidateShape = fc.record({
    name: fc.constantFrom(...names),
    birthDate: fc.constantFrom(null, D1, D2),
    snilsHash: fc.constantFrom(null, null, 'snils_1', 'snils_2'),
    accountId: fc.constantFrom(null, 'acc1', 'acc2', 'acc3'),
  });
  const scenario = fc.array(candidateShape, { minLength: 1, maxLength: 9 }).chain((shapes) =>
    fc.record({
      candidates: fc.constant(
        shapes.map((shape, index) => c(`k${index}`, shape.accountId, p(shape.name, shape.birthDate, shape.snilsHash))),
      ),
      decisions: fc.array(
        fc.record({
          pair: fc
            .tuple(fc.nat(shapes.length - 1), fc.nat(shapes.length - 1))
            .map(([i, j]) => [`k${i}`, `k${j}`] as [string, string]),
          decision: fc.constantFrom('CONFIRMED' as const, 'REJECTED' as const),
        }),
        { maxLength: 6 },
      ),
    }),
  );

  it('should partition the keys maximally, keep accounts, SNILS and rejections apart, and order everything by input', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, decisions }) => {
        const { groups, suggestions } = groupCandidates(candidates, decisions);
        const byKey = new Map(candidates.map((candidate, index) => [candidate.key, { candidate, index }]));
        const groupOf = new Map(groups.flatMap((group, index) => group.map((key) => [key, index] as const)));

        // A partition: every key exactly once.
        expect(groups.flat().sort()).toEqual(candidates.map(({ key }) => key).sort());

        // What the parent decided per pair; a rejection wins over a contradicting confirmation.
        const lastDecision = new Map<string, MatchDecision['decision']>();
        for (const { pair, decision } of decisions)
          if (lastDecision.get(pairKey(...pair)) !== 'REJECTED') lastDecision.set(pairKey(...pair), decision);
        for (const group of groups) {
          const members = group.map((key) => byKey.get(key)!);
          const accounts = members.flatMap(({ candidate }) =>
            candidate.accountId === null ? [] : [candidate.accountId],
          );
          expect(new Set(accounts).size).toBe(accounts.length);
          const snils = new Set(
            members.flatMap(({ candidate }) => (candidate.snilsHash === null ? [] : [candidate.snilsHash])),
          );
          expect(snils.size).toBeLessThanOrEqual(1);
          for (const x of group)
            for (const y of group) if (x !== y) expect(lastDecision.get(pairKey(x, y))).not.toBe('REJECTED');
          const indexes = members.map(({ index }) => index);
          expect(indexes).toEqual([...indexes].sort((i, j) => i - j));
        }
        const firsts = groups.map((group) => byKey.get(group[0]!)!.index);
        expect(firsts).toEqual([...firsts].sort((i, j) => i - j));

        // Maximal: every pair the rules or the parent call one child is together, unless a merge was forbidden.
        const blocked = (left: string[], right: string[]): boolean => {
          const members = [...left, ...right].map((key) => byKey.get(key)!.candidate);
          const accounts = members.flatMap(({ accountId }) => (accountId === null ? [] : [accountId]));
          const snils = new Set(members.flatMap(({ snilsHash }) => (snilsHash === null ? [] : [snilsHash])));
          const rejected = left.some((x) => right.some((y) => lastDecision.get(pairKey(x, y)) === 'REJECTED'));
          return new Set(accounts).size < accounts.length || snils.size > 1 || rejected;
        };
        for (const x of candidates) {
          for (const y of candidates) {
            const [gx, gy] = [groupOf.get(x.key)!, groupOf.get(y.key)!];
            if (gx === gy) continue;
            const strength = compareCandidates(x, y);
            if (
              strength === 'CERTAIN' ||
              strength === 'STRONG' ||
              lastDecision.get(pairKey(x.key, y.key)) === 'CONFIRMED'
            ) {
              expect(blocked(groups[gx]!, groups[gy]!)).toBe(true);
            }
          }
        }

        const groupPairs = new Set<string>();
        for (const { keys } of suggestions) {
          const [x, y] = keys;
          expect(groupOf.get(x)).not.toBe(groupOf.get(y));
          expect(compareCandidates(byKey.get(x)!.candidate, byKey.get(y)!.candidate)).toBe('NAME_ONLY');
          expect(lastDecision.has(pairKey(x, y))).toBe(false);
          const groupPair = [groupOf.get(x)!, groupOf.get(y)!].sort().join(':');
          expect(groupPairs.has(groupPair)).toBe(false);
          groupPairs.add(groupPair);
        }

        // Decisions stored in another order give the same answer.
        expect(groupCandidates(candidates, [...decisions].reverse())).toEqual({ groups, suggestions });
      }),
      { numRuns: 500 },
    );
  });
});
