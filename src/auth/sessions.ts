/**
 * Gateway sessions: opaque random tokens, sent as `Authorization: Bearer …` or in the `dg_session` cookie.
 * The store keeps only each token's SHA-256, so neither a store dump nor a log line holds a usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { currentRequestActivity } from '../logging/request-context.js';
import type { GatewayStore } from '../store/store.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

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

/** Who a request is, and by which gateway session (the session is what `signOut` ends). */
export interface RequestIdentity {
  /** The signed-in user, `null` when no credential was valid. */
  userId: string | null;
  /** SHA-256 of the gateway session token used; `null` without one (also for an issuer access token). */
  sessionTokenHash: string | null;
}

/** The credentials a request may carry. */
export interface RequestCredentials {
  authorization: string | undefined;
  cookie: string | undefined;
}

/** Checks an issuer's access token (`OidcSignIn.authenticateAccessToken`). */
export type AccessTokenAuthenticator = (token: string) => Promise<string | null>;

/**
 * Authenticates a request, in this order: a bearer gateway session token; else the `dg_session` cookie;
 * else, when an issuer is configured, the bearer as the issuer's access token. Sessions are looked up
 * first because they cost one store read; the issuer is asked (over the network, cached briefly) last.
 */
export async function authenticateRequest(
  store: GatewayStore,
  credentials: RequestCredentials,
  now: number,
  accessTokens?: AccessTokenAuthenticator | null,
): Promise<RequestIdentity> {
  const identity = await identify(store, credentials, now, accessTokens);
  // Named in the request's access-log line (src/server/access-log.ts) by a short id, never by a credential.
  const activity = currentRequestActivity();
  const sessionHash = sessionLogId(identity);
  if (activity && sessionHash) activity.sessionHash = sessionHash;
  return identity;
}

/**
 * A short id of the session a request came with, for the access log: the first 12 hex digits of the SHA-256
 * of the session's stored token hash, or, for an issuer access token (no gateway session), of the user id.
 * It tells one session's requests from another's and is useless otherwise: it cannot be turned back into the
 * token, the stored hash (which the store keys sessions by) or the user id. `null` for an anonymous request.
 */
export function sessionLogId(identity: RequestIdentity): string | null {
  const source = identity.sessionTokenHash
    ? `session:${identity.sessionTokenHash}`
    : identity.userId
      ? `user:${identity.userId}`
      : null;
  return source === null ? null : createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 12);
}

/** {@link authenticateRequest} itself. */
async function identify(
  store: GatewayStore,
  credentials: RequestCredentials,
  now: number,
  accessTokens?: AccessTokenAuthenticator | null,
): Promise<RequestIdentity> {
  const bearer = bearerToken(credentials.authorization);
  if (bearer) {
    const session = await store.findSession(hashToken(bearer), now);
    if (session) return { userId: session.userId, sessionTokenHash: session.tokenHash };
  }
  const cookieToken = readCookie(credentials.cookie, SESSION_COOKIE);
  if (cookieToken) {
    const session = await store.findSession(hashToken(cookieToken), now);
    if (session) return { userId: session.userId, sessionTokenHash: session.tokenHash };
  }
  if (bearer && accessTokens) return { userId: await accessTokens(bearer), sessionTokenHash: null };
  return { userId: null, sessionTokenHash: null };
}
