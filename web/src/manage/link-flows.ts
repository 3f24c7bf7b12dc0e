/**
 * Linking a diary happens in the browser, on the gateway's `/link/...` pages (the diary's own sign-in, or
 * the gateway's Eljur form), never through GraphQL. These helpers turn the `Tenants` query's link flows
 * into links that bring the parent back to this view (`returnTo`, which the link routes accept as a
 * local path, hash included).
 */
import type { LinkFlowKind, TenantsQuery } from '@diary-gateway/client';
import type { Language } from '../i18n.js';

/** One tenant as the `Tenants` query brings it. */
export type LinkTenant = TenantsQuery['tenants'][number];

/** Where the parent comes back to once linked: this view. */
export const RETURN_TO = '/#manage';

/** The gateway's own page of every diary and its ways of linking: the fallback when no flow is known. */
export const LINK_OVERVIEW_PATH = '/link';

/** `startPath` with `returnTo` added (replacing one already there). */
export function withReturnTo(startPath: string, returnTo: string = RETURN_TO): string {
  const hashAt = startPath.indexOf('#');
  const path = hashAt === -1 ? startPath : startPath.slice(0, hashAt);
  const queryAt = path.indexOf('?');
  const base = queryAt === -1 ? path : path.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : path.slice(queryAt + 1));
  params.set('returnTo', returnTo);
  return `${base}?${params.toString()}`;
}

/** One link of a tenant: where it goes, and the ways of signing in that start there. */
export interface LinkChoice {
  readonly href: string;
  readonly kinds: readonly LinkFlowKind[];
}

/** How a tenant can be linked now: its links, or (when none is available) why not in `language`. */
export interface TenantLinking {
  readonly choices: readonly LinkChoice[];
  readonly reasons: readonly string[];
}

/**
 * The available flows of `tenant` as links, one per start path (Eljur's two flows start at the same page,
 * which offers both); when none is available, the reasons the gateway gives, in `language`, once each.
 */
export function tenantLinking(tenant: LinkTenant, language: Language): TenantLinking {
  const byPath = new Map<string, LinkFlowKind[]>();
  for (const flow of tenant.linkFlows) {
    if (!flow.available || !flow.startPath) continue;
    const kinds = byPath.get(flow.startPath) ?? [];
    if (!kinds.includes(flow.kind)) kinds.push(flow.kind);
    byPath.set(flow.startPath, kinds);
  }
  const choices = [...byPath].map(([path, kinds]) => ({ href: withReturnTo(path), kinds }));
  if (choices.length > 0) return { choices, reasons: [] };
  const reasons = tenant.linkFlows
    .map((flow) =>
      language === 'en'
        ? (flow.unavailableReasonEnglish ?? flow.unavailableReason)
        : (flow.unavailableReason ?? flow.unavailableReasonEnglish),
    )
    .filter((reason): reason is string => typeof reason === 'string' && reason !== '');
  return { choices, reasons: [...new Set(reasons)] };
}

/**
 * Where to link the account of tenant `tenantId` again (its credentials lapsed): the tenant's first
 * available flow, else the gateway's overview of every diary.
 */
export function relinkHref(tenantId: string, tenants: readonly LinkTenant[] | null): string {
  const tenant = tenants?.find((candidate) => candidate.id === tenantId);
  const choice = tenant ? tenantLinking(tenant, 'ru').choices[0] : undefined;
  return choice ? choice.href : LINK_OVERVIEW_PATH;
}
