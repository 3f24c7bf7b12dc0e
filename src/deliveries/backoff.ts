/**
 * When a target whose delivery failed is tried again: exponential back-off with "equal jitter" (half the
 * step fixed, half random, as in AWS's "Exponential Backoff and Jitter"), so a receiver that was down for
 * everyone is not hit by every replica's and target's retries at the same instant when it comes back, and
 * no retry comes sooner than half its step.
 *
 * With the defaults: about 10 s, 20 s, 40 s, 80 s … up to an hour between attempts (the eleventh and later),
 * and a target still failing after three days of trying is turned off (`FAILING`, docs/webhooks.md).
 */

/** The back-off's parameters. */
export interface BackoffPolicy {
  /** The first step. @default 10 s */
  baseMs: number;
  /** No step is longer. @default 1 h */
  capMs: number;
  /** A target whose deliveries have failed this long without one success is turned off. @default 3 days */
  disableAfterMs: number;
}

/** The defaults of {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 10_000,
  capMs: 3_600_000,
  disableAfterMs: 3 * 86_400_000,
});

/**
 * The pause after the `failures`-th failure in a row (1 for the first): `step / 2 + random() × step / 2`,
 * where `step = min(capMs, baseMs × 2^(failures − 1))`.
 */
export function backoffDelayMs(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 40);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Whether a target failing since `failingSince` has failed long enough to be turned off at `now`. */
export function shouldDisable(failingSince: number | null, now: number, policy: BackoffPolicy): boolean {
  return failingSince !== null && now - failingSince >= policy.disableAfterMs;
}
