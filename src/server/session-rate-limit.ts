/**
 * The per-session limit on incoming GraphQL requests. A signed-in family is counted by its user id (so
 * its phone and its laptop share one allowance); a request without a valid session by its remote
 * address. Checked at the HTTP edge before the body is read, so a client over its limit costs the
 * gateway one store lookup and no parsing.
 *
 * The buckets live behind `RateLimiter`: in this process by default, in Redis when the lead backs it so
 * (replicas then share one allowance per session).
 */
import { createInProcessRateLimiter, type RateLimiter } from '../resilience/rate-limit.js';

/** The answer of {@link SessionRateLimit.check}. */
export type SessionDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A per-session request allowance. */
export interface SessionRateLimit {
  /** The allowance, for messages. */
  readonly perMinute: number;
  /** Takes one request from `key`'s allowance, or says how long until the next is allowed. */
  check(key: string): Promise<SessionDecision>;
}

/** Options of {@link createSessionRateLimit}. */
export interface SessionRateLimitOptions {
  /** Requests per minute; also the burst a quiet session may send at once. */
  perMinute: number;
  /** Where the buckets live. @default in process, built from `perMinute` */
  limiter?: RateLimiter;
  /** The clock of the default limiter, in milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * Creates a per-key allowance: the per-session one, and with other keys the per-address allowances the
 * edge takes before authenticating and on `/auth/login` and `/auth/callback`.
 */
export function createSessionRateLimit(options: SessionRateLimitOptions): SessionRateLimit {
  const { perMinute } = options;
  const limiter =
    options.limiter ??
    createInProcessRateLimiter({
      perSecond: perMinute / 60,
      burst: perMinute,
      ...(options.now ? { now: options.now } : {}),
    });
  return {
    perMinute,
    async check(key) {
      // No waiting at the edge: a client over its allowance is told when to come back.
      const decision = await limiter.take(key, 0);
      if (decision.granted) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
    },
  };
}

/** The bucket key of a request: its user id when signed in, else its client address (see `client-address.ts`). */
export function sessionRateKey(userId: string | null, remoteAddress: string | undefined): string {
  return userId ? `user:${userId}` : `address:${remoteAddress ?? 'unknown'}`;
}
