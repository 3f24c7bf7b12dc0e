/**
 * Telling "the store could not be reached" from every other store failure: the first becomes a typed
 * `SERVICE_UNAVAILABLE` (HTTP 503 with `Retry-After`), the others stay what they are (a bug, a refused
 * command). See `store-availability.ts`, which serves recent reads from memory while the store is away.
 */
import { ServiceUnavailableError } from '../errors/gateway-error.js';

/** The store could not be reached; the request may be retried after `retryAfterSeconds`. */
export class StoreUnavailableError extends ServiceUnavailableError {
  constructor(retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(retryAfterSeconds, options);
  }
}

/**
 * Redis replies that mean "not now" rather than "never": loading, busy script, failover in progress, or a
 * master that may not take writes while too few replicas follow it (`min-replicas-to-write`).
 */
const UNAVAILABLE_REPLY = /^(?:LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Whether `error` (or its cause, a few levels down) says the store could not be reached, as opposed to
 * a bug or a refused command. Covers ioredis (`MaxRetriesPerRequestError`, "Connection is closed.",
 * offline queue off, command timeout), socket errors, and Redis's own "try later" replies.
 */
export function isStoreConnectionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof StoreUnavailableError) return true;
    if (current.name === 'MaxRetriesPerRequestError') return true;
    const { message } = current;
    if (message === 'Connection is closed.' || message === 'Command timed out') return true;
    if (message.startsWith("Stream isn't writeable")) return true;
    if (UNAVAILABLE_REPLY.test(message)) return true;
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}
