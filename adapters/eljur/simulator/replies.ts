/**
 * What a simulator method answers, before it is written: Eljur's envelope, its failures (with the HTTP
 * status mirroring `state`), `getusersvendors`' unwrapped answers. Keeping replies as data lets the server
 * apply fault modes (for example truncating a successful JSON body) in one place.
 */

/** An answer to write: JSON with a status. */
export interface Reply {
  status: number;
  body: unknown;
  /** The method that answered, for drift rules. */
  route?: string;
}

/** A successful method: `{"response": {"state": 200, "error": null, "result": …}}`. */
export function envelope(result: unknown): Reply {
  return { status: 200, body: { response: { state: 200, error: null, result } } };
}

/** A failed method: `state` mirrors the HTTP status, `error` is Eljur's Russian text, `result` is `{}`. */
export function failure(status: 400 | 403 | 404 | 500, error: string): Reply {
  return { status, body: { response: { state: status, error, result: {} } } };
}

/** `getusersvendors` answers without the envelope. */
export function unwrapped(body: unknown, status = 200): Reply {
  return { status, body };
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
