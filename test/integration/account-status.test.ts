import { describe, expect, it } from 'vitest';
import type { ProviderAccountLink } from '../../src/domain/schema-types.generated.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, operation, type GraphqlResponse } from '../support/graphql.js';

// `providerAccounts.status` must say a diary is failing while its calls fail, even though the children's
// list (the profile) is still fresh in the cache. Real gateway, real simulators; faults and time by hand.
const TWO_HOURS = 2 * 3_600_000;
/** The profile stays fresh in the cache, as it does between two looks a few minutes apart. */
const PROFILE_FRESH_FOR_A_DAY = { CACHE_FRESHNESS: 'profile=86400' };
type Accounts = { viewer: { providerAccounts: Pick<ProviderAccountLink, 'provider' | 'status'>[] } };
const QUERY = operation<Accounts>(/* GraphQL */ `
  {
    viewer {
      providerAccounts {
        provider
        status
      }
      students {
        firstName
        grades(from: "2026-11-16", to: "2026-11-22") {
          id
        }
      }
    }
  }
`);

const statuses = (answer: GraphqlResponse<Accounts>): Record<string, string> =>
  Object.fromEntries(dataOf(answer).viewer.providerAccounts.map((account) => [account.provider, account.status]));

async function eljurGoesDown(
  environment: Record<string, string>,
): Promise<{ target: TestGateway; advance: () => void }> {
  const time = movingTime();
  const target = await startTestGateway({ ...PROFILE_FRESH_FOR_A_DAY, ...environment }, time.now);
  const baseline = await target.graphql(QUERY);
  expect(baseline.body.errors).toBeUndefined();
  expect(statuses(baseline)).toEqual({ MESH: 'ACTIVE', DNEVNIK: 'ACTIVE', ELJUR: 'ACTIVE' });
  // Past the grades' cache window, so the next query asks the diary; the profile is still fresh.
  time.advance(TWO_HOURS);
  target.gateway.demo!.simulators.eljur.setFault('server-error');
  return { target, advance: () => time.advance(TWO_HOURS) };
}

describe('providerAccounts.status while a diary fails', () => {
  it('should say FAILING for the failing diary (not ACTIVE) and ACTIVE for the others', async () => {
    const { target } = await eljurGoesDown({ BREAKER_FAILURE_THRESHOLD: '1000' });
    const answer = await target.graphql(QUERY);
    // The premise: Eljur's grades failed in this very response.
    expect(answer.body.errors?.some((error) => error.extensions?.provider === 'ELJUR')).toBe(true);
    expect(statuses(answer)).toEqual({ MESH: 'ACTIVE', DNEVNIK: 'ACTIVE', ELJUR: 'FAILING' });
  });

  it('should say UNAVAILABLE once the breaker stopped calling the diary, and ACTIVE again after it recovers', async () => {
    const { target, advance } = await eljurGoesDown({
      BREAKER_FAILURE_THRESHOLD: '1',
      BREAKER_HALF_OPEN_AFTER_MS: '60000',
    });
    await target.graphql(QUERY);
    const again = await target.graphql(QUERY);
    expect(
      again.body.errors?.some(
        (error) => error.extensions?.provider === 'ELJUR' && error.extensions?.circuit === 'open',
      ),
    ).toBe(true);
    expect(statuses(again).ELJUR).toBe('UNAVAILABLE');

    target.gateway.demo!.simulators.eljur.setFault('none');
    advance();
    const recovered = await target.graphql(QUERY);
    expect(recovered.body.errors).toBeUndefined();
    expect(statuses(recovered)).toEqual({ MESH: 'ACTIVE', DNEVNIK: 'ACTIVE', ELJUR: 'ACTIVE' });
  });

  it('should still say ACTIVE when nothing failed and only the accounts are asked for', async () => {
    const target = await startTestGateway();
    const answer = await target.graphql<Accounts>('{ viewer { providerAccounts { provider status } } }');
    expect(answer.body.errors).toBeUndefined();
    expect(statuses(answer)).toEqual({ MESH: 'ACTIVE', DNEVNIK: 'ACTIVE', ELJUR: 'ACTIVE' });
  });
});
