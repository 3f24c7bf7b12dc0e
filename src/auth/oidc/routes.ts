/**
 * The browser sign-in routes of the HTTP edge:
 * - `GET /auth/login?returnTo=/path` → 302 to the issuer, with the `dg_login` cookie (10 min, `Path=/auth`);
 * - `GET /auth/callback` → the `dg_session` cookie and 302 back to `returnTo`; or, for API clients that ask
 *   with `Accept: application/json`, `200 {token, expiresAt}` (a bearer token, no cookie);
 * - `POST /auth/logout` → ends the session named by the bearer token or the cookie, clears the cookie, 204.
 *
 * Failures answer a small page (HTML, or JSON for API clients) that says why in safe words: 400 for a
 * refused sign-in, 429 with `Retry-After` when the address started too many sign-ins, 503 (with
 * `Retry-After` when the store is down) when the issuer or the store cannot be reached. The page says it
 * in Russian and in English, like the link pages, the language `Accept-Language` prefers first (Russian
 * unless it prefers English); the JSON message is in the language asked for (English unless Russian is).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  isGatewayError,
  RateLimitedError,
  ServiceUnavailableError,
  type GatewayError,
} from '../../errors/gateway-error.js';
import { negotiateLanguage, type Language } from '../../errors/language.js';
import { messageIn } from '../../errors/messages-ru.js';
import type { Logger } from '../../logging/logger.js';
import type { GatewayStore } from '../../store/store.js';
import { clearCookie, LOGIN_COOKIE, readCookie, serializeCookie, SESSION_COOKIE } from '../cookies.js';
import { bearerToken, hashToken } from '../sessions.js';
import type { AuthEdge } from './gateway-auth.js';
import { SignInError } from './errors.js';

/** The paths {@link handleAuthRoute} serves. */
export const AUTH_PATHS: ReadonlySet<string> = new Set(['/auth/login', '/auth/callback', '/auth/logout']);

/** What the routes need besides the request. */
export interface AuthRouteContext {
  auth: AuthEdge | undefined;
  store: GatewayStore;
  now: () => Date;
  logger: Logger;
  /**
   * Takes the request's allowances before anything else is done (`signingIn`: `/auth/login` and
   * `/auth/callback`, which start or finish a sign-in); a refusal is answered as it is, nothing else runs.
   * Absent: no limits.
   */
  admit?: (signingIn: boolean) => Promise<GatewayError | null>;
}

const LOGIN_COOKIE_PATH = '/auth';
const LOGIN_COOKIE_MAX_AGE_S = 600;

/** Serves one of {@link AUTH_PATHS}. */
export async function handleAuthRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: AuthRouteContext,
): Promise<void> {
  const method = req.method ?? 'GET';
  const asked = askedFor(req);
  if (url.pathname === '/auth/logout') {
    if (method !== 'POST')
      return sendJson(res, 405, { error: `${method} is not allowed on /auth/logout` }, { allow: 'POST' });
    const refused = await context.admit?.(false);
    if (refused) return sendFailure(res, refused, asked, {});
    try {
      return await logout(req, res, context);
    } catch (error) {
      return sendFailure(res, error, asked, {});
    }
  }
  if (method !== 'GET')
    return sendJson(res, 405, { error: `${method} is not allowed on ${url.pathname}` }, { allow: 'GET' });
  const signIn = context.auth?.signIn() ?? null;
  if (!signIn || !context.auth)
    return sendJson(res, 404, { error: 'Sign-in is not configured on this gateway (set OIDC_ISSUER).' });
  // Before the pending login is stored or the callback's code is exchanged: each costs a store write.
  const refused = await context.admit?.(true);
  if (refused) return sendFailure(res, refused, asked, {});
  const secure = context.auth.secureCookies();

  if (url.pathname === '/auth/login') {
    try {
      const { redirectUrl, loginCookieValue } = await signIn.beginLogin(url.searchParams.get('returnTo'));
      const cookie = serializeCookie(LOGIN_COOKIE, loginCookieValue, {
        path: LOGIN_COOKIE_PATH,
        maxAgeSeconds: LOGIN_COOKIE_MAX_AGE_S,
        secure,
      });
      return send(res, 302, '', { location: redirectUrl, 'set-cookie': cookie, 'cache-control': 'no-store' });
    } catch (error) {
      return sendFailure(res, error, asked, {});
    }
  }

  // /auth/callback: openid-client needs the URL as the issuer redirected to it, i.e. on the redirect URI.
  const callbackUrl = new URL(context.auth.redirectUri() ?? url.href);
  callbackUrl.search = url.search;
  const clearLogin = clearCookie(LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH, secure });
  try {
    const done = await signIn.completeLogin(callbackUrl, readCookie(req.headers.cookie, LOGIN_COOKIE));
    if (asked.json) {
      return sendJson(
        res,
        200,
        { token: done.sessionToken, expiresAt: done.expiresAt.toISOString() },
        { 'set-cookie': clearLogin, 'cache-control': 'no-store' },
      );
    }
    const session = serializeCookie(SESSION_COOKIE, done.sessionToken, {
      path: '/',
      maxAgeSeconds: context.auth.sessionTtlMs / 1000,
      secure,
    });
    // One writeHead with every header: were the location refused, no cookie would have been set first.
    // (`returnTo` is normalised to ASCII when stored and again when read back, so it cannot be refused.)
    res.writeHead(302, { location: done.returnTo, 'set-cookie': [clearLogin, session], 'cache-control': 'no-store' });
    res.end();
    return;
  } catch (error) {
    return sendFailure(res, error, asked, { 'set-cookie': clearLogin });
  }
}

async function logout(req: IncomingMessage, res: ServerResponse, context: AuthRouteContext): Promise<void> {
  const secure = context.auth?.secureCookies() ?? false;
  const token = bearerToken(req.headers.authorization) ?? readCookie(req.headers.cookie, SESSION_COOKIE);
  if (token) {
    const ended = await context.store.deleteSession(hashToken(token));
    if (ended) context.logger.info('signed out');
  }
  res.writeHead(204, { 'set-cookie': clearCookie(SESSION_COOKIE, { path: '/', secure }), 'cache-control': 'no-store' });
  res.end();
}

/** How a failure is answered: as JSON or a page, and in which language (first). */
interface Asked {
  json: boolean;
  language: Language;
}

/**
 * JSON for an API client, in English unless it asks for Russian; a page for a browser, Russian first
 * unless it prefers English (the page's default is the families' language).
 */
function askedFor(req: IncomingMessage): Asked {
  const json = prefersJson(req.headers.accept);
  return { json, language: negotiateLanguage(req.headers['accept-language'], json ? 'en' : 'ru') };
}

/** True when the client asks for JSON rather than a page (an API client driving the flow). */
function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  return types.includes('application/json') && !types.includes('text/html');
}

function sendFailure(res: ServerResponse, error: unknown, asked: Asked, headers: Record<string, string>): void {
  // Anything but a typed refusal is a bug: let the edge log it and answer 500.
  if (!isGatewayError(error)) throw error;
  const { status, retryAfterSeconds } = failureStatus(error);
  const all = {
    ...headers,
    'cache-control': 'no-store',
    ...(retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {}),
  };
  if (asked.json)
    return sendJson(
      res,
      status,
      { error: { message: messageIn(error, asked.language), ...error.toExtensions() } },
      all,
    );
  const page = failurePage(error, status, asked.language);
  return send(res, status, page, { ...all, 'content-type': 'text/html; charset=utf-8' });
}

/** The HTTP status of a refusal, and how long to wait when waiting helps. */
function failureStatus(error: GatewayError): { status: number; retryAfterSeconds: number | null } {
  if (error instanceof RateLimitedError) return { status: 429, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof ServiceUnavailableError) return { status: 503, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof SignInError && error.reason === 'ISSUER_UNAVAILABLE')
    return { status: 503, retryAfterSeconds: null };
  return { status: 400, retryAfterSeconds: null };
}

type Words = Readonly<Record<Language, string>>;

/** Headings by status: a refused sign-in, too many attempts, or something briefly out of reach. */
const FAILURE_HEADINGS: Readonly<Record<number, Words>> = Object.freeze({
  429: { ru: 'Слишком много попыток входа', en: 'Too many sign-in attempts' },
  503: { ru: 'Вход ненадолго недоступен', en: 'Sign-in is briefly unavailable' },
});
const SIGN_IN_FAILED: Words = { ru: 'Не удалось войти', en: 'Sign-in failed' };
const SIGN_IN_AGAIN: Words = { ru: 'Войти снова', en: 'Sign in again' };

/** The page: the whole text once in each language, `first` first. */
function failurePage(error: GatewayError, status: number, first: Language): string {
  const heading = FAILURE_HEADINGS[status] ?? SIGN_IN_FAILED;
  const order: Language[] = first === 'ru' ? ['ru', 'en'] : ['en', 'ru'];
  const sections = order.map((language) =>
    [
      `<section lang="${language}">`,
      `<h1>${heading[language]}</h1>`,
      `<p>${escapeHtml(messageIn(error, language))}</p>`,
      `<p><a href="/auth/login">${SIGN_IN_AGAIN[language]}</a></p>`,
      '</section>',
    ].join('\n'),
  );
  const title = order.map((language) => heading[language]).join(' / ');
  return [
    `<!doctype html><html lang="${first}"><head><meta charset="utf-8"><title>${title}</title></head><body>`,
    ...sections,
    '</body></html>',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end(body);
}
