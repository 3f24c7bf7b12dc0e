/**
 * Eljur API v3 payloads as zod schemas: field names and shapes as the provider sends them
 * (`../shared/providers.md` §2.5). The adapter decodes every `response.result` with these before
 * normalising, through `src/upstream/tolerant-decode.ts`: a part that fails them is left out and reported
 * as drift, unless it is the answer's core (`coreList`: `students` and each student's days or lessons).
 * Objects whose fields are all optional are `recognized` (they must carry one of them), so a map wrapped
 * one level deeper is noticed rather than read as empty. The simulator has its own types
 * (`simulator/wire.ts`), so that it can disagree with the adapter when the adapter is wrong.
 *
 * Eljur is a PHP service, and its JSON shows it (§2.7): ids arrive as strings or numbers, an empty map is
 * serialised as `[]`, a map with keys 0…n−1 as an array, and flags as booleans or numbers. The schemas
 * accept all of these (`keyed`, `idLike`, `flag`) and keep unknown keys (`looseObject`); only what the
 * gateway cannot do without is required.
 */
import { z } from 'zod';
import { coreList, identifying, recognized } from '../../src/upstream/tolerant-decode.js';
import { readEljurDate } from './normalize-common.js';

const text = z.string().nullish();
/** Ids: strings in most places, numbers in some (`vendor_id`, homework `id`). */
export const idLike = z.union([z.string(), z.number()]);
/** Numbers Eljur sometimes writes as strings (`"4.25"`, `"1"`). */
const numberLike = z.union([z.number(), z.string()]).nullish();
/** Flags seen as booleans; PHP may also send `0`/`1` or strings. Read with `isTruthyFlag`. */
const flag = z.unknown().optional();
/**
 * A mark's day (`YYYY-MM-DD`; `YYYYMMDD` is read too). Checked here, not in the normaliser, so that an
 * unreadable one leaves out its own mark (reported as drift) instead of the whole answer.
 */
const markDate = z
  .string()
  .refine((value) => readEljurDate(value) !== null, { error: 'expected a date (YYYYMMDD or YYYY-MM-DD)' });

/**
 * An object keyed by id, or the same items as an array: PHP writes an empty map as `[]` and a map with
 * keys 0…n−1 as an array (providers.md §2.7 items 2–3). Read with `entriesOf`.
 */
export function keyed<T extends z.ZodType>(item: T) {
  return z.union([z.record(z.string(), item), z.array(item)]);
}

/** The envelope every method except `getusersvendors` answers with. */
export const envelopeSchema = z.looseObject({
  response: z.looseObject({
    /** Mirrors the HTTP status (`200`, `400`, `403`, `500`); a string on some hosts. */
    state: numberLike,
    /** Russian text on failure, `null` on success. Kept in causes only. */
    error: z.unknown().optional(),
    result: z.unknown().optional(),
  }),
});

/** `auth` → the token and when it lapses (`YYYY-MM-DD hh:mm:ss`, about three months ahead). */
export const authResultSchema = z.looseObject({ token: z.string().min(1), expires: text });

const studentRelationSchema = z.looseObject({
  /** The child's id, the `student` parameter of every data method. */
  name: idLike.nullish(),
  title: text,
  firstname: text,
  lastname: text,
  middlename: text,
  gender: text,
  class: text,
  parallel: numberLike,
  city: text,
  rel: text,
  rules: z.unknown().optional(),
});

const schoolRelationSchema = z.looseObject({
  title: text,
  title_full: text,
  number: idLike.nullish(),
  inn: idLike.nullish(),
  kpp: idLike.nullish(),
});

/** `getrules` → the account holder, the school and the children (`relations.students`). */
export const rulesResultSchema = z.looseObject({
  id: idLike.nullish(),
  name: idLike.nullish(),
  title: text,
  firstname: text,
  lastname: text,
  middlename: text,
  gender: text,
  email: text,
  roles: keyed(z.string()).nullish(),
  vendor: text,
  vendor_id: idLike.nullish(),
  relations: z
    .looseObject({
      schools: keyed(schoolRelationSchema).nullish(),
      groups: keyed(z.unknown()).nullish(),
      students: keyed(studentRelationSchema).nullish(),
    })
    .nullish(),
});

/**
 * `getprofileuserinfo?student` → `{profileUserInfo: {username, schoolName, parallel, teacher, snils,
 * email, gender, marksForYears}}` (providers.md §2.4). `snils` and `schoolName` are read; PHP writes
 * an empty profile as `[]`, and a host may send SNILS as digits in a number.
 */
export const profileUserInfoResultSchema = z.looseObject({
  profileUserInfo: z
    .union([
      z.looseObject({
        username: text,
        schoolName: text,
        parallel: numberLike,
        teacher: z.unknown().optional(),
        snils: z.union([z.string(), z.number()]).nullish(),
        email: text,
        gender: text,
        marksForYears: z.unknown().optional(),
      }),
      z.array(z.unknown()),
    ])
    .nullish(),
});

const periodSchema = recognized(
  z.looseObject({
    name: text,
    fullname: text,
    /** `YYYYMMDD`; absent or empty on `ambigious` periods. */
    start: idLike.nullish(),
    end: idLike.nullish(),
    /** Not started yet. */
    disabled: flag,
    /** Sic: a period without dates (a year, an exam session). */
    ambigious: flag,
    weeks: z.unknown().optional(),
  }),
);

/** Per-student answers carry the child's id as `name` and full name as `title`. */
const studentBase = { name: idLike.nullish(), title: text };

/** `getperiods` → `students` is an **array** here, unlike in every other method. */
export const periodsResultSchema = z.looseObject({
  students: coreList(
    keyed(recognized(z.looseObject({ ...studentBase, periods: coreList(keyed(periodSchema).nullish()) }))).nullish(),
  ),
});

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

/**
 * A mark of `getmarks`: there no lesson supplies the day, so a mark with a value must carry a readable
 * `date` of its own. Checked on the mark, not the field, so such a mark is left out whole (a phantom,
 * with an empty value, needs no date: it is dropped anyway).
 */
const datedMarkSchema = markSchema.safeExtend({ date: text }).superRefine((mark, context) => {
  const phantom = mark.value == null || String(mark.value).trim() === '';
  if (!phantom && (mark.date == null || readEljurDate(mark.date) === null)) {
    context.addIssue({ code: 'custom', path: ['date'], message: 'expected a date (YYYYMMDD or YYYY-MM-DD)' });
  }
});

const subjectMarksSchema = z.looseObject({
  name: z.string(),
  lesson_id: idLike.nullish(),
  /** `"4.25"`; `""` or `"0"` without marks. */
  average: numberLike,
  averageConvert: numberLike,
  color_hex: z.unknown().optional(),
  marks: keyed(datedMarkSchema).nullish(),
});

/** `getmarks` → per subject, its marks in `days` and the diary's average over them. */
export const marksResultSchema = z.looseObject({
  students: coreList(
    keyed(
      recognized(z.looseObject({ ...studentBase, lessons: coreList(keyed(subjectMarksSchema).nullish()) })),
    ).nullish(),
  ),
});

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
export const diaryResultSchema = z.looseObject({
  students: coreList(
    keyed(
      recognized(
        z.looseObject({ ...studentBase, parent_signed: flag, days: coreList(keyed(diaryDaySchema).nullish()) }),
      ),
    ).nullish(),
  ),
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
export const homeworkResultSchema = z.looseObject({
  students: coreList(
    keyed(recognized(z.looseObject({ ...studentBase, days: coreList(keyed(homeworkDaySchema).nullish()) }))).nullish(),
  ),
});

const finalAssessmentSchema = recognized(
  z.looseObject({
    /** The period's `name` from `getperiods`. */
    period: text,
    value: idLike.nullish(),
    convert: numberLike,
    comment: text,
    color_hex: z.unknown().optional(),
  }),
);

/** `getfinalassessments` → per subject (by name), its final marks by period name. */
export const finalAssessmentsResultSchema = z.looseObject({
  students: coreList(
    keyed(
      recognized(
        z.looseObject({
          ...studentBase,
          items: coreList(
            keyed(z.looseObject({ name: z.string(), assessments: keyed(finalAssessmentSchema).nullish() })).nullish(),
          ),
        }),
      ),
    ).nullish(),
  ),
});

/** `getusersvendors` (ESIA sign-in) → **not** wrapped in `response`. */
export const usersVendorsSchema = z.looseObject({
  result: z.array(
    z.looseObject({
      token: z.string(),
      vendor: z.string(),
      vendor_id: idLike,
      vendor_title: text,
      user_title: text,
      login: text,
      expires: text,
    }),
  ),
});

export type Keyed<T> = Record<string, T> | T[];
export type EnvelopePayload = z.input<typeof envelopeSchema>;
export type AuthPayload = z.input<typeof authResultSchema>;
export type RulesPayload = z.input<typeof rulesResultSchema>;
export type ProfileUserInfoPayload = z.input<typeof profileUserInfoResultSchema>;
export type PeriodsPayload = z.input<typeof periodsResultSchema>;
export type PeriodPayload = z.input<typeof periodSchema>;
export type MarksPayload = z.input<typeof marksResultSchema>;
export type SubjectMarksPayload = z.input<typeof subjectMarksSchema>;
export type MarkPayload = z.input<typeof markSchema>;
export type DiaryPayload = z.input<typeof diaryResultSchema>;
export type DiaryDayPayload = z.input<typeof diaryDaySchema>;
export type DiaryLessonPayload = z.input<typeof diaryLessonSchema>;
export type HomeworkPayload = z.input<typeof homeworkResultSchema>;
export type HomeworkDayPayload = z.input<typeof homeworkDaySchema>;
export type HomeworkSubjectPayload = z.input<typeof homeworkSubjectSchema>;
export type HomeworkEntryPayload = z.input<typeof homeworkEntrySchema>;
export type FilePayload = z.input<typeof fileSchema>;
export type FinalAssessmentsPayload = z.input<typeof finalAssessmentsResultSchema>;
export type UsersVendorsPayload = z.input<typeof usersVendorsSchema>;

export type Rules = z.output<typeof rulesResultSchema>;
export type StudentRelation = z.output<typeof studentRelationSchema>;
export type SchoolRelation = z.output<typeof schoolRelationSchema>;
export type ProfileUserInfo = z.output<typeof profileUserInfoResultSchema>;
export type Periods = z.output<typeof periodsResultSchema>;
export type Period = z.output<typeof periodSchema>;
export type MarksAnswer = z.output<typeof marksResultSchema>;
export type SubjectMarks = z.output<typeof subjectMarksSchema>;
export type Mark = z.output<typeof markSchema>;
export type DiaryAnswer = z.output<typeof diaryResultSchema>;
export type DiaryDay = z.output<typeof diaryDaySchema>;
export type DiaryLesson = z.output<typeof diaryLessonSchema>;
export type HomeworkAnswer = z.output<typeof homeworkResultSchema>;
export type HomeworkEntry = z.output<typeof homeworkEntrySchema>;
export type HomeworkFile = z.output<typeof fileSchema>;
export type FinalAssessmentsAnswer = z.output<typeof finalAssessmentsResultSchema>;
