/**
 * The detector's enrolment after a link (`ChangeDetector.enrolSoon`): the schedule is every replica's, so
 * a replica that does not poll (`CHANGE_DETECTION=off`, a detector never started) still puts a new link on
 * it for the replicas that do; a detector stopped (the gateway shutting down) touches nothing. The
 * replicas' side of it: test/integration/change-replicas.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createChangeDetector } from '../../../src/changes/detector.js';
import { createMemoryChangeBus } from '../../../src/changes/memory-change-bus.js';
import { createMemoryChangeLog } from '../../../src/changes/memory-change-log.js';
import { createMemoryDetectorState } from '../../../src/changes/memory-detector-state.js';
import { DEFAULT_POLL_INTERVALS } from '../../../src/config/change-polling.js';
import { createLogger } from '../../../src/logging/logger.js';

const NOW = Date.parse('2026-11-18T10:00:00+03:00');

/** A detector over linked accounts `linked`, never polling in these tests. */
function detectorOver(linked: string[]) {
  const state = createMemoryDetectorState({ now: () => NOW });
  const logger = createLogger('silent');
  const noPolls = () => {
    throw new Error('nothing is polled in these tests');
  };
  const detector = createChangeDetector({
    state,
    log: createMemoryChangeLog({ now: () => NOW }),
    bus: createMemoryChangeBus({ logger }),
    store: { listAllProviderAccountIds: async () => linked, getProviderAccount: async () => null },
    openAccount: noPolls,
    loaderSet: noPolls,
    childId: noPolls,
    intervals: DEFAULT_POLL_INTERVALS,
    now: () => new Date(NOW),
    logger,
  });
  return { detector, state };
}

describe('the change detector after a link', () => {
  it('should put the new link on the schedule though this replica does not poll', async () => {
    const { detector, state } = detectorOver(['acc-1']);
    detector.enrolSoon();
    await detector.stop(); // waits for the work in the background
    expect(await state.scheduled()).toEqual(['acc-1']);
  });

  it('should put nothing on the schedule once stopped', async () => {
    const { detector, state } = detectorOver(['acc-1']);
    await detector.stop();
    detector.enrolSoon();
    await detector.stop();
    expect(await state.scheduled()).toEqual([]);
  });
});
