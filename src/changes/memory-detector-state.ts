/**
 * The detector's schedule, leases and snapshots in process memory: the embedded default (one process; the
 * schedule and snapshots are saved to a file by `file-change-state.ts`, leases never are) and tests. It
 * answers as the Redis implementation does (the same contract suite runs on both).
 *
 * Leases run out by the injected clock, so tests move time instead of waiting. Each method does its work
 * synchronously before its promise settles, so a claim, a renewal and a completion never interleave.
 */
import { checkPositiveInteger, checkTime } from './argument-checks.js';
import type { AccountLease, DetectorState } from './ports.js';

/** The schedule and snapshots as a file keeps them (see {@link MemoryDetectorState.toDocument}). */
export interface DetectorStateDocument {
  /** Account id and the time its next poll is due. */
  schedule: [string, number][];
  /** Account id and its last snapshot. */
  snapshots: [string, string][];
}

/** Options of {@link createMemoryDetectorState}. */
export interface MemoryDetectorStateOptions {
  /** The clock leases run out by. @default Date.now */
  now?: () => number;
  /** Called after every change of the schedule or the snapshots (not of leases: they are never saved). */
  onChange?: () => void;
  /** The schedule and snapshots kept before (read from a file); empty when left out. Trusted: check it before. */
  initial?: DetectorStateDocument;
}

/** The in-process detector state, which can hand over what it keeps. */
export interface MemoryDetectorState extends DetectorState {
  /** The schedule and snapshots now, as plain data (a copy). */
  toDocument(): DetectorStateDocument;
}

interface HeldLease {
  owner: string;
  expiresAt: number;
}

/** Creates an in-process detector state. */
export function createMemoryDetectorState(options: MemoryDetectorStateOptions = {}): MemoryDetectorState {
  const now = options.now ?? Date.now;
  const changed = () => options.onChange?.();
  const schedule = new Map<string, number>(options.initial?.schedule);
  const snapshots = new Map<string, string>(options.initial?.snapshots);
  const leases = new Map<string, HeldLease>();

  /** The lease on `accountId` while it has not run out. */
  const heldLease = (accountId: string): HeldLease | null => {
    const lease = leases.get(accountId);
    if (lease && lease.expiresAt > now()) return lease;
    leases.delete(accountId);
    return null;
  };
  const isHeldBy = (lease: AccountLease) => heldLease(lease.accountId)?.owner === lease.owner;

  return {
    async enrol(due) {
      let added = false;
      for (const [accountId, dueAt] of due) {
        checkTime(dueAt, `the due time of ${accountId}`);
        if (schedule.has(accountId)) continue;
        schedule.set(accountId, dueAt);
        added = true;
      }
      if (added) changed();
    },

    async drop(accountIds) {
      let removed = false;
      for (const accountId of accountIds) {
        removed = schedule.delete(accountId) || removed;
        removed = snapshots.delete(accountId) || removed;
        // A poll in flight then finds its lease gone and stores nothing (`complete` answers false).
        leases.delete(accountId);
      }
      if (removed) changed();
    },

    async scheduled() {
      return [...schedule.keys()];
    },

    async due(at, limit) {
      checkTime(at, 'now');
      checkPositiveInteger(limit, 'limit');
      return [...schedule]
        .filter(([, dueAt]) => dueAt <= at)
        .sort(([a, dueA], [b, dueB]) => dueA - dueB || (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, limit)
        .map(([accountId]) => accountId);
    },

    async claim(accountId, owner, at, ttlMs) {
      checkTime(at, 'now');
      checkPositiveInteger(ttlMs, 'ttlMs');
      if (heldLease(accountId)) return null;
      const dueAt = schedule.get(accountId);
      if (dueAt === undefined || dueAt > at) return null;
      leases.set(accountId, { owner, expiresAt: now() + ttlMs });
      return { accountId, owner };
    },

    async renew(lease, ttlMs) {
      checkPositiveInteger(ttlMs, 'ttlMs');
      if (!isHeldBy(lease)) return false;
      leases.set(lease.accountId, { owner: lease.owner, expiresAt: now() + ttlMs });
      return true;
    },

    async snapshot(accountId) {
      return snapshots.get(accountId) ?? null;
    },

    async complete(lease, snapshot, nextDueAt) {
      checkTime(nextDueAt, 'nextDueAt');
      if (!isHeldBy(lease)) return false;
      if (snapshot !== null) snapshots.set(lease.accountId, snapshot);
      // Only while still on the schedule (as Redis's `ZADD XX`): an account dropped meanwhile stays dropped.
      if (schedule.has(lease.accountId)) schedule.set(lease.accountId, nextDueAt);
      leases.delete(lease.accountId);
      changed();
      return true;
    },

    toDocument: () => ({ schedule: [...schedule], snapshots: [...snapshots] }),
  };
}
