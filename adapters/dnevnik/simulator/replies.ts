/**
 * What a simulator route answers, before it is written to the socket, and the canned pages Dnevnik.ru's
 * front ends show. Keeping replies as data lets the server apply fault modes in one place.
 */

/** An answer to write. JSON bodies may hold `bigint` ids; they are written as bare integer literals. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; /** The route that answered, for drift rules. */ route?: string }
  | { kind: 'html'; status: number; body: string }
  | { kind: 'empty'; status: number };

/** A JSON answer. */
export function json(body: unknown, status = 200): Reply {
  return { kind: 'json', status, body };
}

/** Dnevnik.ru's error shape: `{"type": "…", "description": "…"}`. */
export function apiError(status: number, type: string, description: string): Reply {
  return { kind: 'json', status, body: { type, description } };
}

/** 401 with an empty body: the answer to a missing, unknown or expired access token. */
export const UNAUTHORIZED: Reply = Object.freeze({ kind: 'empty', status: 401 });

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
