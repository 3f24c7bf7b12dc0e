/**
 * The change log contract (`ChangeLog`, src/changes/ports.ts), as a suite every implementation passes: run it
 * from a test file with a factory that opens an empty log on the clock and limits it is given. The clock
 * is the log's own (`now`), so retention is tested by moving it, never by waiting.
 *
 * Positions are compared with `comparePositions`, never as strings, and the suite pins their spelling
 * (`<ms>-<seq>`) so the in-process log and the Redis one stay interchangeable.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeLog } from '../../src/changes/ports.js';
import { comparePositions } from '../../src/changes/positions.js';
import { ChangeStateError } from '../../src/changes/change-state-error.js';
import type { DetectedChange } from '../../src/domain/changes.js';

/** What the suite asks of a log it opens. */
export interface ChangeLogSetup {
  now: () => number;
  retentionMs?: number;
  maxPerChild?: number;
}

/** Opens an empty log with `setup`. */
export type OpenChangeLog = (setup: ChangeLogSetup) => ChangeLog | Promise<ChangeLog>;

const DAY = 24 * 60 * 60 * 1000;
/** 2023-11-14T22:13:20Z: a clock far from 0, so a retention window never reaches before the epoch. */
export const T0 = 1_700_000_000_000;

/** A complete change (an absence recorded) of `childId` with id `chg_<name>`. */
export function absenceChange(name: string, childId = 'child-1'): DetectedChange {
  return {
    type: 'absence',
    kind: 'ABSENCE_RECORDED',
    id: `chg_${name}`,
    childId,
    provider: 'MESH',
    detectedAt: '2026-11-16T09:30:00+03:00',
    absence: { date: '2026-11-16', lesson: null, kind: 'ABSENCE', reason: null, provider: 'MESH' },
  };
}

const changes = (...names: string[]) => names.map((name) => absenceChange(name));
const ids = (logged: readonly { id: string }[]) => logged.map((change) => change.id.slice('chg_'.length));
const positions = (logged: readonly { position: string }[]) => logged.map((change) => change.position);

/** A log on a clock the test moves. */
async function openOnClock(open: OpenChangeLog, limits: Omit<ChangeLogSetup, 'now'> = {}) {
  const clock = { now: T0 };
  const log = await open({ now: () => clock.now, ...limits });
  return { log, clock };
}

/** Registers the contract's tests for the log `open` makes. */
export function describeChangeLogContract(name: string, open: OpenChangeLog): void {
  describe(`${name}: the ChangeLog contract`, () => {
    describe('append', () => {
      it('should append in the given order, each at a position after the one before', async () => {
        const { log } = await openOnClock(open);
        const appended = await log.append('child-1', changes('a', 'b', 'c'));
        expect(appended).toEqual(
          changes('a', 'b', 'c').map((change, seq) => ({ ...change, position: `${T0}-${seq}` })),
        );
        const page = await log.read('child-1', null, 10);
        expect(page).toEqual({ changes: appended, complete: true });
        expect(await log.head('child-1')).toBe(`${T0}-2`);
      });

      it('should make positions that only grow, even when the clock stands still or goes back', async () => {
        const { log, clock } = await openOnClock(open);
        const made: string[] = [];
        made.push(...positions(await log.append('child-1', changes('a'))));
        clock.now = T0 - 60_000;
        made.push(...positions(await log.append('child-1', changes('b'))));
        clock.now = T0 - 120_000;
        made.push(...positions(await log.append('child-1', changes('c'))));
        clock.now = T0 + 5;
        made.push(...positions(await log.append('child-1', changes('d'))));
        expect(made).toEqual([`${T0}-0`, `${T0}-1`, `${T0}-2`, `${T0 + 5}-0`]);
        expect([...made].sort(comparePositions)).toEqual(made);
        expect(positions((await log.read('child-1', null, 10)).changes)).toEqual(made);
      });

      it('should skip a change whose id the log holds, within one append and across appends', async () => {
        const { log } = await openOnClock(open);
        expect(ids(await log.append('child-1', changes('a', 'a', 'b')))).toEqual(['a', 'b']);
        const again = await log.append('child-1', changes('b', 'c'));
        expect(ids(again)).toEqual(['c']);
        expect(positions(again)).toEqual([`${T0}-2`]);
        expect(await log.append('child-1', changes('a', 'c'))).toEqual([]);
        expect(ids((await log.read('child-1', null, 10)).changes)).toEqual(['a', 'b', 'c']);
      });

      it('should append a change once when the same change is appended twice at the same moment', async () => {
        const { log } = await openOnClock(open);
        const both = await Promise.all([
          log.append('child-1', changes('a', 'b')),
          log.append('child-1', changes('b', 'a')),
        ]);
        expect(
          both
            .flat()
            .map((change) => change.id)
            .sort(),
        ).toEqual(['chg_a', 'chg_b']);
        expect(positions((await log.read('child-1', null, 10)).changes)).toEqual([`${T0}-0`, `${T0}-1`]);
      });

      it('should keep each child’s log apart: its own positions, its own ids', async () => {
        const { log } = await openOnClock(open);
        await log.append('child-1', changes('a', 'b'));
        const other = await log.append('child-2', [absenceChange('a', 'child-2')]);
        expect(positions(other)).toEqual([`${T0}-0`]);
        expect(ids((await log.read('child-2', null, 10)).changes)).toEqual(['a']);
        expect(await log.head('child-2')).toBe(`${T0}-0`);
        expect(await log.head('child-3')).toBeNull();
      });

      it('should resolve with nothing for nothing, and keep nothing', async () => {
        const { log } = await openOnClock(open);
        expect(await log.append('child-1', [])).toEqual([]);
        expect(await log.head('child-1')).toBeNull();
      });

      it('should keep its own copy: changing what was appended or read changes nothing kept', async () => {
        const { log } = await openOnClock(open);
        const original = absenceChange('a');
        const [appended] = await log.append('child-1', [original]);
        original.detectedAt = 'changed';
        appended!.detectedAt = 'changed';
        const [read] = (await log.read('child-1', null, 1)).changes;
        read!.detectedAt = 'changed';
        expect((await log.read('child-1', null, 1)).changes[0]!.detectedAt).toBe('2026-11-16T09:30:00+03:00');
      });
    });

    describe('read', () => {
      it('should read after a position (exclusive), oldest first, at most `limit`', async () => {
        const { log } = await openOnClock(open);
        const all = positions(await log.append('child-1', changes('a', 'b', 'c', 'd', 'e')));
        expect(ids((await log.read('child-1', all[0]!, 2)).changes)).toEqual(['b', 'c']);
        expect(ids((await log.read('child-1', all[2]!, 10)).changes)).toEqual(['d', 'e']);
        expect(ids((await log.read('child-1', null, 2)).changes)).toEqual(['a', 'b']);
        expect(await log.read('child-1', all[4]!, 10)).toEqual({ changes: [], complete: true });
        // A position between two kept ones (never made) reads from the next one.
        expect(ids((await log.read('child-1', `${T0 - 1}-7`, 1)).changes)).toEqual(['a']);
      });

      it('should read an unknown child as empty and complete', async () => {
        const { log } = await openOnClock(open);
        expect(await log.read('nobody', null, 10)).toEqual({ changes: [], complete: true });
        expect(await log.read('nobody', `${T0}-3`, 10)).toEqual({ changes: [], complete: true });
      });

      it('should refuse a malformed position, a limit below 1 and a change of another child', async () => {
        const { log } = await openOnClock(open);
        for (const after of ['', 'abc', '12', '1-2-3', '01-0', '-1-0', '1700000000000-x'])
          await expect(log.read('child-1', after, 10)).rejects.toMatchObject({ code: 'CHANGES_INVALID_ARGUMENT' });
        await expect(log.read('child-1', null, 0)).rejects.toBeInstanceOf(ChangeStateError);
        await expect(log.read('child-1', null, 1.5)).rejects.toMatchObject({ code: 'CHANGES_INVALID_ARGUMENT' });
        await expect(log.append('child-1', [absenceChange('a', 'child-2')])).rejects.toMatchObject({
          code: 'CHANGES_INVALID_ARGUMENT',
        });
        expect(await log.head('child-1')).toBeNull();
      });
    });

    describe('retention', () => {
      it('should drop changes past the window, and say a read missed some only when one after its position was dropped', async () => {
        const { log, clock } = await openOnClock(open, { retentionMs: 30 * DAY });
        const [z] = positions(await log.append('child-1', changes('z')));
        clock.now = T0 + DAY;
        const [a] = positions(await log.append('child-1', changes('a')));
        clock.now = T0 + 10 * DAY;
        const [b] = positions(await log.append('child-1', changes('b')));
        clock.now = T0 + 20 * DAY;
        await log.append('child-1', changes('c'));

        // z and a are past the window; nothing has trimmed them yet: reads leave them out all the same.
        clock.now = T0 + 32 * DAY;
        const expectReads = async (kept: string[]) => {
          expect(await log.read('child-1', null, 10)).toMatchObject({ complete: true });
          expect(ids((await log.read('child-1', null, 10)).changes)).toEqual(kept);
          expect(await log.read('child-1', z!, 10)).toMatchObject({ complete: false });
          expect(ids((await log.read('child-1', z!, 10)).changes)).toEqual(kept);
          expect(await log.read('child-1', a!, 10)).toMatchObject({ complete: true });
          expect(await log.read('child-1', b!, 10)).toMatchObject({ complete: true });
          // A reader from before the oldest change ever kept missed z and a.
          expect(await log.read('child-1', '0-0', 10)).toMatchObject({ complete: false });
        };
        await expectReads(['b', 'c']);
        // An append trims them for good; the answers stay the same.
        await log.append('child-1', changes('d'));
        await expectReads(['b', 'c', 'd']);
      });

      it('should have no head once everything kept is past the window', async () => {
        const { log, clock } = await openOnClock(open, { retentionMs: DAY });
        await log.append('child-1', changes('a'));
        clock.now = T0 + DAY;
        expect(await log.head('child-1')).toBe(`${T0}-0`);
        clock.now = T0 + DAY + 1;
        expect(await log.head('child-1')).toBeNull();
        expect(await log.read('child-1', null, 10)).toEqual({ changes: [], complete: true });
      });

      it('should remember an id for the window, and take the change again once it has passed', async () => {
        const { log, clock } = await openOnClock(open, { retentionMs: DAY });
        await log.append('child-1', changes('a'));
        clock.now = T0 + DAY;
        expect(await log.append('child-1', changes('a'))).toEqual([]);
        clock.now = T0 + 2 * DAY;
        expect(positions(await log.append('child-1', changes('a')))).toEqual([`${T0 + 2 * DAY}-0`]);
      });
    });

    describe('the per-child bound', () => {
      it('should keep at most maxPerChild changes, dropping the oldest, and say who missed them', async () => {
        const { log } = await openOnClock(open, { maxPerChild: 3 });
        const all = positions(await log.append('child-1', changes('a', 'b')));
        all.push(...positions(await log.append('child-1', changes('c', 'd', 'e'))));
        expect(ids((await log.read('child-1', null, 10)).changes)).toEqual(['c', 'd', 'e']);
        expect((await log.read('child-1', null, 10)).complete).toBe(true);
        expect(await log.read('child-1', all[0]!, 10)).toMatchObject({ complete: false }); // b was dropped
        expect(await log.read('child-1', all[1]!, 10)).toMatchObject({ complete: true });
        expect(ids((await log.read('child-1', all[1]!, 10)).changes)).toEqual(['c', 'd', 'e']);
        expect(await log.head('child-1')).toBe(all[4]);
        // A batch larger than the bound: every change is appended (and resolved), the oldest dropped at once.
        const batch = await log.append(
          'child-3',
          changes('p', 'q', 'r', 's', 't').map((c) => ({ ...c, childId: 'child-3' })),
        );
        expect(ids(batch)).toEqual(['p', 'q', 'r', 's', 't']);
        expect(ids((await log.read('child-3', null, 10)).changes)).toEqual(['r', 's', 't']);
        // The bound holds for other children separately.
        await log.append('child-2', [absenceChange('x', 'child-2')]);
        expect((await log.read('child-1', null, 10)).changes).toHaveLength(3);
      });

      it('should not append again a change it dropped for the bound while the window lasts', async () => {
        const { log } = await openOnClock(open, { maxPerChild: 2 });
        await log.append('child-1', changes('a', 'b', 'c'));
        expect(await log.append('child-1', changes('a'))).toEqual([]);
        expect(ids((await log.read('child-1', null, 10)).changes)).toEqual(['b', 'c']);
      });
    });
  });
}
