/**
 * `GET /link`: the overview page (`overview-page.ts`), or for API clients the same as JSON — the linked
 * accounts and every tenant with its flows and where each starts.
 */
import type { LinkFlowStatus, Tenant } from '../tenants/tenant.js';
import { boundedParam, LINK_QUERY_LIMITS, PLATFORM_SEGMENTS, tenantIdOf } from './link-query.js';
import { sendLinkJson, sendPage } from './link-replies.js';
import type { LinkRequest } from './link-request.js';
import type { AttemptOwner } from './pending-attempt.js';
import { overviewPage } from './overview-page.js';

/** Where a flow of a tenant starts, for API clients (Eljur's redirect also needs `&vendor=` when the tenant lists several schools). */
function startPath(tenant: Tenant, flow: LinkFlowStatus): string {
  const query = new URLSearchParams({ tenant: tenant.id });
  if (tenant.platform === 'ELJUR' && flow.kind === 'REDIRECT') query.set('flow', 'redirect');
  return `/link/${PLATFORM_SEGMENTS[tenant.platform]}?${query.toString()}`;
}

/** `GET /link`. @returns the outcome for the log. */
export async function showOverview(request: LinkRequest, owner: AttemptOwner): Promise<string> {
  const { tenants } = request.edge;
  const linked = await request.edge.linkedAccounts(owner.userId);
  const all = tenants.all().map((tenant) => ({ tenant, flows: tenants.linkFlows(tenant) }));
  if (request.wantsJson) {
    sendLinkJson(request.res, 200, {
      accounts: linked,
      tenants: all.map(({ tenant, flows }) => ({
        id: tenant.id,
        platform: tenant.platform,
        name: tenant.name,
        ...(tenant.platform === 'ELJUR' ? { vendors: tenant.vendors } : {}),
        flows: flows.map((flow) => ({ ...flow, start: flow.available ? startPath(tenant, flow) : null })),
      })),
    });
    return 'SHOWN';
  }
  const justLinkedId = tenantIdOf(boundedParam(request.url.searchParams, 'linked', LINK_QUERY_LIMITS.tenant));
  const justLinked = justLinkedId === null ? null : (tenants.get(justLinkedId)?.name ?? null);
  const accounts = linked.map((account) => ({
    displayName: account.displayName,
    tenantName: tenants.get(account.tenantId)?.name ?? null,
  }));
  sendPage(request.res, 200, overviewPage({ accounts, justLinked, tenants: all }));
  return 'SHOWN';
}
