/**
 * Eljur's own replies, all JSON: its envelope, its failures (with the HTTP status mirroring `state`),
 * `getusersvendors`' unwrapped answers (the reply plumbing is the simulators' kit,
 * `adapters/simulation/replies.ts`).
 */

import { json, type Reply } from '../../simulation/replies.js';

/** A successful method: `{"response": {"state": 200, "error": null, "result": …}}`. */
export function envelope(result: unknown): Reply {
  return json({ response: { state: 200, error: null, result } });
}

/** A failed method: `state` mirrors the HTTP status, `error` is Eljur's Russian text, `result` is `{}`. */
export function failure(status: 400 | 403 | 404 | 500, error: string): Reply {
  return json({ response: { state: status, error, result: {} } }, status);
}

/** `getusersvendors` answers without the envelope. */
export function unwrapped(body: unknown, status = 200): Reply {
  return json(body, status);
}

/** Eljur's texts for the failures the simulator reproduces. */
export const ERRORS = Object.freeze({
  developer: 'не удалось авторизовать разработчика',
  vendor: 'неизвестный вендор',
  credentials: 'неверный логин или пароль',
  token: 'недействительный токен авторизации',
  student: 'нет доступа к данным ученика',
  oneStudent: 'укажите одного ученика',
  days: 'неверный формат параметра days',
  method: 'метод не найден',
  server: 'внутренняя ошибка сервера',
});
