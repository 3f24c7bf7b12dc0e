/**
 * The steps of the simulated OAuth dialog after `GET /oauth2` (`authorize.ts`): the sign-in form
 * (`POST /login`, the real form's path and field names, providers.md §8.3), the simulated Gosuslugi page
 * behind «Войти через Госуслуги» (`GET`/`POST /login/esia`, taking the same login and password), and the
 * consent page (`POST /oauth2/consent`), which sends the browser back to the client with a fresh
 * single-use code — or with `error=access_denied`.
 *
 * A wrong password shows the form again (200, «Неверный логин или пароль») and issues nothing; the fifth
 * locks the authorization. An unknown, lapsed, spent or locked authorization gets a page saying to start again.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { MAX_CREDENTIAL_LENGTH as MAX_CREDENTIAL } from '../../simulation/pages.js';
import { html, type Reply } from '../../simulation/replies.js';
import type { SeedAccount } from '../../simulation/seed.js';
import { backToClient, type SignInContext } from './authorize.js';
import { authorizationAt } from './pending.js';
import { consentPage, dialogErrorPage, gosuslugiPage, signInPage } from './sign-in-pages.js';

/** Which page took the password: Dnevnik.ru's own, or the simulated Gosuslugi one. */
export type SignInRoute = 'dnevnik' | 'gosuslugi';

const WRONG_CREDENTIALS = 'Неверный логин или пароль';
const START_AGAIN = html(
  400,
  dialogErrorPage('Запрос на вход устарел или уже использован. Вернитесь в приложение и начните вход заново.'),
);
const LOCKED = html(
  400,
  dialogErrorPage('Слишком много неудачных попыток входа. Вернитесь в приложение и начните вход заново.'),
);

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The account with this login (any case, as logins are compared [G]) and password, if any. */
function accountSignedIn(context: SignInContext, form: URLSearchParams): SeedAccount | undefined {
  const login = form.get('login')?.trim().toLowerCase() ?? '';
  const password = form.get('password') ?? '';
  if (login === '' || login.length > MAX_CREDENTIAL || password.length > MAX_CREDENTIAL) return undefined;
  const account = context.accounts.find(
    (candidate) => candidate.login !== undefined && candidate.login.toLowerCase() === login,
  );
  if (account?.password === undefined) return undefined;
  // Compared as digests in constant time: a simulator that teaches timing leaks would be a poor model.
  return timingSafeEqual(digest(account.password), digest(password)) ? account : undefined;
}

/** The page with the login form, again, for this authorization. */
function formPage(context: SignInContext, route: SignInRoute, authorization: string, error?: string): Reply {
  const content = error === undefined ? { authorization } : { authorization, error };
  return html(
    200,
    route === 'dnevnik' ? signInPage({ ...content, clientName: context.client.id }) : gosuslugiPage(content),
  );
}

/** `GET /login/esia?authorization=…`: the Gosuslugi page for a pending authorization. */
export function answerGosuslugiPage(context: SignInContext, query: URLSearchParams): Reply {
  const pending = authorizationAt(context.pending, query.get('authorization'), 'sign-in');
  return pending ? formPage(context, 'gosuslugi', pending.id) : START_AGAIN;
}

/** `POST /login` or `POST /login/esia` (form): the password checked; the consent page when it is right. */
export function answerSignIn(context: SignInContext, route: SignInRoute, form: URLSearchParams): Reply {
  const pending = authorizationAt(context.pending, form.get('authorization'), 'sign-in');
  if (!pending) return START_AGAIN;
  const account = accountSignedIn(context, form);
  if (!account) {
    return context.pending.fail(pending) === 'locked'
      ? LOCKED
      : formPage(context, route, pending.id, WRONG_CREDENTIALS);
  }
  const consent = context.pending.reissue(pending, { account });
  return html(200, consentPage({ authorization: consent.id, clientName: context.client.id, scopes: pending.scopes }));
}

/** `POST /oauth2/consent` (form): back to the client with a fresh code (or token), or `error=access_denied`. */
export function answerConsent(context: SignInContext, form: URLSearchParams): Reply {
  // Spent whatever it was: a sign-in page's id posted here ends that authorization too.
  const pending = context.pending.take(form.get('authorization'));
  if (!pending?.account) return START_AGAIN;
  const implicit = pending.responseType === 'token';
  if (form.get('decision') !== 'allow') {
    return backToClient(pending.redirectUri, { error: 'access_denied', state: pending.state }, implicit);
  }
  if (implicit) {
    const token = context.state.issueImplicitToken(pending.account);
    return backToClient(pending.redirectUri, { access_token: token, state: pending.state ?? '' }, true);
  }
  const code = context.state.issueCode({
    account: pending.account,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    codeChallenge: pending.codeChallenge,
    scope: pending.scopes.join(','),
  });
  return backToClient(pending.redirectUri, { code, state: pending.state });
}
