/**
 * `GET /readyz`: whether this replica should receive traffic. Unlike `/healthz` (the process is alive),
 * it fails while the gateway shuts down and while any readiness check fails, such as "Redis answers
 * PING" once Redis is configured. Checks are bounded by a timeout, so a hung dependency makes the
 * replica not ready instead of making the probe hang.
 */
import type { Logger } from '../logging/logger.js';

/** Resolves when a dependency is usable; rejects (or hangs past the timeout) when it is not. */
export type ReadinessCheck = () => Promise<void>;

/** The verdict of {@link checkReadiness}. */
export interface Readiness {
  ready: boolean;
  /** How many checks failed (their errors are logged, never sent: they may name hosts or hold URLs). */
  failedChecks: number;
}

class ReadinessTimeoutError extends Error {}

function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([Promise.resolve().then(check), timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check at once. */
export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  options: { timeoutMs: number; logger: Logger },
): Promise<Readiness> {
  const results = await Promise.allSettled(checks.map((check) => withTimeout(check, options.timeoutMs)));
  let failedChecks = 0;
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') return;
    failedChecks += 1;
    options.logger.warn({ err: result.reason, check: checks[index]?.name || `#${index}` }, 'readiness check failed');
  });
  return { ready: failedChecks === 0, failedChecks };
}
