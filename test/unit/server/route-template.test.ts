/** Route templates of the access log and the HTTP histogram: bounded, whatever path a client sends. */
import { describe, expect, it } from 'vitest';
import { loggablePath, routeTemplate, UNMATCHED_ROUTE, type RouteTable } from '../../../src/server/route-template.js';

/** A calendar feed's address: its token is a credential. */
const FEED_PATH = `/calendar/${'T0kEn_-'.repeat(6)}x.ics`;

const table: RouteTable = {
  embeddedIssuerPath: '/demo/issuer',
  isStaticFile: (path) => ['/graphiql/graphiql.js', '/favicon.svg'].includes(path),
};

describe('routeTemplate', () => {
  it.each([
    ['/', '/'],
    ['/graphql', '/graphql'],
    ['/healthz', '/healthz'],
    ['/readyz', '/readyz'],
    ['/metrics', '/metrics'],
    ['/auth/login', '/auth/login'],
    ['/auth/callback', '/auth/callback'],
    ['/auth/session', '/auth/session'],
    ['/demo/token', '/demo/token'],
    ['/assets/index-3f2a9c1b.js', '/assets/:file'],
    ['/assets/chart-77aa.css', '/assets/:file'],
    ['/demo/issuer', '/demo/issuer/*'],
    ['/demo/issuer/interaction/Xk2-9aQ', '/demo/issuer/*'],
    ['/link', '/link'],
    ['/link/', '/link'],
    ['/link/mesh', '/link/mesh'],
    ['/link/dnevnik/callback', '/link/dnevnik/callback'],
    ['/link/eljur/callback', '/link/eljur/callback'],
    ['/link/someone-elses-diary', '/link/*'],
    ['/link/mesh/callback/extra', '/link/*'],
    ['/graphiql/graphiql.js', '/graphiql/graphiql.js'],
    ['/favicon.svg', '/favicon.svg'],
    [FEED_PATH, '/calendar/:token.ics'],
    ['/calendar/made-up.ics', '/calendar/:token.ics'],
    ['/calendar/', '/calendar/:token.ics'],
    ['/wp-admin/setup.php', UNMATCHED_ROUTE],
    ['/graphql/', UNMATCHED_ROUTE],
    ['/demo/issuerX', UNMATCHED_ROUTE],
    [`/${'a'.repeat(5000)}`, UNMATCHED_ROUTE],
  ])('should name %s as %s', (path, route) => {
    expect(routeTemplate(path, table)).toBe(route);
  });

  it('should not know the issuer when none is mounted', () => {
    expect(routeTemplate('/demo/issuer/auth', { ...table, embeddedIssuerPath: null })).toBe(UNMATCHED_ROUTE);
  });
});

describe('loggablePath', () => {
  it('should never give a calendar feed’s token to a log line or a trace', () => {
    expect(loggablePath(FEED_PATH)).toBe('/calendar/:token.ics');
    expect(loggablePath('/calendar/anything/else')).toBe('/calendar/:token.ics');
  });

  it('should keep every other path as it is', () => {
    expect(loggablePath('/link/mesh/callback')).toBe('/link/mesh/callback');
    expect(loggablePath('/graphql')).toBe('/graphql');
  });
});
