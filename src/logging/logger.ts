/**
 * The gateway's one logger (pino), with redaction: tokens, passwords, credentials and SNILS are censored
 * wherever they appear under the listed keys, so a careless `logger.info({ account })` cannot leak them.
 */
import { pino, type Logger } from 'pino';
import { currentRequestId } from './request-context.js';
import { currentTraceId } from './trace-id.js';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, at any of the listed depths. */
const REDACTED_KEYS = [
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'credentials',
  'snils',
  'authorization',
  'auth-token',
  'cookie',
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `req.headers["${key}"]`]);

/** Creates the root logger. Pass a destination to capture lines (tests). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'diary-gateway' },
      // Every line written while a request is served names it (src/logging/request-context.ts), and its
      // trace when that is recorded (src/logging/trace-id.ts).
      mixin: () => {
        const requestId = currentRequestId();
        const traceId = currentTraceId();
        if (traceId === undefined) return requestId === undefined ? {} : { requestId };
        return requestId === undefined ? { traceId } : { requestId, traceId };
      },
    },
    destination,
  );
}
