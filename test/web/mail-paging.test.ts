import { describe, expect, it } from 'vitest';
import {
  appendPage,
  firstPage,
  mergeSources,
  patchItem,
  refreshFirstPage,
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

describe('refreshFirstPage', () => {
  const ids = (list: { items: readonly Item[] }) => list.items.map((item) => item.id);
  /** `a`…`d` loaded in two pages of two, more after them. */
  const deep = () => appendPage(firstPage(page(['a', 'b'], true)), page(['c', 'd'], true));

  it('puts new mail on top and keeps the depth loaded and its cursor, each item once', () => {
    const list = refreshFirstPage(deep(), page(['new', 'a'], true));
    expect(ids(list)).toEqual(['new', 'a', 'b', 'c', 'd']);
    expect(list).toMatchObject({ endCursor: 'c-d', hasNextPage: true });
    // «Показать ещё» then goes on from where the family was.
    expect(ids(appendPage(list, page(['d', 'e'], false)))).toEqual(['new', 'a', 'b', 'c', 'd', 'e']);
  });

  it('keeps the one item the new mail pushed off a single first page', () => {
    const list = refreshFirstPage(firstPage(page(['a', 'b'], true)), page(['new', 'a'], true));
    expect(ids(list)).toEqual(['new', 'a', 'b']);
    expect(list.endCursor).toBe('c-b');
  });

  it('takes the fresh page’s items as they are now (read), and drops what the diary deleted above them', () => {
    const fresh = page(['new', 'b'], true);
    fresh.edges[1]!.node.isRead = true;
    const list = refreshFirstPage(deep(), fresh);
    expect(list.items).toEqual([
      { id: 'new', isRead: false },
      { id: 'b', isRead: true },
      { id: 'c', isRead: false },
      { id: 'd', isRead: false },
    ]);
  });

  it('takes the fresh page’s cursor when it reaches past what was loaded', () => {
    const list = refreshFirstPage(firstPage(page(['a', 'b'], true)), page(['new', 'a', 'b', 'c'], true));
    expect(ids(list)).toEqual(['new', 'a', 'b', 'c']);
    expect(list).toMatchObject({ endCursor: 'c-c', hasNextPage: true });
  });

  it('is the fresh page alone when that is the whole list', () => {
    const list = refreshFirstPage(deep(), page(['new', 'a', 'c'], false));
    expect(ids(list)).toEqual(['new', 'a', 'c']);
    expect(list).toMatchObject({ endCursor: 'c-c', hasNextPage: false });
  });

  it('starts over from the fresh page rather than show a hole when it shares nothing with what was shown', () => {
    const list = refreshFirstPage(deep(), page(['n1', 'n2'], true));
    expect(ids(list)).toEqual(['n1', 'n2']);
    expect(list).toMatchObject({ endCursor: 'c-n2', hasNextPage: true });
  });

  it('keeps a diary missing from the deeper pages named, and takes the fresh status for the page it replaces', () => {
    const down = { ...eljur, status: 'UNAVAILABLE' as const };
    const wasDown = firstPage(page(['a', 'b'], true, [down, mesh]));
    expect(refreshFirstPage(wasDown, page(['new', 'a'], true)).sources).toEqual([down, mesh]);
    expect(refreshFirstPage(wasDown, page(['new', 'a', 'b'], true)).sources).toEqual([eljur, mesh]);
  });
});
