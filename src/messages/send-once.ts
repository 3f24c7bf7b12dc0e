/**
 * Each message sent at most once per client key. A send first claims its key in the store (atomic: of two
 * requests with one key, one sends), then sends, then records how it ended. A retry finds the record and is
 * answered from it — the first result when the diary took it — and a retry while the first is still under
 * way, or after a send the diary left unanswered (a timeout after the request went out), is refused rather
 * than risk a second message: the family looks in «Отправленные». Records hold no text (a digest only) and
 * are forgotten after 24 hours.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  GatewayError,
  ProviderAuthError,
  ProviderCircuitOpenError,
  ProviderRefusedError,
  ProviderThrottledError,
  SendRefusedError,
} from '../errors/gateway-error.js';
import type { GatewayStore, MessageSendRecord, MessageSendResult } from '../store/store.js';

/** How long a key is remembered. */
export const SEND_KEY_RETENTION_MS = 24 * 3_600_000;

/** One send to make once. */
export interface SendOnceRequest {
  ownerUserId: string;
  clientKey: string;
  /** See `draftDigest` (send-input.ts). */
  draftDigest: string;
  now: number;
}

/** What a send answered, and whether it is an earlier send's answer repeated. */
export interface SendOutcome {
  result: MessageSendResult;
  replayed: boolean;
}

/** Sends through `send` unless this key was sent already; see the module's comment. */
export async function sendOnce(
  store: GatewayStore,
  request: SendOnceRequest,
  send: () => Promise<MessageSendResult>,
): Promise<SendOutcome> {
  const claim: MessageSendRecord = {
    id: createHash('sha256').update(`${request.ownerUserId}\u0000${request.clientKey}`).digest('hex'),
    ownerUserId: request.ownerUserId,
    draftDigest: request.draftDigest,
    claimToken: randomBytes(16).toString('hex'),
    state: 'SENDING',
    result: null,
    createdAt: request.now,
    expiresAt: request.now + SEND_KEY_RETENTION_MS,
  };
  const stored = await store.claimMessageSend(claim, request.now);
  if (stored.claimToken !== claim.claimToken) return answerFromEarlier(stored, request.draftDigest);
  let result: MessageSendResult;
  try {
    result = await send();
  } catch (error) {
    await settle(store, claim.id, claim.claimToken, { state: neverLeft(error) ? 'FAILED' : 'UNKNOWN', result: null });
    throw error;
  }
  await settle(store, claim.id, claim.claimToken, { state: 'SENT', result });
  return { result, replayed: false };
}

/** The answer to a key another send holds. */
function answerFromEarlier(stored: MessageSendRecord, draftDigest: string): SendOutcome {
  if (stored.draftDigest !== draftDigest)
    throw new SendRefusedError(
      'IDEMPOTENCY_KEY_REUSED',
      'This clientKey was already used for another message; make a new key for a new message.',
    );
  if (stored.state === 'SENT' && stored.result) return { result: stored.result, replayed: true };
  throw new SendRefusedError(
    'SEND_OUTCOME_UNKNOWN',
    'A send with this clientKey is under way or ended without the diary saying whether it took the message; ' +
      'it is not sent again. Look in the SENT folder.',
  );
}

/** Records how the claimed send ended, if the record is still this claim's. */
async function settle(
  store: GatewayStore,
  id: string,
  claimToken: string,
  end: Pick<MessageSendRecord, 'state' | 'result'>,
): Promise<void> {
  await store.updateMessageSend(id, (current) =>
    current.claimToken === claimToken ? { ...current, state: end.state, result: end.result } : null,
  );
}

/**
 * Whether a failed send surely did not reach the diary's sending step, so the same key may be sent again: the
 * diary answered and refused it (a refusal, a lapsed token, throttling), or the gateway never sent the request
 * (an open circuit, a bad input). A timeout, a dropped connection or a server error may come after the diary
 * took the message, so those keep the key as `UNKNOWN`.
 */
function neverLeft(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  return (
    error instanceof ProviderRefusedError ||
    error instanceof ProviderAuthError ||
    error instanceof ProviderThrottledError ||
    error instanceof ProviderCircuitOpenError ||
    error.code === 'BAD_USER_INPUT' ||
    error.code === 'NOT_SUPPORTED_BY_PROVIDER'
  );
}
