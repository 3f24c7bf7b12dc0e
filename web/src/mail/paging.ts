/**
 * A merged mail list as the page holds it between «Показать ещё» presses: the items of every page so far, where
 * the next page starts (the gateway's cursor, Relay `after`), and which diary accounts are behind it and whether
 * their items are in. Pure, so paging is tested without a browser.
 */
import type { MessageSourceStatus } from '@diary-gateway/client';

/** How many items a page asks for. */
export const PAGE_SIZE = 20;

/** One diary account behind a list (`MessageSource`). */
export interface ListSource {
  readonly provider: string;
  readonly status: MessageSourceStatus;
  readonly students: readonly { readonly id: string; readonly firstName: string }[];
}

/** One page as the gateway answers it (`MessageConnection`, `NoticeConnection`). */
export interface ConnectionPage<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly sources: readonly ListSource[];
}

/** The pages read so far, as one list. */
export interface PagedList<T extends { readonly id: string }> {
  readonly items: readonly T[];
  /** Pass as `after` for the next page; `null` before any item. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  /** Each account once, with the worst status any page gave it (an account missing from one page is missing). */
  readonly sources: readonly ListSource[];
}

/** The list after its first page. */
export function firstPage<T extends { readonly id: string }>(page: ConnectionPage<T>): PagedList<T> {
  return appendPage({ items: [], endCursor: null, hasNextPage: false, sources: [] }, page);
}

/**
 * `list` with `page` after it: items already shown are not shown twice (a message that moved between two
 * requests), and the cursor is the new page's — or the old one when the new page is empty, so «Показать ещё»
 * never starts over from the top.
 */
export function appendPage<T extends { readonly id: string }>(
  list: PagedList<T>,
  page: ConnectionPage<T>,
): PagedList<T> {
  const seen = new Set(list.items.map((item) => item.id));
  const added = page.edges.map((edge) => edge.node).filter((node) => !seen.has(node.id) && seen.add(node.id));
  return {
    items: [...list.items, ...added],
    endCursor: page.pageInfo.endCursor ?? list.endCursor,
    hasNextPage: page.pageInfo.hasNextPage,
    sources: mergeSources(list.sources, page.sources),
  };
}

/**
 * `list` after its first page was read again (`page`, newest first: new mail came), keeping the depth the family
 * had loaded with «Показать ещё». The fresh page comes first, as the gateway gives it now (new items, and read
 * states as they are now); then the items loaded before that come after the last of them the fresh page still
 * holds — the ones above it that the page no longer holds were deleted in the diary, and go. The cursor stays
 * the old list's when some of its depth is kept, since a position still says where the next page starts
 * (docs/messages.md, "Merged lists and cursors"). When the fresh page holds none of the old items (more new mail
 * than a page), what lay between is unknown: the list starts over from the fresh page rather than show a hole.
 */
export function refreshFirstPage<T extends { readonly id: string }>(
  list: PagedList<T>,
  page: ConnectionPage<T>,
): PagedList<T> {
  const fresh = firstPage(page);
  const freshIds = new Set(fresh.items.map((item) => item.id));
  let lastShared = list.items.length - 1;
  while (lastShared >= 0 && !freshIds.has(list.items[lastShared]!.id)) lastShared -= 1;
  // The fresh page is the whole list, or it shares nothing with what was shown: it is the list.
  if (!page.pageInfo.hasNextPage || lastShared < 0) return fresh;
  const kept = list.items.slice(lastShared + 1).filter((item) => !freshIds.has(item.id));
  if (kept.length === 0) return fresh;
  return {
    items: [...fresh.items, ...kept],
    endCursor: list.endCursor,
    hasNextPage: list.hasNextPage,
    // The deeper pages' accounts as they were, with the worse status: a diary missing from them still is.
    sources: mergeSources(fresh.sources, list.sources),
  };
}

/** `list` with the item `id` changed by `patch` (opened: read); the same list when no item has that id. */
export function patchItem<T extends { readonly id: string }>(
  list: PagedList<T>,
  id: string,
  patch: Partial<T>,
): PagedList<T> {
  if (!list.items.some((item) => item.id === id)) return list;
  return { ...list, items: list.items.map((item) => (item.id === id ? { ...item, ...patch } : item)) };
}

const RANK: Readonly<Record<string, number>> = { OK: 0, NOT_SUPPORTED: 1, UNAVAILABLE: 2 };

const sourceKey = (source: ListSource) =>
  `${source.provider}|${source.students
    .map((student) => student.id)
    .sort()
    .join(',')}`;

/** The accounts of `before` and `after`, each once, in order of first appearance, with the worse status. */
export function mergeSources(before: readonly ListSource[], after: readonly ListSource[]): ListSource[] {
  const merged = new Map<string, ListSource>();
  for (const source of [...before, ...after]) {
    const key = sourceKey(source);
    const known = merged.get(key);
    if (!known || (RANK[source.status] ?? 2) > (RANK[known.status] ?? 2))
      merged.set(key, known ? { ...known, status: source.status } : source);
  }
  return [...merged.values()];
}
