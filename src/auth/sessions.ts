/**
 * Gateway sessions: opaque random bearer tokens. The store keeps only each token's SHA-256, so neither a
 * store dump nor a log line holds a usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { GatewayStore } from '../store/store.js';

/** SHA-256 of a token, hex. Tokens are 256 random bits, so an unsalted fast hash is enough. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Starts a session for a user and returns its bearer token (shown once, never stored). */
export async function createSession(
  store: GatewayStore,
  userId: string,
  options: { ttlMs: number | null; now: number },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.putSession({
    tokenHash: hashToken(token),
    userId,
    expiresAt: options.ttlMs === null ? null : options.now + options.ttlMs,
  });
  return token;
}

/** Reads `Authorization: Bearer <token>`; anything else yields `null`. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1]! : null;
}

/** The user id behind an `Authorization` header, or `null` for a missing, unknown or expired token. */
export async function authenticate(store: GatewayStore, authorization: string | undefined, now: number): Promise<string | null> {
  const token = bearerToken(authorization);
  if (!token) return null;
  const session = await store.findSession(hashToken(token), now);
  return session?.userId ?? null;
}
