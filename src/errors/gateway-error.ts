/**
 * The gateway's error taxonomy. Every error a client can see is a `GatewayError` with a stable `code`
 * (sent as GraphQL `extensions.code`) and a message that is safe to show: it never holds a token, a
 * password, SNILS or a provider's raw answer. The detail lives in `cause`, for server-side logs only.
 */
import { CodedError } from '../domain/coded-error.js';
import type { ProviderKind, SchemaDrift } from '../domain/model.js';
import type { Phrase } from './phrases.js';

/** Every `extensions.code` the gateway sends. */
export type GatewayErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'PROVIDER_UNAVAILABLE'
  | 'PROVIDER_TIMEOUT'
  | 'PROVIDER_AUTH_FAILED'
  | 'PROVIDER_BAD_RESPONSE'
  | 'PROVIDER_SCHEMA_DRIFT'
  | 'NOT_SUPPORTED_BY_PROVIDER'
  | 'PROVIDER_REFUSED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'SEND_OUTCOME_UNKNOWN'
  | 'QUERY_TOO_COMPLEX'
  | 'REQUEST_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'SERVER_BUSY'
  | 'INTERNAL_SERVER_ERROR';

/** Human names of the diaries, for messages. */
export const PROVIDER_NAMES: Readonly<Record<ProviderKind, string>> = Object.freeze({
  MESH: 'МЭШ',
  DNEVNIK: 'Dnevnik.ru',
  ELJUR: 'Eljur',
});

/** What a `GatewayError` takes besides its code and English message. */
export interface GatewayErrorOptions {
  cause?: unknown;
  /**
   * The key and values of this refusal's wording in Russian (`messages-ru.ts`), where its code has many
   * English messages; without it the Russian is worded from the code and the error's own fields.
   */
  phrase?: Phrase | undefined;
}

/**
 * Base of every error the gateway lets a client see. `message` is the English one; a person asking in
 * Russian gets `messages-ru.ts`'s wording of the same error (see `messageIn`).
 */
export class GatewayError extends CodedError<GatewayErrorCode> {
  /** See {@link GatewayErrorOptions.phrase}. */
  readonly phrase: Phrase | undefined;

  constructor(code: GatewayErrorCode, message: string, options?: GatewayErrorOptions) {
    const { phrase, ...rest } = options ?? {};
    super(code, message, rest);
    this.phrase = phrase;
  }

  /** The GraphQL `extensions` for this error. */
  toExtensions(): Record<string, unknown> {
    return { code: this.code };
  }
}

/** No valid session: missing, unknown or expired bearer token. */
export class UnauthenticatedError extends GatewayError {
  constructor(message = 'Sign in first: send `Authorization: Bearer <token>` with a valid session token.') {
    super('UNAUTHENTICATED', message);
  }
}

/**
 * Signed in, and allowed to see the thing, but not to do this with it (a trusted person sending an
 * absence notice; accepting an invitation that names someone else).
 */
export class ForbiddenError extends GatewayError {
  constructor(message: string, phrase?: Phrase) {
    super('FORBIDDEN', message, { phrase });
  }
}

/** The client sent an argument the gateway cannot serve; the message says which and why. */
export class BadUserInputError extends GatewayError {
  readonly argument: string | undefined;

  constructor(message: string, argument?: string, phrase?: Phrase) {
    super('BAD_USER_INPUT', message, { phrase });
    this.argument = argument;
  }

  override toExtensions(): Record<string, unknown> {
    return this.argument ? { code: this.code, argument: this.argument } : { code: this.code };
  }
}

/**
 * The viewer already keeps as many of something as the gateway allows (calendar feeds), so nothing new was
 * made. `BAD_USER_INPUT` with `limit` naming what and `maximum`, so an app can say "revoke one first".
 */
export class LimitReachedError extends BadUserInputError {
  constructor(
    readonly limit: string,
    readonly maximum: number,
    message: string,
    phrase?: Phrase,
  ) {
    super(message, undefined, phrase);
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, limit: this.limit, maximum: this.maximum };
  }
}

type ProviderErrorCode = Extract<GatewayErrorCode, `PROVIDER_${string}` | 'NOT_SUPPORTED_BY_PROVIDER'>;

/** A diary failed or refused; `provider` says which. */
export class ProviderError extends GatewayError {
  readonly provider: ProviderKind;
  /** HTTP status the diary answered with, when it answered. Safe to show; helps support. */
  readonly upstreamStatus: number | undefined;

  constructor(
    code: ProviderErrorCode,
    provider: ProviderKind,
    message: string,
    options?: GatewayErrorOptions & { upstreamStatus?: number | undefined },
  ) {
    super(code, message, options);
    this.provider = provider;
    this.upstreamStatus = options?.upstreamStatus;
  }

  override toExtensions(): Record<string, unknown> {
    const extensions: Record<string, unknown> = { code: this.code, provider: this.provider };
    if (this.upstreamStatus !== undefined) extensions.upstreamStatus = this.upstreamStatus;
    return extensions;
  }
}

/** The diary (or this gateway's configuration of it) has no such feature. */
export class NotSupportedByProviderError extends ProviderError {
  constructor(provider: ProviderKind, detail: string, phrase?: Phrase) {
    super('NOT_SUPPORTED_BY_PROVIDER', provider, `${PROVIDER_NAMES[provider]} cannot do this: ${detail}.`, { phrase });
  }
}

/** Why a diary refused a message, a reply or a signature it was asked to take. */
export type RefusalReason =
  'RECIPIENT_NOT_ALLOWED' | 'TEXT_TOO_LONG' | 'ATTACHMENT_REFUSED' | 'MESSAGE_NOT_FOUND' | 'OTHER';

/**
 * The diary answered and refused what it was asked to take (a recipient it does not allow, a text too long);
 * asking again unchanged gets the same answer. `extensions.reason` says which.
 */
export class ProviderRefusedError extends ProviderError {
  constructor(
    provider: ProviderKind,
    readonly reason: RefusalReason,
    detail: string,
    options?: { cause?: unknown; upstreamStatus?: number | undefined },
  ) {
    super('PROVIDER_REFUSED', provider, `${PROVIDER_NAMES[provider]} refused it: ${detail}.`, options);
  }

  override toExtensions(): Record<string, unknown> {
    return { ...super.toExtensions(), reason: this.reason };
  }
}

/**
 * A send repeated a client key with other content (`IDEMPOTENCY_KEY_REUSED`), or repeated one whose first send
 * is still under way or ended without the diary saying whether it took it (`SEND_OUTCOME_UNKNOWN`): sending
 * again could send twice, so the gateway does not.
 */
export class SendRefusedError extends GatewayError {
  constructor(code: 'IDEMPOTENCY_KEY_REUSED' | 'SEND_OUTCOME_UNKNOWN', message: string) {
    super(code, message);
  }
}

/** The diary is down, in maintenance, or answered with a server error. Worth retrying later. */
export class ProviderUnavailableError extends ProviderError {
  constructor(
    provider: ProviderKind,
    detail: string,
    options?: { cause?: unknown; upstreamStatus?: number | undefined },
  ) {
    super('PROVIDER_UNAVAILABLE', provider, `${PROVIDER_NAMES[provider]} is not answering: ${detail}.`, options);
  }
}

/**
 * The gateway's circuit breaker for this diary is open: after repeated failures it stopped calling the
 * diary for a while, so this request failed at once instead of waiting for another failure. It is a
 * `PROVIDER_UNAVAILABLE` like any other, with `extensions.circuit: "open"` and `retryAt`.
 */
export class ProviderCircuitOpenError extends ProviderUnavailableError {
  /** When the breaker lets the next call through to probe the diary. */
  readonly retryAt: Date;
  /** Whole seconds from the refusal to `retryAt` (at least 1), as the message says. */
  readonly retryInSeconds: number;

  constructor(provider: ProviderKind, retryAt: Date, now: number, options?: { cause?: unknown }) {
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000));
    super(
      provider,
      `after repeated failures the gateway stopped calling it for now and will try again in ${seconds} s`,
      options,
    );
    this.retryAt = retryAt;
    this.retryInSeconds = seconds;
  }

  override toExtensions(): Record<string, unknown> {
    return { ...super.toExtensions(), circuit: 'open', retryAt: this.retryAt.toISOString() };
  }
}

/**
 * The gateway's own outbound rate limit for this diary is used up, and waiting for a free slot would
 * have taken too long. `PROVIDER_UNAVAILABLE` (the data is not available now) with `extensions.throttled`.
 */
export class ProviderThrottledError extends ProviderError {
  /** The gateway's outbound allowance for the diary, in calls a second. */
  readonly perSecond: number;

  constructor(provider: ProviderKind, perSecond: number) {
    super(
      'PROVIDER_UNAVAILABLE',
      provider,
      `The gateway keeps its calls to ${PROVIDER_NAMES[provider]} under ${perSecond} a second and this one would have waited too long; try again in a moment.`,
    );
    this.perSecond = perSecond;
  }

  override toExtensions(): Record<string, unknown> {
    return { ...super.toExtensions(), throttled: true };
  }
}

/** The diary did not answer within the configured time. */
export class ProviderTimeoutError extends ProviderError {
  constructor(provider: ProviderKind, detail: string, options?: { cause?: unknown }) {
    super('PROVIDER_TIMEOUT', provider, `${PROVIDER_NAMES[provider]} did not answer in time (${detail}).`, options);
  }

  /** The request gave up on the call (its deadline passed) before the diary's answer came. */
  static abandoned(provider: ProviderKind, options?: { cause?: unknown }): ProviderTimeoutError {
    return new ProviderTimeoutError(provider, 'the request was abandoned before the answer arrived', options);
  }
}

/** The diary refused the linked account's credentials: the parent must sign in to it again. */
export class ProviderAuthError extends ProviderError {
  constructor(
    provider: ProviderKind,
    detail: string,
    options?: { cause?: unknown; upstreamStatus?: number | undefined },
  ) {
    super(
      'PROVIDER_AUTH_FAILED',
      provider,
      `${PROVIDER_NAMES[provider]} refused the linked account (${detail}); sign in to it again.`,
      options,
    );
  }
}

/**
 * The diary refused credentials a parent is linking. Same code as {@link ProviderAuthError}, but the
 * advice fits the moment: nothing is linked yet, so "sign in again" would mislead.
 */
export class ProviderLinkRefusedError extends ProviderError {
  constructor(provider: ProviderKind, options?: { cause?: unknown; upstreamStatus?: number | undefined }) {
    super(
      'PROVIDER_AUTH_FAILED',
      provider,
      `${PROVIDER_NAMES[provider]} refused these credentials; check them and try again. Nothing was linked.`,
      options,
    );
  }
}

/** The diary answered with something the adapter cannot read (HTML, broken JSON, an unknown shape). */
export class ProviderBadResponseError extends ProviderError {
  constructor(
    provider: ProviderKind,
    detail: string,
    options?: { cause?: unknown; upstreamStatus?: number | undefined },
  ) {
    super(
      'PROVIDER_BAD_RESPONSE',
      provider,
      `${PROVIDER_NAMES[provider]} sent an answer the gateway cannot read: ${detail}.`,
      options,
    );
  }
}

/**
 * A warning, not a failure: part of a diary's answer had a shape the gateway does not read (the diary
 * changed its format), so that part was left out and everything else is served. Reported beside the data
 * in `errors[]` with the field's `path`; `route`, `schemaPath` (a template such as `days[].teachers`, never
 * a value) and `dropped` say where and how much.
 */
export class ProviderSchemaDriftError extends ProviderError {
  readonly route: string;
  readonly schemaPath: string;
  readonly dropped: number;

  constructor(drift: SchemaDrift) {
    const { provider, route, schemaPath, dropped } = drift;
    super(
      'PROVIDER_SCHEMA_DRIFT',
      provider,
      `${PROVIDER_NAMES[provider]} sent part of its answer in a shape the gateway cannot read; that part was left out ` +
        `and the rest is shown (${route}: ${schemaPath}, ${dropped} left out).`,
    );
    this.route = route;
    this.schemaPath = schemaPath;
    this.dropped = dropped;
  }

  override toExtensions(): Record<string, unknown> {
    return {
      code: this.code,
      provider: this.provider,
      route: this.route,
      schemaPath: this.schemaPath,
      dropped: this.dropped,
    };
  }
}

/** Which of the gateway's query limits a request went over. */
export type QueryLimit = 'depth' | 'cost' | 'aliases';

/** The query asks for more than the gateway serves in one request (too deep, too costly, too many aliases). */
export class QueryTooComplexError extends GatewayError {
  readonly limit: QueryLimit;
  readonly maximum: number;
  readonly actual: number;

  constructor(limit: QueryLimit, message: string, figures: { maximum: number; actual: number }) {
    super('QUERY_TOO_COMPLEX', message);
    this.limit = limit;
    this.maximum = figures.maximum;
    this.actual = figures.actual;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, limit: this.limit, maximum: this.maximum, actual: this.actual };
  }
}

/** The request body is larger than the gateway accepts (HTTP 413). */
export class RequestTooLargeError extends GatewayError {
  readonly maximumBytes: number;

  constructor(maximumBytes: number) {
    super('REQUEST_TOO_LARGE', `The request body is larger than ${maximumBytes} bytes.`);
    this.maximumBytes = maximumBytes;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, maximumBytes: this.maximumBytes };
  }
}

/** The session (or, without one, the address) sent more requests than it may (HTTP 429 with `Retry-After`). */
export class RateLimitedError extends GatewayError {
  /** Whole seconds until the next request will be accepted; also sent as `Retry-After`. */
  readonly retryAfterSeconds: number;
  /** The allowance that was used up, in requests a minute. */
  readonly limitPerMinute: number;

  constructor(limitPerMinute: number, retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `Too many requests: at most ${limitPerMinute} per minute are accepted. Try again in ${retryAfterSeconds} s.`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
    this.limitPerMinute = limitPerMinute;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/**
 * Something the gateway itself depends on (its storage) is briefly out of reach: HTTP 503 with
 * `Retry-After`. Not the family's fault and not a diary's: the same request is expected to work soon.
 */
export class ServiceUnavailableError extends GatewayError {
  /** Whole seconds after which a retry is worth it; also sent as `Retry-After`. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(
      'SERVICE_UNAVAILABLE',
      `The gateway's storage is briefly unavailable, so this could not be done now. Try again in ${retryAfterSeconds} s.`,
      options,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/**
 * This replica runs as many GraphQL executions as it may and could not start this one in time (its queue was
 * full, or the request waited its deadline out): HTTP 503 with `Retry-After`. Nothing was done; the same
 * request is expected to work soon, here or on another replica.
 */
export class ServerBusyError extends GatewayError {
  /** Whole seconds after which a retry is worth it; also sent as `Retry-After`. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('SERVER_BUSY', `The gateway is busy and could not start this request. Try again in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** True for any error the gateway made on purpose (as opposed to a bug). */
export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/** The stable code of an error the gateway made on purpose; `INTERNAL` for anything else (a bug). For counts and logs. */
export function errorCodeOf(error: unknown): string {
  return error instanceof GatewayError ? error.code : 'INTERNAL';
}
