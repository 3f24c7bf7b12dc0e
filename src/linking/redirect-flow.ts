/**
 * The redirect flow: `GET /link/<platform>` sends the parent to the diary's own sign-in page, and
 * `GET /link/<platform>/callback` takes what the diary sent back and links the account. The gateway never
 * sees the diary password; it sees a one-time code (or token), bound to an attempt this session started.
 */
import type { BrowserSignIn, BrowserSignInRefusal } from '../domain/browser-sign-in.js';
import type { ProviderKind } from '../domain/model.js';
import { safeReturnTo } from '../auth/oidc/return-to.js';
import type { Tenant } from '../tenants/tenant.js';
import { LinkFlowError, type LinkFlowCode } from './link-errors.js';
import { boundedCallbackQuery, boundedParam, LINK_QUERY_LIMITS, loggableProviderCode } from './link-query.js';
import { sendLinkJson, sendRedirect } from './link-replies.js';
import {
  callbackUri,
  linkAndReturn,
  requireFlow,
  returnToOf,
  tenantOf,
  vendorOf,
  vendorParam,
  type LinkRequest,
} from './link-request.js';
import { startAttempt, takeAttempt, type AttemptOwner } from './pending-attempt.js';

const REFUSALS: Readonly<Record<BrowserSignInRefusal, LinkFlowCode>> = Object.freeze({
  DENIED: 'LINK_DENIED',
  MISCONFIGURED: 'LINK_PROVIDER_MISCONFIGURED',
  UNREADABLE: 'LINK_CALLBACK_UNREADABLE',
});

const NO_BROWSER_SIGN_IN = {
  ru: 'адаптер этого дневника не предлагает вход через браузер.',
  en: "this diary's adapter offers no browser sign-in.",
};

/**
 * The tenant's browser sign-in.
 * @throws LinkFlowError `LINK_FLOW_UNAVAILABLE` when its adapter offers none.
 */
function browserSignInOf(request: LinkRequest, tenant: Tenant): BrowserSignIn {
  const signIn = request.edge.browserSignIn(tenant.id);
  if (!signIn) throw new LinkFlowError('LINK_FLOW_UNAVAILABLE', { detail: NO_BROWSER_SIGN_IN });
  return signIn;
}

/**
 * The Eljur school the flow is for: required when the sign-in is per school, and always one of the
 * tenant's (a value not in the list is refused, never passed on). A tenant with one school needs no choice.
 */
function chosenVendor(request: LinkRequest, tenant: Tenant, signIn: BrowserSignIn): string | null {
  const asked = vendorParam(request);
  const only = tenant.platform === 'ELJUR' && tenant.vendors.length === 1 ? tenant.vendors[0]!.id : null;
  const vendor = vendorOf(tenant, asked ?? (signIn.needsVendor ? only : null));
  if (vendor === null && (signIn.needsVendor || asked !== null)) throw new LinkFlowError('LINK_VENDOR_UNKNOWN');
  return vendor;
}

/** An absolute http(s) address, normalised to ASCII so it can travel in `Location`; anything else is a bug. */
function locationOf(address: string): string {
  const url = new URL(address);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`a browser sign-in built a ${url.protocol} address`);
  return url.href;
}

/** `GET /link/<platform>`: starts the flow. @returns the outcome for the log. */
export async function startRedirect(
  request: LinkRequest,
  platform: ProviderKind,
  owner: AttemptOwner,
): Promise<string> {
  const { edge, context } = request;
  const tenant = tenantOf(request, platform);
  requireFlow(edge, tenant, 'REDIRECT');
  const signIn = browserSignInOf(request, tenant);
  const vendor = chosenVendor(request, tenant, signIn);
  const redirectUri = callbackUri(edge, platform);
  const returnTo = returnToOf(request, tenant);
  const attempt = await startAttempt(
    context.store,
    owner,
    { tenantId: tenant.id, kind: 'redirect', usesPkce: signIn.usesPkce, vendor, returnTo },
    request.now,
  );
  const authorizationUrl = locationOf(
    signIn.authorizationUrl({
      redirectUri,
      state: attempt.state,
      codeChallenge: attempt.codeChallenge,
      ...(vendor === null ? {} : { vendor }),
    }),
  );
  if (request.wantsJson) sendLinkJson(request.res, 200, { authorizationUrl });
  else sendRedirect(request.res, 302, authorizationUrl);
  return 'STARTED';
}

/** `GET /link/<platform>/callback`: finishes the flow. @returns the outcome for the log. */
export async function finishRedirect(
  request: LinkRequest,
  platform: ProviderKind,
  owner: AttemptOwner | null,
): Promise<string> {
  const { edge, context, url } = request;
  const state = boundedParam(url.searchParams, 'state', LINK_QUERY_LIMITS.state);
  const attempt = await takeAttempt(context.store, state, 'redirect', owner, request.now);
  request.tenantId = attempt.tenantId;
  const tenant = edge.tenants.get(attempt.tenantId);
  // An attempt of another platform's path: not this callback's state.
  if (!tenant || tenant.platform !== platform) throw new LinkFlowError('LINK_STATE_INVALID');
  const signIn = browserSignInOf(request, tenant);
  const result = signIn.readCallback(boundedCallbackQuery(url.searchParams));
  if (result.kind === 'refused') {
    context.logger.info(
      { route: 'link/callback', tenant: tenant.id, providerCode: loggableProviderCode(result.providerCode) },
      'the diary sent the browser back without a code',
    );
    throw new LinkFlowError(REFUSALS[result.reason]);
  }
  const credentials = result.linkCredentials({
    redirectUri: callbackUri(edge, platform),
    codeVerifier: attempt.codeVerifier ?? '',
    ...(attempt.vendor === null ? {} : { vendor: attempt.vendor }),
  });
  const link = { userId: attempt.userId, tenantId: tenant.id, credentials };
  return linkAndReturn(request, link, safeReturnTo(attempt.returnTo));
}
