/**
 * The link routes of the HTTP edge — how a signed-in parent links a diary from the browser, the way they
 * sign in to that diary, never typing a diary secret into GraphQL:
 * - `GET /link`: the linked diaries and every tenant's ways of linking (`?linked=<tenant>` after success);
 * - `GET /link/<mesh|dnevnik|eljur>?tenant&returnTo[&vendor]`: 302 to the diary's sign-in page (JSON
 *   clients: `200 {authorizationUrl}`); `GET /link/<platform>/callback`: links and 303 to `returnTo`;
 * - `GET /link/eljur?tenant` (without `flow=redirect`): the gateway's Eljur form; `POST /link/eljur` links.
 *
 * A refused or abandoned flow links nothing and says why on a page (Russian first, English beside) or as
 * `{error: {message, code}}`. Logs name the route, the tenant and the outcome code only: never a query
 * string, a code, a token or a password.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { postEljurForm, showEljurForm } from './eljur-form-flow.js';
import { LinkFlowError } from './link-errors.js';
import { parseLinkPath, type LinkPath } from './link-query.js';
import { prefersJson, sendLinkJson, sendProblem } from './link-replies.js';
import { askToSignIn, type LinkRequest } from './link-request.js';
import type { LinkRouteContext } from './linking-edge.js';
import { showOverview } from './overview-route.js';
import { requestOwner } from './pending-attempt.js';
import { finishRedirect, startRedirect } from './redirect-flow.js';

export { isLinkPath } from './link-query.js';
export type { LinkingContextParts, LinkingEdge, LinkRouteContext, LinkedAccountSummary } from './linking-edge.js';

/** The methods each route takes (`POST` only on `/link/eljur`). */
function allowedMethods(path: LinkPath): string {
  return path.route === 'start' && path.platform === 'ELJUR' ? 'GET, POST' : 'GET';
}

/** The route's name in the log, and whether it starts or finishes a flow (and so takes the sign-in allowance). */
function routeOf(path: LinkPath, method: string, url: URL): { name: string; signingIn: boolean } {
  if (path.route === 'overview') return { name: 'link', signingIn: false };
  if (path.route === 'callback') return { name: 'link/callback', signingIn: true };
  if (method === 'POST') return { name: 'link/eljur-post', signingIn: true };
  if (path.platform !== 'ELJUR' || url.searchParams.get('flow') === 'redirect')
    return { name: 'link/start', signingIn: true };
  return { name: 'link/eljur-form', signingIn: true };
}

/** Runs the route of an admitted request. @returns the outcome for the log. */
async function dispatch(request: LinkRequest, path: LinkPath, name: string): Promise<string> {
  const { req, context } = request;
  const owner = await requestOwner(req, context.store, request.now);
  if (path.route === 'callback') return finishRedirect(request, path.platform, owner);
  if (name === 'link/eljur-post') return postEljurForm(request, owner);
  if (!owner) return askToSignIn(request);
  if (path.route === 'overview') return showOverview(request, owner);
  if (name === 'link/eljur-form') return showEljurForm(request, owner);
  return startRedirect(request, path.platform, owner);
}

/** Serves a path {@link isLinkPath} owns. */
export async function handleLinkRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: LinkRouteContext,
): Promise<void> {
  const wantsJson = prefersJson(req.headers.accept);
  const method = req.method ?? 'GET';
  const path = parseLinkPath(url.pathname);
  if (!path) return sendLinkJson(res, 404, { error: `nothing at ${url.pathname}` });
  const allow = allowedMethods(path);
  if (!allow.split(', ').includes(method))
    return sendLinkJson(res, 405, { error: `${method} is not allowed on ${url.pathname}` }, { allow });
  const { name, signingIn } = routeOf(path, method, url);
  const edge = context.edge;
  if (!edge) {
    sendProblem(res, new LinkFlowError('LINK_NOT_CONFIGURED'), wantsJson);
    return;
  }
  const request: LinkRequest = {
    req,
    res,
    url,
    context,
    edge,
    wantsJson,
    now: context.now().getTime(),
    tenantId: null,
  };
  let outcome: string;
  try {
    const refused = await context.admit?.(signingIn);
    outcome = refused ? sendProblem(res, refused, wantsJson) : await dispatch(request, path, name);
  } catch (error) {
    outcome = sendProblem(res, error, wantsJson);
  }
  context.logger.info({ route: name, tenant: request.tenantId, outcome }, 'link route');
}
