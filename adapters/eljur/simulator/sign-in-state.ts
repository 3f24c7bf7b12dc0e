/**
 * What the simulator's redirect sign-in page keeps between the page and its form: the pending attempts
 * (the kit's {@link PendingBook}: server-side, by an unguessable id that the page carries in a hidden
 * field, never the raw parameters; ten minutes each, five failed passwords lock one, spent when it sends
 * the browser back) and the partner redirect URIs registered with it.
 */
import { PendingBook, type Pending } from '../../simulation/pending.js';

export { MAX_SIGN_IN_FAILURES, PENDING_LIFETIME_MS } from '../../simulation/pending.js';

/** At most this many attempts are kept (the oldest go first): a page opened in a loop cannot fill memory. */
const MAX_PENDING = 1000;

/** What a sign-in started on the page and not finished yet is for. */
export interface SignInAttempt {
  /** The partner's callback, already checked against the registered ones. */
  readonly redirectUri: string;
  /** The partner's `state`, sent back unchanged. */
  readonly state: string;
  /** The school the attempt signs in to (its name is on the page). */
  readonly schoolName: string;
}

/** One sign-in started on the page and not finished yet. */
export type PendingSignIn = Pending<SignInAttempt>;

/** The pending attempts and registered redirect URIs of one simulator. */
export class SignInState {
  /** The attempts in progress. */
  readonly attempts: PendingBook<SignInAttempt>;
  private readonly redirectUris: Set<string>;

  /** `now` is the simulator's clock, which times the attempts. */
  constructor(now: () => Date, redirectUris: readonly string[] = []) {
    this.attempts = new PendingBook(now, { capacity: MAX_PENDING });
    this.redirectUris = new Set(redirectUris);
  }

  /** Registers a partner callback (exact match, as OAuth servers compare them). */
  allowRedirectUri(uri: string): void {
    this.redirectUris.add(uri);
  }

  /** Whether the callback is registered. */
  isRegistered(uri: string): boolean {
    return this.redirectUris.has(uri);
  }
}
