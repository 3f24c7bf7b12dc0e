/**
 * Final marks of the current grading period: set (from none) or changed tells `FINAL_GRADE_SET`; taken
 * away tells nothing; a new period is a new baseline.
 */
import { describe, expect, it } from 'vitest';
import type { FinalsResource } from '../../../src/changes/child-snapshot.js';
import type { ProviderSubjectAverage } from '../../../src/domain/model.js';
import { average, diffAfter, fivePoint, kindsOf, PHYSICS, SECOND_POLL } from '../../support/change-fixtures.js';

const term = (items: ProviderSubjectAverage[], periodId = 'q2', periodTitle = '2 четверть'): FinalsResource => ({
  periodId,
  periodTitle,
  items,
});

describe('final marks', () => {
  it('should tell a first final mark with no previous one', () => {
    const diff = diffAfter({ finals: term([average()]) }, { finals: term([average({ finalGrade: fivePoint('5') })]) });
    expect(diff.changes).toEqual([
      {
        id: expect.stringMatching(/^chg_[\w-]{22}$/),
        kind: 'FINAL_GRADE_SET',
        type: 'finalGrade',
        childId: 'stu_katya',
        provider: 'MESH',
        detectedAt: SECOND_POLL,
        subject: average().subject,
        periodTitle: '2 четверть',
        finalGrade: fivePoint('5'),
        previous: null,
      },
    ]);
  });

  it('should tell a final mark of a subject not listed before', () => {
    const physics = average({ subject: PHYSICS, finalGrade: fivePoint('4') });
    const diff = diffAfter({ finals: term([average()]) }, { finals: term([average(), physics]) });
    expect(diff.changes).toMatchObject([{ kind: 'FINAL_GRADE_SET', subject: PHYSICS, previous: null }]);
  });

  it.each([
    ['a corrected value', fivePoint('4')],
    ['another scale', { raw: '5', scale: 'PASS_FAIL', numeric: null, fivePoint: null } as const],
  ])('should tell %s with the mark before', (_name, before) => {
    const diff = diffAfter(
      { finals: term([average({ finalGrade: before })]) },
      { finals: term([average({ finalGrade: fivePoint('5') })]) },
    );
    expect(diff.changes).toMatchObject([{ kind: 'FINAL_GRADE_SET', finalGrade: fivePoint('5'), previous: before }]);
  });

  it.each([
    ['a final mark taken away', fivePoint('5'), null],
    ['the same mark with other numeric readings', fivePoint('5'), { ...fivePoint('5'), numeric: null }],
    ['no final mark still', null, null],
  ])('should not tell %s', (_name, before, after) => {
    const diff = diffAfter(
      { finals: term([average({ finalGrade: before })]) },
      { finals: term([average({ finalGrade: after, providerAverage: 4.5 })]) },
    );
    expect(diff.changes).toEqual([]);
  });

  it('should not tell a subject gone from the list', () => {
    const diff = diffAfter({ finals: term([average({ finalGrade: fivePoint('5') })]) }, { finals: term([]) });
    expect(diff.changes).toEqual([]);
  });

  it('should take a new grading period as a baseline', () => {
    const third = [average({ periodId: 'q3', finalGrade: fivePoint('5') })];
    const diff = diffAfter({ finals: term([average()]) }, { finals: term(third, 'q3', '3 четверть') });
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.finals).toEqual(term(third, 'q3', '3 четверть'));
  });

  it("should leave out a mark of another period than the reading's", () => {
    const diff = diffAfter(
      { finals: term([average()]) },
      {
        finals: term([
          average({ periodId: 'q1', finalGrade: fivePoint('3') }),
          average({ finalGrade: fivePoint('5') }),
        ]),
      },
    );
    expect(kindsOf(diff)).toEqual(['FINAL_GRADE_SET']);
    expect(diff.snapshot.resources.finals?.items).toEqual([average({ finalGrade: fivePoint('5') })]);
  });
});
