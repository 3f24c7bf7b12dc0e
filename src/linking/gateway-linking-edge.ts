/**
 * The real {@link LinkingEdge}: the tenant registry, each tenant's adapter, and linking through
 * `src/accounts/link-account.ts` — exactly what the GraphQL link mutations use, so an account linked in
 * the browser and one linked by an API client are the same link (a relink of a lapsed account keeps its id,
 * its children's ids, matches and grants either way).
 */
import { linkProviderAccount, type LinkingDeps } from '../accounts/link-account.js';
import type { BrowserSignIn } from '../domain/browser-sign-in.js';
import { accountTenantId } from '../tenants/account-tenant.js';
import { createUpstreamScope } from '../upstream/request-scope.js';
import type { LinkedAccountSummary, LinkingEdge } from './linking-edge.js';

/** What {@link createGatewayLinkingEdge} needs. */
export interface GatewayLinkingEdgeOptions {
  tenants: LinkingEdge['tenants'];
  /** Linking's own dependencies (store, adapters, vault, id key, clock). */
  linking: LinkingDeps;
  /** The browser sign-in of a tenant's adapter, when it offers one. */
  browserSignIn: (tenantId: string) => BrowserSignIn | undefined;
  /** Deadline of the diary calls of one link (`REQUEST_DEADLINE_MS`). */
  requestDeadlineMs: number;
  /** The gateway's address as browsers reach it; `null` until known. */
  publicUrl: () => string | null;
}

/** Builds the edge the link routes work with. */
export function createGatewayLinkingEdge(options: GatewayLinkingEdgeOptions): LinkingEdge {
  const { linking } = options;
  const summary = (record: {
    id: string;
    provider: LinkedAccountSummary['provider'];
    tenant?: string;
    displayName: string;
  }) => ({
    id: record.id,
    provider: record.provider,
    tenantId: accountTenantId(record, (platform) => options.tenants.primary(platform)),
    displayName: record.displayName,
  });
  return {
    tenants: options.tenants,
    browserSignIn: options.browserSignIn,
    async link(userId, tenantId, credentials, signal) {
      const deadline = AbortSignal.timeout(options.requestDeadlineMs);
      // The browser leaving (its request closed) abandons the diary calls too.
      const scope = createUpstreamScope(signal ? AbortSignal.any([deadline, signal]) : deadline);
      return summary(await linkProviderAccount(userId, credentials, scope, linking, { tenantId }));
    },
    linkedAccounts: async (userId) => (await linking.store.listProviderAccounts(userId)).map(summary),
    publicUrl: options.publicUrl,
  };
}
