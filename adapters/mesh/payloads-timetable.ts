/**
 * The МЭШ timetable's payloads: the event calendar (each lesson with its marks, homework and absence
 * inline) and the family `schedule` route read for lesson numbers and teachers. See `payloads.ts` for how
 * payloads are decoded.
 */
import { z } from 'zod';
import { recognized } from '../../src/upstream/tolerant-decode.js';
import {
  attachmentSchema,
  eventMarkSchema,
  id,
  instantText,
  nullableBoolean,
  nullableNumber,
  nullableString,
} from './payload-fields.js';

const eventSchema = z.looseObject({
  id,
  /** `PLAN` for a timetable lesson; `AE`, `EC`, `CE` for clubs and extracurricular events. */
  source: z.string(),
  /** ISO 8601 with offset. */
  start_at: instantText,
  finish_at: z.string(),
  title: nullableString,
  subject_id: id.nullish(),
  subject_name: nullableString,
  lesson_name: nullableString,
  lesson_theme: nullableString,
  room_number: nullableString,
  room_name: nullableString,
  building_name: nullableString,
  group_id: id.nullish(),
  group_name: nullableString,
  lesson_type: nullableString,
  cancelled: nullableBoolean,
  replaced: nullableBoolean,
  replaced_teacher_id: id.nullish(),
  is_missed_lesson: nullableBoolean,
  absence_reason_id: nullableNumber,
  nonattendance_reason_id: nullableNumber,
  health_status: nullableString,
  homework: recognized(
    z.looseObject({
      descriptions: z.array(z.string()).nullish(),
      total_count: nullableNumber,
      execute_count: nullableNumber,
      presence_status_id: nullableNumber,
      entries: z
        .array(
          z.looseObject({
            homework_entry_id: id,
            date_assigned_on: nullableString,
            date_prepared_for: nullableString,
            description: nullableString,
            attachments: z.array(attachmentSchema).nullish(),
          }),
        )
        .nullish(),
    }),
  ).nullish(),
  marks: z.array(eventMarkSchema).nullish(),
});

/** `GET school.mos.ru/api/eventcalendar/v1/api/events?person_ids&begin_date&end_date&expand=…`. */
export const eventsResponseSchema = z.looseObject({
  total_count: nullableNumber,
  response: z.array(eventSchema),
  errors: z.unknown().nullish(),
});

/**
 * `GET family/mobile/v1/schedule?student_id&date` → one day of the timetable (providers.md §3.7). Read
 * only for what the event calendar lacks: each lesson's place in the day (`info`, `"3 урок"`) and its
 * teacher, joined to the calendar's lessons by `schedule_item_id`. Breaks and other activities are kept
 * as loose items and ignored.
 */
export const dayScheduleSchema = z.looseObject({
  date: nullableString,
  activities: z.array(
    z.looseObject({
      type: z.string(),
      info: nullableString,
      begin_time: nullableString,
      lesson: z
        .looseObject({
          schedule_item_id: id.nullish(),
          subject_id: id.nullish(),
          teacher: recognized(
            z.looseObject({ last_name: nullableString, first_name: nullableString, middle_name: nullableString }),
          ).nullish(),
        })
        .nullish(),
    }),
  ),
});

export type EventsPayload = z.input<typeof eventsResponseSchema>;
export type EventPayload = z.input<typeof eventSchema>;
export type Event = z.output<typeof eventSchema>;
export type DaySchedule = z.output<typeof dayScheduleSchema>;
