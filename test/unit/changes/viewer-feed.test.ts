/**
 * The viewer's change feed over the children's logs: pages after a cursor, merged across children, mapped
 * to the viewer's students, and the live follower that reads each announced child's log after its own
 * position (so notices lost, repeated or for other families change nothing).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryChangeBus } from '../../../src/changes/memory-change-bus.js';
import { createMemoryChangeLog } from '../../../src/changes/memory-change-log.js';
import type { ChangeBus } from '../../../src/changes/ports.js';
import { decodeCursor, encodeCursor } from '../../../src/changes/feed-cursor.js';
import { followChanges, readFeedPage, type VisibleChildren } from '../../../src/changes/viewer-feed.js';
import type { DetectedChange, ListedChange } from '../../../src/domain/changes.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { russianMessage } from '../../../src/errors/messages-ru.js';
import { createLogger } from '../../../src/logging/logger.js';
import { fivePoint, grade } from '../../support/change-fixtures.js';

const ANYA = 'stu_AAAAAAAAAAAAAAAAAAAAAA';
const ANYA_IN_ELJUR = 'stu_BBBBBBBBBBBBBBBBBBBBBB';
const PETYA = 'stu_CCCCCCCCCCCCCCCCCCCCCC';
const STRANGER = 'stu_DDDDDDDDDDDDDDDDDDDDDD';

/** Anya is one student known to two diaries; Petya is her brother. */
const FAMILY: VisibleChildren = new Map([
  [ANYA, ANYA],
  [ANYA_IN_ELJUR, ANYA],
  [PETYA, PETYA],
]);

let serial = 0;
function newMark(childId: string, raw = '5'): DetectedChange {
  serial += 1;
  const mark = grade({ id: `mark-${serial}`, value: fivePoint(raw) });
  return {
    type: 'grade',
    id: `chg_${String(serial).padStart(22, '0')}`,
    kind: 'GRADE_ADDED',
    childId,
    provider: 'MESH',
    detectedAt: '2026-11-23T12:00:00+03:00',
    grade: mark,
    previous: null,
  };
}

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the feed cursor', () => {
  it('should name each child by its position and read back only the children the viewer sees', () => {
    const cursor = encodeCursor(
      new Map([
        [ANYA, '17-0'],
        [STRANGER, '18-2'],
      ]),
    );
    expect(cursor).toMatch(/^c1\./);
    expect(cursor).not.toContain(ANYA);
    expect(decodeCursor(cursor, [ANYA, PETYA])).toEqual(new Map([[ANYA, '17-0']]));
  });

  it.each([
    ['another version', 'c2.AAAAAAAAAAAAAAAA~1-0'],
    ['a short key', 'c1.AAAA~1-0'],
    ['a position that is not one', 'c1.AAAAAAAAAAAAAAAA~yesterday'],
    ['a key twice', 'c1.AAAAAAAAAAAAAAAA~1-0.AAAAAAAAAAAAAAAA~2-0'],
    ['an extra part', 'c1.AAAAAAAAAAAAAAAA~1-0~2'],
    ['too long a text', `c1.${'AAAAAAAAAAAAAAAA~1-0.'.repeat(300)}`],
  ])('should refuse %s with BAD_USER_INPUT on `since`, in Russian too', (_what, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor, [ANYA]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).toExtensions()).toEqual({ code: 'BAD_USER_INPUT', argument: 'since' });
    expect(russianMessage(thrown as GatewayError)).toContain('ленте изменений');
  });
});

describe('a page of the feed', () => {
  it('should merge the children in detection order, each as the viewer`s student, and leave other families out', async () => {
    const time = clock();
    const log = createMemoryChangeLog({ now: time.now });
    const first = newMark(PETYA);
    const second = newMark(ANYA_IN_ELJUR);
    const foreign = newMark(STRANGER);
    await log.append(PETYA, [first]);
    time.advance(5);
    await log.append(ANYA_IN_ELJUR, [second]);
    await log.append(STRANGER, [foreign]);

    const page = await readFeedPage(log, FAMILY, null, 100);
    expect(page.changes.map((change) => [change.id, change.studentId])).toEqual([
      [first.id, PETYA],
      [second.id, ANYA],
    ]);
    expect(page.hasMore).toBe(false);
    expect(page.isComplete).toBe(true);
    expect(page.cursor).toBe(page.changes[1]!.cursor);
  });

  it('should page exactly: every change once, in order, whatever is appended between the pages', async () => {
    const time = clock();
    const log = createMemoryChangeLog({ now: time.now });
    const appended: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const change = newMark(index % 2 === 0 ? ANYA : PETYA);
      appended.push(change.id);
      await log.append(change.childId, [change]);
      time.advance(1);
    }
    const first = await readFeedPage(log, FAMILY, null, 2);
    expect(first.hasMore).toBe(true);
    const late = newMark(PETYA);
    await log.append(PETYA, [late]);
    appended.push(late.id);
    const seen = first.changes.map((change) => change.id);
    let cursor = first.cursor;
    for (let page = await readFeedPage(log, FAMILY, cursor, 2); ; page = await readFeedPage(log, FAMILY, cursor, 2)) {
      seen.push(...page.changes.map((change) => change.id));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(appended);
    expect((await readFeedPage(log, FAMILY, cursor, 2)).changes).toEqual([]);
  });

  it('should say the feed is incomplete when changes after the cursor were dropped', async () => {
    const time = clock();
    const log = createMemoryChangeLog({ now: time.now, maxPerChild: 2 });
    await log.append(ANYA, [newMark(ANYA)]);
    const { cursor } = await readFeedPage(log, FAMILY, null, 100);
    time.advance(1);
    await log.append(ANYA, [newMark(ANYA), newMark(ANYA), newMark(ANYA)]);
    const page = await readFeedPage(log, FAMILY, cursor, 100);
    expect(page.isComplete).toBe(false);
    expect(page.changes).toHaveLength(2);
  });

  it('should refuse `first` outside 1–200', async () => {
    const log = createMemoryChangeLog();
    await expect(readFeedPage(log, FAMILY, null, 0)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(readFeedPage(log, FAMILY, null, 201)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

/** A follower with a handle to stop it and what it delivered so far. */
function follow(options: {
  log: ReturnType<typeof createMemoryChangeLog>;
  bus: ChangeBus;
  since?: string | null;
  visible?: () => VisibleChildren;
}) {
  const stopper = new AbortController();
  const delivered: ListedChange[] = [];
  const iterator = followChanges({
    log: options.log,
    bus: options.bus,
    since: options.since ?? null,
    signal: stopper.signal,
    visibleChildren: async () => options.visible?.() ?? FAMILY,
  });
  const done = (async () => {
    for await (const change of iterator) delivered.push(change);
  })();
  return { delivered, stop: () => stopper.abort(), done };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A bus whose notices can be lost, and whose gap can be announced. */
function lossyBus(): ChangeBus & { lose: boolean; gap(): void } {
  const listeners = new Set<{ onChildren: (ids: readonly string[]) => void; onGap: () => void }>();
  return {
    lose: false,
    async notify(childIds) {
      if (this.lose) return;
      for (const listener of listeners) listener.onChildren(childIds);
    },
    listen(onChildren, onGap) {
      const listener = { onChildren, onGap };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    gap() {
      for (const listener of listeners) listener.onGap();
    },
    async close() {},
  };
}

describe('following the feed', () => {
  it('should start after what is kept without `since`, and deliver each new change once even when told twice', async () => {
    const log = createMemoryChangeLog();
    const bus = createMemoryChangeBus({ logger: createLogger('silent') });
    await log.append(ANYA, [newMark(ANYA)]);
    const follower = follow({ log, bus });
    await settle();
    const fresh = newMark(ANYA);
    await log.append(ANYA, [fresh]);
    await bus.notify([ANYA]);
    await bus.notify([ANYA, ANYA]);
    await settle();
    follower.stop();
    await follower.done;
    expect(follower.delivered.map((change) => change.id)).toEqual([fresh.id]);
    expect(follower.delivered[0]!.studentId).toBe(ANYA);
  });

  it('should replay what is kept after `since` first, then go on live', async () => {
    const log = createMemoryChangeLog();
    const bus = createMemoryChangeBus({ logger: createLogger('silent') });
    const seen = newMark(PETYA);
    await log.append(PETYA, [seen]);
    const { cursor } = await readFeedPage(log, FAMILY, null, 100);
    const missed = newMark(PETYA);
    await log.append(PETYA, [missed]);
    const follower = follow({ log, bus, since: cursor });
    await settle();
    const live = newMark(ANYA);
    await log.append(ANYA, [live]);
    await bus.notify([ANYA]);
    await settle();
    follower.stop();
    await follower.done;
    expect(follower.delivered.map((change) => change.id)).toEqual([missed.id, live.id]);
  });

  it('should catch up after the bus says notices may have been lost', async () => {
    const log = createMemoryChangeLog();
    const bus = lossyBus();
    const follower = follow({ log, bus });
    await settle();
    bus.lose = true;
    const lost = newMark(PETYA);
    await log.append(PETYA, [lost]);
    await bus.notify([PETYA]);
    await settle();
    expect(follower.delivered).toEqual([]);
    bus.gap();
    await settle();
    follower.stop();
    await follower.done;
    expect(follower.delivered.map((change) => change.id)).toEqual([lost.id]);
  });

  it('should deliver nothing of a child the viewer may no longer see', async () => {
    const log = createMemoryChangeLog();
    const bus = createMemoryChangeBus({ logger: createLogger('silent') });
    let visible: VisibleChildren = FAMILY;
    const follower = follow({ log, bus, visible: () => visible });
    await settle();
    visible = new Map([[ANYA, ANYA]]);
    await log.append(PETYA, [newMark(PETYA)]);
    await bus.notify([PETYA]);
    await settle();
    follower.stop();
    await follower.done;
    expect(follower.delivered).toEqual([]);
  });

  it('should end at once when stopped while waiting', async () => {
    const log = createMemoryChangeLog();
    const bus = createMemoryChangeBus({ logger: createLogger('silent') });
    const follower = follow({ log, bus });
    await settle();
    follower.stop();
    await expect(Promise.race([follower.done.then(() => 'ended'), settle().then(() => 'waiting')])).resolves.toBe(
      'ended',
    );
  });
});
