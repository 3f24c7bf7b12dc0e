/**
 * Following the change feed across reconnections, as pure logic (test/web/live-feed-position.test.ts): the
 * cursor the page resumes from, the changes already told (so a change is never told twice, even when a
 * gateway replica delivers one again after a reconnection), the wait before the next attempt, and which
 * closes end the following for good.
 */

/** A change as far as following goes: its stable id and the feed position just after it. */
export interface Positioned {
  readonly id: string;
  readonly cursor: string;
}

/** How many change ids are remembered: far more than can arrive between two reconnections. */
export const REMEMBERED_IDS = 500;

/**
 * Where the page stands in the feed: the cursor of the last change taken (the subscription resumes with it,
 * so nothing is lost), and the ids of the changes taken lately (so nothing is told twice).
 */
export class FeedPosition {
  #cursor: string | null;
  readonly #seen = new Set<string>();

  /** `start` is the feed's end when the page opened (`null`: the feed's start). */
  constructor(start: string | null) {
    this.#cursor = start;
  }

  /** The `since` to subscribe with now. */
  get cursor(): string | null {
    return this.#cursor;
  }

  /**
   * Takes `change`: moves the cursor past it and says whether it is new (to be told). A change seen before
   * moves nothing and is not told again.
   */
  take(change: Positioned): boolean {
    if (this.#seen.has(change.id)) return false;
    this.#seen.add(change.id);
    if (this.#seen.size > REMEMBERED_IDS) this.#seen.delete(this.#seen.values().next().value!);
    this.#cursor = change.cursor;
    return true;
  }
}

/** The first wait after a lost connection. */
export const FIRST_RETRY_MS = 1_000;
/** The longest wait between attempts: a phone back online catches up within a minute. */
export const LONGEST_RETRY_MS = 60_000;

/**
 * The wait before attempt `attempt` (0 for the first retry): doubling from {@link FIRST_RETRY_MS} up to
 * {@link LONGEST_RETRY_MS}, drawn in its upper half (`random` in [0, 1)) so that the pages of a replica that
 * went away do not all come back at the same moment.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1));
}

/**
 * Whether a socket closed with `code` should not be opened again: `4403` (no valid session: signed out or
 * expired), `4400`/`4406` (the gateway refused what this page sent: trying again would be refused again).
 * Every other close (a replica going away with 1001, a network drop with 1006, a timeout) is retried.
 */
export function isFinalClose(code: number): boolean {
  return code === 4403 || code === 4400 || code === 4406;
}

/** How long the page may stay hidden before it stops following (it resumes from its cursor when shown). */
export const HIDDEN_GRACE_MS = 5 * 60_000;
