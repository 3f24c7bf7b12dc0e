/**
 * The packed form of an in-process cache entry (src/cache/packed-entry.ts): the value back as it was (decoded when
 * first read), a write of the same value sharing the held bytes, and a Buffer that holds only its own bytes.
 */
import { describe, expect, it } from 'vitest';
import { renewedEntry, withVersion } from '../../../src/cache/cache-store.js';
import { packedBytes, packEntry, unpackEntry } from '../../../src/cache/packed-entry.js';

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

  it('should keep the held bytes of a renewed entry without reading its value, and carry its basis unpacked', () => {
    const held = packEntry({ value: grades, fetchedAt: 1 })!;
    const basis = { approxBytes: 300 };
    const renewed = renewedEntry(withVersion(unpackEntry(held), held), 2, basis);
    // A renewal never encodes the value again: reading it here would decode and re-encode the held copy.
    Object.defineProperty(renewed, 'value', {
      get: () => {
        throw new Error('the value was read');
      },
    });
    const packed = packEntry(renewed, held)!;
    expect(packed.deflated).toBe(held.deflated);
    expect(packed.fetchedAt).toBe(2);
    expect(packedBytes(packed, 'k')).toBe(packedBytes(held, 'k') + 300);
    const unpacked = unpackEntry(packed);
    expect(unpacked.basis).toBe(basis);
    expect(JSON.parse(JSON.stringify(unpacked))).toEqual({ value: grades, fetchedAt: 2 });
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

  it('should decode the value only when it is read, once, and give each unpacking a copy of its own', () => {
    const packed = packEntry({ value: grades, fetchedAt: 3 })!;
    // Bytes that are not deflate: unpacking still tells the fetch time; only reading the value fails.
    const broken = { ...packed, deflated: Buffer.from('not deflate') };
    const entry = unpackEntry(broken);
    expect(entry.fetchedAt).toBe(3);
    expect(() => entry.value).toThrow();

    const first = unpackEntry(packed);
    expect(first.value).toBe(first.value);
    expect(unpackEntry(packed).value).not.toBe(first.value);
    first.value = ['replaced'];
    expect(first.value).toStrictEqual(['replaced']);
    expect(unpackEntry(packed).value).toStrictEqual(grades);
    expect(JSON.parse(JSON.stringify(unpackEntry(packed)))).toStrictEqual({ value: grades, fetchedAt: 3 });
  });

  it('should refuse a value that is not JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(packEntry({ value: cyclic, fetchedAt: 1 })).toBeNull();
    expect(packEntry({ value: undefined, fetchedAt: 1 })).toBeNull();
  });
});
