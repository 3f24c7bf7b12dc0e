/**
 * The packed form of an in-process cache entry (src/cache/packed-entry.ts): the value back as it was, a write of
 * the same value sharing the held bytes, and a Buffer that holds only its own bytes.
 */
import { describe, expect, it } from 'vitest';
import { packEntry, unpackEntry } from '../../../src/cache/packed-entry.js';

const grades = [{ id: 'eljur:1', subject: 'Литература', value: '5', date: '2026-12-01' }];

describe('packEntry', () => {
  it('should give back the value, fetch time and partial mark it packed', () => {
    const packed = packEntry({ value: grades, fetchedAt: 7, partial: true })!;
    expect(unpackEntry(packed)).toStrictEqual({ value: grades, fetchedAt: 7, partial: true });
  });

  it('should reuse the held deflated bytes for the same value, with the new fetch time', () => {
    const held = packEntry({ value: grades, fetchedAt: 1 })!;
    const again = packEntry({ value: structuredClone(grades), fetchedAt: 2 }, held)!;
    expect(again.deflated).toBe(held.deflated);
    expect(unpackEntry(again)).toStrictEqual({ value: grades, fetchedAt: 2 });
  });

  it('should deflate a changed value afresh', () => {
    const held = packEntry({ value: grades, fetchedAt: 1 })!;
    const changed = [{ ...grades[0], value: '4' }];
    const again = packEntry({ value: changed, fetchedAt: 2 }, held)!;
    expect(again.deflated).not.toBe(held.deflated);
    expect(unpackEntry(again).value).toStrictEqual(changed);
  });

  it('should hold the deflated bytes in memory of their own size, not zlib’s 16 KiB output chunk', () => {
    const packed = packEntry({ value: grades, fetchedAt: 1 })!;
    expect(packed.deflated.buffer.byteLength).toBe(packed.deflated.length);
  });

  it('should refuse a value that is not JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(packEntry({ value: cyclic, fetchedAt: 1 })).toBeNull();
    expect(packEntry({ value: undefined, fetchedAt: 1 })).toBeNull();
  });
});
