/**
 * Why a sign-in or an issuer access token was refused. Every failure of the OpenID Connect flow becomes a
 * {@link SignInError}: `UNAUTHENTICATED` with a `reason` a client may branch on and a message safe to
 * show. The openid-client error (with its `code`) stays in `cause` for the server log; no code, token or
 * personal data is ever part of the message.
 */
import { GatewayError } from '../../errors/gateway-error.js';
import { phrase } from '../../errors/phrases.js';

/** Stable reasons, sent as `extensions.reason`. */
export type SignInFailure =
  /** No `dg_login` cookie came back with the callback (cookies blocked, or another browser). */
  | 'LOGIN_NOT_STARTED'
  /** The pending login is unknown: it expired, or this callback was already completed once (a replay). */
  | 'LOGIN_EXPIRED_OR_REPLAYED'
  /** The `state` the issuer sent back is not the one this login sent. */
  | 'STATE_MISMATCH'
  /** The ID token's `nonce` is not the one this login sent. */
  | 'NONCE_MISMATCH'
  /** The issuer answered the authorization request with an error (the person cancelled, for example). */
  | 'ISSUER_DENIED'
  /** The issuer's token endpoint refused the authorization code (used, expired, or PKCE mismatch). */
  | 'CODE_REFUSED'
  /** The issuer's answer did not validate (signature, audience, timestamps, subject). */
  | 'INVALID_ISSUER_RESPONSE'
  /** The issuer could not be reached or answered garbage. */
  | 'ISSUER_UNAVAILABLE'
  /** The issuer described the person without a subject (`sub`). */
  | 'MISSING_SUBJECT';

const EXPLANATIONS: Readonly<Record<SignInFailure, string>> = Object.freeze({
  LOGIN_NOT_STARTED: 'the browser did not bring back the sign-in cookie; start the sign-in again from this browser',
  LOGIN_EXPIRED_OR_REPLAYED: 'the sign-in expired or was already completed; start it again',
  STATE_MISMATCH: 'the answer from the identity provider does not belong to this sign-in (state mismatch)',
  NONCE_MISMATCH: 'the identity token does not belong to this sign-in (nonce mismatch)',
  ISSUER_DENIED: 'the identity provider did not authorize the sign-in',
  CODE_REFUSED: 'the identity provider refused the authorization code',
  INVALID_ISSUER_RESPONSE: 'the identity provider sent an answer that did not validate',
  ISSUER_UNAVAILABLE: 'the identity provider could not be reached',
  MISSING_SUBJECT: 'the identity provider did not say who signed in',
});

/** The same explanations in Russian, for a family reading the sign-in failure page (`messages-ru.ts`). */
const EXPLANATIONS_RU: Readonly<Record<SignInFailure, string>> = Object.freeze({
  LOGIN_NOT_STARTED: 'браузер не вернул cookie входа; начните вход заново в этом же браузере',
  LOGIN_EXPIRED_OR_REPLAYED: 'время входа истекло или вход уже завершён; начните его заново',
  STATE_MISMATCH: 'ответ сервиса входа не относится к этому входу (не совпадает state)',
  NONCE_MISMATCH: 'токен личности не относится к этому входу (не совпадает nonce)',
  ISSUER_DENIED: 'сервис входа не разрешил вход',
  CODE_REFUSED: 'сервис входа не принял код авторизации',
  INVALID_ISSUER_RESPONSE: 'ответ сервиса входа не прошёл проверку',
  ISSUER_UNAVAILABLE: 'сервис входа недоступен',
  MISSING_SUBJECT: 'сервис входа не сообщил, кто вошёл',
});

/** A refused sign-in (HTTP 400 at `/auth/callback`) or a refused issuer access token (`UNAUTHENTICATED`). */
export class SignInError extends GatewayError {
  readonly reason: SignInFailure;

  constructor(reason: SignInFailure, options?: { cause?: unknown }) {
    super('UNAUTHENTICATED', `The sign-in could not be completed: ${EXPLANATIONS[reason]}.`, {
      ...options,
      phrase: phrase('signIn.failed', { explanation: EXPLANATIONS_RU[reason] }),
    });
    this.reason = reason;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, reason: this.reason };
  }
}
