/**
 * How the HTTP edge answers: JSON and plain bodies, and the refusals it makes itself (rate limits, body
 * size, bad JSON) in the GraphQL error shape, each counted in the metrics like any other GraphQL error.
 */
import type { ServerResponse } from 'node:http';
import { RateLimitedError, type GatewayError } from '../errors/gateway-error.js';
import type { Language } from '../errors/language.js';
import { messageIn } from '../errors/messages-ru.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { SessionRateLimit } from './session-rate-limit.js';
import { withRequestId } from './request-id.js';

/** Where refusals are counted: the edge's metrics, when it has any. */
export interface Counted {
  metrics?: GatewayMetrics | undefined;
}

/** The refusal of a request over `limit` for `key`, or `null` when it may go on (or there is no limit). */
export async function refusalOf(limit: SessionRateLimit | undefined, key: string): Promise<RateLimitedError | null> {
  if (!limit) return null;
  const decision = await limit.check(key);
  return decision.allowed ? null : new RateLimitedError(limit.perMinute, decision.retryAfterSeconds);
}

/** Answers 429 with `Retry-After`, the message in `language` (English unless the request asked otherwise). */
export function sendRateLimited(
  res: ServerResponse,
  error: RateLimitedError,
  options: Counted,
  language: Language = 'en',
): void {
  sendGatewayError(res, 429, error, options, { 'retry-after': String(error.retryAfterSeconds) }, language);
}

/**
 * Answers a request the edge refuses itself, in the GraphQL error shape, counting it like any other; the
 * message in `language`, the code and extensions the same in every language.
 */
export function sendGatewayError(
  res: ServerResponse,
  status: number,
  error: GatewayError,
  options: Counted,
  headers: Record<string, string> = {},
  language: Language = 'en',
): void {
  options.metrics?.graphqlErrors.inc({ code: error.code });
  const body = { errors: [{ message: messageIn(error, language), extensions: withRequestId(error.toExtensions()) }] };
  sendJson(res, status, body, headers);
}

/** Answers a malformed request (`BAD_REQUEST`) in the GraphQL error shape. */
export function sendGraphqlError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: withRequestId({ code: 'BAD_REQUEST' }) }] });
}

/** Answers `value` as JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** Answers `body` with `status` and `headers`. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string>,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** Adds `name` to the answer's `Vary`, keeping what is there (`Origin`, `Accept-Language`, `Accept-Encoding`). */
export function addVary(res: ServerResponse, name: string): void {
  const vary = res.getHeader('vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  const names = current.split(',').map((part) => part.trim().toLowerCase());
  if (names.includes(name.toLowerCase()) || names.includes('*')) return;
  res.setHeader('Vary', current.trim() === '' ? name : `${current}, ${name}`);
}
