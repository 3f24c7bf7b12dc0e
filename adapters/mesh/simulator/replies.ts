/**
 * МЭШ's own replies: its refusal shape and the canned pages of its front proxies (the reply plumbing is
 * the simulators' kit, `adapters/simulation/replies.ts`).
 */
import { empty, type Reply } from '../../simulation/replies.js';

/** МЭШ's refusal shape: `{"message": "…"}`. */
export function refusal(status: 400 | 403 | 404 | 405 | 413, message: string): Reply {
  return { kind: 'json', status, body: { message } };
}

/** 401 with an empty body: what МЭШ answers to a missing, unknown or expired token. */
export const UNAUTHORIZED: Reply = empty(401);

/** The nginx page МЭШ's proxy answers with when it refuses a request outright. */
export const NGINX_403_PAGE = [
  '<html>',
  '<head><title>403 Forbidden</title></head>',
  '<body>',
  '<center><h1>403 Forbidden</h1></center>',
  '<hr><center>nginx</center>',
  '</body>',
  '</html>',
  '',
].join('\r\n');

/** The maintenance page shown while the diary is down. */
export const MAINTENANCE_PAGE = [
  '<!DOCTYPE html>',
  '<html lang="ru">',
  '<head><meta charset="utf-8"><title>Технические работы</title></head>',
  '<body>',
  '<h1>Технические работы</h1>',
  '<p>Электронный дневник временно недоступен. Пожалуйста, повторите попытку позже.</p>',
  '</body>',
  '</html>',
  '',
].join('\n');
