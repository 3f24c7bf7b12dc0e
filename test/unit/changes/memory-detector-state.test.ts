import { describe, expect, it } from 'vitest';
import { createMemoryDetectorState } from '../../../src/changes/memory-detector-state.js';
import { describeDetectorStateContract } from '../../support/detector-state-contract.js';

describeDetectorStateContract('memory detector state', () => {
  let now = 0;
  return {
    state: createMemoryDetectorState({ now: () => now }),
    passTime: async (ms) => void (now += ms),
  };
});

describe('the memory detector state over a document', () => {
  it('should save the schedule and snapshots after each change of them, and never its leases', async () => {
    let changed = 0;
    const state = createMemoryDetectorState({ onChange: () => (changed += 1) });
    await state.enrol(new Map([['acc-1', 10]]));
    await state.enrol(new Map([['acc-1', 20]])); // kept its time: nothing changed
    const lease = (await state.claim('acc-1', 'replica-a', 10, 60_000))!;
    await state.renew(lease, 60_000);
    expect(changed).toBe(1);
    await state.complete(lease, 'snapshot-1', 30);
    await state.drop(['acc-1']);
    await state.drop(['acc-1']);
    expect(changed).toBe(3);
  });

  it('should continue from a document, with no lease held', async () => {
    const before = createMemoryDetectorState();
    await before.enrol(
      new Map([
        ['acc-1', 10],
        ['acc-2', 5],
      ]),
    );
    await before.claim('acc-1', 'replica-a', 10, 60_000);
    const lease = (await before.claim('acc-2', 'replica-a', 10, 60_000))!;
    await before.complete(lease, 'snapshot-2', 50);

    const after = createMemoryDetectorState({ initial: before.toDocument() });
    expect(await after.due(50, 10)).toEqual(['acc-1', 'acc-2']);
    expect(await after.snapshot('acc-2')).toBe('snapshot-2');
    expect(await after.claim('acc-1', 'replica-b', 50, 60_000)).not.toBeNull();
  });
});
