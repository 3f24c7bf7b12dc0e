/**
 * The pieces several Eljur payloads share (`payloads.ts`, `payloads-diary.ts`): PHP's loose field types,
 * maps that may arrive as arrays (`keyed`), the child's fields of a per-student answer, and a mark (of
 * `getmarks`, and as an assessment in `getdiary`).
 */
import { z } from 'zod';
import { coreList, identifying, recognized } from '../../src/upstream/tolerant-decode.js';
import { readEljurDate } from './normalize-common.js';

/** A text field Eljur may leave out or send as `null`. */
export const text = z.string().nullish();
/** Ids: strings in most places, numbers in some (`vendor_id`, homework `id`). */
export const idLike = z.union([z.string(), z.number()]);
/** Numbers Eljur sometimes writes as strings (`"4.25"`, `"1"`). */
export const numberLike = z.union([z.number(), z.string()]).nullish();
/** Flags seen as booleans; PHP may also send `0`/`1` or strings. Read with `isTruthyFlag`. */
export const flag = z.unknown().optional();
/**
 * A mark's day (`YYYY-MM-DD`; `YYYYMMDD` is read too). Checked here, not in the normaliser, so that an
 * unreadable one leaves out its own mark (reported as drift) instead of the whole answer.
 */
export const markDate = z
  .string()
  .refine((value) => readEljurDate(value) !== null, { error: 'expected a date (YYYYMMDD or YYYY-MM-DD)' });

/**
 * An object keyed by id, or the same items as an array: PHP writes an empty map as `[]` and a map with
 * keys 0…n−1 as an array (providers.md §2.7 items 2–3). Read with `entriesOf`.
 */
export function keyed<T extends z.ZodType>(item: T) {
  return z.union([z.record(z.string(), item), z.array(item)]);
}

/** A map keyed by id, or its items as an array (see {@link keyed}). */
export type Keyed<T> = Record<string, T> | T[];

/** Per-student answers carry the child's id as `name` and full name as `title`. */
const studentBase = { name: idLike.nullish(), title: text };

/**
 * A per-student answer: `students` (keyed by child; the answer's core), each the child's fields and
 * `shape`, where the method's own core list lives (`periods`, `lessons`, `days`…).
 */
export function perStudentAnswer<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject({
    students: coreList(keyed(recognized(z.looseObject({ ...studentBase, ...shape }))).nullish()),
  });
}

/** A mark of `getmarks`, and (with `control_type`) an assessment in `getdiary`. */
export const markSchema = recognized(
  z.looseObject({
    /** `"5"`, `"3/5"`, `"Н"`, `"ОП"`, or `""` (a phantom). */
    value: idLike.nullish(),
    /** The arithmetic value Eljur counts: `"3/5"` → 4; 0 for absences. */
    convert: numberLike,
    countas: numberLike,
    /** Whether the mark counts toward the average. */
    count: flag,
    weight: numberLike,
    weight_float: numberLike,
    /** `YYYY-MM-DD`; blank or absent on a diary assessment, which takes its lesson's day. */
    date: z.union([z.literal(''), markDate]).nullish(),
    /** Index of the mark within its subject's day: part of the mark's id. */
    nm: identifying(numberLike),
    /** The subject's id. */
    lesson_id: idLike.nullish(),
    comment: text,
    lesson_comment: text,
    max_mark: z.unknown().optional(),
    color_hex: z.unknown().optional(),
    mtype: recognized(z.looseObject({ id: idLike.nullish(), short: text, type: text })).nullish(),
    control_type: text,
    control_type_short: text,
  }),
);
