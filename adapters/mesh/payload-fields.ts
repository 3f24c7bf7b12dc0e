/**
 * The pieces several МЭШ payloads share (`payloads.ts`, `payloads-timetable.ts`): tolerant field types,
 * ids, the dates and datetimes an item is placed by, attachments, and a mark as an event carries it.
 */
import { z } from 'zod';
import { readDate } from '../../src/domain/dates.js';
import { recognized } from '../../src/upstream/tolerant-decode.js';
import { readInstant } from './normalize-common.js';

/** A text field МЭШ may leave out or send as `null`. */
export const nullableString = z.string().nullish();
/** A number field МЭШ may leave out or send as `null`. */
export const nullableNumber = z.number().nullish();
/** A flag МЭШ may leave out or send as `null`. */
export const nullableBoolean = z.boolean().nullish();
/** МЭШ ids are JSON numbers below 2^53; a few clients have seen them as strings. */
export const id = z.union([z.number(), z.string()]);
/**
 * A date the gateway places an item by (`YYYY-MM-DD`, or `DD.MM.YYYY` on some routes). Checked here,
 * not in the normaliser, so that an unreadable one leaves out its own item (reported as drift) instead
 * of the whole answer.
 */
export const dateText = z
  .string()
  .refine((value) => readDate(value) !== null, { error: 'expected a date (YYYY-MM-DD or DD.MM.YYYY)' });
/** A datetime a lesson is placed by: naive Moscow time or ISO with an offset (see `readInstant`). */
export const instantText = z
  .string()
  .refine((value) => readInstant(value, 'UTC') !== null, { error: 'expected an ISO datetime' });

/** A file attached to homework (a link to the e-library or a school's file). */
export const attachmentSchema = z.looseObject({
  title: nullableString,
  name: nullableString,
  link: nullableString,
  url: nullableString,
});

const gradeSchema = recognized(
  z.looseObject({ origin: nullableString, five: nullableNumber, hundred: nullableNumber }),
);

const markValueSchema = z.looseObject({
  name: nullableString,
  nmax: nullableNumber,
  grade: gradeSchema.nullish(),
  grade_system_id: nullableNumber,
  grade_system_type: nullableString,
});

/** A mark as it appears inside an event (no subject fields). */
export const eventMarkSchema = z.looseObject({
  id,
  value: z.string(),
  values: z.array(markValueSchema).nullish(),
  comment: nullableString,
  comment_exists: nullableBoolean,
  weight: nullableNumber,
  point_date: nullableString,
  control_form_name: nullableString,
  is_exam: nullableBoolean,
  is_point: nullableBoolean,
  original_grade_system_type: nullableString,
  criteria: z.unknown().nullish(),
  created_at: nullableString,
  updated_at: nullableString,
});
