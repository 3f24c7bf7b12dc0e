import { describe, expect, it } from 'vitest';
import type { ProviderAdapter, ProviderAccount } from '../../../src/domain/adapter.js';
import type { ProviderAccountProfile } from '../../../src/domain/model.js';
import { createAdapterRegistry } from '../../../src/loaders/adapter-registry.js';
import { firstSighting } from '../../../src/students/account-children.js';
import { deriveStudentId } from '../../../src/students/student-ids.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import { meshStudent } from '../mesh/fixtures.js';

const student = meshStudent({ externalId: '123' });

/** An adapter whose profile lists one child with diary id 123, as both МЭШ installations might. */
function meshAdapter(): ProviderAdapter {
  const profile: ProviderAccountProfile = {
    holder: { firstName: 'Анна', lastName: 'Иванова', middleName: null, birthDate: null, snils: null },
    students: [student],
  };
  return { provider: 'MESH', acceptsAbsenceNotices: true, fetchProfile: () => Promise.resolve(profile) } as never;
}

const account = (tenant?: string): ProviderAccount => ({
  id: 'acc_1',
  provider: 'MESH',
  credentials: {},
  ...(tenant ? { tenant } : {}),
});

describe('adapter registry', () => {
  const moscow = meshAdapter();
  const region = meshAdapter();
  const registry = createAdapterRegistry([
    { tenantId: 'mesh-moscow', provider: 'MESH', primary: true, adapter: moscow },
    { tenantId: 'mesh-mosreg', provider: 'MESH', primary: false, adapter: region },
  ]);

  it('gives an account without a tenant (linked before tenants existed) its platform primary', () => {
    expect(registry.tenantOf({ provider: 'MESH' })).toBe('mesh-moscow');
    expect(registry.forAccount(account())).toBe(moscow);
    expect(registry.tenantOf({ provider: 'DNEVNIK' })).toBeUndefined();
    expect(registry.forAccount({ provider: 'DNEVNIK' })).toBeUndefined();
  });

  it('serves an account by its own tenant, and never through a tenant of another diary', () => {
    expect(registry.forAccount(account('mesh-mosreg'))).toBeDefined();
    expect(registry.forAccount(account('mesh-mosreg'))).not.toBe(moscow);
    expect(registry.forAccount({ provider: 'ELJUR', tenant: 'mesh-mosreg' })).toBeUndefined();
    expect(registry.forAccount(account('mesh-kaluga'))).toBeUndefined();
  });

  it('stamps the tenant on children of a non-primary tenant only, so equal diary ids make two children', async () => {
    const scope = createUpstreamScope();
    const fromMoscow = (await registry.forTenant('mesh-moscow')!.fetchProfile(account(), scope)).students[0]!;
    const fromRegion = (await registry.forTenant('mesh-mosreg')!.fetchProfile(account('mesh-mosreg'), scope))
      .students[0]!;
    expect(fromMoscow.tenant).toBeUndefined();
    expect(fromRegion.tenant).toBe('mesh-mosreg');
    const secret = 'test id secret of at least thirty-two characters';
    const moscowId = firstSighting(fromMoscow, 0, secret).studentId;
    const regionId = firstSighting(fromRegion, 0, secret).studentId;
    expect(regionId).not.toBe(moscowId);
    // A primary tenant's child keeps the id it had before tenants existed.
    expect(moscowId).toBe(deriveStudentId(secret, 'MESH', '123'));
    // The wrapper keeps every other member of the adapter.
    expect(registry.forTenant('mesh-mosreg')!.acceptsAbsenceNotices).toBe(true);
  });

  it('refuses two entries of one tenant and two primaries of one diary', () => {
    const entry = { tenantId: 'mesh-moscow', provider: 'MESH' as const, primary: true, adapter: moscow };
    expect(() => createAdapterRegistry([entry, entry])).toThrow(/twice/);
    expect(() => createAdapterRegistry([entry, { ...entry, tenantId: 'mesh-other' }])).toThrow(/two primary/);
  });
});
