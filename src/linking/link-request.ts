/**
 * What every link route does alike: the request with its context, finding the tenant a link names,
 * checking that a flow is on, the callback address, where to go afterwards, and sending a signed-out
 * browser to sign in first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validReturnTo } from '../auth/oidc/return-to.js';
import type { LinkCredentials } from '../domain/adapter.js';
import type { ProviderKind } from '../domain/model.js';
import type { LinkFlowKind, LinkFlowStatus, Tenant } from '../tenants/tenant.js';
import { LinkFlowError } from './link-errors.js';
import type { LinkingEdge, LinkRouteContext } from './linking-edge.js';
import { boundedParam, PLATFORM_SEGMENTS, tenantIdOf } from './link-query.js';
import { problemOf } from './link-messages.js';
import { problemJson, problemPage, sendLinkJson, sendPage, sendRedirect } from './link-replies.js';

/** One request to a link route. */
export interface LinkRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  context: LinkRouteContext;
  edge: LinkingEdge;
  wantsJson: boolean;
  /** The gateway's clock when the request came, epoch ms. */
  now: number;
  /** The tenant the request turned out to be about, for the log; set as soon as it is known. */
  tenantId: string | null;
}

/**
 * The tenant of `platform` named by the `tenant` query parameter, or the platform's primary one.
 * @throws LinkFlowError `LINK_TENANT_UNKNOWN` for an unknown id or a tenant of another platform.
 */
export function tenantOf(request: LinkRequest, platform: ProviderKind): Tenant {
  const named = request.url.searchParams.get('tenant');
  const { tenants } = request.edge;
  let tenant: Tenant | undefined;
  if (named === null || named === '') tenant = tenants.primary(platform);
  else {
    const id = tenantIdOf(named);
    tenant = id === null ? undefined : tenants.get(id);
  }
  if (!tenant || tenant.platform !== platform) throw new LinkFlowError('LINK_TENANT_UNKNOWN');
  request.tenantId = tenant.id;
  return tenant;
}

/**
 * The tenant's flow of `kind` when it is on.
 * @throws LinkFlowError `LINK_FLOW_UNAVAILABLE` with the registry's reason when it is off (or not offered).
 */
export function requireFlow(edge: LinkingEdge, tenant: Tenant, kind: LinkFlowKind): LinkFlowStatus {
  const flow = edge.tenants.linkFlows(tenant).find((candidate) => candidate.kind === kind);
  if (!flow) throw new LinkFlowError('LINK_FLOW_UNAVAILABLE');
  if (!flow.available) throw new LinkFlowError('LINK_FLOW_UNAVAILABLE', { detail: flow.unavailableReason });
  return flow;
}

/** Whether the tenant's flow of `kind` is on. */
export function flowAvailable(edge: LinkingEdge, tenant: Tenant, kind: LinkFlowKind): boolean {
  return edge.tenants.linkFlows(tenant).some((flow) => flow.kind === kind && flow.available);
}

const NO_PUBLIC_URL = {
  ru: 'не задан PUBLIC_URL — адрес шлюза, на который дневник возвращает браузер.',
  en: 'PUBLIC_URL is not set — the address of the gateway the diary sends the browser back to.',
};

/**
 * The gateway's callback for the platform, `<PUBLIC_URL>/link/<platform>/callback`.
 * @throws LinkFlowError `LINK_FLOW_UNAVAILABLE` when the gateway does not know its public address.
 */
export function callbackUri(edge: LinkingEdge, platform: ProviderKind): string {
  let base = edge.publicUrl();
  if (!base) throw new LinkFlowError('LINK_FLOW_UNAVAILABLE', { detail: NO_PUBLIC_URL });
  while (base.endsWith('/')) base = base.slice(0, -1);
  return `${base}/link/${PLATFORM_SEGMENTS[platform]}/callback`;
}

/**
 * Where to go once linked: the `returnTo` parameter (a local path, `validReturnTo`), else the overview
 * with «Дневник подключён».
 * @throws BadUserInputError for a `returnTo` that is not a local path.
 */
export function returnToOf(request: LinkRequest, tenant: Tenant): string {
  const asked = request.url.searchParams.get('returnTo');
  if (asked === null || asked === '') return `/link?linked=${encodeURIComponent(tenant.id)}`;
  return validReturnTo(asked);
}

/** The Eljur school (vendor) named by `value` when it is one of the tenant's; else `null`. */
export function vendorOf(tenant: Tenant, value: string | null): string | null {
  if (tenant.platform !== 'ELJUR' || value === null) return null;
  return tenant.vendors.some((vendor) => vendor.id === value) ? value : null;
}

/** The `vendor` query parameter, bounded. */
export function vendorParam(request: LinkRequest): string | null {
  return boundedParam(request.url.searchParams, 'vendor', 63);
}

/**
 * Answers a request that needs a signed-in parent and has none: a browser goes to `/auth/login` and comes
 * back here; without sign-in (or for an API client) a 401 says what to do.
 * @returns the outcome for the log.
 */
export function askToSignIn(request: LinkRequest): string {
  const { url, res, context } = request;
  if (!request.wantsJson && context.signInAvailable()) {
    let back = '/link';
    try {
      back = validReturnTo(`${url.pathname}${url.search}`);
    } catch {
      // A query too long to come back to: the overview is the next best place.
    }
    sendRedirect(res, 302, `/auth/login?returnTo=${encodeURIComponent(back)}`);
    return 'SIGN_IN_REDIRECT';
  }
  const problem = problemOf(new LinkFlowError('LINK_SIGN_IN_REQUIRED'))!;
  if (request.wantsJson) sendLinkJson(res, problem.status, problemJson(problem));
  else sendPage(res, problem.status, problemPage(problem));
  return problem.code;
}

/** An abort signal that fires when the client goes away before the answer is sent. */
export function signalOf(request: LinkRequest): AbortSignal {
  const controller = new AbortController();
  request.res.on('close', () => {
    if (!request.res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Links the account, the last step of every flow (the diary calls stop when the browser goes away first),
 * and answers: `{ account, returnTo }` to an API client, a 303 to `returnTo` to a browser.
 * @returns the outcome for the log.
 */
export async function linkAndReturn(
  request: LinkRequest,
  link: { userId: string; tenantId: string; credentials: LinkCredentials },
  returnTo: string,
): Promise<'LINKED'> {
  const account = await request.edge.link(link.userId, link.tenantId, link.credentials, signalOf(request));
  if (request.wantsJson) sendLinkJson(request.res, 200, { account, returnTo });
  else sendRedirect(request.res, 303, returnTo);
  return 'LINKED';
}
