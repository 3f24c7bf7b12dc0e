import { describe, expect, it } from 'vitest';
import { createCandidateGroups, type GroupedPerson } from '../../../src/identity/candidate-groups.js';

const person = (accountId: string | null, snilsHash: string | null, birthDate: string | null): GroupedPerson => ({
  accountId,
  snilsHash,
  birthDate,
});

describe('createCandidateGroups', () => {
  it('should start with each candidate alone, carrying its own facts', () => {
    const groups = createCandidateGroups([person('acc_1', 'snils_1', '2015-03-14'), person(null, null, null)]);

    expect(groups.all()).toEqual([
      { members: [0], accountIds: new Set(['acc_1']), snilsHash: 'snils_1', birthDates: new Set(['2015-03-14']) },
      { members: [1], accountIds: new Set(), snilsHash: null, birthDates: new Set() },
    ]);
  });

  it('should keep the first member as root whichever side a join names first', () => {
    const groups = createCandidateGroups([0, 1, 2, 3].map(() => person(null, null, null)));

    groups.join(3, 1);
    groups.join(2, 3);

    expect([0, 1, 2, 3].map((index) => groups.rootOf(index))).toEqual([0, 1, 1, 1]);
    expect(groups.all().map((group) => group.members)).toEqual([[0], [1, 2, 3]]);
  });

  it('should pool the accounts, the SNILS hash and the birth dates of joined groups', () => {
    const groups = createCandidateGroups([
      person('acc_1', null, '2015-03-14'),
      person('acc_2', 'snils_1', null),
      person(null, null, '2015-03-15'),
    ]);

    groups.join(0, 1);
    groups.join(1, 2);

    expect(groups.groupOf(2)).toEqual({
      members: [0, 1, 2],
      accountIds: new Set(['acc_1', 'acc_2']),
      snilsHash: 'snils_1',
      birthDates: new Set(['2015-03-14', '2015-03-15']),
    });
  });

  it('should change nothing when both are already one group', () => {
    const groups = createCandidateGroups([person('acc_1', null, null), person('acc_2', null, null)]);
    groups.join(0, 1);

    groups.join(1, 0);

    expect(groups.all().map((group) => group.members)).toEqual([[0, 1]]);
  });
});
