/**
 * The МЭШ answers behind notices and diary signatures, as zod schemas (providers.md §8.5; the routes and
 * their confidence are in docs/providers/mesh.md, "Messages, notices and signatures"). Like every МЭШ
 * schema they are tolerant: unknown keys are kept, a field that may be missing decodes as `null`, and only
 * what an item cannot be read without is required, so one unreadable item costs only itself.
 */
import { z } from 'zod';
import { dateText, id, nullableBoolean, nullableNumber, nullableString } from './payload-fields.js';
import { readInstant } from './normalize-common.js';

/** Where a feed item came from: the service and the event kind, as МЭШ names them. */
const noticeContextSchema = z.looseObject({
  source_id: id.nullish(),
  source_name: nullableString,
  event_id: id.nullish(),
  event_name: nullableString,
  setting_group_id: id.nullish(),
  setting_group_name: nullableString,
  mobile_routing_data: z.looseObject({ type: nullableString, event_type: nullableString }).nullish(),
});

/** Largest `timestamp` read (milliseconds as far as a JavaScript date reaches). */
const MAX_TIMESTAMP = 8_640_000_000_000_000;

/** True for a `timestamp` that names an instant (in seconds or milliseconds). */
export function isTimestamp(value: number | null | undefined): value is number {
  return typeof value === 'number' && value > 0 && value <= MAX_TIMESTAMP;
}

/** True when an item says when it was posted: a readable `created_at`, or else a `timestamp`. */
function hasPostingTime(item: { created_at?: string | null; timestamp?: number | null }): boolean {
  if (item.created_at && readInstant(item.created_at, 'UTC') !== null) return true;
  return isTimestamp(item.timestamp);
}

/**
 * One item of the notice feed. `id` is a string in the one typed client (SM); numbers are taken too. An
 * item that says neither readable `created_at` nor `timestamp` cannot be placed in a newest-first list and
 * is left out (reported as drift), as a mark without a date is.
 */
export const noticeFeedItemSchema = z
  .looseObject({
    id,
    title: nullableString,
    /** The notice's text (plain or HTML: not known, so it is reduced to plain text either way). */
    description: nullableString,
    /** When it was posted; whether seconds or milliseconds is not known (both are read). */
    timestamp: nullableNumber,
    created_at: nullableString,
    /** Not yet seen by the account holder. */
    is_new: nullableBoolean,
    is_important: nullableBoolean,
    familiarise_required: nullableBoolean,
    decision_required: nullableBoolean,
    /** The child it concerns (`student_id`, an integer in SM), or absent for the whole account. */
    child_id: id.nullish(),
    vcu_icon: nullableString,
    context: noticeContextSchema.nullish(),
  })
  .refine(hasPostingTime, { error: 'expected created_at or timestamp' });

/** `GET instantmessages/v1/feed?page&npp` → `{data: [item]}`, newest first. */
export const noticeFeedSchema = z.looseObject({ data: z.array(noticeFeedItemSchema) });

/**
 * One signed week of `GET ej/core/family/v1/aware_journals`. No client shows this answer: the fields are
 * those of the `POST` body (`parent_profile_id`, `student_profile_id`, `week`) and the `created_at` such
 * records carry elsewhere in МЭШ, all but `week` optional.
 */
export const awareJournalSchema = z.looseObject({
  id: id.nullish(),
  parent_profile_id: id.nullish(),
  student_profile_id: id.nullish(),
  /** Any day of the signed week (the week's Monday in what the app sends). */
  week: dateText,
  created_at: nullableString,
  updated_at: nullableString,
});

/** `GET ej/core/family/v1/aware_journals?student_profile_ids&week_from&week_to` → a bare array (the `ej/core` routes' shape). */
export const awareJournalsSchema = z.array(awareJournalSchema);

/** The body of `POST ej/core/family/v1/aware_journals`: a parent signs one week of one child's diary. */
export interface AwareJournalRequest {
  parent_profile_id: number;
  student_profile_id: number;
  /** The week's Monday, `YYYY-MM-DD`. */
  week: string;
}

export type NoticeFeedPayload = z.input<typeof noticeFeedSchema>;
export type NoticeFeedItemPayload = z.input<typeof noticeFeedItemSchema>;
export type AwareJournalsPayload = z.input<typeof awareJournalsSchema>;

export type NoticeFeedItem = z.output<typeof noticeFeedItemSchema>;
export type AwareJournal = z.output<typeof awareJournalSchema>;
