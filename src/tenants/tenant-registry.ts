/**
 * The tenant registry: a checked, frozen list of the diary installations the gateway serves, and what
 * each can offer for linking. Built by `loadTenants` from the configuration, or by the demo from its own
 * list pointing at simulators.
 */
import type { ProviderKind } from '../domain/model.js';
import { deepFreeze } from './deep-freeze.js';
import { isServed, type LinkFlowContext, linkFlows, setupLine } from './link-flows.js';
import type { LinkFlowStatus, Tenant } from './tenant.js';
import { TenantConfigError } from './tenant-config-error.js';
import { isTenantId, normalizedBaseUrl, tenantProblems } from './tenant-rules.js';

export type { LinkFlowContext } from './link-flows.js';
export { TenantConfigError } from './tenant-config-error.js';

/** The tenants the gateway knows, looked up by id or platform. */
export interface TenantRegistry {
  /** Every tenant, in the order given. */
  all(): readonly Tenant[];
  /** The tenant with this id, if any. */
  get(id: string): Tenant | undefined;
  /** The platform's primary tenant (accounts linked before tenants existed belong to it), if it has tenants. */
  primary(platform: ProviderKind): Tenant | undefined;
  /** The tenants an adapter can serve: an Eljur tenant needs a devkey; the others always. */
  served(): readonly Tenant[];
  /** The tenant's link flows, each on or off with the reason (see link-flows.ts). */
  linkFlows(tenant: Tenant, context: LinkFlowContext): LinkFlowStatus[];
  /** One line per tenant not served or with a flow off, for the start-up log (names settings, never values). */
  setupReport(context: LinkFlowContext): string[];
}

/** How a problem names its entry: position, and the id when it is a well-formed one. */
function entryLabel(tenant: Tenant, index: number): string {
  return isTenantId(tenant.id) ? `tenants[${index}] "${tenant.id}"` : `tenants[${index}]`;
}

/** A frozen copy with base URLs as adapters join paths to them (trimmed, no trailing slash). */
function normalized(tenant: Tenant): Tenant {
  switch (tenant.platform) {
    case 'MESH': {
      const signIn = tenant.signIn && {
        ...tenant.signIn,
        ...(tenant.signIn.kind === 'mos-ru'
          ? { loginBaseUrl: normalizedBaseUrl(tenant.signIn.loginBaseUrl) }
          : { authBaseUrl: normalizedBaseUrl(tenant.signIn.authBaseUrl) }),
      };
      const schoolBaseUrl = normalizedBaseUrl(tenant.schoolBaseUrl);
      return deepFreeze({ ...tenant, schoolBaseUrl, aclBaseUrl: normalizedBaseUrl(tenant.aclBaseUrl), signIn });
    }
    case 'DNEVNIK': {
      const apiBaseUrl = normalizedBaseUrl(tenant.apiBaseUrl);
      return deepFreeze({ ...tenant, apiBaseUrl, loginBaseUrl: normalizedBaseUrl(tenant.loginBaseUrl) });
    }
    case 'ELJUR': {
      const vendors = tenant.vendors.map((vendor) => ({ id: vendor.id, name: { ...vendor.name } }));
      const redirectSignInUrl = tenant.redirectSignInUrl?.trim() ?? null;
      return deepFreeze({ ...tenant, baseUrl: normalizedBaseUrl(tenant.baseUrl), vendors, redirectSignInUrl });
    }
  }
}

/** Problems across entries: unique ids, exactly one primary per platform that has tenants. */
function listProblems(tenants: readonly Tenant[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  tenants.forEach((tenant, index) => {
    const first = seen.get(tenant.id);
    if (first !== undefined && isTenantId(tenant.id))
      problems.push(`${entryLabel(tenant, index)}: id is already used by tenants[${first}]`);
    else seen.set(tenant.id, index);
  });
  for (const platform of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
    const ofPlatform = tenants.filter((tenant) => tenant.platform === platform);
    if (ofPlatform.length === 0) continue;
    const primaries = ofPlatform.filter((tenant) => tenant.primary === true).map((tenant) => `"${tenant.id}"`);
    if (primaries.length === 0)
      problems.push(`${platform}: no tenant is primary; set primary: true on exactly one of its tenants`);
    if (primaries.length > 1)
      problems.push(`${platform}: ${primaries.join(', ')} are all primary; exactly one may be (set primary: false)`);
  }
  return problems;
}

/**
 * Checks `tenants` and holds frozen, normalised copies of them.
 * @throws TenantConfigError listing every problem, each naming the entry (`tenants[3] "mesh-kaluga": …`).
 * @example
 * const registry = createTenantRegistry(BUILT_IN_TENANTS);
 * registry.primary('MESH')?.id; // 'mesh-moscow'
 */
export function createTenantRegistry(tenants: readonly Tenant[]): TenantRegistry {
  const problems = tenants.flatMap((tenant, index) =>
    tenantProblems(tenant).map((problem) => `${entryLabel(tenant, index)}: ${problem}`),
  );
  problems.push(...listProblems(tenants));
  if (problems.length > 0) throw new TenantConfigError(problems);
  const list: readonly Tenant[] = Object.freeze(tenants.map(normalized));
  const byId = new Map(list.map((tenant) => [tenant.id, tenant]));
  const served = Object.freeze(list.filter(isServed));
  return Object.freeze({
    all: () => list,
    get: (id: string) => byId.get(id),
    primary: (platform: ProviderKind) => list.find((tenant) => tenant.platform === platform && tenant.primary),
    served: () => served,
    linkFlows,
    setupReport: (context: LinkFlowContext) =>
      list.flatMap((tenant) => {
        const line = setupLine(tenant, context);
        return line === null ? [] : [line];
      }),
  });
}
