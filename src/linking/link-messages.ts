/**
 * What a family reads when a link flow stops: every refusal the routes can meet — their own
 * {@link LinkFlowError}s, the `GatewayError`s linking throws (the diary refused, is down; rate limits; the
 * store is away) and the store's own conflicts — as one {@link LinkProblem} with a status, a stable code,
 * and the words in Russian and English. Nothing here quotes what the browser or the diary sent.
 */
import {
  isGatewayError,
  RateLimitedError,
  ServiceUnavailableError,
  type GatewayError,
} from '../errors/gateway-error.js';
import { StoreError } from '../store/store-error.js';
import type { BilingualName } from '../tenants/tenant.js';
import { LinkFlowError, type LinkFlowCode } from './link-errors.js';

/** A refusal as the routes answer it (a page, or JSON for API clients). */
export interface LinkProblem {
  status: number;
  /** A `LinkFlowCode`, a `GatewayErrorCode` or a `StoreErrorCode`. */
  code: string;
  /** What happened, in both languages. */
  text: BilingualName;
  /** Why a flow is off, when the tenant registry says. */
  detail: BilingualName | null;
  /** Sent as `Retry-After` when waiting helps. */
  retryAfterSeconds: number | null;
}

/** Russian words for the routes' own codes (English: the error's message). */
const RUSSIAN: Readonly<Record<LinkFlowCode, string>> = Object.freeze({
  LINK_NOT_CONFIGURED: 'Этот шлюз не подключает дневники из браузера.',
  LINK_SIGN_IN_REQUIRED: 'Сначала войдите в шлюз, затем подключите дневник.',
  LINK_TENANT_UNKNOWN: 'Этот шлюз не подключает такой дневник: проверьте ссылку, по которой вы пришли.',
  LINK_FLOW_UNAVAILABLE: 'Этот способ подключения дневника сейчас недоступен.',
  LINK_VENDOR_UNKNOWN: 'Выберите свою школу из списка.',
  LINK_STATE_INVALID: 'Ссылка устарела или уже использована — начните подключение заново.',
  LINK_SESSION_MISMATCH:
    'Подключение начато в другом сеансе шлюза: войдите под тем же пользователем и начните заново. Ничего не подключено.',
  LINK_DENIED: 'Вы отказали в доступе в дневнике, поэтому ничего не подключено.',
  LINK_PROVIDER_MISCONFIGURED:
    'Дневник отклонил запрос шлюза: подключение к этому дневнику настроено неверно. Сообщите администратору шлюза. Ничего не подключено.',
  LINK_CALLBACK_UNREADABLE:
    'Дневник вернул ответ, который шлюз не может прочитать. Попробуйте ещё раз. Ничего не подключено.',
  LINK_REQUEST_INVALID: 'Не удалось прочитать запрос. Вернитесь на страницу подключения и попробуйте ещё раз.',
  LINK_FORM_TOO_LARGE:
    'Форма прислала больше данных, чем шлюз принимает. Вернитесь на страницу подключения и попробуйте ещё раз.',
});

/** Russian words for the gateway's codes that linking can meet; others get {@link FALLBACK_RU}. */
const GATEWAY_RUSSIAN: Readonly<Record<string, string>> = Object.freeze({
  PROVIDER_AUTH_FAILED:
    'Дневник не принял вход: проверьте логин и пароль или войдите в дневник заново. Ничего не подключено.',
  PROVIDER_UNAVAILABLE: 'Дневник сейчас не отвечает. Попробуйте позже. Ничего не подключено.',
  PROVIDER_TIMEOUT: 'Дневник не ответил вовремя. Попробуйте ещё раз. Ничего не подключено.',
  PROVIDER_BAD_RESPONSE: 'Дневник прислал ответ, который шлюз не может прочитать. Ничего не подключено.',
  PROVIDER_SCHEMA_DRIFT: 'Дневник прислал ответ, который шлюз не может прочитать. Ничего не подключено.',
  NOT_SUPPORTED_BY_PROVIDER: 'Этот шлюз сейчас не обслуживает этот дневник.',
  BAD_USER_INPUT: 'Проверьте введённые данные и попробуйте ещё раз.',
  UNAUTHENTICATED: 'Сначала войдите в шлюз, затем подключите дневник.',
  FORBIDDEN: 'Это действие здесь запрещено.',
});

const FALLBACK_RU = 'Не удалось подключить дневник.';

/** The status of a `GatewayError`'s page, as the sign-in routes choose theirs. */
function gatewayStatus(error: GatewayError): number {
  switch (error.code) {
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
    case 'PROVIDER_UNAVAILABLE':
    case 'PROVIDER_TIMEOUT':
      return 503;
    case 'PROVIDER_BAD_RESPONSE':
    case 'PROVIDER_SCHEMA_DRIFT':
      return 502;
    case 'NOT_SUPPORTED_BY_PROVIDER':
      return 409;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    default:
      return 400;
  }
}

function gatewayProblem(error: GatewayError): LinkProblem {
  const waits =
    error instanceof RateLimitedError || error instanceof ServiceUnavailableError ? error.retryAfterSeconds : null;
  let ru = GATEWAY_RUSSIAN[error.code] ?? FALLBACK_RU;
  if (error instanceof RateLimitedError) ru = `Слишком много попыток. Попробуйте снова через ${waits} с.`;
  if (error instanceof ServiceUnavailableError)
    ru = `Хранилище шлюза ненадолго недоступно. Попробуйте снова через ${waits} с.`;
  // A GatewayError's message is written to be shown (it never quotes a value), and names the diary.
  return {
    status: gatewayStatus(error),
    code: error.code,
    text: { ru, en: error.message },
    detail: null,
    retryAfterSeconds: waits,
  };
}

function storeProblem(error: StoreError): LinkProblem {
  // A StoreError's message may name files: the family gets words of its own instead.
  if (error.code === 'STORE_CONFLICT')
    return {
      status: 409,
      code: error.code,
      text: {
        ru: 'Подключение совпало с другим изменением ваших дневников. Попробуйте ещё раз.',
        en: 'Linking ran into another change of your diaries. Try again.',
      },
      detail: null,
      retryAfterSeconds: null,
    };
  return {
    status: 503,
    code: error.code,
    text: {
      ru: 'Шлюз не смог сохранить подключение. Попробуйте позже.',
      en: 'The gateway could not save the link. Try again later.',
    },
    detail: null,
    retryAfterSeconds: null,
  };
}

/**
 * The problem behind a refusal, or `null` for anything else (a bug: the caller lets the edge log it and
 * answer 500).
 */
export function problemOf(error: unknown): LinkProblem | null {
  if (error instanceof LinkFlowError)
    return {
      status: error.status,
      code: error.code,
      text: { ru: RUSSIAN[error.code], en: error.message },
      detail: error.detail,
      retryAfterSeconds: null,
    };
  if (isGatewayError(error)) return gatewayProblem(error);
  if (error instanceof StoreError) return storeProblem(error);
  return null;
}
