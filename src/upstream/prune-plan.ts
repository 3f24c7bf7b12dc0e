/**
 * Which parts of an answer to leave out so that the rest decodes (the rules are in `tolerant-decode.ts`):
 * each broken field is traced up its path to the smallest part that can go without changing what the
 * rest means — an optional field, a list item, a map entry — or to none, and then the answer is unreadable.
 */
import type { z } from 'zod';
import { leavesOf, type Leaf, type SchemaIssue } from './issue-leaves.js';
import { isCore, isIdentifying } from './schema-marks.js';
import { acceptsMissing, isItemSchema, templatePath, valueAt, walk, type Step } from './schema-walk.js';

/** One part of the answer to leave out. */
export interface Prune {
  /** Concrete path of the part, to drop prunes nested inside another one. */
  at: readonly PropertyKey[];
  schemaPath: string;
  apply(): void;
}

/** What one pass over a failed decode's issues leaves out. */
export interface Plan {
  prunes: Prune[];
  /** A leaf no part can be left out for: the answer is unreadable. */
  unprunable: Leaf | null;
}

/**
 * Whether the field at `step` can be dropped alone: it may be missing, does not identify its item, and
 * its own schema refuses its value. When a check of the object around it names the field (a mark with a
 * value needs a date), dropping the field cannot help.
 */
function isDroppableField(step: Step): boolean {
  const { declared } = step;
  if (step.containerType !== 'object' || declared === null) return false;
  if (!acceptsMissing(declared) || isIdentifying(declared)) return false;
  return !declared.safeParse(valueAt(step.container, [step.key])).success;
}

/** Whether `step` is an item of a list or map of objects, which may go alone. */
function isDroppableItem(step: Step): boolean {
  if (step.child === null || !isItemSchema(step.child)) return false;
  return (step.containerType === 'array' && Array.isArray(step.container)) || step.containerType === 'record';
}

/** Leaves the part at `step` out of its container. */
function removal(step: Step): () => void {
  if (step.containerType === 'array') {
    const list = step.container as unknown[];
    const item = list[step.key as number];
    // Removed by identity, not index: several items of one list may go in the same pass.
    return () => void list.splice(list.indexOf(item), 1);
  }
  const record = step.container as Record<PropertyKey, unknown>;
  return () => void delete record[step.key as string];
}

/** The smallest part that can be left out for a leaf: the deepest optional field, list item or map entry on its path. */
function pruneFor(schema: z.ZodType, json: unknown, leaf: Leaf): Prune | null {
  const steps = walk(schema, json, leaf.path);
  for (let depth = steps.length - 1; depth >= 0; depth--) {
    const step = steps[depth]!;
    if (step.containerType === 'object' && step.declared !== null && isCore(step.declared)) return null;
    if (isDroppableField(step) || isDroppableItem(step))
      return {
        at: leaf.path.slice(0, depth + 1),
        schemaPath: templatePath(schema, json, leaf.path),
        apply: removal(step),
      };
  }
  return null;
}

function isWithin(inner: readonly PropertyKey[], outer: readonly PropertyKey[]): boolean {
  return outer.length <= inner.length && outer.every((key, index) => key === inner[index]);
}

/** The prunes that no other prune contains (of two at the same place, the first). */
function outermost(prunes: readonly Prune[]): Prune[] {
  return prunes.filter(
    (prune, index) =>
      !prunes.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          isWithin(prune.at, other.at) &&
          (other.at.length < prune.at.length || otherIndex < index),
      ),
  );
}

/** Every prune one pass over the issues asks for, outermost kept when two nest. */
export function planPrunes(schema: z.ZodType, json: unknown, issues: readonly SchemaIssue[]): Plan {
  const prunes: Prune[] = [];
  for (const issue of issues) {
    for (const leaf of leavesOf(schema, json, issue)) {
      const prune = pruneFor(schema, json, leaf);
      if (prune === null) return { prunes: [], unprunable: leaf };
      prunes.push(prune);
    }
  }
  return { prunes: outermost(prunes), unprunable: null };
}
