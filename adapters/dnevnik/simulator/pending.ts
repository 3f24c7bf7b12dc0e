/**
 * Authorizations in progress on the simulated login page: what the client asked for (checked at
 * `GET /oauth2`), how many wrong passwords the browser has typed, and, once it signed in, whose account it
 * is. The page carries only the authorization's id (a hidden field), never the request's parameters.
 *
 * The bookkeeping is the kit's {@link PendingBook}: an authorization lives ten minutes from the authorize
 * request and is locked after {@link MAX_SIGN_IN_FAILURES} wrong passwords. It changes its id when the
 * browser signs in (`reissue`), so the id the sign-in page showed cannot be used to answer the consent page.
 */
import type { Pending, PendingBook } from '../../simulation/pending.js';
import type { SeedAccount } from '../../simulation/seed.js';

export { MAX_SIGN_IN_FAILURES, PENDING_LIFETIME_MS } from '../../simulation/pending.js';

/** An authorize request the login page accepted. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** `code` (authorization code) or `token` (implicit: the token comes back in the fragment). */
  responseType: 'code' | 'token';
  /** Canonical scope names, in the order asked. */
  scopes: readonly string[];
  /** The client's `state`, sent back as given; `null` when it sent none. */
  state: string | null;
  /** The S256 PKCE challenge, when the client sent one. */
  codeChallenge: string | null;
}

/** An authorization in progress. */
export interface Authorization extends AuthorizeRequest {
  /** The signed-in account, once the password (or Gosuslugi) was right; `null` before. */
  account: SeedAccount | null;
}

/** An authorization in progress, with the book's id, opening time and failures. */
export type PendingAuthorization = Pending<Authorization>;

/** The authorizations in progress of one simulator. */
export type PendingAuthorizations = PendingBook<Authorization>;

/**
 * The authorization with this id at the given step (`sign-in`: nobody signed in yet; `consent`: signed
 * in), or `undefined` when it is unknown, lapsed, locked or at the other step.
 */
export function authorizationAt(
  book: PendingAuthorizations,
  id: string | null,
  step: 'sign-in' | 'consent',
): PendingAuthorization | undefined {
  const pending = book.live(id);
  return pending && (pending.account === null) === (step === 'sign-in') ? pending : undefined;
}
