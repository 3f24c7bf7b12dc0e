/**
 * What a request can fail with. The gateway's failures carry its stable `extensions.code`
 * (schema/README.md, "Error codes"); the client adds two of its own for what never reached the gateway
 * or came back unreadable. Branch on `code`, never on a message.
 */

/**
 * The codes the gateway sends (schema/README.md, docs/persisted-operations.md) and the client's own
 * (`NETWORK_ERROR`, `BAD_RESPONSE`), as a list a program can iterate (to map each code to its own words).
 */
export const KNOWN_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_TIMEOUT',
  'PROVIDER_AUTH_FAILED',
  'PROVIDER_BAD_RESPONSE',
  'PROVIDER_SCHEMA_DRIFT',
  'NOT_SUPPORTED_BY_PROVIDER',
  'PROVIDER_REFUSED',
  'IDEMPOTENCY_KEY_REUSED',
  'SEND_OUTCOME_UNKNOWN',
  'QUERY_TOO_COMPLEX',
  'REQUEST_TOO_LARGE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'SERVER_BUSY',
  'INTERNAL_SERVER_ERROR',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'NETWORK_ERROR',
  'BAD_RESPONSE',
] as const;

/** One of {@link KNOWN_ERROR_CODES}, or a code a newer gateway sends that this list lacks (open-ended). */
export type DiaryErrorCode = (typeof KNOWN_ERROR_CODES)[number] | (string & {});

/** One entry of a GraphQL answer's `errors`, as the gateway sends it. */
export interface DiaryGraphqlError {
  /** Safe to show (never a token, password or SNILS); in the language asked for (`language`), English by default. Branch on `code`. */
  readonly message: string;
  /** `extensions.code`; `UNKNOWN` when the gateway sent none. */
  readonly code: DiaryErrorCode;
  /** Where in `data` the failure is (the list left incomplete), when it concerns a field. */
  readonly path?: readonly (string | number)[];
  /** Every extension the gateway sent (`provider`, `retryAfterSeconds`, `route`, `missing`…), `code` too. */
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** The language of the client's own messages (and of the request's `Accept-Language`). */
export type DiaryLanguage = 'ru' | 'en';

/** The client's own messages, in both languages. */
const CLIENT_MESSAGES = {
  NETWORK_ERROR: {
    ru: 'Не удалось связаться с сервером дневников. Проверьте подключение к интернету и повторите попытку.',
    en: 'Could not reach the diary server. Check the connection and try again.',
  },
  BAD_RESPONSE: {
    ru: 'Сервер дневников ответил непонятно. Повторите попытку позже.',
    en: 'The diary server sent an answer that could not be read. Try again later.',
  },
} as const;

/** A request that brought no data: the gateway refused it, or it never reached the gateway. */
export class DiaryClientError extends Error {
  /** The first error's `extensions.code`, or `NETWORK_ERROR` / `BAD_RESPONSE`. */
  readonly code: DiaryErrorCode;
  /** The HTTP status, when an answer came (400 refusals, 413, 429, 503…). */
  readonly status: number | null;
  /** Every error of the answer (empty for `NETWORK_ERROR` and `BAD_RESPONSE`). */
  readonly errors: readonly DiaryGraphqlError[];
  /** Seconds to wait before retrying (`RATE_LIMITED`, `SERVICE_UNAVAILABLE`, `SERVER_BUSY`), when the gateway said. */
  readonly retryAfterSeconds: number | null;

  constructor(
    code: DiaryErrorCode,
    message: string,
    details: {
      status?: number | null;
      errors?: readonly DiaryGraphqlError[];
      retryAfterSeconds?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DiaryClientError';
    this.code = code;
    this.status = details.status ?? null;
    this.errors = details.errors ?? [];
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/** The client's own error for `code` (nothing came back, or nothing readable), in `language`. */
export function clientError(
  code: keyof typeof CLIENT_MESSAGES,
  language: DiaryLanguage,
  details: { status?: number | null; cause?: unknown } = {},
): DiaryClientError {
  return new DiaryClientError(code, CLIENT_MESSAGES[code][language], details);
}

/** Reads an answer's `errors` liberally: anything that is not an error object is left out. */
export function readErrors(raw: unknown): DiaryGraphqlError[] {
  if (!Array.isArray(raw)) return [];
  const errors: DiaryGraphqlError[] = [];
  for (const entry of raw as unknown[]) {
    if (!isRecord(entry)) continue;
    const extensions = isRecord(entry.extensions) ? entry.extensions : {};
    const code = typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN';
    const path = Array.isArray(entry.path)
      ? (entry.path as unknown[]).filter((part) => typeof part === 'string' || typeof part === 'number')
      : undefined;
    errors.push({
      message: typeof entry.message === 'string' ? entry.message : '',
      code,
      ...(path ? { path } : {}),
      extensions,
    });
  }
  return errors;
}

/** The retry delay an answer gives: its `Retry-After` header, else the first error's `retryAfterSeconds`. */
export function retryAfterOf(header: string | null, errors: readonly DiaryGraphqlError[]): number | null {
  const fromHeader = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(fromHeader) && fromHeader >= 0) return fromHeader;
  const fromError = errors[0]?.extensions.retryAfterSeconds;
  return typeof fromError === 'number' && Number.isFinite(fromError) ? fromError : null;
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
