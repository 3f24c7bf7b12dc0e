/**
 * A tenant's own diary deadline (`deadlineMs` in `TENANTS_FILE`, issue 15), and how an account's deadline is
 * chosen: the tenant's, else its diary's `PROVIDER_DEADLINES_MS`, else the request's.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { diaryDeadlines } from '../../../src/tenants/diary-deadlines.js';
import { loadTenants } from '../../../src/tenants/load-tenants.js';
import type { Tenant } from '../../../src/tenants/tenant.js';
import { problemsOf } from './support.js';

const load = (tenants: unknown[], environment: Record<string, string> = {}) =>
  loadTenants(loadConfig({ TENANTS_FILE: '/etc/gateway/tenants.json', ...environment }), {
    readFile: () => JSON.stringify({ tenants }),
  });

describe('a tenant deadline in TENANTS_FILE', () => {
  it('should keep deadlineMs on the tenant it is given for, and none elsewhere', () => {
    const registry = load([{ id: 'eljur', deadlineMs: 2500 }]);
    expect(registry.get('eljur')?.deadlineMs).toBe(2500);
    expect(registry.get('mesh-moscow')?.deadlineMs).toBeUndefined();
  });

  it.each([
    [
      { id: 'eljur', deadlineMs: 9000 },
      {},
      'TENANTS_FILE "eljur": deadlineMs (9000) is longer than REQUEST_DEADLINE_MS (8000)',
    ],
    [
      { id: 'eljur', deadlineMs: 3000 },
      { REQUEST_DEADLINE_MS: '2000' },
      'deadlineMs (3000) is longer than REQUEST_DEADLINE_MS (2000)',
    ],
    [{ id: 'eljur', deadlineMs: 0 }, {}, 'TENANTS_FILE tenants[0] "eljur": deadlineMs must be at least 1'],
    [{ id: 'eljur', deadlineMs: 1.5 }, {}, 'TENANTS_FILE tenants[0] "eljur": deadlineMs must be a whole number'],
    [{ id: 'eljur', deadlineMs: 200_000 }, {}, 'TENANTS_FILE tenants[0] "eljur": deadlineMs must be at most 120000'],
    [{ id: 'eljur', deadlineMs: '3000' }, {}, 'TENANTS_FILE tenants[0] "eljur": deadlineMs must be number'],
  ])('should refuse %j naming the entry and the field', (entry, environment, problem) => {
    expect(problemsOf(() => load([entry], environment)).join('\n')).toContain(problem);
  });
});

describe('diaryDeadlines', () => {
  const tenants: Record<string, Partial<Tenant>> = {
    eljur: { id: 'eljur', deadlineMs: 1500 },
    'eljur-other': { id: 'eljur-other' },
    'mesh-moscow': { id: 'mesh-moscow' },
  };
  const deadlineOf = diaryDeadlines({
    tenantOf: (account) =>
      tenants[account.tenant ?? { MESH: 'mesh-moscow', DNEVNIK: 'dnevnik-ru', ELJUR: 'eljur' }[account.provider]] as
        Tenant | undefined,
    providerDeadlinesMs: { ELJUR: 3000, DNEVNIK: 8000 },
    requestDeadlineMs: 8000,
  });

  it('should take the tenant’s deadline over its diary’s', () => {
    expect(deadlineOf({ provider: 'ELJUR' })).toBe(1500);
  });

  it('should take the diary’s deadline for a tenant without one', () => {
    expect(deadlineOf({ provider: 'ELJUR', tenant: 'eljur-other' })).toBe(3000);
  });

  it('should leave the request’s deadline to a diary with none, or with one not shorter than the request’s', () => {
    expect(deadlineOf({ provider: 'MESH' })).toBeUndefined();
    expect(deadlineOf({ provider: 'DNEVNIK' })).toBeUndefined();
  });
});
