/**
 * The МЭШ family API's payloads, as zod schemas: field names and shapes exactly as the provider sends
 * them (`../shared/providers.md` §3). The adapter decodes every answer with these before normalising,
 * through `src/upstream/tolerant-decode.ts`: a part that fails them is left out and reported as drift
 * (dates an item is placed by are checked here for that reason), unless it is the answer's core list. The
 * simulator has its own types (`simulator/wire.ts`), so that it can disagree with the adapter when the
 * adapter is wrong.
 *
 * МЭШ sends almost every field as optional and nullable, so the schemas are tolerant: unknown keys are
 * kept (`looseObject`), and a missing field decodes as `null`/`undefined` rather than failing. Only what
 * the gateway cannot do without (ids, dates, values) is required.
 */
import { z } from 'zod';
import { isIsoDate } from '../../src/domain/dates.js';
import { identifying } from '../../src/upstream/tolerant-decode.js';
import {
  attachmentSchema,
  dateText,
  eventMarkSchema,
  id,
  nullableBoolean,
  nullableNumber,
  nullableString,
} from './payload-fields.js';

export {
  dayScheduleSchema,
  eventsResponseSchema,
  type DaySchedule,
  type Event,
  type EventPayload,
  type EventsPayload,
} from './payloads-timetable.js';

/** `GET dnevnik.mos.ru/acl/api/users/profile_info` → the token holder's profiles. */
export const profileInfoSchema = z.array(z.looseObject({ id, type: z.string() }));

const schoolSchema = z.looseObject({
  id,
  name: z.string(),
  short_name: nullableString,
  county: nullableString,
  principal: nullableString,
  phone: nullableString,
  global_school_id: nullableNumber,
});

const childSchema = z.looseObject({
  /** student_id: used as `student_id` in every family route. */
  id,
  user_id: id.nullish(),
  first_name: z.string(),
  last_name: z.string(),
  middle_name: nullableString,
  birth_date: nullableString,
  sex: nullableString,
  snils: nullableString,
  contract_id: id.nullish(),
  /** person_id GUID: used by the event calendar. */
  contingent_guid: nullableString,
  class_name: nullableString,
  class_level_id: nullableNumber,
  class_unit_id: nullableNumber,
  school: schoolSchema.nullish(),
  groups: z
    .array(z.looseObject({ id, name: nullableString, subject_id: nullableNumber, is_fake: nullableBoolean }))
    .nullish(),
  enrollment_date: nullableString,
});

/** `GET school.mos.ru/api/family/mobile/v1/profile` → the parent and their children. */
export const familyProfileSchema = z.looseObject({
  profile: z.looseObject({
    id,
    user_id: id.nullish(),
    type: nullableString,
    first_name: z.string(),
    last_name: z.string(),
    middle_name: nullableString,
    birth_date: nullableString,
    sex: nullableString,
    phone: nullableString,
    email: nullableString,
    snils: nullableString,
  }),
  children: z.array(childSchema),
  hash: nullableString,
});

/** A mark from `family/mobile/v1/marks`. */
export const markSchema = eventMarkSchema.extend({
  date: dateText,
  subject_id: id,
  subject_name: z.string(),
});

/** `GET family/mobile/v1/marks?student_id&from&to` (dates `YYYY-MM-DD`). */
export const marksResponseSchema = z.looseObject({ payload: z.array(markSchema) });

/** `GET family/mobile/v1/homeworks?student_id&from&to` (full form, with attachments). */
export const homeworksResponseSchema = z.looseObject({
  payload: z.array(
    z.looseObject({
      description: z.string(),
      comments: z.array(z.unknown()).nullish(),
      homework_entry_student_id: id,
      /** The homework's id (the per-student one stands in when it is missing, never when it drifted). */
      homework_entry_id: identifying(id.nullish()),
      attachments: z.array(attachmentSchema).nullish(),
      additional_materials: z.array(z.unknown()).nullish(),
      subject_id: id,
      subject_name: z.string(),
      /** The day the homework is due (the lesson it is prepared for). */
      date: dateText,
      date_assigned_on: nullableString,
      lesson_date_time: nullableString,
      is_done: nullableBoolean,
      has_teacher_answer: nullableBoolean,
    }),
  ),
});

const periodMarksSchema = z.looseObject({
  title: z.string(),
  /** `DD.MM.YYYY` on this route; `start_iso` carries `YYYY-MM-DD` when present. */
  start: nullableString,
  end: nullableString,
  start_iso: nullableString,
  end_iso: nullableString,
  value: nullableString,
  fixed_value: nullableString,
  count: nullableNumber,
  dynamic: nullableString,
  marks: z.array(z.unknown()).nullish(),
  target: z.unknown().nullish(),
});

/** `GET family/mobile/v1/subject_marks?student_id` → per-subject averages per period (numbers as strings). */
export const subjectMarksResponseSchema = z.looseObject({
  payload: z.array(
    z.looseObject({
      subject_name: z.string(),
      subject_id: id,
      average: nullableString,
      average_by_all: nullableString,
      dynamic: nullableString,
      year_mark: nullableString,
      periods: z.array(periodMarksSchema).nullish(),
    }),
  ),
});

/** `GET family/mobile/v1/periods_schedules?student_id&from&to` → announced days (a bare array). */
export const periodsSchedulesSchema = z.array(
  z.looseObject({
    date: dateText,
    type: nullableString,
    title: nullableString,
    description: nullableString,
    events: z.array(z.unknown()).nullish(),
  }),
);

/** `GET family/mobile/v1/attendance?student_id` → the parent's absence notices for the school year. */
export const attendanceResponseSchema = z.looseObject({
  days_count: nullableNumber,
  year_description: nullableString,
  attendance: z.array(
    z.looseObject({
      date: dateText,
      summary: nullableString,
      notified: nullableBoolean,
      lessons: z.array(z.unknown()).nullish(),
      description: nullableString,
      reason_id: nullableNumber,
      is_system: nullableBoolean,
      parent_profile_id: id.nullish(),
    }),
  ),
});

/**
 * `POST family/mobile/v1/attendance` body: the parent's absence notices for one child, one entry per
 * day (providers.md §3.8). This is what the adapter sends (the simulator checks its own reading of it);
 * МЭШ's own validation is not known, so the schema asks for what the one client seen sends, and no more.
 */
export const attendanceNoticeRequestSchema = z.looseObject({
  student_id: z.number().int().positive(),
  notifications: z
    .array(
      z.looseObject({
        date: z.string().refine(isIsoDate, { message: 'expected a YYYY-MM-DD date' }),
        reason_id: z.number().int().positive(),
        description: z.string(),
      }),
    )
    .min(1),
});

export type ProfileInfoPayload = z.input<typeof profileInfoSchema>;
export type FamilyProfilePayload = z.input<typeof familyProfileSchema>;
export type MarksPayload = z.input<typeof marksResponseSchema>;
export type MarkPayload = z.input<typeof markSchema>;
export type EventMarkPayload = z.input<typeof eventMarkSchema>;
export type HomeworksPayload = z.input<typeof homeworksResponseSchema>;
export type SubjectMarksPayload = z.input<typeof subjectMarksResponseSchema>;
export type PeriodsSchedulesPayload = z.input<typeof periodsSchedulesSchema>;
export type AttendancePayload = z.input<typeof attendanceResponseSchema>;
export type AttendanceNoticeRequest = z.input<typeof attendanceNoticeRequestSchema>;

export type FamilyProfile = z.output<typeof familyProfileSchema>;
export type Mark = z.output<typeof markSchema>;
export type EventMark = z.output<typeof eventMarkSchema>;
export type HomeworkEntry = z.output<typeof homeworksResponseSchema>['payload'][number];
export type SubjectMarks = z.output<typeof subjectMarksResponseSchema>['payload'][number];
export type PeriodSchedule = z.output<typeof periodsSchedulesSchema>[number];
export type AttendanceDay = z.output<typeof attendanceResponseSchema>['attendance'][number];
