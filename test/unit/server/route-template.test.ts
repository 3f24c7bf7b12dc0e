/** Route templates of the access log and the HTTP histogram: bounded, whatever path a client sends. */
import { describe, expect, it } from 'vitest';
import { routeTemplate, UNMATCHED_ROUTE, type RouteTable } from '../../../src/server/route-template.js';

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
