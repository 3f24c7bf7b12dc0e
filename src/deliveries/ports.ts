/**
 * What the delivery engine (`delivery-engine.ts`) works with, kept free of any one transport: a transport
 * that hands changes to a target (webhooks here; Web Push plugs in the same way), a registry of the targets,
 * and the delivery state (each target's lease, position, back-off and attempt log) shared by the replicas.
 *
 * A target belongs to one viewer (a parent or a trusted person) and follows that viewer's change feed
 * exactly as `Viewer.changes` reads it: the children the viewer sees now, asked again before every delivery.
 */
import type { ListedChange } from '../domain/changes.js';

/** How one delivery attempt ended, as the transport says. */
export type DeliveryOutcome =
  | {
      kind: 'delivered';
      /** The receiver's HTTP status, for the attempt log (when the transport has one). */
      status?: number;
    }
  | {
      /** Transient: the same changes are tried again later. */
      kind: 'retry';
      /** A short class of the failure, safe to show the target's owner: `http_500`, `timeout`, `address_refused`. */
      reason: string;
      status?: number;
      /** At least this long before the next attempt (a receiver's `Retry-After`). */
      afterMs?: number;
    }
  | {
      /** The target no longer exists (HTTP 410, a push subscription the service reports gone): forget it. */
      kind: 'gone';
      reason: string;
      status?: number;
    };

/** Hands changes to one kind of target. */
export interface DeliveryTransport<Target extends DeliveryTarget> {
  /** `webhook`, `push`: the metric label and the delivery state's namespace. */
  readonly name: string;
  /** How many changes one attempt carries at most (a webhook: one POST per change). */
  readonly maxBatch: number;
  /**
   * Delivers `changes` (in order, at least one) to `target`. Must settle soon after `signal` aborts (the
   * per-attempt timeout); must not throw for a receiver's failure (that is a `retry`); a throw counts as one.
   */
  deliver(target: Target, changes: readonly ListedChange[], signal: AbortSignal): Promise<DeliveryOutcome>;
}

/** What the engine needs of every target. */
export interface DeliveryTarget {
  id: string;
  /** The viewer whose feed the target follows. */
  ownerUserId: string;
  /** `false` while its owner (or the engine, after days of failure) has turned it off: nothing is delivered. */
  enabled: boolean;
}

/** Where the engine finds targets and tells what became of them. */
export interface TargetRegistry<Target extends DeliveryTarget> {
  /** The id of every target (the sweep); enabled or not. */
  allIds(): Promise<string[]>;
  /** One target as stored now; `null` when it is gone. */
  get(id: string): Promise<Target | null>;
  /**
   * The transport said the target is gone: forget it (delete it, or turn it off for its owner to see why).
   * A target the registry no longer returns has its delivery state forgotten by the engine.
   */
  forget(id: string): Promise<void>;
  /** Deliveries kept failing for the engine's whole patience: turn the target off, for its owner to see why. */
  disable(id: string, now: number): Promise<void>;
}

/** A held claim on delivering to one target (see {@link DeliveryState.claim}). */
export interface TargetLease {
  targetId: string;
  /** The replica (and run) holding it. */
  owner: string;
}

/** Where a target has got to, and how its deliveries are going. */
export interface TargetProgress {
  /** The feed cursor after the last change delivered (`src/changes/feed-cursor.ts`); `null` before the first. */
  cursor: string | null;
  /** Failed attempts in a row at the change waiting now (0 after a delivery). */
  failures: number;
  /** Epoch ms of the first of those failures; `null` when the last attempt succeeded. */
  failingSince: number | null;
  /** Epoch ms before which no attempt is made (back-off). */
  nextAttemptAt: number;
  /** Epoch ms of the last delivery, `null` before the first. */
  lastDeliveredAt: number | null;
}

/** One attempt, as the attempt log keeps it (what the owner reads through GraphQL). */
export interface DeliveryAttempt {
  /** Unique per attempt: the `Webhook-Delivery` header. */
  id: string;
  /** The change (the idempotency key). */
  changeId: string;
  /** 1 for the first attempt at this change, 2 for its first retry… */
  attempt: number;
  /** Epoch ms the attempt started. */
  at: number;
  outcome: 'DELIVERED' | 'FAILED' | 'GONE';
  /** The receiver's HTTP status, `null` when there was no answer. */
  status: number | null;
  /** The class of failure (`timeout`, `http_500`…), `null` when delivered. */
  error: string | null;
  durationMs: number;
}

/** One page of a target's attempt log, newest first. */
export interface AttemptPage {
  attempts: DeliveryAttempt[];
  hasMore: boolean;
}

/**
 * The targets' leases, progress and attempt logs, shared by the replicas (Redis) or kept by one process
 * (memory; the file store's gateway saves it beside its store file). Every target's keys are namespaced by
 * its transport, so a webhook and a push subscription with the same id never meet.
 */
export interface DeliveryState {
  /** Takes the target's lease for `ttlMs` when nobody holds it; `null` otherwise. Two replicas asking at once: one gets it. */
  claim(targetId: string, owner: string, ttlMs: number): Promise<TargetLease | null>;
  /** Extends a held lease; `false` when it is no longer this owner's. */
  renew(lease: TargetLease, ttlMs: number): Promise<boolean>;
  /** Gives a held lease back (only while it is this owner's). */
  release(lease: TargetLease): Promise<void>;
  /** The target's progress, `null` before anything was stored for it. */
  progress(targetId: string): Promise<TargetProgress | null>;
  /**
   * Stores the target's progress while `lease` is still this owner's; `false` (nothing stored) when it is
   * not: another replica has taken the target over, and what this one did may be done again (at least once).
   */
  saveProgress(lease: TargetLease, progress: TargetProgress): Promise<boolean>;
  /**
   * Sets the target's progress without a lease (its owner re-enabled it: attempts start at once), keeping
   * the cursor; nothing when there is none.
   */
  resetBackoff(targetId: string, now: number): Promise<void>;
  /** Appends an attempt to the target's log, which keeps the newest {@link DeliveryStateLimits.maxAttempts} for {@link DeliveryStateLimits.attemptRetentionMs}. */
  recordAttempt(targetId: string, attempt: DeliveryAttempt): Promise<void>;
  /** The target's attempts, newest first, older than the attempt `before` (its id; `null`: from the newest), at most `limit`. */
  attempts(targetId: string, before: string | null, limit: number, now: number): Promise<AttemptPage>;
  /** Forgets everything of the target (it was deleted or is gone). */
  forget(targetId: string): Promise<void>;
}

/** The bounds of a delivery state. */
export interface DeliveryStateLimits {
  /** Attempts kept per target. @default 100 */
  maxAttempts?: number;
  /** How long an attempt is kept. @default 7 days */
  attemptRetentionMs?: number;
}

/** The bounds' defaults. */
export const DEFAULT_MAX_ATTEMPTS = 100;
export const DEFAULT_ATTEMPT_RETENTION_MS = 7 * 86_400_000;
