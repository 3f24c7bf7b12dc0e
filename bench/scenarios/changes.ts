/**
 * The change scenarios of issue 16, in order: what each poll costs the diaries (and so an hour at the
 * default schedule), the delay from a change to a subscriber with the cross-check of the calls, and
 * memory and fan-out at 1,000 subscribers. Each runs on a gateway of its own with detection as it needs;
 * the subscribers' process (core 0, beside the load generator) is started here and stopped at the end.
 * Replay must be off: the marks entered live in the simulators, not in stored answers.
 */
import { startSubscribers } from '../changes-timing.js';
import { setReplay, type Harness } from '../harness.js';
import { measurePollCosts, type PollCostsResult } from './change-costs.js';
import { measureDelivery, type DeliveryResult } from './change-delivery.js';
import { measureSubscribers, type SubscribersResult } from './change-subscribers.js';

/** Everything the change scenarios measured. */
export interface ChangesResult {
  costs: PollCostsResult;
  delivery: DeliveryResult;
  subscribers: SubscribersResult;
}

/** Runs the change scenarios. */
export async function measureChanges(harness: Harness): Promise<ChangesResult> {
  const { settings } = harness;
  await setReplay(harness, false);
  const subscribers = await startSubscribers(harness);
  try {
    const costs = await measurePollCosts(harness);
    const delivery = await measureDelivery(harness, subscribers, costs, {
      marks: settings.changeMarks,
      windowMs: settings.changeWindowS * 1000,
      gradesEffectiveMs: settings.changeGradesIntervalS * 1000,
    });
    const fanOut = await measureSubscribers(harness, subscribers, {
      sockets: settings.changeSubscribers,
      socketsPerSession: settings.changeSocketsPerSession,
      memorySamples: settings.memorySamples,
    });
    return { costs, delivery, subscribers: fanOut };
  } finally {
    await subscribers.child.stop();
  }
}
