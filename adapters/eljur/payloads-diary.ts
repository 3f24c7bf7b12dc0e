/**
 * The payloads of Eljur's day-by-day methods: `getdiary` (lessons with topic, homework, assessments and
 * bell times) and `gethomework` (homework keyed by subject name). See `payloads.ts` for how payloads are
 * decoded.
 */
import { z } from 'zod';
import { coreList, identifying, recognized } from '../../src/upstream/tolerant-decode.js';
import { flag, idLike, keyed, markSchema, numberLike, perStudentAnswer, text } from './payload-fields.js';

/** A homework entry: its text is what it is (an entry without one is not homework); its id is part of the homework's. */
const homeworkEntrySchema = z.looseObject({
  id: identifying(idLike.nullish()),
  value: z.string(),
  individual: flag,
  lesson: text,
});
const fileSchema = recognized(z.looseObject({ toid: idLike.nullish(), filename: text, link: text }));

const diaryLessonSchema = z.looseObject({
  num: idLike.nullish(),
  name: z.string(),
  room: idLike.nullish(),
  teacher: text,
  sort: numberLike,
  lesson_id: idLike.nullish(),
  topic: text,
  is_control: flag,
  grp: text,
  grp_short: text,
  homework: keyed(homeworkEntrySchema).nullish(),
  files: keyed(fileSchema).nullish(),
  resources: z.unknown().optional(),
  assessments: keyed(markSchema).nullish(),
  /** Only with `rings=true`: `HH:MM:SS` (some clients accept `HH:MM`). */
  starttime: text,
  endtime: text,
});

const diaryDaySchema = recognized(
  z.looseObject({
    /** The day as `YYYYMMDD`, the same as its key. */
    name: idLike.nullish(),
    title: text,
    /** `null`, `"today"`, `"vacation"`… */
    alert: text,
    holiday_name: text,
    message: text,
    /** Lessons keyed by number. */
    items: keyed(diaryLessonSchema).nullish(),
    /** Extracurricular lessons; not timetable lessons, so not read. */
    items_extday: z.unknown().optional(),
  }),
);

/** `getdiary` → per day, its lessons with topic, homework, marks and (with `rings`) bell times. */
export const diaryResultSchema = perStudentAnswer({
  parent_signed: flag,
  days: coreList(keyed(diaryDaySchema).nullish()),
});

const homeworkSubjectSchema = recognized(
  z.looseObject({
    name: text,
    homework: keyed(homeworkEntrySchema).nullish(),
    files: keyed(fileSchema).nullish(),
  }),
);

const homeworkDaySchema = recognized(
  z.looseObject({ name: idLike.nullish(), title: text, items: keyed(homeworkSubjectSchema).nullish() }),
);

/** `gethomework` → per day, homework keyed by subject **name** (no subject id). */
export const homeworkResultSchema = perStudentAnswer({ days: coreList(keyed(homeworkDaySchema).nullish()) });

export type DiaryPayload = z.input<typeof diaryResultSchema>;
export type DiaryDayPayload = z.input<typeof diaryDaySchema>;
export type DiaryLessonPayload = z.input<typeof diaryLessonSchema>;
export type HomeworkPayload = z.input<typeof homeworkResultSchema>;
export type HomeworkDayPayload = z.input<typeof homeworkDaySchema>;
export type HomeworkSubjectPayload = z.input<typeof homeworkSubjectSchema>;
export type HomeworkEntryPayload = z.input<typeof homeworkEntrySchema>;
export type FilePayload = z.input<typeof fileSchema>;
export type DiaryAnswer = z.output<typeof diaryResultSchema>;
export type DiaryDay = z.output<typeof diaryDaySchema>;
export type DiaryLesson = z.output<typeof diaryLessonSchema>;
export type HomeworkAnswer = z.output<typeof homeworkResultSchema>;
export type HomeworkEntry = z.output<typeof homeworkEntrySchema>;
export type HomeworkFile = z.output<typeof fileSchema>;
