/**
 * The delivery engine: a durable consumer of the change log for each registered target of one transport
 * (webhooks; Web Push plugs in as a second engine with its own transport and registry).
 *
 * Each target follows its owner's change feed exactly as `Viewer.changes` reads it (`readFeedPage` over the
 * children the owner sees now, asked again before every attempt), from a position kept in the delivery
 * state, which moves only after the transport says delivered. So deliveries are in order per student, each
 * change once per target while nothing crashes (at least once across a crash: docs/webhooks.md).
 *
 * - **Who delivers**: every replica runs an engine over the same state; a target is delivered by whichever
 *   claims its lease (renewed while it runs), so by one replica at a time. Progress is saved fenced by the
 *   lease: a replica that stalled past its lease saves nothing.
 * - **When**: the bus's notices wake the targets that follow an announced child (and any this replica has
 *   not run yet); a sweep every `sweepMs` reaches every target (new ones from other replicas, back-offs due).
 * - **Failures**: a failed attempt is tried again after an exponential back-off with jitter (`backoff.ts`);
 *   after `disableAfterMs` of failing without one success the target is turned off (`registry.disable`).
 * - **Isolation**: at most `maxRunning` targets run at once per replica, each attempt is cut after
 *   `attemptTimeoutMs`, and a failing target waits out its back-off without holding a slot, so a dead or
 *   hanging receiver never delays the others by more than one attempt's timeout in one slot.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeBus, ChangeLog } from '../changes/ports.js';
import { readFeedPage, type VisibleChildren } from '../changes/viewer-feed.js';
import type { ListedChange } from '../domain/changes.js';
import type { Logger } from '../logging/logger.js';
import { backoffDelayMs, DEFAULT_BACKOFF, shouldDisable, type BackoffPolicy } from './backoff.js';
import { cursorWithEveryChild } from './feed-position.js';
import type {
  DeliveryOutcome,
  DeliveryState,
  DeliveryTarget,
  DeliveryTransport,
  TargetLease,
  TargetProgress,
  TargetRegistry,
} from './ports.js';

/** How an attempt ended, as the metric counts it. */
export type AttemptOutcome = 'delivered' | 'retry' | 'gone' | 'timeout';

/** What {@link createDeliveryEngine} needs. */
export interface DeliveryEngineOptions<Target extends DeliveryTarget> {
  transport: DeliveryTransport<Target>;
  registry: TargetRegistry<Target>;
  state: DeliveryState;
  log: ChangeLog;
  bus: ChangeBus;
  /**
   * The children the viewer sees now (child id → the viewer's `Student.id`), built as their own GraphQL
   * requests build it: a child unlinked or a grant revoked is gone from the next attempt on.
   */
  visibleChildren(ownerUserId: string): Promise<VisibleChildren>;
  logger: Logger;
  now: () => number;
  random?: () => number;
  /** Told how every attempt ended and how long it took. */
  onAttempt?(outcome: AttemptOutcome, durationMs: number): void;
  backoff?: Partial<BackoffPolicy>;
  /** Targets delivered at once on this replica. @default 8 */
  maxRunning?: number;
  /** One attempt is cut after this long. @default 10 s */
  attemptTimeoutMs?: number;
  /** How long a claimed target stays this replica's without renewal. @default attemptTimeoutMs × 3 + 10 s */
  leaseMs?: number;
  /** How often every target is looked at. @default 30 s */
  sweepMs?: number;
  /** The most changes one run delivers to a target before it makes way for others. @default 50 */
  maxPerRun?: number;
}

/** A running engine. */
export interface DeliveryEngine {
  /** Listens to the bus and starts the sweeps (a first one at once). */
  start(): void;
  /** Stops taking work and waits for the runs in flight (each ends within one attempt's timeout). */
  stop(): Promise<void>;
  /**
   * Puts a new target at the newest change of every child its owner sees, so it is sent only what comes
   * after it was made. Call before the target can be found by the sweep's next run, or soon after.
   */
  begin(target: Target): Promise<void>;
  /** Runs the target soon (after it was made or turned on again). */
  wake(targetId: string): void;
  /** Runs every target now and waits for them (tests, `npm run bench`); back-offs still apply. */
  deliverAll(): Promise<void>;
}

type Target = DeliveryTarget;

/** Creates a replica's engine for one transport; nothing runs until {@link DeliveryEngine.start}. */
export function createDeliveryEngine<T extends DeliveryTarget>(options: DeliveryEngineOptions<T>): DeliveryEngine {
  const { transport, registry, state, logger, now } = options;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const maxRunning = options.maxRunning ?? 8;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? attemptTimeoutMs * 3 + 10_000;
  const maxPerRun = options.maxPerRun ?? 50;
  const random = options.random ?? Math.random;
  const replica = randomUUID();
  /** Targets waiting for a slot, in order; a target is queued once. */
  const queue = new Set<string>();
  /** Targets running now, each with the promise of its run. */
  const running = new Map<string, Promise<void>>();
  /** Targets woken while running: run again when done (a notice must not be lost to a run in flight). */
  const again = new Set<string>();
  /** The children each target followed in its last run here (`null`: not run here yet). */
  const interest = new Map<string, ReadonlySet<string> | null>();
  const timers = new Map<string, NodeJS.Timeout>();
  const background = new Set<Promise<void>>();
  let stopListening: (() => void) | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  let phase: 'idle' | 'running' | 'stopped' = 'idle';

  const enqueue = (targetId: string): void => {
    // Only while delivering: a replica with `DELIVERIES=off` (idle) leaves its targets to the others.
    if (phase !== 'running') return;
    if (running.has(targetId)) again.add(targetId);
    else queue.add(targetId);
    pump();
  };

  function pump(): void {
    while (running.size < maxRunning && queue.size > 0) {
      const targetId = queue.values().next().value!;
      queue.delete(targetId);
      const run = runTarget(targetId)
        .catch((error: unknown) =>
          logger.warn(
            { err: { name: (error as Error).name, code: (error as { code?: unknown }).code } },
            'a delivery run failed',
          ),
        )
        .finally(() => {
          running.delete(targetId);
          if (again.delete(targetId)) queue.add(targetId);
          pump();
        });
      running.set(targetId, run);
    }
  }

  /** Wakes the target when its back-off ends (on this replica; others reach it by their sweep). */
  const wakeAt = (targetId: string, at: number): void => {
    clearTimeout(timers.get(targetId));
    const timer = setTimeout(
      () => {
        timers.delete(targetId);
        enqueue(targetId);
      },
      Math.min(Math.max(at - now(), 0), 2 ** 31 - 1),
    );
    timer.unref();
    timers.set(targetId, timer);
  };

  const runTarget = async (targetId: string): Promise<void> => {
    const lease = await state.claim(targetId, replica, leaseMs);
    if (!lease) return;
    const renewal = setInterval(() => void state.renew(lease, leaseMs).catch(() => {}), leaseMs / 3);
    renewal.unref();
    try {
      const target = await registry.get(targetId);
      if (!target) {
        await state.forget(targetId);
        interest.delete(targetId);
        return;
      }
      if (target.enabled) await deliverTo(target, lease);
    } finally {
      clearInterval(renewal);
      await state.release(lease).catch(() => {});
    }
  };

  const deliverTo = async (target: T, lease: TargetLease): Promise<void> => {
    let progress: TargetProgress = (await state.progress(target.id)) ?? {
      cursor: null,
      failures: 0,
      failingSince: null,
      nextAttemptAt: 0,
      lastDeliveredAt: null,
    };
    if (progress.nextAttemptAt > now()) return wakeAt(target.id, progress.nextAttemptAt);
    for (let delivered = 0; delivered < maxPerRun && phase !== 'stopped';) {
      const children = await options.visibleChildren(target.ownerUserId);
      interest.set(target.id, new Set(children.keys()));
      const since = await cursorWithEveryChild(options.log, children, progress.cursor);
      const page = await readFeedPage(options.log, children, since, transport.maxBatch);
      if (page.changes.length === 0) {
        if (since !== progress.cursor) await state.saveProgress(lease, { ...progress, cursor: since });
        return;
      }
      const outcome = await attempt(target, page.changes, progress.failures + 1);
      if (outcome.kind === 'gone') {
        // The registry decides: a push subscription is deleted (its state goes with it at the next run), a
        // webhook is turned off with its reason, keeping its position and attempt log for its owner.
        await registry.forget(target.id);
        return;
      }
      if (outcome.kind === 'retry') return failed(target, lease, progress, outcome.afterMs ?? 0);
      const at = now();
      progress = {
        cursor: page.changes.at(-1)!.cursor,
        failures: 0,
        failingSince: null,
        nextAttemptAt: at,
        lastDeliveredAt: at,
      };
      // Lease lost: another replica has the target now and goes on from the position it reads.
      if (!(await state.saveProgress(lease, progress))) return;
      delivered += page.changes.length;
    }
    // More may be waiting: make way for other targets, then go on.
    if (phase !== 'stopped') again.add(target.id);
  };

  const failed = async (target: T, lease: TargetLease, progress: TargetProgress, afterMs: number): Promise<void> => {
    const at = now();
    const failingSince = progress.failingSince ?? at;
    if (shouldDisable(failingSince, at, policy)) {
      logger.warn(
        { transport: transport.name, target: target.id },
        'a delivery target kept failing and was turned off',
      );
      await registry.disable(target.id, at);
    }
    const failures = progress.failures + 1;
    const nextAttemptAt = at + Math.max(backoffDelayMs(failures, policy, random), afterMs);
    if (await state.saveProgress(lease, { ...progress, failures, failingSince, nextAttemptAt }))
      wakeAt(target.id, nextAttemptAt);
  };

  /** One attempt, cut after its timeout, recorded in the target's attempt log (one entry per change). */
  const attempt = async (target: T, changes: readonly ListedChange[], number: number): Promise<DeliveryOutcome> => {
    const started = now();
    const clock = performance.now();
    const abort = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
        // A transport that does not settle on abort is not waited for longer than a second more.
        setTimeout(() => resolve({ kind: 'retry', reason: 'timeout' }), 1_000).unref();
      }, attemptTimeoutMs);
    });
    let outcome: DeliveryOutcome;
    try {
      outcome = await Promise.race([
        transport
          .deliver(target, changes, abort.signal)
          .catch((): DeliveryOutcome => ({ kind: 'retry', reason: 'error' })),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (timedOut && outcome.kind !== 'delivered') outcome = { kind: 'retry', reason: 'timeout' };
    const durationMs = Math.round(performance.now() - clock);
    options.onAttempt?.(timedOut ? 'timeout' : outcome.kind, durationMs);
    await Promise.all(
      changes.map((change) =>
        state
          .recordAttempt(target.id, {
            id: `att_${randomUUID()}`,
            changeId: change.id,
            attempt: number,
            at: started,
            outcome: outcome.kind === 'delivered' ? 'DELIVERED' : outcome.kind === 'gone' ? 'GONE' : 'FAILED',
            status: outcome.status ?? null,
            error: outcome.kind === 'delivered' ? null : outcome.reason,
            durationMs,
          })
          .catch(() => {}),
      ),
    );
    return outcome;
  };

  /** Learns the targets there are now: a new one (made on any replica) is one this replica has not run yet. */
  const refreshTargets = async (): Promise<string[]> => {
    const ids = await registry.allIds();
    const known = new Set(ids);
    for (const id of interest.keys()) if (!known.has(id)) interest.delete(id);
    for (const id of ids) if (!interest.has(id)) interest.set(id, null);
    return ids;
  };

  const sweep = async (): Promise<void> => {
    for (const id of await refreshTargets()) enqueue(id);
  };

  const track = (work: Promise<void>): void => {
    const done = work.catch((error: unknown) =>
      logger.warn({ err: { name: (error as Error).name } }, 'the delivery sweep failed'),
    );
    background.add(done);
    void done.finally(() => background.delete(done));
  };

  /** A notice: the targets that follow an announced child, and those not run here yet (new ones included). */
  const onChildren = async (childIds: readonly string[]): Promise<void> => {
    await refreshTargets();
    for (const [targetId, children] of interest) {
      if (children === null || childIds.some((childId) => children.has(childId))) enqueue(targetId);
    }
  };

  return {
    start() {
      if (phase !== 'idle') return;
      phase = 'running';
      stopListening = options.bus.listen(
        (childIds) => track(onChildren(childIds)),
        () => track(sweep()),
      );
      track(sweep());
      sweeper = setInterval(() => track(sweep()), options.sweepMs ?? 30_000);
      sweeper.unref();
    },
    async stop() {
      phase = 'stopped';
      stopListening?.();
      if (sweeper) clearInterval(sweeper);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      queue.clear();
      again.clear();
      await Promise.all([...background, ...running.values()]);
    },
    async begin(target) {
      const lease = await state.claim(target.id, replica, leaseMs);
      if (!lease) return;
      try {
        const children = await options.visibleChildren(target.ownerUserId);
        const cursor = await cursorWithEveryChild(options.log, children, null);
        const at = now();
        await state.saveProgress(lease, {
          cursor,
          failures: 0,
          failingSince: null,
          nextAttemptAt: at,
          lastDeliveredAt: null,
        });
      } finally {
        await state.release(lease);
      }
    },
    wake(targetId) {
      if (phase !== 'running') return;
      interest.set(targetId, interest.get(targetId) ?? null);
      enqueue(targetId);
    },
    async deliverAll() {
      const wasIdle = phase === 'idle';
      if (wasIdle) phase = 'running';
      try {
        await sweep();
        while (running.size > 0 || queue.size > 0) await Promise.all([...running.values()]);
      } finally {
        if (wasIdle) phase = 'idle';
      }
    },
  };
}
