/**
 * Dnevnik.ru payloads, part two: the diary answers. Field names exactly as sent (providers.md §1.5),
 * with the API's mixed key styles kept as they are: camelCase, `_str` twins, snake (`use_avg_calc`),
 * kebab (`per-subject-averages`, `avg-mark-value`), lower-case (`studyyear`) and PascalCase (timetables).
 */
import { z } from 'zod';
import { readDate } from '../../src/domain/dates.js';
import { recognized } from '../../src/upstream/tolerant-decode.js';
import {
  idSchema,
  numberSchema,
  optionalBoolean,
  optionalId,
  optionalNumber,
  optionalString,
  personSchema,
  subjectSchema,
  twinSchema,
} from './payloads.js';

/** A mark. `value` and `textValue` are strings; `textValue` is what people see. No subject: join via lesson or work. */
export const markSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  /** The mark's scale (enumeration not published; `mark5` is a guess). */
  type: optionalString,
  value: z.string(),
  textValue: optionalString,
  person: optionalId,
  person_str: twinSchema,
  work: optionalId,
  work_str: twinSchema,
  lesson: optionalId,
  lesson_str: twinSchema,
  /** Typed clients declare these two without serialized names; read as a fallback. */
  personStr: twinSchema,
  lessonStr: twinSchema,
  number: optionalNumber,
  /** The lesson's day is preferred; this date is read when the lesson is not known. Blank means absent. */
  date: z
    .string()
    .refine((value) => value.trim() === '' || readDate(value) !== null, { error: 'expected a date' })
    .nullish(),
  /** Id of the work type, which carries the weight. No `_str` twin. */
  workType: optionalId,
  /** `Good` | `Average` | `Bad` | `NotSet`: kept in the payload, not exposed (the schema has no place for it). */
  mood: optionalString,
  /** `false`: the mark does not count toward averages. */
  use_avg_calc: optionalBoolean,
});

/** `GET /v2/persons/{p}/schools/{s}/marks/{from}/{to}`. */
export const marksSchema = z.array(markSchema);

/** A task: one person's copy of a work (its `status` says whether it was done). */
export const taskSchema = recognized(
  z.looseObject({
    id: optionalId,
    id_str: twinSchema,
    person: optionalId,
    person_str: twinSchema,
    work: optionalId,
    work_str: twinSchema,
    status: optionalString,
    targetDate: optionalString,
  }),
);

/** A work: what marks are given for, and homework (`type: "Homework"`). */
export const workSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  /** `LessonExamination`, `LessonTestWork`, `DefaultNewLessonWork`, `CommonWork`, `PeriodMark`, `Homework`, … */
  type: optionalString,
  workType: optionalId,
  markType: optionalString,
  markCount: optionalNumber,
  lesson: optionalId,
  lesson_str: twinSchema,
  displayInJournal: optionalBoolean,
  status: optionalString,
  eduGroup: optionalId,
  eduGroup_str: twinSchema,
  tasks: z.array(taskSchema).nullish(),
  text: optionalString,
  periodNumber: optionalNumber,
  periodType: optionalString,
  subjectId: optionalId,
  isImportant: optionalBoolean,
  targetDate: optionalString,
  sentDate: optionalString,
  createdBy: optionalId,
  /** File ids only: the API sends no names or links here. */
  files: z.array(idSchema).nullish(),
  oneDriveLinks: z.array(z.unknown()).nullish(),
});

/**
 * A work type. `/v2/work-types/{school}` sends `{title, abbr, weight}`; side-loaded bundles send
 * `{name, abbreviation, isFinal, isImportant}` and no weight. One schema reads both.
 */
export const workTypeSchema = z.looseObject({
  id: idSchema,
  schoolId: optionalId,
  kindId: optionalId,
  kind: optionalString,
  title: optionalString,
  abbr: optionalString,
  name: optionalString,
  abbreviation: optionalString,
  isFinal: optionalBoolean,
  isImportant: optionalBoolean,
  weight: optionalNumber,
});

/** `GET /v2/work-types/{school}`. */
export const workTypesSchema = z.array(workTypeSchema);

/** A lesson of a day schedule: `subjectId`, `works` and `teachers` are bare ids (no twins). */
export const scheduleLessonSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  title: optionalString,
  /** Naive school-local datetime. */
  date: z.string(),
  number: optionalNumber,
  subjectId: optionalId,
  /** The lessons route nests the subject instead. */
  subject: subjectSchema.nullish(),
  status: optionalString,
  building: optionalString,
  place: optionalString,
  floor: optionalString,
  /** Bell times as text (`08:30 - 09:15` is the simulator's form; the real format is not published). */
  hours: optionalString,
  works: z.array(z.unknown()).nullish(),
  teachers: z.array(idSchema).nullish(),
});

/** An attendance entry of a lesson (vocabulary of `status` not published). */
export const logEntrySchema = z.looseObject({
  person: optionalId,
  person_str: twinSchema,
  lesson: idSchema,
  lesson_str: twinSchema,
  comment: optionalString,
  status: optionalString,
  createdDate: optionalString,
});

/** `GET /v2/persons/{p}/lesson-log-entries?startDate&endDate`. */
export const logEntriesSchema = z.array(logEntrySchema);

/** One day of the schedules route: side-loaded arrays that refer to each other by id. */
export const daySchema = z.looseObject({
  /** ISO with offset. */
  date: z.string(),
  lessons: z.array(scheduleLessonSchema).nullish(),
  marks: z.array(markSchema).nullish(),
  works: z.array(workSchema).nullish(),
  homeworks: z.array(workSchema).nullish(),
  subjects: z.array(subjectSchema).nullish(),
  workTypes: z.array(workTypeSchema).nullish(),
  lessonLogEntries: z.array(logEntrySchema).nullish(),
  teachers: z.array(z.looseObject({ person: personSchema, role: optionalString })).nullish(),
  nextDate: optionalString,
});

/**
 * `GET /v2/persons/{p}/groups/{g}/schedules?startDate&endDate`. Three independent clients read
 * `{days: [...]}`, one typed client a bare array; both are accepted and give the list of days.
 */
export const schedulesSchema = z
  .union([z.looseObject({ days: z.array(daySchema) }), z.array(daySchema)])
  .transform((answer) => (Array.isArray(answer) ? answer : answer.days));

/** `GET /v2/edu-groups/{g}/reporting-periods`. */
export const reportingPeriodsSchema = z.array(
  z.looseObject({
    id: idSchema,
    id_str: twinSchema,
    /** Naive datetimes; the date parts are the first and last day. */
    start: z.string(),
    finish: z.string(),
    number: optionalNumber,
    type: optionalString,
    name: optionalString,
    year: optionalNumber,
  }),
);

/** An average as the API writes it: a decimal string (`"4.56"`); a bare number is tolerated. */
const averageValueSchema = z.union([z.string(), numberSchema]).nullish();

/** `GET /v2/edu-groups/{g}/reporting-periods/{period}/avg-marks/{date}` → one entry per pupil (kebab-case keys). */
export const averageMarksSchema = z.array(
  z.looseObject({
    person: optionalId,
    person_str: twinSchema,
    'per-subject-averages': z
      .array(z.looseObject({ subject: idSchema, subject_str: twinSchema, 'avg-mark-value': averageValueSchema }))
      .nullish(),
    group: optionalId,
    group_str: twinSchema,
    reportingPeriod: optionalId,
    reportingPeriod_str: twinSchema,
  }),
);

/** `GET /v2/persons/{p}/edu-groups/{g}/allfinalmarks` → side-loaded final marks. */
export const finalMarksSchema = z.looseObject({
  marks: z.array(markSchema).nullish(),
  works: z.array(workSchema).nullish(),
  subjects: z.array(subjectSchema).nullish(),
  workTypes: z.array(workTypeSchema).nullish(),
});

/** `GET /v2/edu-groups/{g}/timetables` → bell timetables, PascalCase keys. */
export const timetablesSchema = z.array(
  z.looseObject({
    Name: optionalString,
    /** From when the timetable applies (naive datetime). */
    Start: optionalString,
    FirstLessonNumber: optionalNumber,
    Items: z
      .array(
        z.looseObject({
          Id: optionalId,
          /** Naive datetimes; only the time of day matters. */
          Start: optionalString,
          Finish: optionalString,
          Name: optionalString,
          Type: optionalString,
          DaysOfWeek: z.array(z.string()).nullish(),
          LessonNumber: optionalNumber,
        }),
      )
      .nullish(),
  }),
);

/** markSchema as sent (test fixtures write it). */
export type MarkPayload = z.input<typeof markSchema>;
/** workSchema as sent (test fixtures write it). */
export type WorkPayload = z.input<typeof workSchema>;
/** workTypeSchema as sent (test fixtures write it). */
export type WorkTypePayload = z.input<typeof workTypeSchema>;
/** scheduleLessonSchema as sent (test fixtures write it). */
export type ScheduleLessonPayload = z.input<typeof scheduleLessonSchema>;
/** logEntrySchema as sent (test fixtures write it). */
export type LogEntryPayload = z.input<typeof logEntrySchema>;
/** daySchema as sent (test fixtures write it). */
export type DayPayload = z.input<typeof daySchema>;
/** schedulesSchema as sent (test fixtures write it). */
export type SchedulesPayload = z.input<typeof schedulesSchema>;
/** reportingPeriodsSchema as sent (test fixtures write it). */
export type ReportingPeriodsPayload = z.input<typeof reportingPeriodsSchema>;
/** averageMarksSchema as sent (test fixtures write it). */
export type AverageMarksPayload = z.input<typeof averageMarksSchema>;
/** finalMarksSchema as sent (test fixtures write it). */
export type FinalMarksPayload = z.input<typeof finalMarksSchema>;
/** timetablesSchema as sent (test fixtures write it). */
export type TimetablesPayload = z.input<typeof timetablesSchema>;

/** markSchema decoded. */
export type Mark = z.output<typeof markSchema>;
/** workSchema decoded. */
export type Work = z.output<typeof workSchema>;
/** workTypeSchema decoded. */
export type WorkType = z.output<typeof workTypeSchema>;
/** scheduleLessonSchema decoded. */
export type ScheduleLesson = z.output<typeof scheduleLessonSchema>;
/** logEntrySchema decoded. */
export type LogEntry = z.output<typeof logEntrySchema>;
/** daySchema decoded. */
export type Day = z.output<typeof daySchema>;
/** reportingPeriodsSchema decoded (one entry). */
export type ReportingPeriod = z.output<typeof reportingPeriodsSchema>[number];
/** averageMarksSchema decoded (one entry). */
export type AverageMark = z.output<typeof averageMarksSchema>[number];
/** finalMarksSchema decoded. */
export type FinalMarks = z.output<typeof finalMarksSchema>;
/** timetablesSchema decoded (one entry). */
export type Timetable = z.output<typeof timetablesSchema>[number];
