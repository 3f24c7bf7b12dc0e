/**
 * Which path of the simulated OAuth dialog answers what. The simulator stands for both `login.<host>`
 * (these pages) and `api.<host>` (the REST API), so the paths share one origin.
 */
import type { IncomingMessage } from 'node:http';
import { html, type Reply } from '../../simulation/replies.js';
import { answerAuthorize, type SignInContext } from './authorize.js';
import { answerConsent, answerGosuslugiPage, answerSignIn } from './sign-in.js';
import { dialogErrorPage } from './sign-in-pages.js';

/** The paths of the dialog, and the methods each takes. */
const SIGN_IN_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['/oauth2', ['GET']],
  ['/login', ['POST']],
  ['/login/esia', ['GET', 'POST']],
  ['/oauth2/consent', ['POST']],
]);

const NOT_ALLOWED = html(405, dialogErrorPage('Метод не поддерживается.'));
const TOO_LARGE = html(413, dialogErrorPage('Слишком большой запрос.'));
const NOT_A_FORM = html(400, dialogErrorPage('Ожидается отправка формы.'));

/** The body of a form post, or the page refusing it. */
function formOf(request: IncomingMessage, body: string | null): URLSearchParams | Reply {
  if (body === null) return TOO_LARGE;
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : NOT_A_FORM;
}

/** True when `path` (canonical: no trailing slash) is a page of the dialog. */
export function isSignInPath(path: string): boolean {
  return SIGN_IN_PATHS.has(path);
}

/**
 * The answer of a dialog path (see {@link isSignInPath}). A form post is read as
 * `application/x-www-form-urlencoded`, as browsers send it.
 */
export function answerSignInPath(
  context: SignInContext,
  request: IncomingMessage,
  path: string,
  query: URLSearchParams,
  body: string | null,
): Reply {
  const methods = SIGN_IN_PATHS.get(path) ?? [];
  const method = request.method ?? 'GET';
  if (!methods.includes(method)) return NOT_ALLOWED;
  if (method === 'GET')
    return path === '/oauth2' ? answerAuthorize(context, query) : answerGosuslugiPage(context, query);
  const form = formOf(request, body);
  if (!(form instanceof URLSearchParams)) return form;
  switch (path) {
    case '/login':
      return answerSignIn(context, 'dnevnik', form);
    case '/login/esia':
      return answerSignIn(context, 'gosuslugi', form);
    default:
      return answerConsent(context, form);
  }
}
