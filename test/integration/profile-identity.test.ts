/**
 * Issue 11 §2, the case as found: one route of a profile read fails (Eljur's child card, which carries the
 * SNILS, answers 503) while the rest answers. Мария is one student because her МЭШ and Eljur enrollments
 * share a SNILS; the failure must not cost that SNILS — not in the answer, not in the cache, not in the
 * store — so she stays one student with one id, and no match suggestion appears. Real gateway, real
 * simulators over loopback; only the card route fails, in front of the Eljur simulator.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { movingTime, startTestGateway } from '../support/gateway.js';
import { dataOf, operation, VIEWER_ID, type GraphqlResponse } from '../support/graphql.js';
import { createRouteFaults } from '../support/route-faults.js';

/** Past the profile's revalidate window (a day): the diary is asked while the request waits. */
const PAST_THE_PROFILE_WINDOWS = 25 * 3_600_000;

type FamilyView = { students: { id: string; fullName: string }[]; studentMatchSuggestions: unknown[] };

const FAMILY = operation<{ viewer: FamilyView }>(/* GraphQL */ `
  {
    viewer {
      students {
        id
        fullName
        enrollments {
          provider
          school {
            id
            name
          }
          className
        }
      }
      studentMatchSuggestions {
        id
        reason
        students {
          id
        }
      }
    }
  }
`);

const viewerOf = (answer: GraphqlResponse<{ viewer: FamilyView }>) => dataOf(answer).viewer;

describe('a profile read whose SNILS route fails', () => {
  it('should keep a child merged by SNILS as one student, with its SNILS hash stored, while Eljur’s card answers 503', async () => {
    const clock = movingTime();
    const store = createMemoryStore();
    const faults = createRouteFaults();
    const target = await startTestGateway({}, clock.now, { store, transport: faults.transport });
    const baseline = await target.graphql(FAMILY);
    expect(baseline.body.errors).toBeUndefined();
    const maria = viewerOf(baseline).students.find((student) => student.fullName === 'Иванова Мария Олеговна')!;
    expect(maria).toMatchObject({ enrollments: [{ provider: 'MESH' }, { provider: 'ELJUR' }] });
    const userId = dataOf(await target.graphql(VIEWER_ID)).viewer.id;
    const eljurAccount = (await store.listProviderAccounts(userId)).find((account) => account.provider === 'ELJUR')!;
    const knownHashes = (await store.listStudentLinks(eljurAccount.id)).map((link) => [link.studentId, link.snilsHash]);
    expect(knownHashes.every(([, hash]) => typeof hash === 'string')).toBe(true);

    clock.advance(PAST_THE_PROFILE_WINDOWS);
    faults.fail('ELJUR getprofileuserinfo', 'unavailable');
    const during = await target.graphql(FAMILY);
    expect(faults.failedCalls().get('ELJUR getprofileuserinfo')).toBeGreaterThan(0);
    expect(viewerOf(during)).toEqual(viewerOf(baseline));
    // The failure is told (the children came from the last good copy), not swallowed.
    expect(during.body.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'PROVIDER_UNAVAILABLE', provider: 'ELJUR', staleDataServed: true }),
    ]);
    expect((await store.listStudentLinks(eljurAccount.id)).map((link) => [link.studentId, link.snilsHash])).toEqual(
      knownHashes,
    );

    // Once the card answers again, nothing has moved: the copy cached during the outage was not a good one.
    faults.heal();
    clock.advance(60_000);
    const after = await target.graphql(FAMILY);
    expect(after.body.errors).toBeUndefined();
    expect(viewerOf(after)).toEqual(viewerOf(baseline));
    clock.advance(PAST_THE_PROFILE_WINDOWS);
    const later = await target.graphql(FAMILY);
    expect(later.body.errors).toBeUndefined();
    expect(viewerOf(later)).toEqual(viewerOf(baseline));
  });
});
