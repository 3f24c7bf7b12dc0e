/**
 * What counts as a diary's failure, shared by the retry and breaker policies so both read an outcome the
 * same way. Only what the diary's side did counts: network failures on the way to it, timeouts, and 5xx
 * answers. The rules, and why:
 * - `aborted` is the gateway giving up (the request's deadline), not the diary failing: never retried,
 *   never held against the diary.
 * - `too-large` is deterministic (the same answer would come again): not retried, not a health signal.
 * - `invalid-request` never left the process (the HTTP client refused a header or URL): the diary was not
 *   even asked. Counting it let one pasted token with CR/LF open a diary's breaker for every family.
 * - the other network failures (connect/headers/body timeouts, refused or reset connections) are.
 * - 4xx answers are the diary working as designed (a refused token, a bad request): never a failure, since
 *   they follow from the caller's credentials or input.
 */
import { UpstreamNetworkError, type NetworkFailure } from '../upstream/transport.js';

const TRANSIENT_FAILURES: ReadonlySet<NetworkFailure> = new Set([
  'connect-timeout',
  'headers-timeout',
  'body-timeout',
  'connection',
]);

/**
 * Statuses worth asking again: 429 and 503 (the diary says "later"), 502 and 504 (a proxy in front of it
 * failed), 550 (Dnevnik.ru's "Server Work" maintenance answer, providers.md §5). A plain 500 is not
 * retried: it is usually a bug on the diary's side that the same request meets again.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504, 550]);

/**
 * True for a network failure that another attempt may not meet and that says the diary (or the way to
 * it) is failing: everything but `aborted`, `too-large` and `invalid-request`.
 */
export function isTransientNetworkFailure(error: unknown): error is UpstreamNetworkError {
  return error instanceof UpstreamNetworkError && TRANSIENT_FAILURES.has(error.failure);
}

/** True for an answer that says the diary's side is failing (any 5xx, 550 included). */
export function isServerFailure(status: number): boolean {
  return status >= 500;
}
