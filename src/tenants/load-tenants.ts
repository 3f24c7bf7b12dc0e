/**
 * The gateway's tenants from its configuration, in three layers, later ones winning:
 * 1. the built-in tenants (built-in-tenants.ts);
 * 2. the environment's simple-case variables, which configure the built-in primaries as the gateway did
 *    before tenants existed (`MESH_*` → `mesh-moscow`, `DNEVNIK_*` → `dnevnik-ru`, `ELJUR_*` → `eljur`);
 * 3. `TENANTS_FILE` (tenants-file.ts, tenant-overrides.ts).
 * Last, `ELJUR_DEVKEY` becomes the devkey of every Eljur tenant that still has none.
 */
import type { GatewayConfig } from '../config/config.js';
import { BUILT_IN_TENANTS, ENVIRONMENT_TENANT_IDS } from './built-in-tenants.js';
import type { EljurVendor, Tenant } from './tenant.js';
import { TenantConfigError } from './tenant-config-error.js';
import { withTenantsFile } from './tenant-overrides.js';
import { createTenantRegistry, type TenantRegistry } from './tenant-registry.js';
import { readSmallFile, readTenantsFile } from './tenants-file.js';

/** How `loadTenants` reaches the file system (tests hand in the file's text). */
export interface LoadTenantsOptions {
  /** Reads `TENANTS_FILE` as UTF-8 text. @default a read of at most 1 MiB from disk */
  readFile?: (path: string) => string;
}

type Sections = Pick<GatewayConfig, 'mesh' | 'dnevnik' | 'eljur'>;

/** `ELJUR_VENDOR` (named by its id, first) and `ELJUR_VENDORS`, or `null` when neither is set. */
function environmentVendors(eljur: GatewayConfig['eljur']): EljurVendor[] | null {
  const listed = eljur.vendors.map((vendor) => ({ id: vendor.id, name: { ...vendor.name } }));
  const single = eljur.vendor;
  const vendors =
    single !== null && !listed.some((vendor) => vendor.id === single)
      ? [{ id: single, name: { ru: single, en: single } }, ...listed]
      : listed;
  return vendors.length > 0 ? vendors : null;
}

/** A built-in primary with the environment's settings; other tenants unchanged. */
function withEnvironment(tenant: Tenant, { mesh, dnevnik, eljur }: Sections): Tenant {
  if (tenant.id !== ENVIRONMENT_TENANT_IDS[tenant.platform]) return tenant;
  switch (tenant.platform) {
    case 'MESH': {
      const signIn =
        tenant.signIn?.kind === 'mos-ru'
          ? {
              ...tenant.signIn,
              loginBaseUrl: mesh.loginBaseUrl,
              clientId: mesh.clientId ?? tenant.signIn.clientId,
              clientSecret: mesh.clientSecret ?? tenant.signIn.clientSecret,
            }
          : tenant.signIn;
      return { ...tenant, schoolBaseUrl: mesh.schoolBaseUrl, aclBaseUrl: mesh.aclBaseUrl, signIn };
    }
    case 'DNEVNIK':
      return {
        ...tenant,
        apiBaseUrl: dnevnik.baseUrl,
        loginBaseUrl: dnevnik.loginBaseUrl,
        clientId: dnevnik.clientId ?? tenant.clientId,
        clientSecret: dnevnik.clientSecret ?? tenant.clientSecret,
      };
    case 'ELJUR':
      return {
        ...tenant,
        baseUrl: eljur.baseUrl,
        timeZone: eljur.timeZone,
        devkey: eljur.devkey ?? tenant.devkey,
        vendors: environmentVendors(eljur) ?? tenant.vendors,
        redirectSignInUrl: eljur.redirectSignInUrl ?? tenant.redirectSignInUrl,
      };
  }
}

/** A tenant may not be given longer than the whole request: one problem per tenant whose `deadlineMs` is. */
function deadlinesOverRequest(tenants: readonly Tenant[], requestDeadlineMs: number): string[] {
  return tenants
    .filter((tenant) => tenant.deadlineMs !== undefined && tenant.deadlineMs > requestDeadlineMs)
    .map(
      (tenant) =>
        `TENANTS_FILE "${tenant.id}": deadlineMs (${tenant.deadlineMs}) is longer than REQUEST_DEADLINE_MS (${requestDeadlineMs}); a diary's deadline must be at most the request's`,
    );
}

/**
 * Builds the registry from the configuration: built-ins, the environment, then `TENANTS_FILE`.
 * @throws TenantConfigError listing every problem (file unreadable, unknown field, bad value, two
 *   primaries…), each naming the file's entry and field, never a value.
 * @example
 * const tenants = loadTenants(loadConfig());
 * logger.info({ problems: tenants.setupReport({ publicUrl: config.publicUrl }) }, 'tenants');
 */
export function loadTenants(config: GatewayConfig, options: LoadTenantsOptions = {}): TenantRegistry {
  const problems: string[] = [];
  let tenants = BUILT_IN_TENANTS.map((tenant) => withEnvironment(tenant, config));
  if (config.tenantsFile !== null) {
    const entries = readTenantsFile(config.tenantsFile, options.readFile ?? readSmallFile, problems);
    tenants = withTenantsFile(tenants, entries, problems);
    problems.push(...deadlinesOverRequest(tenants, config.requestDeadlineMs));
  }
  if (problems.length > 0) throw new TenantConfigError(problems);
  const devkey = config.eljur.devkey;
  if (devkey !== null)
    tenants = tenants.map((tenant) =>
      tenant.platform === 'ELJUR' && tenant.devkey === null ? { ...tenant, devkey } : tenant,
    );
  return createTenantRegistry(tenants);
}
