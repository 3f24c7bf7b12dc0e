/**
 * Marks a payload schema carries to refine how tolerant decoding (`tolerant-decode.ts`) treats drift in
 * one of its fields. The marks are kept beside the schemas (weak sets), so the schemas stay plain zod and
 * validate as they did; only the pruning asks about them.
 */
import type { z } from 'zod';

/** Schemas marked as an answer's core: see {@link coreList}. */
const CORE = new WeakSet<object>();

/** Schemas marked as identifying their item: see {@link identifying}. */
const IDENTIFYING = new WeakSet<object>();

/**
 * Marks a field as the core of its answer (Eljur's `students`, a student's `days`): though the diary may
 * leave it out (it is optional, "nothing to show"), a value of the wrong shape is not left out as drift —
 * without it nothing of the answer can be read, so the whole answer is unreadable. Mark the field as it
 * is declared in its object, wrappers included.
 *
 * @example
 * z.looseObject({ students: coreList(keyed(studentSchema).nullish()) })
 */
export function coreList<T extends z.ZodType>(schema: T): T {
  CORE.add(schema);
  return schema;
}

/** Whether a field, as declared in its object, was marked with {@link coreList}. */
export function isCore(schema: z.ZodType): boolean {
  return CORE.has(schema);
}

/**
 * An object whose fields are all optional reads almost anything as itself: wrapped one level deeper
 * (`{"value": {…}}`), it would pass as an empty object and its content vanish silently. This object must
 * carry at least one of the fields it declares; otherwise it is drifted (reported, and left out).
 *
 * @example
 * const homeworkSchema = recognized(z.looseObject({ descriptions: z.array(z.string()).nullish(), entries: … }));
 */
export function recognized<T extends z.ZodObject>(schema: T): T {
  const keys = Object.keys(schema.shape);
  return schema.refine((value) => keys.some((key) => (value as Record<string, unknown>)[key] !== undefined), {
    error: 'expected at least one of its known fields',
  });
}

/**
 * Marks an optional field that identifies its item (МЭШ's `homework_entry_id`, an Eljur mark's `nm`):
 * when it is missing the normaliser falls back to another id, but when it has drifted it is not dropped
 * alone — the item would be served under a made-up id, as another item — so the item goes with it. Mark
 * the field as it is declared in its object, wrappers included.
 */
export function identifying<T extends z.ZodType>(schema: T): T {
  IDENTIFYING.add(schema);
  return schema;
}

/** Whether a field, as declared in its object, was marked with {@link identifying}. */
export function isIdentifying(schema: z.ZodType): boolean {
  return IDENTIFYING.has(schema);
}
