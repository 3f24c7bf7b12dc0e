/**
 * The adapters the gateway runs: one per served tenant (Moscow МЭШ and the Moscow region's «Моя школа»
 * are two adapters with their own hosts, rate limit and breakers). Everything that calls a diary asks
 * here for the adapter of an account's tenant; an account whose tenant is not served is reported by the
 * caller (`PROVIDER_UNAVAILABLE`), never crashed on.
 *
 * Children read through a tenant other than its platform's primary one carry the tenant
 * (`ProviderStudent.tenant`), stamped here on the way out of the adapter, so their gateway ids cannot
 * collide with another installation's children of the same diary id.
 */
import type { ProviderAdapter } from '../domain/adapter.js';
import type { ProviderAccountProfile, ProviderKind } from '../domain/model.js';

/** One served tenant and its adapter. */
export interface TenantAdapter {
  tenantId: string;
  provider: ProviderKind;
  /** The platform's primary tenant (its accounts may have been linked before tenants existed). */
  primary: boolean;
  adapter: ProviderAdapter;
}

/** What identifies an account's tenant: its diary and, when recorded, its tenant id. */
export interface TenantOf {
  provider: ProviderKind;
  tenant?: string | undefined;
}

/** The served adapters, by tenant. */
export interface AdapterRegistry {
  /** The tenant id an account belongs to (its own, or its platform's primary); `undefined` when unknown. */
  tenantOf(account: TenantOf): string | undefined;
  /** The adapter of a tenant, or `undefined` when it is not served. */
  forTenant(tenantId: string): ProviderAdapter | undefined;
  /** The adapter of an account's tenant, or `undefined` when it is not served. */
  forAccount(account: TenantOf): ProviderAdapter | undefined;
  /** Every served tenant, in registration order. */
  tenants(): readonly TenantAdapter[];
}

/** Stamps the tenant on every child a non-primary tenant's adapter lists. */
function stampTenant(adapter: ProviderAdapter, tenantId: string): ProviderAdapter {
  const withTenant = (profile: ProviderAccountProfile): ProviderAccountProfile => ({
    ...profile,
    students: profile.students.map((student) => ({ ...student, tenant: tenantId })),
  });
  // Object.create keeps every other method (own or inherited) exactly as the adapter has it.
  const stamped = Object.create(adapter) as ProviderAdapter;
  stamped.fetchProfile = async (account, scope) => withTenant(await adapter.fetchProfile(account, scope));
  return stamped;
}

/**
 * Builds the registry. Throws a `TypeError` for two entries of one tenant id or two primaries of one
 * platform (the tenant registry has refused such a configuration already; this guards the wiring).
 * @example
 * const adapters = createAdapterRegistry([{ tenantId: 'mesh-moscow', provider: 'MESH', primary: true, adapter: mesh }]);
 * adapters.forAccount({ provider: 'MESH' }); // mesh
 */
export function createAdapterRegistry(entries: readonly TenantAdapter[]): AdapterRegistry {
  const byTenant = new Map<string, TenantAdapter>();
  const primaries = new Map<ProviderKind, string>();
  for (const entry of entries) {
    if (byTenant.has(entry.tenantId)) throw new TypeError(`createAdapterRegistry: tenant ${entry.tenantId} twice.`);
    if (entry.primary) {
      if (primaries.has(entry.provider))
        throw new TypeError(`createAdapterRegistry: two primary tenants of ${entry.provider}.`);
      primaries.set(entry.provider, entry.tenantId);
    }
    const adapter = entry.primary ? entry.adapter : stampTenant(entry.adapter, entry.tenantId);
    byTenant.set(entry.tenantId, { ...entry, adapter });
  }
  const tenantOf = (account: TenantOf) => account.tenant ?? primaries.get(account.provider);
  const forTenant = (tenantId: string) => byTenant.get(tenantId)?.adapter;
  return {
    tenantOf,
    forTenant,
    forAccount(account) {
      const tenantId = tenantOf(account);
      const entry = tenantId === undefined ? undefined : byTenant.get(tenantId);
      // An account's recorded tenant must be of its own diary; anything else is not served.
      return entry && entry.provider === account.provider ? entry.adapter : undefined;
    },
    tenants: () => [...byTenant.values()],
  };
}
