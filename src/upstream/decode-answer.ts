/**
 * Reading a diary's answer into a decoded payload or a gateway error, one way for all three adapters.
 * The steps are the same for every diary:
 *
 * 1. a failing HTTP status becomes the diary's own error for it (its dialect knows what 401 or 550 means);
 * 2. an HTML page (a proxy's, a login or maintenance page) is refused, never parsed;
 * 3. a body that is not JSON is refused with a cause that describes the answer — the parser's message
 *    quotes the body, which may hold personal data, so it is never kept;
 * 4. the payload is taken out of the JSON (an envelope unwrapped, an error the body carries thrown) and
 *    decoded tolerantly, or strictly for the routes that carry identity (`tolerant-decode.ts`).
 *
 * What differs between diaries is a parameter, an {@link AnswerDialect}: how to parse, which routes are
 * strict, what a status means, how an answer is described in a cause, and where the payload sits.
 */
import type { z } from 'zod';
import type { ProviderKind } from '../domain/model.js';
import { ProviderBadResponseError, type GatewayError } from '../errors/gateway-error.js';
import type { Decoded, DriftSink } from './drift-report.js';
import { looksLikeHtml } from './provider-errors.js';
import { decodePayload } from './tolerant-decode.js';
import type { UpstreamResponse } from './transport.js';

/** The body of an answer as first read: an HTML page is never parsed; anything else is parsed once. */
export interface AnswerBody {
  html: boolean;
  /** The parsed JSON, or `ok: false` for an HTML page or a body that is not JSON. */
  json: { ok: true; value: unknown } | { ok: false };
}

/** Where the payload sits in a successful answer's JSON. */
export interface Payload {
  value: unknown;
  /** The payload's place in the answer (`result` inside Eljur's envelope), for drift paths. */
  pathPrefix?: string;
}

/** How one diary's answers are read: the per-provider differences of {@link decodeAnswer}. */
export interface AnswerDialect<Route extends string> {
  provider: ProviderKind;
  /**
   * The routes whose answers are identity (profiles, a child's card) or credentials: decoded strictly,
   * since a profile thinned by drift would read as children gone or changed (issue 11 §2).
   */
  strictRoutes: ReadonlySet<Route>;
  /** Parses a body that is not HTML; throws when it is not JSON. `JSON.parse` unless given. */
  parse?: (body: string) => unknown;
  /** What the diary answered, as the cause of an error: metadata and the diary's own words, never the body. */
  describe(route: Route, response: UpstreamResponse, what: string): Error;
  /** The error for an answer with a failing HTTP status (not 2xx), given what its body turned out to be. */
  statusError(route: Route, response: UpstreamResponse, body: AnswerBody): GatewayError;
  /** The error for an HTML page with a 2xx status; `PROVIDER_BAD_RESPONSE` "an HTML page instead of JSON" unless given. */
  htmlPageError?: (route: Route, response: UpstreamResponse) => GatewayError;
  /**
   * The payload of a successful answer's JSON; throws the gateway error the JSON carries instead, if any
   * (an error object in a 2xx body, an envelope whose `state` failed). The whole JSON unless given.
   */
  payload?: (route: Route, response: UpstreamResponse, json: unknown) => Payload;
}

/** True for a 2xx status: the only answers whose body is read as data. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** Reads an answer's body once: HTML is recognised and left unparsed; anything else is parsed. */
function readBody(response: UpstreamResponse, parse: (body: string) => unknown): AnswerBody {
  if (looksLikeHtml(response.body, response.headers['content-type'])) return { html: true, json: { ok: false } };
  try {
    return { html: false, json: { ok: true, value: parse(response.body) } };
  } catch {
    return { html: false, json: { ok: false } };
  }
}

/** `PROVIDER_BAD_RESPONSE` for a 2xx answer whose body is not what the route serves, with `what` it was. */
function badBody<Route extends string>(
  dialect: AnswerDialect<Route>,
  route: Route,
  response: UpstreamResponse,
  what: string,
  message: string,
): GatewayError {
  return new ProviderBadResponseError(dialect.provider, `${route}: ${message}`, {
    cause: dialect.describe(route, response, what),
    upstreamStatus: response.status,
  });
}

/**
 * Reads an answer of `route` in the diary's `dialect` (see the module comment): returns the payload
 * decoded with `schema`, leaving out what drifted (reported in `drift`, and to `onDrift` once), or throws
 * a gateway error whose message names the route and never quotes the answer.
 */
export function decodeAnswer<Route extends string, S extends z.ZodType>(
  dialect: AnswerDialect<Route>,
  route: Route,
  response: UpstreamResponse,
  schema: S,
  onDrift?: DriftSink,
): Decoded<z.output<S>> {
  const body = readBody(response, dialect.parse ?? JSON.parse);
  if (!isSuccessStatus(response.status)) throw dialect.statusError(route, response, body);
  if (body.html) {
    throw dialect.htmlPageError
      ? dialect.htmlPageError(route, response)
      : badBody(dialect, route, response, 'an HTML page', 'an HTML page instead of JSON');
  }
  if (!body.json.ok)
    throw badBody(dialect, route, response, 'a body that is not valid JSON', 'the body is not valid JSON');
  const payload = dialect.payload?.(route, response, body.json.value) ?? { value: body.json.value };
  return decodePayload({ provider: dialect.provider, route }, payload.value, schema, {
    mode: dialect.strictRoutes.has(route) ? 'strict' : 'tolerant',
    upstreamStatus: response.status,
    onDrift,
    ...(payload.pathPrefix === undefined ? {} : { pathPrefix: payload.pathPrefix }),
  });
}

/** A diary's reader of answers: {@link decodeAnswer} with the diary's dialect given. */
export type AnswerDecoder<Route extends string> = <S extends z.ZodType>(
  route: Route,
  response: UpstreamResponse,
  schema: S,
  onDrift?: DriftSink,
) => Decoded<z.output<S>>;

/** The reader of answers in `dialect`, for an adapter to export under its own name. */
export function answerDecoder<Route extends string>(dialect: AnswerDialect<Route>): AnswerDecoder<Route> {
  return (route, response, schema, onDrift) => decodeAnswer(dialect, route, response, schema, onDrift);
}
