/**
 * When structure prefetches run (src/prefetch/prefetcher.ts): in the background, once per user per minute for
 * sign-ins, after every link, a few at a time, and never with an error reaching whoever triggered one.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import type { PrefetchReport } from '../../../src/prefetch/family-structure.js';
import {
  createStructurePrefetcher,
  type PrefetchOutcome,
  type StructurePrefetcherOptions,
} from '../../../src/prefetch/prefetcher.js';
import { captureLogs } from '../../support/logs.js';

const DONE: PrefetchReport = { accounts: 1, children: 2, failures: [] };

/** A prefetch each call of which waits until the test lets it end; records who it ran for. */
function gatedPrefetch() {
  const started: string[] = [];
  const pending: ((report: PrefetchReport) => void)[] = [];
  return {
    started,
    prefetch: (userId: string) =>
      new Promise<PrefetchReport>((resolve) => {
        started.push(userId);
        pending.push(resolve);
      }),
    /** Ends the oldest running prefetch with `report`. */
    finishOne: async (report: PrefetchReport = DONE) => {
      await settle();
      pending.shift()!(report);
      await settle();
    },
  };
}

/** Lets every promise callback queued so far run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function prefetcherWith(options: Partial<StructurePrefetcherOptions> & Pick<StructurePrefetcherOptions, 'prefetch'>) {
  const outcomes: PrefetchOutcome[] = [];
  const logs = captureLogs();
  let clock = 1_000_000;
  const prefetcher = createStructurePrefetcher({
    enabled: true,
    logger: createLogger('debug', logs.stream),
    onOutcome: (outcome) => outcomes.push(outcome),
    now: () => clock,
    ...options,
  });
  return { prefetcher, outcomes, logs: logs.text, advance: (ms: number) => (clock += ms) };
}

describe('structure prefetcher', () => {
  it('should prefetch once for sign-ins of one user within a minute, and again after it', async () => {
    const gate = gatedPrefetch();
    const { prefetcher, advance } = prefetcherWith({ prefetch: gate.prefetch });
    prefetcher.trigger('user-1', 'sign-in');
    await gate.finishOne();
    advance(59_000);
    prefetcher.trigger('user-1', 'sign-in');
    prefetcher.trigger('user-2', 'sign-in');
    await settle();
    expect(gate.started).toEqual(['user-1', 'user-2']);
    await gate.finishOne();
    advance(1_000);
    prefetcher.trigger('user-1', 'sign-in');
    await settle();
    expect(gate.started).toEqual(['user-1', 'user-2', 'user-1']);
  });

  it('should prefetch after a link even within the minute, after the run in flight (which may predate the link)', async () => {
    const gate = gatedPrefetch();
    const { prefetcher } = prefetcherWith({ prefetch: gate.prefetch });
    prefetcher.trigger('user-1', 'sign-in');
    prefetcher.trigger('user-1', 'link');
    await settle();
    expect(gate.started).toEqual(['user-1']);
    await gate.finishOne();
    expect(gate.started).toEqual(['user-1', 'user-1']);
  });

  it('should start nothing when switched off, yet prefetch on demand', async () => {
    const gate = gatedPrefetch();
    const { prefetcher } = prefetcherWith({ prefetch: gate.prefetch, enabled: false });
    prefetcher.trigger('user-1', 'sign-in');
    prefetcher.trigger('user-1', 'link');
    await settle();
    expect(gate.started).toEqual([]);
    const run = prefetcher.run('user-1');
    // Asked again while it runs: the same run.
    const again = prefetcher.run('user-1');
    await settle();
    expect(gate.started).toEqual(['user-1']);
    await gate.finishOne();
    await expect(Promise.all([run, again])).resolves.toEqual([undefined, undefined]);
  });

  it('should run at most maxRunning at once, queue up to maxWaiting and skip the rest', async () => {
    const gate = gatedPrefetch();
    const { prefetcher, outcomes } = prefetcherWith({ prefetch: gate.prefetch, maxRunning: 2, maxWaiting: 1 });
    for (const user of ['a', 'b', 'c', 'd']) prefetcher.trigger(user, 'sign-in');
    await settle();
    expect(gate.started).toEqual(['a', 'b']);
    expect(outcomes).toEqual(['skipped']);
    await gate.finishOne();
    expect(gate.started).toEqual(['a', 'b', 'c']);
    await gate.finishOne();
    await gate.finishOne();
    expect(outcomes).toEqual(['skipped', 'ok', 'ok', 'ok']);
  });

  it('should count a prefetch with failed reads or one that threw as failed, log no user, and never reject', async () => {
    let calls = 0;
    const { prefetcher, outcomes, logs } = prefetcherWith({
      prefetch: () => {
        calls += 1;
        return calls === 1
          ? Promise.resolve({ accounts: 2, children: 3, failures: ['PROVIDER_TIMEOUT'] })
          : Promise.reject(Object.assign(new Error('store down for user-secret-id'), { code: 'STORE_UNAVAILABLE' }));
      },
    });
    await prefetcher.run('user-secret-id');
    await expect(prefetcher.run('user-secret-id')).resolves.toBeUndefined();
    expect(outcomes).toEqual(['failed', 'failed']);
    expect(logs()).toContain('PROVIDER_TIMEOUT');
    expect(logs()).toContain('STORE_UNAVAILABLE');
    expect(logs()).not.toContain('user-secret-id');
  });

  it('should forget the oldest sign-ins beyond maxRemembered', async () => {
    const gate = gatedPrefetch();
    const { prefetcher } = prefetcherWith({ prefetch: gate.prefetch, maxRemembered: 2 });
    for (const user of ['a', 'b', 'c']) {
      prefetcher.trigger(user, 'sign-in');
      await gate.finishOne();
    }
    // "a" was forgotten to keep two; "c" is remembered.
    prefetcher.trigger('a', 'sign-in');
    prefetcher.trigger('c', 'sign-in');
    await settle();
    expect(gate.started).toEqual(['a', 'b', 'c', 'a']);
  });
});
