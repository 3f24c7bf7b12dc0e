/**
 * Marks the diary calls made while a parent links an account, so the resilience policies can keep them
 * apart from live traffic. A link attempt carries one person's unverified input (a pasted token, a sign-in
 * code, a login): whatever the diary makes of it says more about that input than about the diary's
 * health, and counting it towards the diary's circuit breaker would let one person cut the diary off for
 * every family (issue 10, finding 3). So calls made inside {@link runAsLinkAttempt} are never retried and
 * never counted by a breaker, though they are still refused while a breaker is open (`breaker.ts`).
 *
 * Why an `AsyncLocalStorage` and not a field set on each `UpstreamRequest`: adapters build the requests
 * and, by design, know nothing of the resilience layers (docs/architecture.md); a flag every adapter had
 * to copy from its scope into every request would be one more thing each of them could forget. The link
 * attempt is a property of the async call chain that starts in `linkProviderAccount`, and that is what
 * this records.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const linkAttempts = new AsyncLocalStorage<true>();

/**
 * Runs `attempt` (signing in to a diary and reading the new account's profile) as a link attempt: every
 * diary call it makes, directly or through promises it starts, is seen as one by {@link isLinkAttempt}.
 * @example
 * const profile = await runAsLinkAttempt(() => adapter.fetchProfile(probe, scope));
 */
export function runAsLinkAttempt<T>(attempt: () => Promise<T>): Promise<T> {
  return linkAttempts.run(true, attempt);
}

/** True while the calling code runs inside {@link runAsLinkAttempt}. */
export function isLinkAttempt(): boolean {
  return linkAttempts.getStore() === true;
}
