/**
 * The browser sign-in routes of the HTTP edge:
 * - `GET /auth/login?returnTo=/path` → 302 to the issuer, with the `dg_login` cookie (10 min, `Path=/auth`);
 * - `GET /auth/callback` → the `dg_session` cookie and 302 back to `returnTo`; or, for API clients that ask
 *   with `Accept: application/json`, `200 {token, expiresAt}` (a bearer token, no cookie);
 * - `POST /auth/logout` → ends the session named by the bearer token or the cookie, clears the cookie, 204.
 *
 * Failures answer a small page (HTML, or JSON for API clients) that says why in safe words.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isGatewayError, type GatewayError } from '../../errors/gateway-error.js';
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
}

const LOGIN_COOKIE_PATH = '/auth';
const LOGIN_COOKIE_MAX_AGE_S = 600;

/** Serves one of {@link AUTH_PATHS}. */
export async function handleAuthRoute(req: IncomingMessage, res: ServerResponse, url: URL, context: AuthRouteContext): Promise<void> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/auth/logout') {
    if (method !== 'POST') return sendJson(res, 405, { error: `${method} is not allowed on /auth/logout` }, { allow: 'POST' });
    return logout(req, res, context);
  }
  if (method !== 'GET') return sendJson(res, 405, { error: `${method} is not allowed on ${url.pathname}` }, { allow: 'GET' });
  const signIn = context.auth?.signIn() ?? null;
  if (!signIn || !context.auth) return sendJson(res, 404, { error: 'Sign-in is not configured on this gateway (set OIDC_ISSUER).' });
  const secure = context.auth.secureCookies();
  const wantsJson = prefersJson(req.headers.accept);

  if (url.pathname === '/auth/login') {
    try {
      const { redirectUrl, loginCookieValue } = await signIn.beginLogin(url.searchParams.get('returnTo'));
      const cookie = serializeCookie(LOGIN_COOKIE, loginCookieValue, { path: LOGIN_COOKIE_PATH, maxAgeSeconds: LOGIN_COOKIE_MAX_AGE_S, secure });
      return send(res, 302, '', { location: redirectUrl, 'set-cookie': cookie, 'cache-control': 'no-store' });
    } catch (error) {
      return sendFailure(res, error, wantsJson, {});
    }
  }

  // /auth/callback: openid-client needs the URL as the issuer redirected to it, i.e. on the redirect URI.
  const callbackUrl = new URL(context.auth.redirectUri() ?? url.href);
  callbackUrl.search = url.search;
  const clearLogin = clearCookie(LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH, secure });
  try {
    const done = await signIn.completeLogin(callbackUrl, readCookie(req.headers.cookie, LOGIN_COOKIE));
    if (wantsJson) {
      return sendJson(res, 200, { token: done.sessionToken, expiresAt: done.expiresAt.toISOString() }, { 'set-cookie': clearLogin, 'cache-control': 'no-store' });
    }
    const session = serializeCookie(SESSION_COOKIE, done.sessionToken, {
      path: '/',
      maxAgeSeconds: context.auth.sessionTtlMs / 1000,
      secure,
    });
    res.setHeader('set-cookie', [clearLogin, session]);
    return send(res, 302, '', { location: done.returnTo, 'cache-control': 'no-store' });
  } catch (error) {
    return sendFailure(res, error, wantsJson, { 'set-cookie': clearLogin });
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

/** True when the client asks for JSON rather than a page (an API client driving the flow). */
function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  return types.includes('application/json') && !types.includes('text/html');
}

function sendFailure(res: ServerResponse, error: unknown, wantsJson: boolean, headers: Record<string, string>): void {
  // Anything but a typed refusal is a bug or an outage: let the edge log it and answer 500.
  if (!isGatewayError(error)) throw error;
  const status = error instanceof SignInError && error.reason === 'ISSUER_UNAVAILABLE' ? 503 : 400;
  if (wantsJson) return sendJson(res, status, { error: { message: error.message, ...error.toExtensions() } }, { ...headers, 'cache-control': 'no-store' });
  return send(res, status, failurePage(error), { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
}

function failurePage(error: GatewayError): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title></head><body>',
    '<h1>Sign-in failed</h1>',
    `<p>${escapeHtml(error.message)}</p>`,
    '<p><a href="/auth/login">Sign in again</a></p>',
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
