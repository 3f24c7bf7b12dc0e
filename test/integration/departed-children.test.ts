/**
 * Issue 11: a child who leaves a diary account (moved school, taken off the parent's account) stops being
 * listed from the store's last good copy once a complete read of the diary no longer shows them — and
 * only then. Through an outage, a partial read (a failed child card) and a drifted answer the child stays
 * listed from that copy; an account that suddenly lists no children at all keeps them until a second
 * complete read, an hour or more later, is empty too. Real gateway, real simulators over loopback; the
 * children leave by being taken off the simulated accounts.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, operation, VIEWER_ID, type GraphqlResponse } from '../support/graphql.js';
import { createRouteFaults } from '../support/route-faults.js';

const MINUTE = 60_000;
/** Past the stale-if-error age (7 days): no cached profile is left, the store's copy is all there is. */
const PAST_EVERY_CACHED_COPY = 8 * 24 * 60 * MINUTE;
/** Past the profile's revalidate window (a day): the diary is asked while the request waits. */
const PAST_THE_PROFILE_WINDOWS = 25 * 60 * MINUTE;

const STUDENTS = operation<{ viewer: { students: { fullName: string }[] } }>(/* GraphQL */ `
  {
    viewer {
      students {
        id
        fullName
        enrollments {
          provider
        }
      }
    }
  }
`);

/** The first name of every student listed, and the codes of the errors beside them. */
function listing(answer: GraphqlResponse<{ viewer: { students: { fullName: string }[] } }>): {
  names: string[];
  errors: unknown[];
} {
  const { students } = dataOf(answer).viewer;
  return {
    names: students.map((student) => student.fullName.split(' ')[1]!).sort(),
    errors: (answer.body.errors ?? []).map((error) => error.extensions?.code),
  };
}

/** The first names the store keeps links of, for the demo family's account of `provider`. */
async function linkedNames(target: TestGateway, store: GatewayStore, provider: string): Promise<string[]> {
  const userId = dataOf(await target.graphql(VIEWER_ID)).viewer.id;
  const account = (await store.listProviderAccounts(userId)).find((candidate) => candidate.provider === provider)!;
  return (await store.listStudentLinks(account.id)).map((link) => link.snapshot.firstName).sort();
}

async function start() {
  const clock = movingTime();
  const store = createMemoryStore();
  const faults = createRouteFaults();
  // Sessions outlive the simulated weeks.
  const target = await startTestGateway({ SESSION_TTL_HOURS: String(24 * 365) }, clock.now, {
    store,
    transport: faults.transport,
  });
  const demo = target.gateway.demo!;
  const takeOff = (provider: string, keys: string[]) => {
    const account = demo.family.accounts.find((candidate) => candidate.provider === provider)!;
    account.childKeys = account.childKeys.filter((key) => !keys.includes(key));
  };
  return { clock, store, faults, target, demo, takeOff };
}

describe('a child who leaves a diary account', () => {
  it('should stay listed through an outage, a partial read and a drifted answer, and be gone after a complete read', async () => {
    const { clock, store, faults, target, demo, takeOff } = await start();
    const everyone = listing(await target.graphql(STUDENTS)).names;
    expect(everyone).toContain('Лев');
    takeOff('ELJUR', ['lev']);

    // The diary fails and no cached copy is left: the store's copy lists him.
    clock.advance(PAST_EVERY_CACHED_COPY);
    faults.fail('ELJUR getrules', 'unavailable');
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: everyone, errors: ['PROVIDER_UNAVAILABLE'] });

    // A read without him, but partial: his sister's card fails, so the read fails as a whole. (Each fault
    // stays until the next is in place: a call still retrying behind would otherwise make a complete read.)
    faults.fail('ELJUR getrules', null);
    faults.fail('ELJUR getprofileuserinfo', 'bad-gateway');
    clock.advance(10 * MINUTE);
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: everyone, errors: ['PROVIDER_UNAVAILABLE'] });
    expect(faults.failedCalls().get('ELJUR getprofileuserinfo')).toBeGreaterThan(0);

    // A read without him whose list of children drifted: unreadable, so it says nothing about him.
    demo.simulators.eljur.setDrift({
      route: 'getrules',
      path: 'response.result.relations.students',
      kind: 'type',
    });
    clock.advance(10 * MINUTE);
    // (The card still fails, but the drifted list fails the read first.)
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: everyone, errors: ['PROVIDER_BAD_RESPONSE'] });
    expect(await linkedNames(target, store, 'ELJUR')).toContain('Лев');

    // The first complete read without him: he is gone, from the answer and from the store.
    faults.heal();
    demo.simulators.eljur.setDrift(null);
    clock.advance(10 * MINUTE);
    const complete = listing(await target.graphql(STUDENTS));
    expect(complete).toEqual({ names: everyone.filter((name) => name !== 'Лев'), errors: [] });
    expect(await linkedNames(target, store, 'ELJUR')).toEqual(['Мария']);

    // And the next outage lists his sister from the store's copy, not him.
    clock.advance(PAST_EVERY_CACHED_COPY);
    faults.fail('ELJUR getrules', 'unavailable');
    expect(listing(await target.graphql(STUDENTS))).toEqual({
      names: everyone.filter((name) => name !== 'Лев'),
      errors: ['PROVIDER_UNAVAILABLE'],
    });
  });

  it('should keep an account’s children after one empty list, and forget them after a second one an hour later', async () => {
    const { clock, store, faults, target, takeOff } = await start();
    const everyone = listing(await target.graphql(STUDENTS)).names;
    const dnevnikChildren = await linkedNames(target, store, 'DNEVNIK');
    expect(dnevnikChildren).toHaveLength(2);
    const others = everyone.filter((name) => !dnevnikChildren.includes(name));
    takeOff('DNEVNIK', ['sonya', 'artem-chess']);

    // The diary now answers that the account has no children: perhaps a glitch, so they are only marked.
    clock.advance(PAST_THE_PROFILE_WINDOWS);
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: others, errors: [] });
    expect(await linkedNames(target, store, 'DNEVNIK')).toEqual(dnevnikChildren);
    clock.advance(PAST_EVERY_CACHED_COPY);
    faults.fail('DNEVNIK users/me/relatives', 'unavailable');
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: everyone, errors: ['PROVIDER_UNAVAILABLE'] });

    // Days later the diary still lists none: now they are forgotten.
    faults.heal();
    clock.advance(10 * MINUTE);
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: others, errors: [] });
    expect(await linkedNames(target, store, 'DNEVNIK')).toEqual([]);
    clock.advance(PAST_EVERY_CACHED_COPY);
    faults.fail('DNEVNIK users/me/relatives', 'unavailable');
    expect(listing(await target.graphql(STUDENTS))).toEqual({ names: others, errors: ['PROVIDER_UNAVAILABLE'] });
  });
});
