/**
 * Reading openid-client's errors: the stable code for logs, which check of a sign-in failed (state, nonce,
 * the issuer's refusal, a refused code) and whether the issuer was merely out of reach.
 */
import * as client from 'openid-client';
import type { SignInFailure } from './errors.js';

/** openid-client's stable code of an error (`OAUTH_…`), for logs. */
export function oauthCodeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Which comparison failed, from openid-client's error and its cause chain. */
function comparedName(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    const detail = (current as { cause?: unknown }).cause;
    if (detail && typeof detail === 'object') {
      const named =
        (detail as { claim?: unknown; attribute?: unknown }).claim ?? (detail as { attribute?: unknown }).attribute;
      if (typeof named === 'string') return named;
    }
    current = detail;
  }
  return undefined;
}

/** The refusal a failed code exchange stands for. */
export function classifyGrantFailure(error: unknown): SignInFailure {
  if (error instanceof client.AuthorizationResponseError) return 'ISSUER_DENIED';
  if (error instanceof client.ResponseBodyError) return 'CODE_REFUSED';
  const code = oauthCodeOf(error);
  const compared = comparedName(error);
  if (compared === 'state') return 'STATE_MISMATCH';
  if (compared === 'nonce') return 'NONCE_MISMATCH';
  if (isTransportFailure(error)) return 'ISSUER_UNAVAILABLE';
  // A callback without any `state` is reported as an invalid response, naming the parameter in the message.
  if (code === 'OAUTH_INVALID_RESPONSE' && /state/i.test(errorMessages(error))) return 'STATE_MISMATCH';
  return 'INVALID_ISSUER_RESPONSE';
}

function errorMessages(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages.join(' | ');
}

/** Network failures and non-OAuth answers (the issuer is down or behind a broken proxy). */
export function isTransportFailure(error: unknown): boolean {
  const code = oauthCodeOf(error);
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') return true;
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    // A 401/403 answer is the issuer refusing the token, not an outage.
    const status = (error as { cause?: { status?: unknown } }).cause?.status;
    return typeof status === 'number' && status >= 500;
  }
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}
