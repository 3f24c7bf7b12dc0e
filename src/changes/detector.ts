/**
 * The replica's change detector: finds linked accounts whose poll is due, takes each one's lease, polls it
 * (`account-poll.ts`), stores the new snapshot and the next due time, and tells the bus which children have
 * news. A sweep keeps the schedule equal to the linked accounts (new links enrolled, unlinked ones dropped).
 *
 * With several replicas every one runs a detector over the same {@link DetectorState}: an account is polled
 * by whichever replica claims it first, by one at a time, and a replica that dies holding a lease hands the
 * account over when the lease runs out ({@link DetectorOptions.leaseMs}).
 *
 * Polls run in the background, a few at a time per replica (`maxRunning`), so the detector never competes
 * with the families' own requests for more than that; each diary call still goes through the tenant's rate
 * limit and circuit breaker like any other.
 */
import { randomUUID } from 'node:crypto';
import { POLLED_RESOURCES, type PolledResource } from '../config/change-polling.js';
import type { ProviderAccount } from '../domain/adapter.js';
import type { Logger } from '../logging/logger.js';
import type { GatewayStore, ProviderAccountRecord } from '../store/store.js';
import { pollAccount, type AccountPollDeps, type AccountPollResult } from './account-poll.js';
import { serializeAccountSnapshot } from './account-snapshot.js';
import type { ChangeBus, ChangeLog, DetectorState, AccountLease } from './ports.js';

/** How one poll ended, as the metric counts it. */
export type PollOutcome = 'ok' | 'failed' | 'lease-lost';

/** What {@link createChangeDetector} needs. */
export interface DetectorOptions extends Omit<AccountPollDeps, 'log'> {
  state: DetectorState;
  log: ChangeLog;
  bus: ChangeBus;
  store: Pick<GatewayStore, 'listAllProviderAccountIds' | 'getProviderAccount'>;
  /** Opens a stored account's credentials. */
  openAccount(record: ProviderAccountRecord): Promise<ProviderAccount>;
  logger: Logger;
  /** Told how every poll ended and how many changes it appended. */
  onPoll?(outcome: PollOutcome, appended: number): void;
  /** How long a claimed account stays this replica's without renewal. @default 60 s */
  leaseMs?: number;
  /** Polls running at once on this replica. @default 4 */
  maxRunning?: number;
  /** How often due accounts are looked for. @default 2 s */
  tickMs?: number;
  /** How often the schedule is matched to the linked accounts. @default 60 s */
  sweepMs?: number;
  /** A newly enrolled account's first poll falls within this long. @default 60 s, or the shortest interval */
  firstPollSpreadMs?: number;
}

/** A running detector. */
export interface ChangeDetector {
  /** Starts the ticks and sweeps (a first sweep at once). */
  start(): void;
  /** Stops looking for work and enrolling links, and waits for the polls (and enrolments) running now. */
  stop(): Promise<void>;
  /**
   * Enrols every linked account, then polls every one of them now, waiting for all (tests, `npm run bench`):
   * every watched resource, or only `resources` (the bench counts what one resource's poll costs).
   */
  pollAll(resources?: readonly PolledResource[]): Promise<void>;
  /**
   * Matches the schedule to the linked accounts now, in the background (after a link: its first poll comes
   * soon). Also before {@link ChangeDetector.start}: a replica that does not poll (`CHANGE_DETECTION=off`)
   * still puts its new links on the schedule the polling replicas share. Not after {@link ChangeDetector.stop}.
   */
  enrolSoon(): void;
}

/** Creates a replica's detector; nothing runs until {@link ChangeDetector.start}. */
export function createChangeDetector(options: DetectorOptions): ChangeDetector {
  const { state, logger } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxRunning = options.maxRunning ?? 4;
  const owner = `${randomUUID()}`;
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  /** `idle` until started (and for good when this replica does not poll); `stopped` once shut down. */
  let phase: 'idle' | 'polling' | 'stopped' = 'idle';
  const nowMs = () => options.now().getTime();

  const sweep = async (): Promise<void> => {
    const linked = new Set(await options.store.listAllProviderAccountIds());
    const scheduled = new Set(await state.scheduled());
    const spread = options.firstPollSpreadMs ?? Math.min(60_000, ...Object.values(options.intervals));
    const random = options.random ?? Math.random;
    const enrol = new Map<string, number>();
    for (const id of linked) if (!scheduled.has(id)) enrol.set(id, nowMs() + Math.round(random() * spread));
    const gone = [...scheduled].filter((id) => !linked.has(id));
    if (enrol.size > 0) await state.enrol(enrol);
    if (gone.length > 0) await state.drop(gone);
  };

  const pollClaimed = async (lease: AccountLease, resources?: ReadonlySet<PolledResource>): Promise<void> => {
    const renewal = setInterval(() => {
      state.renew(lease, leaseMs).catch(() => {});
    }, leaseMs / 3);
    renewal.unref();
    try {
      const record = await options.store.getProviderAccount(lease.accountId);
      if (!record) {
        await state.drop([lease.accountId]);
        return;
      }
      const account = await options.openAccount(record);
      const result = await pollAccount(account, await state.snapshot(record.id), options, resources);
      await finish(lease, result);
    } catch (error) {
      options.onPoll?.('failed', 0);
      logger.warn(
        { err: { name: (error as Error).name, code: (error as { code?: unknown }).code } },
        'a change poll failed',
      );
      await state.complete(lease, null, nowMs() + leaseMs).catch(() => {});
    } finally {
      clearInterval(renewal);
    }
  };

  const finish = async (lease: AccountLease, result: AccountPollResult): Promise<void> => {
    const kept = await state.complete(lease, serializeAccountSnapshot(result.snapshot), result.nextDueAt);
    if (result.notified.length > 0) await options.bus.notify(result.notified);
    options.onPoll?.(!kept ? 'lease-lost' : result.failures.length > 0 ? 'failed' : 'ok', result.appended);
    if (result.failures.length > 0)
      logger.debug({ failures: result.failures }, 'a change poll could not read everything');
  };

  const claimAndPoll = async (
    accountId: string,
    at: number,
    resources?: ReadonlySet<PolledResource>,
  ): Promise<void> => {
    const lease = await state.claim(accountId, owner, at, leaseMs);
    if (lease) await pollClaimed(lease, resources);
  };

  const track = (work: Promise<void>): void => {
    const done = work.catch((error: unknown) =>
      logger.warn({ err: { name: (error as Error).name } }, 'change detection failed'),
    );
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  const tick = async (): Promise<void> => {
    const free = maxRunning - running.size;
    if (phase !== 'polling' || free <= 0) return;
    for (const accountId of await state.due(nowMs(), free)) track(claimAndPoll(accountId, nowMs()));
  };

  const every = (ms: number, work: () => Promise<void>) => {
    const timer = setInterval(() => track(work()), ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    start() {
      if (phase === 'polling') return;
      phase = 'polling';
      track(sweep());
      every(options.tickMs ?? 2_000, tick);
      every(options.sweepMs ?? 60_000, sweep);
    },
    async stop() {
      phase = 'stopped';
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.all([...running]);
    },
    enrolSoon() {
      if (phase !== 'stopped') track(sweep());
    },
    async pollAll(resources = POLLED_RESOURCES) {
      await sweep();
      const ids = await state.scheduled();
      const read = new Set(resources);
      // Claimed as if due far ahead: every account is polled now (the resources asked), whatever the schedule says.
      await Promise.all(ids.map((id) => claimAndPoll(id, Number.MAX_SAFE_INTEGER, read)));
    },
  };
}
