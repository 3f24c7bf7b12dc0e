/**
 * The delivery state in process memory: the embedded default (one process; `file-delivery-state.ts` saves
 * progress and attempt logs beside the store file, never leases) and tests. It answers as the Redis
 * implementation does (the same contract suite runs on both). Leases run out by the injected clock; each
 * method does its work synchronously before its promise settles, so claims and saves never interleave.
 */
import {
  DEFAULT_ATTEMPT_RETENTION_MS,
  DEFAULT_MAX_ATTEMPTS,
  type AttemptPage,
  type DeliveryAttempt,
  type DeliveryState,
  type DeliveryStateLimits,
  type TargetLease,
  type TargetProgress,
} from './ports.js';
import { checkLimit, checkTtl } from './state-checks.js';

/** What a file keeps of one transport's state (see {@link MemoryDeliveryState.toDocument}). */
export interface DeliveryStateDocument {
  progress: [string, TargetProgress][];
  /** Each target's attempts, newest first. */
  attempts: [string, DeliveryAttempt[]][];
}

/** Options of {@link createMemoryDeliveryState}. */
export interface MemoryDeliveryStateOptions extends DeliveryStateLimits {
  /** The clock leases run out by. @default Date.now */
  now?: () => number;
  /** Called after every change of progress or attempts (not of leases: they are never saved). */
  onChange?: () => void;
  /** What a file kept; trusted (checked by the caller). */
  initial?: DeliveryStateDocument;
}

/** The in-process delivery state, which can hand over what it keeps. */
export interface MemoryDeliveryState extends DeliveryState {
  toDocument(): DeliveryStateDocument;
}

/** Creates an in-process delivery state. */
export function createMemoryDeliveryState(options: MemoryDeliveryStateOptions = {}): MemoryDeliveryState {
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retentionMs = options.attemptRetentionMs ?? DEFAULT_ATTEMPT_RETENTION_MS;
  const changed = () => options.onChange?.();
  const progress = new Map<string, TargetProgress>(options.initial?.progress);
  const logs = new Map<string, DeliveryAttempt[]>(options.initial?.attempts);
  const leases = new Map<string, { owner: string; expiresAt: number }>();

  const holder = (targetId: string): string | null => {
    const lease = leases.get(targetId);
    if (lease && lease.expiresAt > now()) return lease.owner;
    leases.delete(targetId);
    return null;
  };

  return {
    async claim(targetId, owner, ttlMs) {
      checkTtl(ttlMs);
      if (holder(targetId) !== null) return null;
      leases.set(targetId, { owner, expiresAt: now() + ttlMs });
      return { targetId, owner };
    },
    async renew(lease, ttlMs) {
      checkTtl(ttlMs);
      if (holder(lease.targetId) !== lease.owner) return false;
      leases.set(lease.targetId, { owner: lease.owner, expiresAt: now() + ttlMs });
      return true;
    },
    async release(lease: TargetLease) {
      if (holder(lease.targetId) === lease.owner) leases.delete(lease.targetId);
    },
    async progress(targetId) {
      const stored = progress.get(targetId);
      return stored ? { ...stored } : null;
    },
    async saveProgress(lease, next) {
      if (holder(lease.targetId) !== lease.owner) return false;
      progress.set(lease.targetId, { ...next });
      changed();
      return true;
    },
    async resetBackoff(targetId, at) {
      const stored = progress.get(targetId);
      if (!stored) return;
      progress.set(targetId, { ...stored, failures: 0, failingSince: null, nextAttemptAt: at });
      changed();
    },
    async recordAttempt(targetId, attempt) {
      const kept = (logs.get(targetId) ?? []).filter((entry) => entry.at > now() - retentionMs);
      logs.set(targetId, [{ ...attempt }, ...kept].slice(0, maxAttempts));
      changed();
    },
    async attempts(targetId, before, limit, at): Promise<AttemptPage> {
      checkLimit(limit);
      const kept = (logs.get(targetId) ?? []).filter((entry) => entry.at > at - retentionMs);
      const start = before === null ? 0 : kept.findIndex((entry) => entry.id === before) + 1;
      // An attempt no longer kept (or never made) is read as "nothing older": a cursor never reaches back.
      if (before !== null && start === 0) return { attempts: [], hasMore: false };
      const page = kept.slice(start, start + limit);
      return { attempts: page.map((entry) => ({ ...entry })), hasMore: kept.length > start + limit };
    },
    async forget(targetId) {
      leases.delete(targetId);
      const removed = progress.delete(targetId);
      if (logs.delete(targetId) || removed) changed();
    },
    toDocument: () => ({ progress: [...progress], attempts: [...logs] }),
  };
}
