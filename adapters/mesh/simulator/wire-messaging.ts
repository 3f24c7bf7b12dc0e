/**
 * What the МЭШ simulator writes and reads for notices and diary signatures, from the public descriptions
 * (providers.md §8.5: the feed's item fields as one typed client reads them; the signature's `POST` body as
 * the official app's code sends it). Written apart from the adapter's schemas, as every simulator type is.
 * Where the descriptions stop (the signed weeks' answer, the refusals), this is the simulator's own reading.
 */
import { z } from 'zod';
import { isCalendarDate } from '../../simulation/calendar.js';

/** Where a feed item came from, as МЭШ names the service and the kind of event. */
export interface FeedContextWire {
  source_id: number;
  source_name: string;
  event_id: number;
  event_name: string;
  setting_group_id: number;
  setting_group_name: string;
  mobile_routing_data: { type: 'deeplink'; event_type: string };
}

/** One item of `instantmessages/v1/feed`. */
export interface FeedItemWire {
  id: string;
  title: string;
  /** The text; announcements carry a little HTML, as a school's editor writes it. */
  description: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** ISO with the school's offset. */
  created_at: string;
  is_new: boolean;
  is_important: boolean;
  familiarise_required: boolean;
  decision_required: boolean;
  /** The child's `student_id`; `null` for what concerns the whole family (school news). */
  child_id: number | null;
  vcu_icon: string | null;
  context: FeedContextWire;
}

/** `instantmessages/v1/feed`: one page, newest first. */
export interface FeedWire {
  data: FeedItemWire[];
}

/** One signed week of `ej/core/family/v1/aware_journals`. */
export interface AwareJournalWire {
  id: number;
  parent_profile_id: number;
  student_profile_id: number;
  /** The week's Monday. */
  week: string;
  /** When it was signed: naive school-local `YYYY-MM-DD HH:MM:SS`, as the journal's older routes write times. */
  created_at: string;
}

/** The feed's `filter` query parameter: a JSON object, of which the simulator reads `child_id`. */
export const feedFilterSchema = z.looseObject({
  child_id: z.union([z.string().regex(/^\d{1,15}$/), z.number().int().positive()]).optional(),
});

/** The body of `POST aware_journals`: `{parent_profile_id, student_profile_id, week}`. */
export const signatureRequestSchema = z.looseObject({
  parent_profile_id: z.number().int().positive(),
  student_profile_id: z.number().int().positive(),
  week: z.string().refine(isCalendarDate, { message: 'expected a YYYY-MM-DD date' }),
});

/** A signature request the simulator accepted. */
export type SignatureRequest = z.output<typeof signatureRequestSchema>;
