/**
 * Dnevnik.ru's own replies: its error shape and the canned pages its front ends show (the reply plumbing
 * is the simulators' kit, `adapters/simulation/replies.ts`). JSON bodies may hold `bigint` ids; the
 * server writes them as bare integer literals.
 */

import { empty, json, type Reply } from '../../simulation/replies.js';

/** Dnevnik.ru's error shape: `{"type": "…", "description": "…"}`. */
export function apiError(status: number, type: string, description: string): Reply {
  return json({ type, description }, status);
}

/** 401 with an empty body: the answer to a missing, unknown or expired access token. */
export const UNAUTHORIZED: Reply = empty(401);

/** Dnevnik.ru's own status while it is in maintenance ("Server Work"). */
export const MAINTENANCE_STATUS = 550;

function page(title: string, text: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="ru">',
    `<head><meta charset="utf-8"><title>${title}</title></head>`,
    '<body>',
    `<div class="error"><h1>${title}</h1><div class="error__description">${text}</div></div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The error page the site shows instead of JSON (clients read `div.error__description`). */
export const ERROR_PAGE = page('Ошибка', 'Произошла ошибка. Попробуйте обновить страницу позже.');

/** The page shown with status 550 while the diary is in maintenance. */
export const MAINTENANCE_PAGE = page('Технические работы', 'Дневник.ру временно недоступен: идут технические работы.');
