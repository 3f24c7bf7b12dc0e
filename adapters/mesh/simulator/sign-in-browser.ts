/**
 * The steps a parent's browser takes on the simulated pages once an authorization is pending (`bo`):
 * mos.ru's password page and its «Войти через Госуслуги» and «Отмена», and the Gosuslugi stand-in that
 * both kinds use (mos.ru treats ESIA as an external identity provider and ends in the same code, §8.1; a
 * regional node sends the parent to Gosuslugi directly, §8.2).
 *
 * Simplified on purpose: the real ESIA round trip (esia.gosuslugi.ru, then login.mos.ru's
 * `/sps/login/externalIdps/callback/esia/…`) is one page here that posts to the simulator itself; no
 * cookies, SMS step, proof of work or «Доверять этому браузеру?» question.
 */
import { redirect } from '../../simulation/replies.js';
import { backToClient, submitCredentials, type SignInStep } from './sign-in-flow.js';
import { gosuslugiPage, mosRuSignInPage, signInErrorPage, SIGN_IN_PAGE_PATHS, SIGN_IN_TEXTS } from './sign-in-pages.js';

const NO_SESSION = signInErrorPage(400, SIGN_IN_TEXTS.noSession);

function withPending(path: string, pendingId: string): string {
  return `${path}?${new URLSearchParams({ bo: pendingId }).toString()}`;
}

/** `GET /sps/login/methods/password?bo`: mos.ru's sign-in page. */
export const showMosRuPage: SignInStep = (context, { query }) => {
  const pending = context.book.pending(query.get('bo'));
  return pending ? mosRuSignInPage({ pendingId: pending.id }) : NO_SESSION;
};

/** `POST /sps/login/methods/password`: the login and password typed on mos.ru. */
export const submitMosRuPassword: SignInStep = (context, request) =>
  submitCredentials(context, request, (form) => mosRuSignInPage(form));

/** `GET /sps/login/externalIdps/execute?typ=esia&bo`: «Войти через Госуслуги» on mos.ru (303, as the real one). */
export const goToGosuslugi: SignInStep = (context, { query }) => {
  if (query.get('typ') !== 'esia') return signInErrorPage(404, SIGN_IN_TEXTS.unknownMethod);
  const pending = context.book.pending(query.get('bo'));
  return pending ? redirect(withPending(SIGN_IN_PAGE_PATHS.gosuslugi, pending.id), 303) : NO_SESSION;
};

/** `GET /sps/login/cancel?bo`: «Отмена» on mos.ru, back to the client with `error=access_denied`. */
export const cancelMosRu: SignInStep = (context, { query }) => {
  const pending = context.book.pending(query.get('bo'));
  if (!pending) return NO_SESSION;
  context.book.close(pending);
  return backToClient(pending, { error: 'access_denied' });
};

/** `GET /gosuslugi/login?bo`: the Gosuslugi stand-in's page. */
export const showGosuslugi: SignInStep = (context, { query }) => {
  const pending = context.book.pending(query.get('bo'));
  return pending ? gosuslugiPage({ pendingId: pending.id }) : NO_SESSION;
};

/** `POST /gosuslugi/login`: the login and password typed on Gosuslugi. */
export const submitGosuslugi: SignInStep = (context, request) =>
  submitCredentials(context, request, (form) => gosuslugiPage(form));

/**
 * `GET /gosuslugi/cancel?bo`: «Отмена» on Gosuslugi. Coming from mos.ru, the parent is back on mos.ru's
 * page (mos.ru's own choices still stand); on a regional node Gosuslugi is the only way in, so the node
 * sends the client `error=access_denied`.
 */
export const cancelGosuslugi: SignInStep = (context, { query }) => {
  const pending = context.book.pending(query.get('bo'));
  if (!pending) return NO_SESSION;
  if (context.kind === 'mos-ru') return redirect(withPending(SIGN_IN_PAGE_PATHS.mosRuPassword, pending.id), 303);
  context.book.close(pending);
  return backToClient(pending, { error: 'access_denied' });
};
