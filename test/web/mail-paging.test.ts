import { describe, expect, it } from 'vitest';
import {
  appendPage,
  firstPage,
  mergeSources,
  patchItem,
  type ConnectionPage,
  type ListSource,
} from '../../web/src/mail/paging.js';

interface Item {
  id: string;
  isRead: boolean;
}

const eljur: ListSource = {
  provider: 'ELJUR',
  status: 'OK',
  students: [
    { id: 's-lev', firstName: 'Лев' },
    { id: 's-masha', firstName: 'Мария' },
  ],
};
const mesh: ListSource = {
  provider: 'MESH',
  status: 'NOT_SUPPORTED',
  students: [{ id: 's-masha', firstName: 'Мария' }],
};

function page(ids: string[], next: boolean, sources: ListSource[] = [eljur, mesh]): ConnectionPage<Item> {
  return {
    edges: ids.map((id) => ({ cursor: `c-${id}`, node: { id, isRead: false } })),
    pageInfo: { hasNextPage: next, endCursor: ids.length > 0 ? `c-${ids.at(-1)}` : null },
    sources,
  };
}

describe('paging a merged list', () => {
  it('keeps every page in order and continues after the last item’s cursor', () => {
    const one = firstPage(page(['a', 'b'], true));
    expect(one).toMatchObject({ endCursor: 'c-b', hasNextPage: true });
    const two = appendPage(one, page(['c', 'd'], false));
    expect(two.items.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(two).toMatchObject({ endCursor: 'c-d', hasNextPage: false });
  });

  it('shows an item that moved between two pages once, where it was first', () => {
    const list = appendPage(firstPage(page(['a', 'b'], true)), page(['b', 'c'], false));
    expect(list.items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the old cursor when a page comes back empty, so «Показать ещё» never starts over', () => {
    const list = appendPage(firstPage(page(['a'], true)), page([], false));
    expect(list.endCursor).toBe('c-a');
    expect(list.hasNextPage).toBe(false);
  });

  it('changes one item in place (opened: read), and nothing when the id is not there', () => {
    const list = firstPage(page(['a', 'b'], false));
    const read = patchItem(list, 'b', { isRead: true });
    expect(read.items).toEqual([
      { id: 'a', isRead: false },
      { id: 'b', isRead: true },
    ]);
    expect(patchItem(list, 'zzz', { isRead: true })).toBe(list);
  });
});

describe('mergeSources', () => {
  it('names each account once, with the worst status any page gave it', () => {
    const down = { ...eljur, status: 'UNAVAILABLE' as const };
    expect(mergeSources([eljur, mesh], [down, mesh])).toEqual([down, mesh]);
    expect(mergeSources([down, mesh], [eljur, mesh])).toEqual([down, mesh]);
  });

  it('tells two accounts of one diary apart by their children', () => {
    const region: ListSource = { provider: 'MESH', status: 'OK', students: [{ id: 's-polina', firstName: 'Полина' }] };
    expect(mergeSources([mesh], [region])).toEqual([mesh, region]);
  });
});
