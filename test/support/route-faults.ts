/**
 * Faults on single routes of the diaries, for tests of what one failed call does to an answer built from
 * several (a profile read from `getrules` and a card per child, say). The simulators' own fault modes
 * (`setFault`) fail every route of a diary at once; this base transport stands in front of the real
 * simulators, like a proxy with a bad upstream, and fails only the routes a test names. Every other
 * request goes to the simulator over real loopback HTTP.
 */
import type { ProviderKind } from '../../src/domain/model.js';
import {
  createUndiciTransport,
  UpstreamNetworkError,
  type HttpTransport,
  type UpstreamResponse,
} from '../../src/upstream/transport.js';

/**
 * Every route a profile read calls, by diary, as a pattern of the URL's path: the holder and the children,
 * and everything that feeds a child's identity, school or class.
 */
export const PROFILE_ROUTES = {
  MESH: {
    profile_info: /\/acl\/api\/users\/profile_info$/,
    profile: /\/api\/family\/mobile\/v1\/profile$/,
  },
  DNEVNIK: {
    'users/me': /\/v2\/users\/me$/,
    'users/me/context': /\/v2\/users\/me\/context$/,
    'users/me/relatives': /\/v2\/users\/me\/relatives$/,
    'persons/{person}/edu-groups': /\/v2\/persons\/[^/]+\/edu-groups$/,
    'schools/{school}': /\/v2\/schools\/[^/]+$/,
  },
  ELJUR: {
    auth: /\/apiv3\/auth$/,
    getrules: /\/apiv3\/getrules$/,
    getprofileuserinfo: /\/apiv3\/getprofileuserinfo$/,
  },
} as const satisfies Record<ProviderKind, Record<string, RegExp>>;

/** A route of {@link PROFILE_ROUTES}: `"ELJUR getprofileuserinfo"`. */
export type ProfileRoute = { [P in ProviderKind]: `${P} ${keyof (typeof PROFILE_ROUTES)[P] & string}` }[ProviderKind];

/** Every profile route of every diary. */
export const ALL_PROFILE_ROUTES: readonly ProfileRoute[] = (
  Object.entries(PROFILE_ROUTES) as [ProviderKind, Record<string, RegExp>][]
).flatMap(([provider, routes]) => Object.keys(routes).map((name) => `${provider} ${name}` as ProfileRoute));

/**
 * How a route fails: `unavailable` is a 503 from a proxy in front of the diary (an HTML page, as nginx
 * sends), `bad-gateway` a 502 with an empty body, `reset` a connection that breaks before an answer.
 */
export type RouteFault = 'unavailable' | 'bad-gateway' | 'reset';

/** The base transport with switchable faults. */
export interface RouteFaults {
  /** Pass as `transport` to `startTestGateway`; it sits under the gateway's retries and breakers. */
  transport: HttpTransport;
  /** Makes `route` fail with `fault` until {@link RouteFaults.heal}; `null` heals it. */
  fail(route: ProfileRoute, fault: RouteFault | null): void;
  /** Heals every route. */
  heal(): void;
  /** How many requests each route failed so far (to check a scenario really failed something). */
  failedCalls(): ReadonlyMap<ProfileRoute, number>;
}

function patternOf(route: ProfileRoute): RegExp {
  const [provider, name] = route.split(' ', 2) as [ProviderKind, string];
  return (PROFILE_ROUTES[provider] as Record<string, RegExp>)[name]!;
}

function failure(fault: RouteFault): UpstreamResponse {
  switch (fault) {
    case 'unavailable':
      return {
        status: 503,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
      };
    case 'bad-gateway':
      return { status: 502, headers: {}, body: '' };
    case 'reset':
      throw new UpstreamNetworkError('connection', 'the connection was reset (test fault)');
  }
}

/** Creates the transport; the real one under it is undici over loopback, as the gateway's own. */
export function createRouteFaults(): RouteFaults {
  const real = createUndiciTransport();
  const active = new Map<ProfileRoute, RouteFault>();
  const failed = new Map<ProfileRoute, number>();
  return {
    async transport(request) {
      for (const [route, fault] of active) {
        if (!patternOf(route).test(request.url.pathname)) continue;
        failed.set(route, (failed.get(route) ?? 0) + 1);
        return failure(fault);
      }
      return real(request);
    },
    fail(route, fault) {
      if (fault === null) active.delete(route);
      else active.set(route, fault);
    },
    heal() {
      active.clear();
    },
    failedCalls: () => failed,
  };
}
