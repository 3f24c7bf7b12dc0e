/** `Query.tenants`, `Tenant`, `LinkFlow` and `ProviderAccountLink.tenant`: the diary installations served. */
import type { ProviderKind } from '../../domain/model.js';
import { accountTenantId } from '../../tenants/account-tenant.js';
import type { Tenant as TenantModel, TenantView } from '../../tenants/tenant.js';
import type { LinkFlowResolvers, TenantResolvers } from '../resolvers.generated.js';
import type { GatewayContext } from '../context.js';

/** The path segment of each platform's link routes (`/link/<segment>`). */
const LINK_SEGMENTS: Readonly<Record<ProviderKind, string>> = Object.freeze({
  MESH: 'mesh',
  DNEVNIK: 'dnevnik',
  ELJUR: 'eljur',
});

export const Tenant: TenantResolvers = {
  provider: (view) => view.platform,
  name: (view) => view.name.ru,
  englishName: (view) => view.name.en,
  linkFlows: ({ served }, _args, context) =>
    served ? context.services.tenants.linkFlows(served).map((flow) => ({ tenant: served, flow })) : [],
};

export const LinkFlow: LinkFlowResolvers = {
  kind: ({ flow }) => flow.kind,
  available: ({ flow }) => flow.available,
  // Both kinds start at `/link/<platform>`: Eljur's redirect sign-in is per school, so it is offered on the
  // form beside each school.
  startPath: ({ tenant, flow }) =>
    flow.available
      ? `/link/${LINK_SEGMENTS[tenant.platform]}?${new URLSearchParams({ tenant: tenant.id }).toString()}`
      : null,
  unavailableReason: ({ flow }) => flow.unavailableReason?.ru ?? null,
  unavailableReasonEnglish: ({ flow }) => flow.unavailableReason?.en ?? null,
};

/** A served tenant as the schema shows it. */
export function tenantView(tenant: TenantModel): TenantView {
  return { id: tenant.id, platform: tenant.platform, name: tenant.name, served: tenant };
}

/**
 * The tenant of a linked account. An account keeps its tenant after an integrator stops serving it; it is
 * then shown by its id, with no link flows, rather than failing the whole list.
 */
export function tenantOfAccount(
  account: { provider: ProviderKind; tenant?: string | undefined },
  context: GatewayContext,
): TenantView {
  const { tenants } = context.services;
  const id = accountTenantId(account, (platform) => tenants.primary(platform));
  const served = tenants.get(id);
  if (served) return tenantView(served);
  return { id, platform: account.provider, name: { ru: id, en: id }, served: null };
}
