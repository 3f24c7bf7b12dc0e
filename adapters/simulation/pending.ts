/**
 * What a simulator's sign-in pages keep between a page and its form, and the one-time codes they end in:
 * entries on the server under an unguessable id (a page carries the id only, never the client's
 * parameters), each alive for a lifetime from when it was opened (ten minutes unless told otherwise),
 * spent by its use, and — for an attempt that takes passwords — locked after
 * {@link MAX_SIGN_IN_FAILURES} wrong ones. The book is capped, oldest out first, so a client opening pages
 * in a loop cannot make a simulator grow without bound.
 */
import { randomBytes } from 'node:crypto';

/** How long a pending sign-in (or a one-time code) lives: ten minutes, RFC 6749 §4.1.2's advice for codes. */
export const PENDING_LIFETIME_MS = 10 * 60 * 1000;
/** Wrong passwords after which an attempt is locked (the parent starts again from the client). */
export const MAX_SIGN_IN_FAILURES = 5;
/** More entries than any test or demo opens. */
const DEFAULT_CAPACITY = 10_000;

/** An entry of the book: what the simulator keeps, with its id, opening time and wrong passwords so far. */
export type Pending<T extends object> = T & {
  /** The unguessable id a page carries (hex), or the one-time code itself. */
  readonly id: string;
  /** When it was opened (ms since the epoch, the simulator's clock). */
  readonly openedAt: number;
  failures: number;
};

/** Why an id cannot be used: never issued (or spent), past its lifetime, or locked by wrong passwords. */
export type PendingRefusal = 'unknown' | 'expired' | 'locked';

/** The entry an id names, or why it cannot be used. */
export type PendingLookup<T extends object> = { ok: true; entry: Pending<T> } | { ok: false; refusal: PendingRefusal };

/** What one wrong password did: the page may be shown again, or the attempt is locked for good. */
export type FailureOutcome = 'retry' | 'locked';

/** Options of a {@link PendingBook}. */
export interface PendingBookOptions {
  /** @default PENDING_LIFETIME_MS */
  lifetimeMs?: number;
  /** Entries kept at most. @default 10_000 */
  capacity?: number;
  /** Put before the random hex of an id (`code-` for codes). @default "" */
  idPrefix?: string;
}

/** The pending sign-ins (or one-time codes) of one simulator (see the module comment). */
export class PendingBook<T extends object> {
  private readonly entries = new Map<string, Pending<T>>();
  private readonly lifetimeMs: number;
  private readonly capacity: number;
  private readonly idPrefix: string;

  /** `now` is the simulator's clock, so a test can step past the lifetime. */
  constructor(
    private readonly now: () => Date,
    options: PendingBookOptions = {},
  ) {
    this.lifetimeMs = options.lifetimeMs ?? PENDING_LIFETIME_MS;
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.idPrefix = options.idPrefix ?? '';
  }

  /** Opens an entry under a fresh id. */
  open(data: T): Pending<T> {
    return this.store(data, this.now().getTime(), 0);
  }

  /** The entry `id` names, unless it is unknown, spent, past its lifetime or locked. */
  find(id: string | null | undefined): PendingLookup<T> {
    const entry = id ? this.entries.get(id) : undefined;
    if (!entry) return { ok: false, refusal: 'unknown' };
    if (this.lapsed(entry)) {
      this.entries.delete(entry.id);
      return { ok: false, refusal: 'expired' };
    }
    return entry.failures >= MAX_SIGN_IN_FAILURES ? { ok: false, refusal: 'locked' } : { ok: true, entry };
  }

  /** The entry `id` names when it can be used; `undefined` for any refusal. */
  live(id: string | null | undefined): Pending<T> | undefined {
    const found = this.find(id);
    return found.ok ? found.entry : undefined;
  }

  /**
   * Counts a wrong password. The last one allowed locks the entry: it stays, refused as `locked`, until it
   * lapses, so even the right password cannot use it afterwards.
   */
  fail(entry: Pending<T>): FailureOutcome {
    entry.failures += 1;
    return entry.failures < MAX_SIGN_IN_FAILURES ? 'retry' : 'locked';
  }

  /** Ends an entry: it was used (or refused by the parent) and cannot be used again. */
  close(entry: Pending<T>): void {
    this.entries.delete(entry.id);
  }

  /**
   * Spends an id: the entry it names, or `undefined` as {@link find} refuses. Spent by this call whatever
   * happens next (a replay, even after a refused exchange, finds nothing), as one-time codes are.
   */
  take(id: string | null | undefined): Pending<T> | undefined {
    const entry = this.live(id);
    if (entry) this.entries.delete(entry.id);
    return entry;
  }

  /**
   * The same attempt, changed, under a new id; the old id is spent. A page that moves the parent to a
   * further step (signed in → consent) changes the id, so the earlier page's id cannot answer the later one.
   */
  reissue(entry: Pending<T>, changes: Partial<T>): Pending<T> {
    this.entries.delete(entry.id);
    const { id: _id, openedAt, failures, ...data } = entry;
    return this.store({ ...(data as unknown as T), ...changes }, openedAt, failures);
  }

  private lapsed(entry: Pending<T>): boolean {
    return this.now().getTime() - entry.openedAt >= this.lifetimeMs;
  }

  private store(data: T, openedAt: number, failures: number): Pending<T> {
    // Maps iterate in insertion order, about the order of opening: the lapsed and the oldest come first.
    for (const first of this.entries.values()) {
      if (!this.lapsed(first) && this.entries.size < this.capacity) break;
      this.entries.delete(first.id);
    }
    const entry = { ...data, id: `${this.idPrefix}${randomBytes(16).toString('hex')}`, openedAt, failures };
    this.entries.set(entry.id, entry);
    return entry;
  }
}
