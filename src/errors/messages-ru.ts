/**
 * Errors in Russian, for the families the gateway serves (issue 14). Every `GatewayError` keeps its code
 * and English `message`; its Russian wording is looked up here from the error's phrase (`phrases.ts`, set
 * where one code has many English messages), its class and its own fields (provider, limits, waits) —
 * never by reading the English text. Like the English, no wording holds a value from the request, a token,
 * SNILS or a diary's answer.
 *
 * Verbs are in the present tense or impersonal, so a sentence fits every diary's name whatever its gender
 * (МЭШ is feminine, Дневник.ру and ЭлЖур masculine).
 */
import {
  ProviderAuthError,
  ProviderCircuitOpenError,
  ProviderError,
  ProviderLinkRefusedError,
  ProviderRefusedError,
  ProviderSchemaDriftError,
  ProviderThrottledError,
  QueryTooComplexError,
  RateLimitedError,
  RequestTooLargeError,
  ServiceUnavailableError,
  ServerBusyError,
  BadUserInputError,
  type GatewayError,
  type GatewayErrorCode,
  type QueryLimit,
  type RefusalReason,
} from './gateway-error.js';
import type { Language } from './language.js';
import { phraseRu, PROVIDER_NAMES_RU } from './phrases-ru.js';
import { ProviderSideAnswerError } from './side-answer-error.js';

export { PROVIDER_NAMES_RU, pluralRu } from './phrases-ru.js';

/** What a client reads, in Russian, for an error that is a bug (the English: "Unexpected error."). */
export const UNEXPECTED_ERROR_RU = 'Непредвиденная ошибка.';

/** The diary an error names, in Russian (every diary error is a `ProviderError`; the rest say "Дневник"). */
function diaryOf(error: GatewayError): string {
  return error instanceof ProviderError ? PROVIDER_NAMES_RU[error.provider] : 'Дневник';
}

/** Why a diary refused a message, after «<дневник> не принял». */
const REFUSALS: Readonly<Record<RefusalReason, string>> = Object.freeze({
  RECIPIENT_NOT_ALLOWED: ' сообщение: этому адресату писать нельзя. Выберите адресата из списка дневника.',
  TEXT_TOO_LONG: ' сообщение: текст слишком длинный. Сократите его.',
  ATTACHMENT_REFUSED: ' вложение: такой файл дневник не берёт. Попробуйте другой формат или размер.',
  MESSAGE_NOT_FOUND: ' запрос: такого сообщения или объявления в дневнике больше нет.',
  OTHER: ' запрос. Попробуйте позже или сделайте это в самом дневнике.',
});

/** Dnevnik.ru's own "Server Work" status (providers.md §5): the diary says it is in maintenance. */
const MAINTENANCE_STATUS = 550;

function unavailable(error: GatewayError): string {
  const diary = diaryOf(error);
  if (error instanceof ProviderCircuitOpenError)
    return (
      `${diary} сейчас не отвечает: после нескольких сбоев подряд шлюз на время прекратил обращения ` +
      `и попробует снова через ${error.retryInSeconds} с.`
    );
  if (error instanceof ProviderThrottledError)
    return (
      `Шлюз обращается к ${diary} не чаще ${error.perSecond} раз в секунду, и этот запрос ждал бы очереди ` +
      'слишком долго. Попробуйте ещё раз через несколько секунд.'
    );
  const status = error instanceof ProviderError ? error.upstreamStatus : undefined;
  if (status === MAINTENANCE_STATUS) return `${diary}: идут технические работы. Попробуйте позже.`;
  if (status === 503) return `${diary} сейчас не отвечает (возможно, идут технические работы). Попробуйте позже.`;
  return `${diary} сейчас не отвечает. Попробуйте позже.`;
}

function refusedSignIn(error: GatewayError): string {
  const diary = diaryOf(error);
  if (error instanceof ProviderLinkRefusedError)
    return `${diary} не принимает эти данные для входа: проверьте их и попробуйте ещё раз. Ничего не подключено.`;
  if (error instanceof ProviderAuthError)
    return `${diary} больше не принимает вход подключённой учётной записи: войдите в дневник заново.`;
  return `${diary} не принимает вход: войдите в дневник заново.`;
}

function drifted(error: GatewayError): string {
  const diary = diaryOf(error);
  if (!(error instanceof ProviderSchemaDriftError))
    return `Часть ответа ${diary} пришла в виде, который шлюз не читает; эта часть пропущена, остальное показано.`;
  return (
    `Часть ответа ${diary} пришла в виде, который шлюз не читает; эта часть пропущена, остальное показано ` +
    `(${error.route}: ${error.schemaPath}, пропущено: ${error.dropped}).`
  );
}

const QUERY_LIMITS: Readonly<Record<QueryLimit, (actual: number, maximum: number) => string>> = Object.freeze({
  depth: (actual, maximum) =>
    `Глубина вложенности полей в запросе — ${actual}, а шлюз принимает не больше ${maximum}. ` +
    'Запросите меньше вложенных полей или разделите запрос.',
  cost: (actual, maximum) =>
    `Оценочная стоимость запроса — ${actual}, а шлюз принимает не больше ${maximum}. Каждое поле стоит 1, ` +
    'а всё внутри списка — во много раз больше: запросите меньше полей внутри списков или разделите запрос.',
  aliases: (actual, maximum) =>
    `Псевдонимов полей (aliases) в запросе — ${actual}, а шлюз принимает не больше ${maximum}. ` +
    'Запрашивайте каждое поле один раз или разделите запрос.',
});

/**
 * Each code in Russian, from the error's class and fields. A `BAD_USER_INPUT` without a phrase is worded
 * by its argument, with the English detail after it: the detail names the rule, and a generic sentence
 * alone would leave the reader guessing.
 */
const BY_CODE: Readonly<Record<GatewayErrorCode, (error: GatewayError) => string>> = Object.freeze({
  UNAUTHENTICATED: () => 'Сначала войдите: нужен действующий токен сеанса (`Authorization: Bearer <токен>`).',
  FORBIDDEN: () => 'Это действие вам не разрешено.',
  BAD_USER_INPUT: (error) =>
    error instanceof BadUserInputError && error.argument
      ? `Поле «${error.argument}» заполнено неверно: ${error.message}`
      : `Запрос заполнен неверно: ${error.message}`,
  PROVIDER_UNAVAILABLE: unavailable,
  PROVIDER_TIMEOUT: (error) => `Ответ от ${diaryOf(error)} не пришёл вовремя. Попробуйте ещё раз.`,
  PROVIDER_AUTH_FAILED: refusedSignIn,
  PROVIDER_BAD_RESPONSE: (error) =>
    `От ${diaryOf(error)} пришёл ответ, который шлюз не может прочитать. Попробуйте позже.`,
  PROVIDER_SCHEMA_DRIFT: drifted,
  NOT_SUPPORTED_BY_PROVIDER: (error) => `${diaryOf(error)} этого не поддерживает.`,
  PROVIDER_REFUSED: (error) =>
    `${diaryOf(error)} не принял${error instanceof ProviderRefusedError ? REFUSALS[error.reason] : '.'}`,
  IDEMPOTENCY_KEY_REUSED: () =>
    'С этим ключом (clientKey) уже отправлено другое сообщение. Для нового сообщения нужен новый ключ.',
  SEND_OUTCOME_UNKNOWN: () =>
    'Сообщение с этим ключом уже отправлялось, и неизвестно, дошло ли оно: чтобы не отправить его дважды, ' +
    'шлюз не отправляет его снова. Проверьте папку «Отправленные».',
  QUERY_TOO_COMPLEX: (error) =>
    error instanceof QueryTooComplexError
      ? QUERY_LIMITS[error.limit](error.actual, error.maximum)
      : 'Запрос слишком сложный: запросите меньше за раз или разделите запрос.',
  REQUEST_TOO_LARGE: (error) =>
    error instanceof RequestTooLargeError
      ? `Тело запроса больше ${error.maximumBytes} байт.`
      : 'Тело запроса больше, чем принимает шлюз.',
  RATE_LIMITED: (error) =>
    error instanceof RateLimitedError
      ? `Слишком много запросов: принимается не больше ${error.limitPerMinute} в минуту. ` +
        `Попробуйте снова через ${error.retryAfterSeconds} с.`
      : 'Слишком много запросов. Попробуйте позже.',
  SERVICE_UNAVAILABLE: (error) =>
    'Хранилище шлюза ненадолго недоступно, поэтому сейчас это сделать не удалось. ' +
    (error instanceof ServiceUnavailableError
      ? `Попробуйте снова через ${error.retryAfterSeconds} с.`
      : 'Попробуйте чуть позже.'),
  SERVER_BUSY: (error) =>
    'Шлюз сейчас перегружен и не успел выполнить запрос. ' +
    (error instanceof ServerBusyError
      ? `Попробуйте снова через ${error.retryAfterSeconds} с.`
      : 'Попробуйте чуть позже.'),
  INTERNAL_SERVER_ERROR: () => 'Внутренняя ошибка шлюза; она записана в журнал. Попробуйте позже.',
});

/** A diary route that only enriches a list failed: the list is shown without what the route gives. */
function sideAnswer(error: ProviderSideAnswerError): string {
  return (
    `Один из разделов ${PROVIDER_NAMES_RU[error.provider]} (${error.route}) не ответил; ` +
    `остальное показано без: ${error.missing.join(', ')}.`
  );
}

/** `error` in Russian: its phrase when it has one, else its code worded from its class and fields. */
export function russianMessage(error: GatewayError): string {
  if (error.phrase) return phraseRu(error.phrase);
  if (error instanceof ProviderSideAnswerError) return sideAnswer(error);
  return BY_CODE[error.code](error);
}

/**
 * What a person reads for `error` in `language`: the English `message`, or its Russian wording.
 * @example messageIn(new RateLimitedError(60, 5), 'ru') // 'Слишком много запросов: … через 5 с.'
 */
export function messageIn(error: GatewayError, language: Language): string {
  return language === 'ru' ? russianMessage(error) : error.message;
}
