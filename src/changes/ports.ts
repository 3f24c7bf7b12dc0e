/**
 * What the change detector, the feed and the deliveries keep and pass between replicas. Each port has an
 * in-process implementation (the embedded default and tests; the file store's gateway persists it) and a
 * Redis one (replicas), chosen by the composition root like the store.
 */
import type { DetectedChange, LoggedChange } from '../domain/changes.js';

/** One child's page of its change log. */
export interface ChildLogPage {
  /** Oldest first. */
  changes: LoggedChange[];
  /**
   * `false` when changes after the asked position are no longer kept (dropped by the retention window or
   * the per-child bound): a reader following from there has missed some.
   */
  complete: boolean;
}

/**
 * Every diary child's change log: ordered, positioned, kept for a retention window. Positions are opaque
 * strings that sort as the log does within one child (`<milliseconds>-<sequence>`, Redis stream ids).
 */
export interface ChangeLog {
  /**
   * Appends one child's changes in the given order, atomically: a change whose id the child's log already
   * holds is skipped (the same change detected through two accounts, or by a retried poll), and changes
   * past the retention window or the per-child bound are dropped. Resolves with the changes appended, each
   * with its position.
   */
  append(childId: string, changes: readonly DetectedChange[]): Promise<LoggedChange[]>;
  /**
   * The child's changes after `after` (exclusive; `null`: from the oldest kept), oldest first, at most
   * `limit`. With `after` null the page is always complete (it is "everything kept").
   */
  read(childId: string, after: string | null, limit: number): Promise<ChildLogPage>;
  /** The position of the child's newest change, `null` when it has none kept. */
  head(childId: string): Promise<string | null>;
}

/** A held claim on one account's polling (see {@link DetectorState.claim}). */
export interface AccountLease {
  accountId: string;
  /** The replica (and poll) holding it. */
  owner: string;
}

/**
 * The detector's schedule, leases and snapshots. Each linked account is on the schedule with the time its
 * next poll is due; a replica polls an account only while it holds the account's lease, and a lease not
 * renewed runs out, so a replica that dies hands its accounts over within one lease time.
 */
export interface DetectorState {
  /** Puts accounts on the schedule, each due at its given time; an account already on it keeps its time. */
  enrol(due: ReadonlyMap<string, number>): Promise<void>;
  /** Takes accounts off the schedule and forgets their snapshots (unlinked accounts). */
  drop(accountIds: readonly string[]): Promise<void>;
  /** Every account on the schedule (for the sweep that enrols and drops). */
  scheduled(): Promise<string[]>;
  /** Up to `limit` accounts due at `now` or before, soonest first. */
  due(now: number, limit: number): Promise<string[]>;
  /**
   * Takes the account's lease for `ttlMs` when nobody holds it and the account is (still) due at `now`;
   * `null` otherwise. Two replicas asking at once: one gets it.
   */
  claim(accountId: string, owner: string, now: number, ttlMs: number): Promise<AccountLease | null>;
  /** Extends a held lease; `false` when it is no longer this owner's (it ran out and another took it). */
  renew(lease: AccountLease, ttlMs: number): Promise<boolean>;
  /** The account's last snapshot (opaque JSON text), `null` before its first poll. */
  snapshot(accountId: string): Promise<string | null>;
  /**
   * Ends a poll: stores `snapshot` (unless `null`: keep the stored one), schedules the next poll at
   * `nextDueAt` and releases the lease — only while the lease is still this owner's. `false` (nothing
   * stored) when it is not: another replica has taken the account over.
   */
  complete(lease: AccountLease, snapshot: string | null, nextDueAt: number): Promise<boolean>;
}

/**
 * Tells every replica which children have new changes. It carries child ids only: a listener reads the
 * changes themselves from the {@link ChangeLog} after the position it has reached, so a message lost or
 * repeated loses or repeats nothing.
 */
export interface ChangeBus {
  /** Tells every replica's listeners (this one's too) that these children's logs have grown. */
  notify(childIds: readonly string[]): Promise<void>;
  /**
   * Listens; `onGap` is called when notices may have been missed (the bus's connection was lost and is
   * back), so listeners re-read every log they follow. Returns the function that stops listening.
   */
  listen(onChildren: (childIds: readonly string[]) => void, onGap: () => void): () => void;
  close(): Promise<void>;
}
