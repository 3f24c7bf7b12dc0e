/**
 * The delivery engine over the in-process change log, bus and delivery state, with a transport that keeps
 * what it is handed and answers as a test says (the engine's port, as Web Push will implement it too): where
 * a new target starts, the bound of one run, back-off and turning a target off after its patience, `gone`,
 * a lease another replica holds, and the order across children.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryChangeBus } from '../../../src/changes/memory-change-bus.js';
import { createMemoryChangeLog } from '../../../src/changes/memory-change-log.js';
import { createDeliveryEngine } from '../../../src/deliveries/delivery-engine.js';
import { createMemoryDeliveryState } from '../../../src/deliveries/memory-delivery-state.js';
import type {
  DeliveryOutcome,
  DeliveryTarget,
  DeliveryTransport,
  TargetRegistry,
} from '../../../src/deliveries/ports.js';
import type { DetectedChange, ListedChange } from '../../../src/domain/changes.js';
import { createLogger } from '../../../src/logging/logger.js';
import { fivePoint, grade } from '../../support/change-fixtures.js';

const ANYA = 'stu_AAAAAAAAAAAAAAAAAAAAAA';
const PETYA = 'stu_CCCCCCCCCCCCCCCCCCCCCC';
const DAY = 86_400_000;

let serial = 0;
function mark(childId: string): DetectedChange {
  serial += 1;
  return {
    type: 'grade',
    id: `chg_${String(serial).padStart(22, '0')}`,
    kind: 'GRADE_ADDED',
    childId,
    provider: 'MESH',
    detectedAt: '2026-11-23T12:00:00+03:00',
    grade: grade({ id: `mark-${serial}`, value: fivePoint('5') }),
    previous: null,
  };
}

/** A world of one viewer, one target, and a transport answering `answer`. */
function world(options: { maxPerRun?: number; maxBatch?: number } = {}) {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const log = createMemoryChangeLog({ now: clock });
  const state = createMemoryDeliveryState({ now: clock });
  const handed: ListedChange[][] = [];
  let answer: (changes: readonly ListedChange[]) => DeliveryOutcome = () => ({ kind: 'delivered', status: 204 });
  const transport: DeliveryTransport<DeliveryTarget> = {
    name: 'test',
    maxBatch: options.maxBatch ?? 1,
    async deliver(_target, changes) {
      handed.push([...changes]);
      return answer(changes);
    },
  };
  const targets = new Map<string, DeliveryTarget>([['t1', { id: 't1', ownerUserId: 'u1', enabled: true }]]);
  const events: string[] = [];
  const registry: TargetRegistry<DeliveryTarget> = {
    allIds: async () => [...targets.keys()],
    get: async (id) => targets.get(id) ?? null,
    forget: async (id) => void events.push(`forget ${id}`),
    disable: async (id) => void events.push(`disable ${id}`),
  };
  const engine = createDeliveryEngine({
    transport,
    registry,
    state,
    log,
    bus: createMemoryChangeBus({ logger: createLogger('silent') }),
    visibleChildren: async () =>
      new Map([
        [ANYA, ANYA],
        [PETYA, PETYA],
      ]),
    logger: createLogger('silent'),
    now: clock,
    random: () => 1,
    maxPerRun: options.maxPerRun ?? 50,
  });
  return {
    engine,
    log,
    state,
    handed,
    events,
    delivered: () => handed.flat().map((change) => change.id),
    answer: (next: typeof answer) => void (answer = next),
    advance: (ms: number) => void (now += ms),
    now: clock,
  };
}

describe('the delivery engine', () => {
  it('should start a new target after what was already kept, then deliver in detection order', async () => {
    const w = world();
    await w.log.append(ANYA, [mark(ANYA)]);
    await w.engine.begin({ id: 't1', ownerUserId: 'u1', enabled: true });
    const [a1] = await w.log.append(ANYA, [mark(ANYA)]);
    w.advance(5);
    const [p1] = await w.log.append(PETYA, [mark(PETYA)]);
    w.advance(5);
    const [a2] = await w.log.append(ANYA, [mark(ANYA)]);
    await w.engine.deliverAll();
    expect(w.delivered()).toEqual([a1!.id, p1!.id, a2!.id]);
    expect(w.handed.every((batch) => batch.length === 1)).toBe(true);
    await w.engine.deliverAll();
    expect(w.handed).toHaveLength(3);
  });

  it('should deliver at most `maxPerRun` changes in one run, making way, and the rest after', async () => {
    const w = world({ maxPerRun: 2 });
    await w.engine.begin({ id: 't1', ownerUserId: 'u1', enabled: true });
    await w.log.append(ANYA, [mark(ANYA), mark(ANYA), mark(ANYA), mark(ANYA), mark(ANYA)]);
    await w.engine.deliverAll();
    expect(w.handed).toHaveLength(5);
  });

  it('should back off after a failure, try the same change again, and keep the order', async () => {
    const w = world();
    await w.engine.begin({ id: 't1', ownerUserId: 'u1', enabled: true });
    const [first, second] = await w.log.append(ANYA, [mark(ANYA), mark(ANYA)]);
    w.answer(() => ({ kind: 'retry', reason: 'http_500', status: 500 }));
    await w.engine.deliverAll();
    expect(w.delivered()).toEqual([first!.id]);
    expect((await w.state.progress('t1'))!.nextAttemptAt).toBe(w.now() + 10_000);
    await w.engine.deliverAll(); // still in its back-off
    expect(w.handed).toHaveLength(1);
    w.advance(10_000);
    w.answer(() => ({ kind: 'delivered' }));
    await w.engine.deliverAll();
    expect(w.delivered()).toEqual([first!.id, first!.id, second!.id]);
    const { attempts } = await w.state.attempts('t1', null, 10, w.now());
    expect(attempts.map((a) => [a.changeId, a.attempt, a.outcome])).toEqual([
      [second!.id, 1, 'DELIVERED'],
      [first!.id, 2, 'DELIVERED'],
      [first!.id, 1, 'FAILED'],
    ]);
  });

  it('should turn a target off once it has failed for three days, and forget one that is gone', async () => {
    const w = world();
    await w.engine.begin({ id: 't1', ownerUserId: 'u1', enabled: true });
    await w.log.append(ANYA, [mark(ANYA)]);
    w.answer(() => ({ kind: 'retry', reason: 'timeout' }));
    await w.engine.deliverAll();
    w.advance(3 * DAY - 1);
    await w.engine.deliverAll();
    expect(w.events).toEqual([]);
    w.advance(DAY);
    await w.engine.deliverAll();
    expect(w.events).toEqual(['disable t1']);
    w.advance(DAY);
    w.answer(() => ({ kind: 'gone', reason: 'http_410', status: 410 }));
    await w.engine.deliverAll();
    expect(w.events).toEqual(['disable t1', 'forget t1']);
  });

  it('should leave a target another replica holds alone', async () => {
    const w = world();
    await w.engine.begin({ id: 't1', ownerUserId: 'u1', enabled: true });
    await w.log.append(ANYA, [mark(ANYA)]);
    const other = await w.state.claim('t1', 'another-replica', 60_000);
    await w.engine.deliverAll();
    expect(w.handed).toEqual([]);
    await w.state.release(other!);
    await w.engine.deliverAll();
    expect(w.handed).toHaveLength(1);
  });
});
