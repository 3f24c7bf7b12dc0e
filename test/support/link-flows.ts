/**
 * What the end-to-end link-flow tests share: the demo gateway on a memory store and a test clock, a browser
 * holding the demo parent's gateway session, and the GraphQL reads that show what a flow linked.
 */
import { beforeAll, beforeEach } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { startTestGateway, testClock, type TestGateway } from './gateway.js';
import { operation } from './graphql.js';
import { createLinkBrowser, type LinkBrowser } from './link-browser.js';

/** A linked account as the tests read it. */
export interface LinkedAccount {
  id: string;
  provider: string;
  status: string;
  tenant: { id: string; name: string };
}

/** A student as the tests read it. */
export interface LinkedStudent {
  id: string;
  firstName: string;
  enrollments: { provider: string }[];
}

/** The viewer's linked accounts with their tenants. */
export const ACCOUNTS = operation<{ viewer: { providerAccounts: LinkedAccount[] } }>(
  `{ viewer { providerAccounts { id provider status tenant { id name } } } }`,
);
/** The viewer's students and which diaries each is enrolled through. */
export const STUDENTS = operation<{ viewer: { students: LinkedStudent[] } }>(
  `{ viewer { students { id firstName enrollments { provider } } } }`,
);
/** Unlinks an account. */
export const UNLINK = operation<{ unlinkProviderAccount: { unlinkedId: string } }>(
  `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`,
);

/** One file's demo gateway and browser; `target` and `browser` are set before the first test. */
export interface LinkFlowSetup {
  store: GatewayStore;
  clock: ReturnType<typeof testClock>;
  target: TestGateway;
  browser: LinkBrowser;
}

/**
 * Starts the demo gateway before the file's tests, with a browser that holds the demo parent's session, and
 * moves the clock a minute before each test, as a family's clicks are apart: links made now are newer than
 * the demo's. Many flows come from one address, so the sign-in allowance is raised out of the tests' way.
 */
export function useLinkFlowGateway(): LinkFlowSetup {
  const setup = { store: createMemoryStore(), clock: testClock() } as LinkFlowSetup;
  beforeAll(async () => {
    setup.target = await startTestGateway({ SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' }, setup.clock.now, {
      store: setup.store,
    });
    setup.browser = createLinkBrowser();
    setup.browser.setCookie(setup.target.url, 'dg_session', setup.target.gateway.demo!.token);
  });
  beforeEach(() => setup.clock.advance(60_000));
  return setup;
}
