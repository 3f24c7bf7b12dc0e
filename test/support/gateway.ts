/**
 * Starts a real gateway (demo mode: real simulators over loopback HTTP) for integration tests, and
 * speaks GraphQL to it over real HTTP. Every started gateway is closed by `disposeAll` in `afterAll`.
 */
import { loadConfig } from '../../src/config/config.js';
import { createGateway, type Gateway, type GatewayDependencies } from '../../src/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { vi } from 'vitest';
import { captureLogs } from './logs.js';

/** A running test gateway. */
export interface TestGateway {
  gateway: Gateway;
  url: string;
  /** Everything the gateway logged. */
  logs(): string;
  /** Posts a GraphQL request; `token` defaults to the demo parent's. */
  graphql(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphqlResponse>;
}

export interface GraphqlResponse {
  status: number;
  body: {
    data?: any;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
  text: string;
}

const leftovers: Gateway[] = [];

/** The fixed "now" of integration tests: Monday 23 November 2026, 12:00 in Moscow. */
export const TEST_NOW = new Date('2026-11-23T09:00:00Z');

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
 * open periods, the rate limits and sign-in read `Date`. Fakes only `Date` (timers keep running); the
 * caller restores real timers (`vi.useRealTimers()`) after the test.
 */
export function movingTime(start: Date = TEST_NOW): { now: () => Date; advance(ms: number): void } {
  const clock = testClock(start);
  vi.useFakeTimers({ toFake: ['Date'] });
  return {
    now: clock.now,
    advance(ms) {
      clock.advance(ms);
      vi.setSystemTime(Date.now() + ms);
    },
  };
}

/** Starts a gateway on a free port; `dependencies` replaces parts of it (a store holding a second family). */
export async function startTestGateway(
  environment: Record<string, string> = {},
  now: () => Date = () => TEST_NOW,
  dependencies: Pick<GatewayDependencies, 'store' | 'transport'> = {},
): Promise<TestGateway> {
  const logs = captureLogs();
  // The in-memory store unless a test asks for another: tests must not share the default store file.
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', STORE: 'memory', ...environment });
  const gateway = await createGateway(config, { ...dependencies, logger: createLogger('info', logs.stream), now });
  leftovers.push(gateway);
  const url = await gateway.listen();
  return {
    gateway,
    url,
    logs: logs.text,
    async graphql(query, variables = {}, token = gateway.demo?.token ?? null) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text), text };
    },
  };
}

/** Closes every gateway started so far (call from `afterAll`). */
export async function disposeAll(): Promise<void> {
  await Promise.all(leftovers.splice(0).map((gateway) => gateway.close()));
}
