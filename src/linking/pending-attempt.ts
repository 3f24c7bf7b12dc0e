/**
 * A link attempt between its start and its end: a random `state` (the redirect's, or the Eljur form's
 * one-time token) whose SHA-256 keys a pending record in the store, with the PKCE verifier, the tenant,
 * the chosen school and where to go afterwards. The record is bound to the user and the gateway session
 * that started it: the callback (or form post) must come back with the same session, so a link made for
 * one family's session cannot be finished in another's browser (login CSRF the other way round).
 *
 * Taking a record is one-shot (the store's `takePendingLink`), so a replayed callback finds nothing, and a
 * mismatched one uses the attempt up as well.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticateRequest, hashToken } from '../auth/sessions.js';
import type { GatewayStore, PendingLinkRecord } from '../store/store.js';
import { LinkFlowError } from './link-errors.js';

/** How long an attempt waits for its callback or post: 10 minutes. */
export const PENDING_LINK_TTL_MS = 600_000;

/** The signed-in person and gateway session a request comes with. */
export interface AttemptOwner {
  userId: string;
  /** SHA-256 of the gateway session token. */
  sessionHash: string;
}

/**
 * Who sent the request: a gateway session, by `Authorization: Bearer` (API clients) or the `dg_session`
 * cookie; `null` when neither is a live session. An issuer's access token is not taken: an attempt must
 * be bound to a session the callback can show again.
 */
export async function requestOwner(
  req: IncomingMessage,
  store: GatewayStore,
  now: number,
): Promise<AttemptOwner | null> {
  const identity = await authenticateRequest(
    store,
    { authorization: req.headers.authorization, cookie: req.headers.cookie },
    now,
  );
  return identity.userId && identity.sessionTokenHash
    ? { userId: identity.userId, sessionHash: identity.sessionTokenHash }
    : null;
}

/** What an attempt is for. */
export interface AttemptFields {
  tenantId: string;
  kind: PendingLinkRecord['kind'];
  /** Whether the diary takes a PKCE challenge (redirect flows); a verifier is kept only then. */
  usesPkce: boolean;
  vendor: string | null;
  returnTo: string;
}

/** A started attempt: its `state` for the browser, and the PKCE pair (empty strings without PKCE). */
export interface StartedAttempt {
  state: string;
  codeVerifier: string;
  codeChallenge: string;
}

/** The S256 PKCE challenge of a verifier (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Stores a new attempt for `owner` and returns its state (32 random bytes, base64url) and PKCE pair. */
export async function startAttempt(
  store: GatewayStore,
  owner: AttemptOwner,
  fields: AttemptFields,
  now: number,
): Promise<StartedAttempt> {
  const state = randomBytes(32).toString('base64url');
  // 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows, with 256 bits in it.
  const codeVerifier = fields.usesPkce ? randomBytes(32).toString('base64url') : null;
  await store.putPendingLink({
    stateHash: hashToken(state),
    userId: owner.userId,
    sessionHash: owner.sessionHash,
    tenantId: fields.tenantId,
    kind: fields.kind,
    codeVerifier,
    vendor: fields.vendor,
    returnTo: fields.returnTo,
    expiresAt: now + PENDING_LINK_TTL_MS,
  });
  return {
    state,
    codeVerifier: codeVerifier ?? '',
    codeChallenge: codeVerifier === null ? '' : pkceChallenge(codeVerifier),
  };
}

/**
 * Takes the attempt of `state` (one-shot) and checks it is of `kind` and was started by `owner`'s session.
 * @throws LinkFlowError `LINK_STATE_INVALID` (no state, unknown, expired, used, another kind of attempt),
 *   `LINK_SESSION_MISMATCH` (another session, or none).
 */
export async function takeAttempt(
  store: GatewayStore,
  state: string | null,
  kind: PendingLinkRecord['kind'],
  owner: AttemptOwner | null,
  now: number,
): Promise<PendingLinkRecord> {
  if (state === null) throw new LinkFlowError('LINK_STATE_INVALID');
  const attempt = await store.takePendingLink(hashToken(state), now);
  if (!attempt || attempt.kind !== kind) throw new LinkFlowError('LINK_STATE_INVALID');
  if (!owner || owner.sessionHash !== attempt.sessionHash || owner.userId !== attempt.userId)
    throw new LinkFlowError('LINK_SESSION_MISMATCH');
  return attempt;
}
