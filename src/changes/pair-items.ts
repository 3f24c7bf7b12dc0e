/**
 * Matches a resource's items in the last reading with this reading's, by key, and decides which unmatched
 * ones are news. Windows move every day, so an item that merely entered or left the window is not one: an
 * item seen only now counts as added only when the last reading's window covered its date (it was asked
 * for then, and was not there), and an item seen only before counts as removed only when this reading's
 * window covers its date.
 */
import type { DateRange, ProviderSubjectAverage } from '../domain/model.js';
import type { DatedResource, FinalsResource } from './child-snapshot.js';
import { finalKey, isReadableDate, type ItemIdentity } from './item-keys.js';

/** One key's items on either side: seen only now, seen only before, or seen in both readings (never neither). */
export interface Transition<T> {
  key: string;
  before: T | null;
  after: T | null;
}

/** The items to remember of a reading, and its transitions from the last one. */
export interface Paired<T> {
  /** Every item that could be keyed and dated, first of each key, in the reading's order. */
  items: T[];
  /** In the reading's order, then removed items in the last reading's order. */
  transitions: Transition<T>[];
}

/** A reading's items by key, and the keys of items whose date could not be read. */
interface Indexed<T> {
  items: Map<string, T>;
  undated: Set<string>;
}

/** Indexes items by key; an item without a key, or a later one with a key already met, is left out. */
function indexItems<T>(identity: ItemIdentity<T>, items: readonly T[]): Indexed<T> {
  const indexed: Indexed<T> = { items: new Map(), undated: new Set() };
  for (const item of items) {
    const key = identity.key(item);
    if (key === null || indexed.items.has(key) || indexed.undated.has(key)) continue;
    if (isReadableDate(identity.date(item))) indexed.items.set(key, item);
    else indexed.undated.add(key);
  }
  return indexed;
}

const covers = (window: DateRange, date: string) => date >= window.from && date <= window.to;

/**
 * Pairs a dated resource's last reading (`null`: none, so this one is a baseline with no transitions) with
 * this one. An item now on a date that cannot be read is neither compared nor reported gone: its last
 * reading is kept in its place.
 */
export function pairDated<T>(
  identity: ItemIdentity<T>,
  before: DatedResource<T> | null,
  now: DatedResource<T>,
): Paired<T> {
  const current = indexItems(identity, now.items);
  if (before === null) return { items: [...current.items.values()], transitions: [] };
  const previous = indexItems(identity, before.items).items;
  const transitions: Transition<T>[] = [];
  for (const [key, after] of current.items) {
    const seen = previous.get(key);
    if (seen !== undefined) transitions.push({ key, before: seen, after });
    else if (covers(before.window, identity.date(after))) transitions.push({ key, before: null, after });
  }
  const kept: T[] = [];
  for (const [key, seen] of previous) {
    if (current.items.has(key)) continue;
    if (current.undated.has(key)) kept.push(seen);
    else if (covers(now.window, identity.date(seen))) transitions.push({ key, before: seen, after: null });
  }
  return { items: [...current.items.values(), ...kept], transitions };
}

/** A period's final marks by key; a mark of another period than the resource's is left out. */
function indexFinals(resource: FinalsResource): Map<string, ProviderSubjectAverage> {
  const indexed = new Map<string, ProviderSubjectAverage>();
  for (const average of resource.items) {
    const key = finalKey(average);
    if (key !== null && average.periodId === resource.periodId && !indexed.has(key)) indexed.set(key, average);
  }
  return indexed;
}

/**
 * Pairs the final marks of this reading with the last reading's. A last reading of another period (the
 * current period has moved on) is no basis for comparing: this one is a baseline, as a first one is. A
 * subject gone from the list has no transition: a final mark taken away is not told.
 */
export function pairFinals(before: FinalsResource | null, now: FinalsResource): Paired<ProviderSubjectAverage> {
  const current = indexFinals(now);
  const items = [...current.values()];
  if (before === null || before.periodId !== now.periodId) return { items, transitions: [] };
  const previous = indexFinals(before);
  const transitions = [...current].map(([key, after]) => ({ key, before: previous.get(key) ?? null, after }));
  return { items, transitions };
}
