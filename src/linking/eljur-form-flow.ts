/**
 * Eljur's sign-in served by the gateway: `GET /link/eljur?tenant` shows the form (login, password, the
 * school from the tenant's list, a one-time token bound to this session), `POST /link/eljur` links with
 * it. A refusal shows the form again — a new token, the login kept, the password never echoed — with the
 * reason in both languages. The password goes to `edge.link` and nowhere else: no log, no page, no error.
 */
import { LINK_INPUT_LIMITS } from '../accounts/credential-shape.js';
import { safeReturnTo } from '../auth/oidc/return-to.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import type { EljurTenant } from '../tenants/tenant.js';
import { eljurFormPage } from './eljur-form-page.js';
import { readFormBody } from './form-body.js';
import { LinkFlowError } from './link-errors.js';
import { problemOf, type LinkProblem } from './link-messages.js';
import { LINK_QUERY_LIMITS } from './link-query.js';
import { problemHeaders, sendPage, sendProblem } from './link-replies.js';
import {
  flowAvailable,
  linkAndReturn,
  requireFlow,
  returnToOf,
  tenantOf,
  vendorOf,
  vendorParam,
  type LinkRequest,
} from './link-request.js';
import { startAttempt, takeAttempt, type AttemptOwner } from './pending-attempt.js';

/** What the form is shown with. */
interface FormState {
  tenant: EljurTenant;
  returnTo: string;
  login: string;
  vendor: string | null;
  problem: LinkProblem | null;
}

/** Shows the form with a fresh one-time token (a new pending attempt of kind "form"). */
async function showForm(request: LinkRequest, owner: AttemptOwner, form: FormState): Promise<void> {
  const attempt = await startAttempt(
    request.context.store,
    owner,
    { tenantId: form.tenant.id, kind: 'form', usesPkce: false, vendor: null, returnTo: form.returnTo },
    request.now,
  );
  const redirectAvailable =
    flowAvailable(request.edge, form.tenant, 'REDIRECT') && request.edge.browserSignIn(form.tenant.id) !== undefined;
  const html = eljurFormPage({
    tenant: form.tenant,
    token: attempt.state,
    login: form.login,
    vendor: form.vendor,
    problem: form.problem,
    redirectAvailable,
    returnTo: form.returnTo,
  });
  const status = form.problem?.status ?? 200;
  sendPage(request.res, status, html, form.problem ? problemHeaders(form.problem) : {});
}

function eljurTenantOf(request: LinkRequest): EljurTenant {
  const tenant = tenantOf(request, 'ELJUR');
  // tenantOf checked the platform; the union does not narrow through it.
  return tenant as EljurTenant;
}

/** `GET /link/eljur` (without `flow=redirect`). @returns the outcome for the log. */
export async function showEljurForm(request: LinkRequest, owner: AttemptOwner): Promise<string> {
  const tenant = eljurTenantOf(request);
  requireFlow(request.edge, tenant, 'FORM');
  const returnTo = returnToOf(request, tenant);
  const vendor = vendorOf(tenant, vendorParam(request));
  await showForm(request, owner, { tenant, returnTo, login: '', vendor, problem: null });
  return 'FORM_SHOWN';
}

/**
 * A typed field of the form: its first value, `''` when absent.
 * @throws BadUserInputError past its limit (checked before the value is used).
 */
function field(fields: URLSearchParams, name: 'login' | 'password', what: string): string {
  const value = fields.get(name) ?? '';
  if (value === '') throw new BadUserInputError(`Enter the ${what}.`, name);
  if (value.length > LINK_INPUT_LIMITS[name])
    throw new BadUserInputError(`The ${what} may be at most ${LINK_INPUT_LIMITS[name]} characters long.`, name);
  return value;
}

/** `POST /link/eljur`. @returns the outcome for the log. */
export async function postEljurForm(request: LinkRequest, owner: AttemptOwner | null): Promise<string> {
  const { edge, context } = request;
  const fields = await readFormBody(request.req);
  const token = fields.get('token');
  const bounded = token !== null && token.length <= LINK_QUERY_LIMITS.state ? token : null;
  const attempt = await takeAttempt(context.store, bounded, 'form', owner, request.now);
  request.tenantId = attempt.tenantId;
  const found = edge.tenants.get(attempt.tenantId);
  if (!found || found.platform !== 'ELJUR') throw new LinkFlowError('LINK_STATE_INVALID');
  const tenant = found;
  requireFlow(edge, tenant, 'FORM');
  // Chosen from the list, never typed: anything else is a tampered form, refused with nothing sent to Eljur.
  const vendor = vendorOf(tenant, fields.get('vendor'));
  if (vendor === null) throw new LinkFlowError('LINK_VENDOR_UNKNOWN');
  const typedLogin = fields.get('login') ?? '';
  const keptLogin = typedLogin.length <= LINK_INPUT_LIMITS.login ? typedLogin : '';
  const form = { tenant, returnTo: safeReturnTo(attempt.returnTo), login: keptLogin, vendor };
  try {
    const login = field(fields, 'login', 'Eljur login');
    const password = field(fields, 'password', 'Eljur password');
    const credentials = { provider: 'ELJUR', login, password, vendor } as const;
    return await linkAndReturn(request, { userId: attempt.userId, tenantId: tenant.id, credentials }, form.returnTo);
  } catch (error) {
    const problem = problemOf(error);
    if (!problem || request.wantsJson) return sendProblem(request.res, error, request.wantsJson);
    // The attempt is used up: the form comes back with a new token, for the same session and tenant.
    await showForm(request, { userId: attempt.userId, sessionHash: attempt.sessionHash }, { ...form, problem });
    return problem.code;
  }
}
