/**
 * The simulator's redirect sign-in for partner apps, as eljur.ru/api describes it (the app sends the parent
 * to Eljur's page, Eljur sends the browser back with `?token=`). The page's address and parameters are our
 * assumption (`GET /partner/authorize?devkey&vendor&redirect_uri&state`): the real URL is given to partners
 * only (providers.md §8.4).
 *
 * - `GET /partner/authorize`: unknown devkey → 403 page; unknown vendor → 404 «Школа не найдена»; a
 *   `redirect_uri` not registered → 400 page, no redirect; no `state` → 400 page. Otherwise the sign-in page.
 * - `POST /partner/authorize` (form: `pending`, `login`, `password`, or `action=deny`): a wrong login → the
 *   page again (200) «Неверный логин или пароль», five lock the attempt (429); right → 302
 *   `redirect_uri?token=<fresh token>&state`; deny → 302 `redirect_uri?error=access_denied&state`.
 * - `GET|POST /partner/esia`: the simulated Gosuslugi page, taking the same login and password.
 * An attempt lives ten minutes and is spent by its redirect. Fault modes touch the API (`/apiv3`) only.
 */
import { MAX_CREDENTIAL_LENGTH as MAX_CREDENTIAL } from '../../simulation/pages.js';
import type { PendingRefusal } from '../../simulation/pending.js';
import { html, redirect, type Reply } from '../../simulation/replies.js';
import type { SeedAccount, SeedFamily } from '../../simulation/seed.js';
import { ELJUR_SIMULATOR_DEVKEY, ELJUR_SIMULATOR_VENDOR, TOKEN_LIFETIME_DAYS } from './ids.js';
import { tokenExpiry } from './render-account.js';
import { errorPage, ESIA_PATH, esiaPage, SIGN_IN_PATH, signInPage, WRONG_CREDENTIALS } from './sign-in-pages.js';
import type { PendingSignIn } from './sign-in-state.js';
import type { SimulatorState } from './state.js';

/** The longest `state` the page takes. */
const MAX_STATE = 1024;

/** A request to the sign-in pages. */
export interface SignInRequest {
  method: string;
  path: string;
  /** Query parameters merged with a form body's (the body wins). */
  params: URLSearchParams;
  family: SeedFamily;
  state: SimulatorState;
  now: Date;
}

/** Whether a path is one of the sign-in pages (the rest of the simulator is the API). */
export function isSignInPath(path: string): boolean {
  return path === SIGN_IN_PATH || path === ESIA_PATH;
}

/** The school the simulator's vendor stands for: the first Eljur child's. */
function schoolNameOf(family: SeedFamily): string {
  return family.children.find((child) => child.provider === 'ELJUR')?.school.name ?? 'Школа';
}

/** `redirect_uri` with the given parameters added to its own query. */
function back(redirectUri: string, parameters: Readonly<Record<string, string>>): Reply {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return redirect(url.toString());
}

function startPage(request: SignInRequest): Reply {
  const { params, state } = request;
  if (params.get('devkey') !== ELJUR_SIMULATOR_DEVKEY)
    return html(
      403,
      errorPage(
        'Доступ запрещён',
        'Приложение не допущено к входу через ЭлЖур.',
        'The app is not allowed to sign in with Eljur.',
      ),
    );
  if (params.get('vendor') !== ELJUR_SIMULATOR_VENDOR)
    return html(404, errorPage('Школа не найдена', 'Такой школы в ЭлЖур нет.', 'Eljur has no such school.'));
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!state.signIns.isRegistered(redirectUri))
    return html(
      400,
      errorPage(
        'Ошибка входа',
        'Адрес возврата (redirect_uri) не зарегистрирован для приложения.',
        'The redirect_uri is not registered for the app.',
      ),
    );
  const partnerState = params.get('state') ?? '';
  if (partnerState === '' || partnerState.length > MAX_STATE)
    return html(
      400,
      errorPage('Ошибка входа', 'Не передан параметр state.', 'The state parameter is missing or too long.'),
    );
  const pending = state.signIns.attempts.open({
    redirectUri,
    state: partnerState,
    schoolName: schoolNameOf(request.family),
  });
  return html(200, signInPage(pending.schoolName, pending.id, null));
}

function refusedPending(refusal: PendingRefusal): Reply {
  if (refusal === 'locked')
    return html(
      429,
      errorPage(
        'Слишком много попыток',
        'Вход заблокирован: начните его заново в приложении.',
        'Too many attempts: start again from the app.',
      ),
    );
  return html(
    400,
    errorPage(
      'Сеанс входа истёк',
      'Сеанс входа не найден или истёк: начните вход заново в приложении.',
      'The sign-in has expired or is unknown: start again from the app.',
    ),
  );
}

/** The family's Eljur account with this login and password (an account without them cannot sign in here). */
function accountOf(family: SeedFamily, params: URLSearchParams): SeedAccount | null {
  const login = (params.get('login') ?? '').trim();
  const password = params.get('password') ?? '';
  if (login === '' || password === '' || login.length > MAX_CREDENTIAL || password.length > MAX_CREDENTIAL) return null;
  return (
    family.accounts.find(
      (account) => account.provider === 'ELJUR' && account.login === login && account.password === password,
    ) ?? null
  );
}

/** A submitted form, on Eljur's page or the Gosuslugi one (`again` renders the page with a refusal). */
function submit(request: SignInRequest, again: (pending: PendingSignIn) => string): Reply {
  const { attempts } = request.state.signIns;
  const found = attempts.find(request.params.get('pending'));
  if (!found.ok) return refusedPending(found.refusal);
  const pending = found.entry;
  if (request.params.get('action') === 'deny') {
    attempts.close(pending);
    return back(pending.redirectUri, { error: 'access_denied', state: pending.state });
  }
  const account = accountOf(request.family, request.params);
  if (account === null)
    return attempts.fail(pending) === 'locked' ? refusedPending('locked') : html(200, again(pending));
  attempts.close(pending);
  const token = request.state.issueToken(account, tokenExpiry(request.now, TOKEN_LIFETIME_DAYS));
  return back(pending.redirectUri, { token, state: pending.state });
}

function esiaStart(request: SignInRequest): Reply {
  const found = request.state.signIns.attempts.find(request.params.get('pending'));
  return found.ok ? html(200, esiaPage(found.entry.id, null)) : refusedPending(found.refusal);
}

/** Answers a request to a sign-in page (see the module comment). */
export function answerSignIn(request: SignInRequest): Reply {
  const post = request.method === 'POST';
  if (request.path === SIGN_IN_PATH)
    return post
      ? submit(request, (pending) => signInPage(pending.schoolName, pending.id, WRONG_CREDENTIALS))
      : startPage(request);
  return post ? submit(request, (pending) => esiaPage(pending.id, WRONG_CREDENTIALS)) : esiaStart(request);
}
