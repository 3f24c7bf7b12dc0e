/** Helpers of the tenant tests: edited copies of the built-in list, and the problems a call throws. */
import { expect } from 'vitest';
import { BUILT_IN_TENANTS } from '../../../src/tenants/built-in-tenants.js';
import type { Tenant } from '../../../src/tenants/tenant.js';
import { TenantConfigError } from '../../../src/tenants/tenant-config-error.js';
import { thrown } from '../../support/thrown.js';

/** A mutable deep copy of the built-in tenants. */
export function builtIns(): Tenant[] {
  return structuredClone<Tenant[]>([...BUILT_IN_TENANTS]);
}

/** The built-in list with tenant `id` changed by `change` (a deep copy, so the change may mutate). */
export function builtInsWith(id: string, change: (tenant: Record<string, any>) => void): Tenant[] {
  const tenants = builtIns();
  const tenant = tenants.find((candidate) => candidate.id === id);
  if (!tenant) throw new Error(`no built-in tenant ${id}`);
  change(tenant);
  return tenants;
}

/** The problems of the TenantConfigError `run` throws (fails the test when it throws anything else). */
export function problemsOf(run: () => unknown): readonly string[] {
  const error = thrown(run);
  expect(error).toBeInstanceOf(TenantConfigError);
  expect((error as TenantConfigError).code).toBe('TENANT_CONFIG_INVALID');
  return (error as TenantConfigError).problems;
}

/** The message of whatever `run` throws, for checking that no secret is in it. */
export function messageOf(run: () => unknown): string {
  return String((thrown(run) as Error).message);
}
