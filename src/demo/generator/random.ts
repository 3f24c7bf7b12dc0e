/**
 * A tiny seeded pseudo-random generator for the demo family. No dependency and no global state: every
 * draw comes from a generator seeded by a text key (child, date, lesson number…), so the same key always
 * yields the same numbers. Seeding per item rather than once per family keeps the past stable: a lesson's
 * marks do not change when the demo is regenerated for a later day.
 */

/** A source of numbers in `[0, 1)`. */
export type Random = () => number;

/** mulberry32: 32-bit state, good enough spread for demo data, trivially reproducible. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit number. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator seeded by the joined parts, for example `randomFor('masha', '2026-11-23', 3)`. */
export function randomFor(...parts: readonly (string | number)[]): Random {
  return mulberry32(hashText(parts.join('|')));
}

/** True with probability `probability`. */
export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** An integer in `[min, max]`, both inclusive. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One item of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

/** One item of a table of `[item, relative weight]` rows. */
export function pickWeighted<T>(random: Random, rows: readonly (readonly [T, number])[]): T {
  const total = rows.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = random() * total;
  for (const [item, weight] of rows) {
    threshold -= weight;
    if (threshold < 0) return item;
  }
  const last = rows.at(-1);
  if (!last) throw new RangeError('pickWeighted() needs a non-empty table');
  return last[0];
}

/** A version-4-shaped UUID derived from a text key: stable for the key, unlike `crypto.randomUUID()`. */
export function uuidFor(key: string): string {
  const random = randomFor('uuid', key);
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
