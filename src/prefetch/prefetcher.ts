/**
 * When structure prefetches run (`family-structure.ts` says what one reads): in the background after a
 * sign-in or a link, never delaying the answer that triggered it; a few at a time per replica; once per
 * user per minute for sign-ins (a parent signing in on two devices, or twice, prefetches once); and after
 * every link (the new account is not in a run that started before it was stored).
 */
import type { Logger } from '../logging/logger.js';
import type { PrefetchReport } from './family-structure.js';

/** How one triggered prefetch ended, as the metric counts it. */
export type PrefetchOutcome = 'ok' | 'failed' | 'skipped';

/** What started a prefetch. */
export type PrefetchReason = 'sign-in' | 'link';

/** What {@link createStructurePrefetcher} needs. */
export interface StructurePrefetcherOptions {
  /** One prefetch of a user's family (`prefetchFamilyStructure` with its dependencies). */
  prefetch(userId: string): Promise<PrefetchReport>;
  /** `PREFETCH_STRUCTURE`: whether sign-ins and links start one (`run` works either way). */
  enabled: boolean;
  logger: Logger;
  /** Told how every prefetch ended (`failed`: some read failed, or the prefetch itself). */
  onOutcome?(outcome: PrefetchOutcome): void;
  /** Milliseconds, for the sign-in window. @default Date.now */
  now?: () => number;
  /** A user's sign-ins within this window prefetch once. @default 60000 */
  signInWindowMs?: number;
  /** Prefetches running at once on this replica; more wait for a turn. @default 4 */
  maxRunning?: number;
  /** Prefetches waiting for a turn; one triggered beyond that is skipped. @default 1000 */
  maxWaiting?: number;
  /** Users whose last sign-in prefetch is remembered; the oldest are forgotten first. @default 10000 */
  maxRemembered?: number;
}

/** The replica's prefetcher. */
export interface StructurePrefetcher {
  /** Starts a prefetch in the background (when enabled, and not deduplicated); returns at once, never throws. */
  trigger(userId: string, reason: PrefetchReason): void;
  /** Prefetches now (joining one in flight for the user) and resolves when it ended; never rejects. */
  run(userId: string): Promise<void>;
}

/** Creates a replica's prefetcher. */
export function createStructurePrefetcher(options: StructurePrefetcherOptions): StructurePrefetcher {
  const { logger, now = Date.now, signInWindowMs = 60_000, maxRemembered = 10_000 } = options;
  const turns = createTurns(options.maxRunning ?? 4, options.maxWaiting ?? 1000);
  const inFlight = new Map<string, Promise<void>>();
  const lastSignIn = new Map<string, number>();

  const report = (outcome: PrefetchOutcome) => options.onOutcome?.(outcome);
  const once = async (userId: string): Promise<void> => {
    if (!(await turns.take())) {
      report('skipped');
      logger.warn('a structure prefetch was skipped: too many are waiting on this replica');
      return;
    }
    try {
      const result = await options.prefetch(userId);
      report(result.failures.length > 0 ? 'failed' : 'ok');
      // Counts and codes only: which family it was is no one's business in a log line.
      const summary = { accounts: result.accounts, children: result.children, failures: result.failures };
      logger.debug(summary, 'prefetched a family structure');
    } catch (error) {
      report('failed');
      logger.warn(
        { err: { name: (error as Error).name, code: (error as { code?: unknown }).code } },
        'a structure prefetch failed',
      );
    } finally {
      turns.give();
    }
  };
  const start = (userId: string): Promise<void> => {
    const running = inFlight.get(userId);
    if (running) return running;
    const started = once(userId).finally(() => inFlight.delete(userId));
    inFlight.set(userId, started);
    return started;
  };
  const isRepeatedSignIn = (userId: string): boolean => {
    const at = now();
    const last = lastSignIn.get(userId);
    if (last !== undefined && at - last < signInWindowMs) return true;
    // Re-inserted, so the map's order is by last sign-in and the oldest goes first when it is full.
    lastSignIn.delete(userId);
    lastSignIn.set(userId, at);
    if (lastSignIn.size > maxRemembered) lastSignIn.delete(lastSignIn.keys().next().value!);
    return false;
  };

  return {
    trigger(userId, reason) {
      if (!options.enabled) return;
      if (reason === 'sign-in') {
        if (!isRepeatedSignIn(userId)) void start(userId);
        return;
      }
      // A run already going may have listed the accounts before this link was stored: one more after it.
      const previous = inFlight.get(userId);
      if (previous) void previous.then(() => start(userId));
      else void start(userId);
    },
    run: start,
  };
}

/** At most `maxRunning` at once, at most `maxWaiting` in line; `take` resolves `false` when the line is full. */
function createTurns(maxRunning: number, maxWaiting: number): { take(): Promise<boolean>; give(): void } {
  let running = 0;
  const line: (() => void)[] = [];
  return {
    async take() {
      if (running < maxRunning) {
        running += 1;
        return true;
      }
      if (line.length >= maxWaiting) return false;
      // The turn is handed over by `give`, so `running` stays as it is.
      await new Promise<void>((resolve) => line.push(resolve));
      return true;
    },
    give() {
      const next = line.shift();
      if (next) next();
      else running -= 1;
    },
  };
}
