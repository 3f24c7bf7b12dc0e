import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, mergePages, type SourcePage } from '../../../src/messages/merged-list.js';
import { thrown } from '../../support/thrown.js';

interface Item {
  id: string;
  at: number;
}

/** A source whose list is `items` (newest first), paged by `size`, counting the pages asked. */
function source(name: string, ats: number[], size = 2) {
  const items = ats.map((at, index) => ({ id: `${name}${index}`, at }));
  const asked: number[] = [];
  return {
    name,
    asked,
    page(page: number): SourcePage<Item> {
      asked.push(page);
      const slice = items.slice((page - 1) * size, page * size);
      return { items: slice, hasMore: page * size < items.length };
    },
  };
}

type Source = ReturnType<typeof source>;

function merge(sources: Source[], first: number, after: string | null = null, maxDepth = 100) {
  return mergePages<Source, Item>({
    sources,
    first,
    after: after ? decodeCursor(after) : null,
    pageSize: 2,
    maxDepth,
    loadPage: async (s, page) => {
      if (s.name === 'down') throw new Error('down');
      return s.page(page);
    },
    positionOf: (item) => ({ at: item.at, id: item.id }),
  });
}

describe('merged mail lists', () => {
  it('should merge sources newest first and page on by position with nothing lost or twice', async () => {
    const a = source('a', [90, 70, 50, 30, 10]);
    const b = source('b', [80, 60, 40, 20]);
    const seen: string[] = [];
    let after: string | null = null;
    for (let turn = 0; turn < 10; turn += 1) {
      const page = await merge([a, b], 3, after);
      seen.push(...page.items.map(({ item }) => item.id));
      if (!page.hasNextPage) break;
      after = encodeCursor(page.items.at(-1)!.position);
    }
    expect(seen).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a4']);
  });

  it('should say there is more exactly when there is', async () => {
    expect((await merge([source('a', [3, 2, 1])], 3)).hasNextPage).toBe(false);
    expect((await merge([source('a', [4, 3, 2, 1])], 3)).hasNextPage).toBe(true);
  });

  it('should not read a source deeper than the page needs', async () => {
    const a = source('a', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    await merge([a], 2);
    expect(a.asked).toEqual([1, 2]);
  });

  it('should keep the position when new mail arrives between two pages (no offset drift)', async () => {
    const first = await merge([source('a', [50, 40, 30, 20])], 2);
    const cursor = encodeCursor(first.items.at(-1)!.position);
    // Two new messages arrived at the top: the diary's own pages have shifted by two.
    const next = await merge([source('a', [70, 60, 50, 40, 30, 20])], 2, cursor);
    expect(next.items.map(({ item }) => item.at)).toEqual([30, 20]);
  });

  it('should break ties of one instant by id, so a page edge inside a tie loses nothing', async () => {
    const a = source('a', [5, 5, 5, 5]);
    const page1 = await merge([a], 2);
    const page2 = await merge([a], 2, encodeCursor(page1.items.at(-1)!.position));
    expect([...page1.items, ...page2.items].map(({ item }) => item.id).sort()).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('should serve the other sources when one fails, and name the failure', async () => {
    const page = await merge([source('down', [1]), source('b', [2, 1])], 5);
    expect(page.items.map(({ item }) => item.id)).toEqual(['b0', 'b1']);
    expect(page.outcomes.map((outcome) => outcome.ok)).toEqual([false, true]);
  });

  it('should stop at the depth bound', async () => {
    const a = source(
      'a',
      Array.from({ length: 20 }, (_v, i) => 100 - i),
    );
    await merge([a], 50, null, 6);
    expect(a.asked).toEqual([1, 2, 3]);
  });

  it('should refuse a cursor it did not make, in the asker’s terms', () => {
    for (const bad of ['x', 'c1.!!', `c1.${Buffer.from('[1]').toString('base64url')}`, 'c1.' + 'A'.repeat(2000)]) {
      const error = thrown(() => decodeCursor(bad));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
    expect(decodeCursor(encodeCursor({ at: 5, id: 'msg1.x' }))).toEqual({ at: 5, id: 'msg1.x' });
  });
});
