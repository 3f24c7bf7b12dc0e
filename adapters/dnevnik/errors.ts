/**
 * Translation of Dnevnik.ru answers into gateway errors, at the boundary. The API fails in more ways
 * than most (providers.md §1.8): `{type, description}` JSON at 4xx/5xx, an HTML error page at any
 * status, a 2xx body that carries an error `type`, 401 with an empty body, and 550 while it is in
 * maintenance. Each becomes one of a few `GatewayError`s with a message that names the route and
 * never quotes the answer; the `description` text and the answer's metadata stay in `cause`.
 */
import type { GatewayError } from '../../src/errors/gateway-error.js';
import {
  ProviderAuthError,
  ProviderError as GatewayProviderError,
  ProviderBadResponseError,
  ProviderUnavailableError,
} from '../../src/errors/gateway-error.js';
import { answerDecoder, type AnswerBody, type AnswerDialect } from '../../src/upstream/decode-answer.js';
import { looksLikeHtml, networkFailureToGatewayError } from '../../src/upstream/provider-errors.js';
import type { UpstreamResponse } from '../../src/upstream/transport.js';
import { MAX_PROVIDER_TEXT, UpstreamAnswer } from '../../src/upstream/upstream-answer.js';
import type { DnevnikRoute } from './endpoints.js';
import { parseLosslessJson } from './json.js';
import { errorBodySchema } from './payloads.js';

const DNEVNIK = 'DNEVNIK' as const;

/** Dnevnik.ru's own status for "Server Work": the API is in maintenance. */
export const MAINTENANCE_STATUS = 550;

/** Error `type`s and what they mean for the gateway (seen in clients: providers.md §1.8). */
const ERROR_TYPES: Readonly<Record<string, 'auth' | 'request' | 'server'>> = Object.freeze({
  authorizationfailed: 'auth',
  invalidtoken: 'auth',
  tokenrequired: 'auth',
  invalid_client: 'auth',
  invalid_grant: 'auth',
  parameterinvalid: 'request',
  invalidrequest: 'request',
  invalid_request: 'request',
  apiservererror: 'server',
  apiunknownerror: 'server',
  error: 'server',
});

/** What the API said about an error, when the body was an error object. */
interface ProviderError {
  type: string | null;
  description: string | null;
}

/**
 * What Dnevnik.ru answered, kept as the `cause` of a gateway error: route, status, content type, body
 * size and the API's own error type and description, but never the body itself.
 */
export class DnevnikUpstreamAnswer extends UpstreamAnswer<DnevnikRoute> {
  /** The API's error `type` (`apiServerError`, `parameterInvalid`…), when the body named one. */
  readonly providerType: string | null;
  /** The API's `description` text, when the body had one (the API's words, never shown to families). */
  readonly providerDescription: string | null;

  constructor(route: DnevnikRoute, response: UpstreamResponse, what: string, error: ProviderError | null = null) {
    const type = error?.type ?? null;
    const description = error?.description ?? null;
    super(
      route,
      response,
      `Dnevnik.ru ${route} answered HTTP ${response.status} with ${what}${type ? ` (${type})` : ''}${description ? `: ${description}` : ''}`,
    );
    this.providerType = type;
    this.providerDescription = description;
  }
}

/** Reads `{type, description}` (or the token endpoint's `{error, error_description}`) from a parsed body. */
function providerErrorOf(json: unknown): ProviderError | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const type = parsed.data.type ?? parsed.data.error ?? null;
  const rawDescription = parsed.data.description ?? parsed.data.error_description;
  const description =
    typeof rawDescription === 'string' && rawDescription.trim() !== ''
      ? rawDescription.slice(0, MAX_PROVIDER_TEXT)
      : null;
  return type === null && description === null ? null : { type, description };
}

/**
 * The error a 2xx body carries, if it is an error object: a `type` the API uses for errors, or any
 * `type` other than `Success` next to a `description` key (the mobile API's convention). A payload's
 * own `type` field (a school's, a group's) has no `description` beside it and is left alone.
 */
function errorInSuccessBody(json: unknown): ProviderError | null {
  const error = providerErrorOf(json);
  if (!error?.type || error.type.toLowerCase() === 'success') return null;
  const record = json as Record<string, unknown>;
  const known = ERROR_TYPES[error.type.toLowerCase()] !== undefined;
  return known || 'description' in record || 'error_description' in record ? error : null;
}

/** The error type when it is one of the known ones (safe to name in a message), else `null`. */
function knownType(error: ProviderError | null): string | null {
  return error?.type && ERROR_TYPES[error.type.toLowerCase()] ? error.type : null;
}

/** True when the API refused the access token itself (401, or an `invalidToken` body): a refresh may help. */
export function isTokenRejected(response: UpstreamResponse): boolean {
  if (response.status === 401) return true;
  // A cheap scan first: every answer passes here, and only an error body is worth a second parse.
  if (!/invalidtoken/i.test(response.body) || looksLikeHtml(response.body, response.headers['content-type']))
    return false;
  try {
    return providerErrorOf(parseLosslessJson(response.body))?.type?.toLowerCase() === 'invalidtoken';
  } catch {
    return false;
  }
}

/**
 * The error for a route of the app's private API (`MOBILE_ROUTES`) that refused the token: the diary does
 * not open it to this gateway's OAuth client. `NOT_SUPPORTED_BY_PROVIDER`, not `PROVIDER_AUTH_FAILED`: the
 * same token still reads the diary through the partner API, so nothing asks the parent to link again.
 */
export function mobileRouteClosed(route: DnevnikRoute, refusal: ProviderAuthError): GatewayProviderError {
  return new GatewayProviderError(
    'NOT_SUPPORTED_BY_PROVIDER',
    DNEVNIK,
    `Dnevnik.ru cannot do this: its app's ${route} route does not admit this gateway's access token.`,
    { cause: refusal, upstreamStatus: refusal.upstreamStatus },
  );
}

/** Maps a failure to reach Dnevnik.ru (timeout, abort, refused connection) to a gateway error. */
export function dnevnikTransportError(error: unknown): GatewayError {
  return networkFailureToGatewayError(DNEVNIK, error);
}

/** Maps an HTML page to a gateway error by its status: proxies and maintenance pages answer at any status. */
function htmlPageError(route: DnevnikRoute, response: UpstreamResponse): GatewayError {
  const { status } = response;
  const options = { cause: new DnevnikUpstreamAnswer(route, response, 'an HTML page'), upstreamStatus: status };
  if (status === MAINTENANCE_STATUS)
    return new ProviderUnavailableError(DNEVNIK, `${route}: HTTP 550, a maintenance page`, options);
  if (status >= 500 || status === 429)
    return new ProviderUnavailableError(DNEVNIK, `${route}: an HTML error page with HTTP ${status}`, options);
  if (status === 401 || status === 403)
    return new ProviderAuthError(DNEVNIK, `${route}: an HTML page with HTTP ${status}`, options);
  return new ProviderBadResponseError(DNEVNIK, `${route}: an HTML page with HTTP ${status} instead of JSON`, options);
}

/** Maps a non-2xx answer (JSON error body, or none) to a gateway error by its status. */
export function dnevnikStatusError(
  route: DnevnikRoute,
  response: UpstreamResponse,
  error: ProviderError | null = null,
): GatewayError {
  const { status } = response;
  const cause = new DnevnikUpstreamAnswer(
    route,
    response,
    response.body.length === 0 ? 'an empty body' : 'an error body',
    error,
  );
  const options = { cause, upstreamStatus: status };
  const type = knownType(error);
  const named = type ? ` (${type})` : '';
  if (status === 401)
    return new ProviderAuthError(
      DNEVNIK,
      `${route}: HTTP 401${named}, the access token is missing, unknown or expired`,
      options,
    );
  if (status === 403)
    return new ProviderAuthError(DNEVNIK, `${route}: HTTP 403${named}, access to this data was denied`, options);
  if (status === 400) {
    // Dnevnik.ru says the gateway built a bad request: a bug in this adapter, worth a log line, not a retry.
    return new ProviderBadResponseError(
      DNEVNIK,
      `${route}: HTTP 400${named}, Dnevnik.ru rejected the gateway's request`,
      options,
    );
  }
  if (status === MAINTENANCE_STATUS)
    return new ProviderUnavailableError(DNEVNIK, `${route}: HTTP 550, the diary is in maintenance`, options);
  if (status === 429) return new ProviderUnavailableError(DNEVNIK, `${route}: HTTP 429, too many requests`, options);
  if (status >= 500) return new ProviderUnavailableError(DNEVNIK, `${route}: HTTP ${status}${named}`, options);
  return new ProviderBadResponseError(DNEVNIK, `${route}: unexpected HTTP ${status}${named}`, options);
}

/** Maps a 2xx answer whose body is an error object to a gateway error by the error's type. */
function errorTypeError(route: DnevnikRoute, response: UpstreamResponse, error: ProviderError): GatewayError {
  const options = {
    cause: new DnevnikUpstreamAnswer(route, response, 'an error body', error),
    upstreamStatus: response.status,
  };
  const type = knownType(error);
  const meaning = type ? ERROR_TYPES[type.toLowerCase()] : undefined;
  const where = `${route}: HTTP ${response.status} carrying the error ${type ? `"${type}"` : 'of an unknown type'}`;
  if (meaning === 'auth') return new ProviderAuthError(DNEVNIK, where, options);
  if (meaning === 'server') return new ProviderUnavailableError(DNEVNIK, where, options);
  return new ProviderBadResponseError(DNEVNIK, where, options);
}

/** A non-2xx answer: an HTML page by its status, else the JSON error body (or none) by its status. */
function failedAnswerError(route: DnevnikRoute, response: UpstreamResponse, body: AnswerBody): GatewayError {
  if (body.html) return htmlPageError(route, response);
  return dnevnikStatusError(route, response, body.json.ok ? providerErrorOf(body.json.value) : null);
}

/**
 * How Dnevnik.ru's answers are read (`src/upstream/decode-answer.ts`): numbers kept lossless, HTML
 * mapped by its status (proxies and maintenance pages answer at any status), and a 2xx body that is an
 * error object refused by its type. The routes whose answers are identity (the token holder, their
 * context, relatives, a child's groups and school) or credentials are decoded strictly.
 */
const DNEVNIK_ANSWERS: AnswerDialect<DnevnikRoute> = {
  provider: DNEVNIK,
  strictRoutes: new Set<DnevnikRoute>(['authorizations', 'user', 'context', 'relatives', 'personEduGroups', 'school']),
  parse: parseLosslessJson,
  describe: (route, response, what) => new DnevnikUpstreamAnswer(route, response, what),
  statusError: failedAnswerError,
  htmlPageError,
  payload(route, response, json) {
    const carried = errorInSuccessBody(json);
    if (carried) throw errorTypeError(route, response, carried);
    return { value: json };
  },
};

/**
 * Reads a Dnevnik.ru answer: an HTML page, a non-2xx status, a body that is not JSON or a 2xx error
 * object each become a gateway error; JSON is decoded with `schema`, leaving out what drifted (reported in
 * `drift`, and to `onDrift` once) unless the whole answer is unreadable (`PROVIDER_BAD_RESPONSE` naming
 * the route and path).
 */
export const decodeDnevnikAnswer = answerDecoder(DNEVNIK_ANSWERS);
