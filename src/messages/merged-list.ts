/**
 * One list, newest first, merged from several diary accounts' own paged lists, with Relay cursors.
 *
 * A cursor is a position — the last item's time and id — not an offset: new mail arriving between two
 * pages shifts every diary's own pages, and a position still says exactly where the next page starts. Each
 * source is read from its first page on (its pages are cached, `src/config/cache-freshness.ts`) until it has
 * given enough items after the position, or has no more, or has been read `maxDepth` items deep.
 */
import { BadUserInputError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';

/** One item's place in the merged order. */
export interface Position {
  /** Epoch milliseconds: newer first. */
  at: number;
  /** The item's schema id: ties are broken by it, descending. */
  id: string;
}

/** One page of a source, newest first. */
export interface SourcePage<T> {
  items: T[];
  hasMore: boolean;
}

/** What became of one source while a page was merged. */
export type SourceOutcome = { ok: true } | { ok: false; error: unknown };

/** What merging needs. */
export interface MergeRequest<S, T> {
  sources: readonly S[];
  /** How many items the page holds (already bounded by the caller). */
  first: number;
  /** The decoded `after` cursor, or `null` for the first page. */
  after: Position | null;
  /** Items per diary page asked. */
  pageSize: number;
  /** How deep into one source a listing may read (items), so a far cursor costs a bounded number of calls. */
  maxDepth: number;
  loadPage(source: S, page: number): Promise<SourcePage<T>>;
  positionOf(item: T): Position;
}

/** A merged page. */
export interface MergedPage<T> {
  items: { item: T; position: Position }[];
  hasNextPage: boolean;
  /** Per source, in the order given: read, or failed with its error (its items are missing). */
  outcomes: SourceOutcome[];
}

/** Merges the sources' lists into the page after `after`. A failing source costs only its own items. */
export async function mergePages<S, T>(request: MergeRequest<S, T>): Promise<MergedPage<T>> {
  const perSource = await Promise.all(request.sources.map((source) => collect(request, source)));
  const all = perSource.flatMap((result) => ('items' in result ? result.items : []));
  all.sort((a, b) => compare(a.position, b.position));
  const items = all.slice(0, request.first);
  const moreHere = all.length > request.first;
  const moreBeyond = perSource.some((result) => 'items' in result && result.more && result.items.length > 0);
  return {
    items,
    hasNextPage: moreHere || moreBeyond,
    outcomes: perSource.map((result) => ('items' in result ? { ok: true } : { ok: false, error: result.error })),
  };
}

type Collected<T> = { items: { item: T; position: Position }[]; more: boolean } | { error: unknown };

/** Reads one source until it has given `first + 1` items after the position, or ran out, or hit the depth. */
async function collect<S, T>(request: MergeRequest<S, T>, source: S): Promise<Collected<T>> {
  const items: { item: T; position: Position }[] = [];
  const seen = new Set<string>();
  let depth = 0;
  try {
    for (let page = 1; depth < request.maxDepth; page += 1) {
      const { items: pageItems, hasMore } = await request.loadPage(source, page);
      depth += Math.max(pageItems.length, 1);
      for (const item of pageItems) {
        const position = request.positionOf(item);
        // A message that moved to an earlier page between two calls may come twice.
        if (seen.has(position.id)) continue;
        seen.add(position.id);
        if (!request.after || compare(position, request.after) > 0) items.push({ item, position });
      }
      if (!hasMore || pageItems.length === 0) return { items, more: false };
      if (items.length > request.first) return { items, more: true };
    }
    return { items, more: false };
  } catch (error) {
    return { error };
  }
}

/** Newer first; equal times by id, descending. Positive when `a` comes after `b`. */
function compare(a: Position, b: Position): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Longest cursor accepted. */
export const MAX_CURSOR_LENGTH = 1024;

/** The cursor of an item. */
export function encodeCursor(position: Position): string {
  return 'c1.' + Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor names; `BAD_USER_INPUT` (argument `after`) when it is not one the gateway made. */
export function decodeCursor(cursor: string): Position {
  const refuse = () =>
    new BadUserInputError(
      '`after` is not a cursor of this list; pass an `endCursor` or `cursor` it gave.',
      'after',
      phrase('mail.badCursor'),
    );
  if (cursor.length > MAX_CURSOR_LENGTH || !cursor.startsWith('c1.')) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor.slice(3), 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw refuse();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'number' || !Number.isFinite(at) || typeof id !== 'string' || id.length === 0) throw refuse();
  return { at, id };
}
