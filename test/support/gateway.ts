/**
 * Starts a real gateway (demo mode: real simulators over loopback HTTP) for integration tests, and
 * speaks GraphQL to it over real HTTP. A started gateway closes itself when the test that started it
 * finishes, or when the file ends if it was started in `beforeAll` (see teardown.ts).
 */
import { loadConfig } from '../../src/config/config.js';
import { createGateway, type Gateway, type GatewayDependencies } from '../../src/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { vi } from 'vitest';
import { postGraphql, type GraphqlResponse, type Operation } from './graphql.js';
import { captureLogs } from './logs.js';
import { registerTeardown } from './teardown.js';

export type { GraphqlResponse } from './graphql.js';

/** A running test gateway. */
export interface TestGateway {
  gateway: Gateway;
  url: string;
  /** Everything the gateway logged. */
  logs(): string;
  /**
   * Posts a GraphQL request; `token` defaults to the demo parent's. `data` is typed by `TData`, or by the
   * query when it is an {@link Operation}.
   */
  graphql<TData = unknown>(
    query: Operation<TData> | string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphqlResponse<TData>>;
}

/** The fixed "now" of integration tests: Monday 23 November 2026, 12:00 in Moscow. */
export const TEST_NOW = new Date('2026-11-23T09:00:00Z');

/**
 * The family page's dashboard variables (`DashboardDocument`) for tests around `TEST_NOW`: today and
 * tomorrow, a week of homework, three weeks of grades and the term's attendance.
 */
export const TEST_DASHBOARD_DAYS = {
  today: '2026-11-23',
  tomorrow: '2026-11-24',
  homeworkUntil: '2026-11-30',
  gradesSince: '2026-11-02',
  attendanceSince: '2026-09-01',
};

/** A clock tests move by hand (cache freshness is measured with it). */
export function testClock(start: Date = TEST_NOW): { now: () => Date; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * A test clock and `Date` moved together: the gateway's clock measures cache ages, while the breakers'
 * open periods, the rate limits and sign-in read `Date`. Fakes only `Date` (timers keep running); real
 * `Date` comes back when the test ends (or the file, when called outside a test).
 */
export function movingTime(start: Date = TEST_NOW): { now: () => Date; advance(ms: number): void } {
  const clock = testClock(start);
  vi.useFakeTimers({ toFake: ['Date'] });
  registerTeardown(() => vi.useRealTimers());
  return {
    now: clock.now,
    advance(ms) {
      clock.advance(ms);
      vi.setSystemTime(Date.now() + ms);
    },
  };
}

/**
 * Starts a gateway on a free port, closed by itself when done (see the module comment); `dependencies`
 * replaces parts of it (a store holding a second family, shorter pauses between retries). Closing it earlier
 * by hand (a restart) is fine.
 */
export async function startTestGateway(
  environment: Record<string, string> = {},
  now: () => Date = () => TEST_NOW,
  dependencies: Pick<GatewayDependencies, 'store' | 'transport' | 'familyPageDir' | 'retryBackoff'> = {},
): Promise<TestGateway> {
  const logs = captureLogs();
  // The in-memory store unless a test asks for another: tests must not share the default store file. No
  // change detection in the background unless a test asks for it: its polls would be diary calls that tests
  // counting calls did not make (`gateway.detectChanges()` polls on demand either way).
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'info',
    STORE: 'memory',
    CHANGE_DETECTION: 'off',
    DELIVERIES: 'off',
    ...environment,
  });
  const gateway = await createGateway(config, { ...dependencies, logger: createLogger('info', logs.stream), now });
  registerTeardown(() => gateway.close());
  const url = await gateway.listen();
  return {
    gateway,
    url,
    logs: logs.text,
    graphql: (query, variables = {}, token = gateway.demo?.token ?? null) =>
      postGraphql(url, query, { variables, headers: token ? { authorization: `Bearer ${token}` } : {} }),
  };
}
