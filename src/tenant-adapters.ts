/**
 * The composition root's adapter wiring (part of `src/index.ts`'s job, in its own file for size): one
 * adapter per served tenant, each on the tenant's own guarded transport, every SNILS hashed at the boundary.
 * With `src/index.ts` and `src/main.ts`, the only production code that imports adapters.
 */
import { createDnevnikAdapter } from '../adapters/dnevnik/index.js';
import { createEljurAdapter } from '../adapters/eljur/index.js';
import { createMeshAdapter } from '../adapters/mesh/index.js';
import { storeRenewedCredentials } from './accounts/renewed-credentials.js';
import type { ProviderAdapter, ProviderCredentials } from './domain/adapter.js';
import type { ProviderKind } from './domain/model.js';
import { protectPersonalData } from './identity/protect-adapter.js';
import { createAdapterRegistry, type AdapterRegistry, type TenantAdapter } from './loaders/adapter-registry.js';
import type { CredentialVault } from './secrets/credential-vault.js';
import type { GatewayStore } from './store/store.js';
import type { TenantRegistry } from './tenants/tenant-registry.js';
import type { Tenant } from './tenants/tenant.js';
import type { DriftSink } from './upstream/tolerant-decode.js';
import type { HttpTransport } from './upstream/transport.js';

/** What every adapter is built with besides its tenant. */
export interface AdapterParts {
  guardedTransport: (provider: ProviderKind, tenantId?: string) => HttpTransport;
  store: GatewayStore;
  vault: CredentialVault;
  now: () => Date;
  /** Counts and logs each part of a diary's answer left out because its shape drifted. */
  onSchemaDrift: DriftSink;
  personalDataSecret: string;
}

/** The adapter of one tenant, on the tenant's own guarded transport (its rate-limit bucket and pool). */
function createTenantAdapter(tenant: Tenant, parts: AdapterParts): ProviderAdapter | undefined {
  const { store, vault, now, onSchemaDrift } = parts;
  const transport = parts.guardedTransport(tenant.platform, tenant.id);
  // A compare-and-set against the credentials the renewal started from: of two requests refreshing one
  // token, the first keeps it, and an older renewal never overwrites a newer one or a relink.
  const onCredentialsRefreshed = async (
    accountId: string,
    credentials: ProviderCredentials,
    refreshedFrom: ProviderCredentials,
  ) => {
    await storeRenewedCredentials({ store, vault }, accountId, credentials, refreshedFrom);
  };
  switch (tenant.platform) {
    case 'MESH':
      return createMeshAdapter({
        transport,
        hosts: { schoolBaseUrl: tenant.schoolBaseUrl, aclBaseUrl: tenant.aclBaseUrl },
        signIn: tenant.signIn,
        now,
        onSchemaDrift,
      });
    case 'DNEVNIK': {
      const { clientId, clientSecret } = tenant;
      return createDnevnikAdapter({
        transport,
        baseUrl: tenant.apiBaseUrl,
        loginBaseUrl: tenant.loginBaseUrl,
        scope: tenant.scope,
        pkce: tenant.pkce,
        ...(clientId && clientSecret ? { clientId, clientSecret } : {}),
        defaultTimeZone: tenant.timeZone,
        onCredentialsRefreshed,
        now,
        onSchemaDrift,
      });
    }
    case 'ELJUR':
      // Served only with a developer key (the registry's `served()` has already left the others out).
      if (!tenant.devkey) return undefined;
      return createEljurAdapter({
        transport,
        baseUrl: tenant.baseUrl,
        devkey: tenant.devkey,
        vendor: tenant.vendors[0]?.id ?? null,
        redirectSignInUrl: tenant.redirectSignInUrl,
        timeZone: tenant.timeZone,
        onCredentialsRefreshed,
        now,
        onSchemaDrift,
      });
  }
}

/**
 * One adapter per served tenant (Moscow's МЭШ and the Moscow region's are two). Demo mode's tenants point
 * at its simulators; otherwise they are the built-in ones with the configuration's settings and
 * `TENANTS_FILE`. Every SNILS a diary sends is replaced by its keyed hash before anything else sees it.
 */
export function createAdapters(tenants: TenantRegistry, parts: AdapterParts): AdapterRegistry {
  const entries: TenantAdapter[] = [];
  for (const tenant of tenants.served()) {
    const adapter = createTenantAdapter(tenant, parts);
    if (!adapter) continue;
    entries.push({
      tenantId: tenant.id,
      provider: tenant.platform,
      primary: tenant.primary,
      adapter: protectPersonalData(adapter, parts.personalDataSecret),
    });
  }
  return createAdapterRegistry(entries);
}
