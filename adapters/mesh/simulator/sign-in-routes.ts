/**
 * The sign-in's route table, per kind: one simulator instance serves login.mos.ru's pages and token
 * endpoint with school.mos.ru's `sudir/auth` (Moscow), or a regional node's Gosuslugi redirect and token
 * call. The Gosuslugi stand-in serves both. Paths of the other kind are not served (404 from the data
 * routes), as a regional node has no login.mos.ru.
 */
import { refusal } from './replies.js';
import type { Reply } from '../../simulation/replies.js';
import { authorizeMosRu, authorizeRegional } from './sign-in-authorize.js';
import {
  cancelGosuslugi,
  cancelMosRu,
  goToGosuslugi,
  showGosuslugi,
  showMosRuPage,
  submitGosuslugi,
  submitMosRuPassword,
} from './sign-in-browser.js';
import type { SignInContext, SignInRequest, SignInStep } from './sign-in-flow.js';
import { SIGN_IN_PAGE_PATHS } from './sign-in-pages.js';
import { mosRuToken, regionalToken, sudirAuth } from './sign-in-tokens.js';

/** The sign-in paths the platform itself defines (providers.md §8.1, §8.2). */
export const MESH_SIGN_IN_API_PATHS = Object.freeze({
  mosRuAuthorize: '/sps/oauth/ae',
  mosRuToken: '/sps/oauth/te',
  sudirAuth: '/v3/auth/sudir/auth',
  regionalLogin: '/v3/auth/esia/login',
  regionalToken: '/v3/auth/token',
});

/** The methods a sign-in path answers. */
interface SignInRoute {
  GET?: SignInStep;
  POST?: SignInStep;
}

const GOSUSLUGI: readonly [string, SignInRoute][] = [
  [SIGN_IN_PAGE_PATHS.gosuslugi, { GET: showGosuslugi, POST: submitGosuslugi }],
  [SIGN_IN_PAGE_PATHS.gosuslugiCancel, { GET: cancelGosuslugi }],
];

const MOS_RU_ROUTES: ReadonlyMap<string, SignInRoute> = new Map([
  [MESH_SIGN_IN_API_PATHS.mosRuAuthorize, { GET: authorizeMosRu }],
  [SIGN_IN_PAGE_PATHS.mosRuPassword, { GET: showMosRuPage, POST: submitMosRuPassword }],
  [SIGN_IN_PAGE_PATHS.mosRuEsia, { GET: goToGosuslugi }],
  [SIGN_IN_PAGE_PATHS.mosRuCancel, { GET: cancelMosRu }],
  ...GOSUSLUGI,
  [MESH_SIGN_IN_API_PATHS.mosRuToken, { POST: mosRuToken }],
  [MESH_SIGN_IN_API_PATHS.sudirAuth, { POST: sudirAuth }],
]);

const REGIONAL_ROUTES: ReadonlyMap<string, SignInRoute> = new Map([
  [MESH_SIGN_IN_API_PATHS.regionalLogin, { GET: authorizeRegional }],
  ...GOSUSLUGI,
  [MESH_SIGN_IN_API_PATHS.regionalToken, { GET: regionalToken }],
]);

/** Answers a sign-in request, or `null` when its path is not one of this kind's sign-in paths. */
export function answerSignIn(context: SignInContext, request: SignInRequest): Reply | null {
  const route = (context.kind === 'mos-ru' ? MOS_RU_ROUTES : REGIONAL_ROUTES).get(request.path);
  if (!route) return null;
  const step = request.method === 'GET' ? route.GET : request.method === 'POST' ? route.POST : undefined;
  return step ? step(context, request) : refusal(405, 'Method Not Allowed');
}
