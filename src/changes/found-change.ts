/**
 * What the resources' change finders share: the poll a change is found in, a found change with what it is
 * ordered by, and the verdict on one key's transition for resources whose items are added, changed and
 * removed as wholes (marks, homework, absences).
 */
import type { ChangeKind, DetectedChange } from '../domain/changes.js';
import type { ProviderKind } from '../domain/model.js';
import { changeId, digestOf, type Comparable } from './change-ids.js';
import type { Transition } from './pair-items.js';

/** The child and poll every change found in one reading belongs to. */
export interface ChangeContext {
  childId: string;
  provider: ProviderKind;
  /** ISO 8601 with the school's offset, as the caller read its clock. */
  detectedAt: string;
}

/** A change with what it is ordered by within its resource: its item's date, then its item's key. */
export interface FoundChange {
  change: DetectedChange;
  date: string;
  key: string;
}

/** The digests of a key's compared fields before and after (`null` where the item is absent). */
export interface Digests {
  before: string | null;
  after: string | null;
}

/** The fields every change has, its id derived from `key` and `digests`. */
export function changeBase<K extends ChangeKind>(context: ChangeContext, kind: K, key: string, digests: Digests) {
  const id = changeId({ childId: context.childId, kind, key, ...digests });
  return { id, kind, childId: context.childId, provider: context.provider, detectedAt: context.detectedAt };
}

/** What happened to one key's item as a whole. */
export type Verdict = 'ADDED' | 'CHANGED' | 'REMOVED';

/** A transition that is a change: the item now (or as last seen, when removed) and before (when changed). */
export interface Judged<T> {
  verdict: Verdict;
  item: T;
  previous: T | null;
  digests: Digests;
}

/** The verdict on a transition, comparing only `fields` of its items; `null` when they are alike. */
export function judge<T>(transition: Transition<T>, fields: (item: T) => Comparable): Judged<T> | null {
  const { before, after } = transition;
  const digests: Digests = {
    before: before === null ? null : digestOf(fields(before)),
    after: after === null ? null : digestOf(fields(after)),
  };
  if (after === null) return before === null ? null : { verdict: 'REMOVED', item: before, previous: null, digests };
  if (before === null) return { verdict: 'ADDED', item: after, previous: null, digests };
  if (digests.before === digests.after) return null;
  return { verdict: 'CHANGED', item: after, previous: before, digests };
}
