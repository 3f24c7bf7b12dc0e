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
import { coreList, recognized } from '../../src/upstream/tolerant-decode.js';
import { readEljurDate } from './normalize-common.js';
import { flag, idLike, keyed, markSchema, numberLike, perStudentAnswer, text } from './payload-fields.js';

export { idLike, keyed, markSchema, type Keyed } from './payload-fields.js';
export {
  diaryResultSchema,
  homeworkResultSchema,
  type DiaryPayload,
  type DiaryDayPayload,
  type DiaryLessonPayload,
  type HomeworkPayload,
  type HomeworkDayPayload,
  type HomeworkSubjectPayload,
  type HomeworkEntryPayload,
  type FilePayload,
  type DiaryAnswer,
  type DiaryDay,
  type DiaryLesson,
  type HomeworkAnswer,
  type HomeworkEntry,
  type HomeworkFile,
} from './payloads-diary.js';

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

/** The name fields Eljur gives every person it describes (the account holder, each child). */
const personNameFields = { title: text, firstname: text, lastname: text, middlename: text, gender: text };

const studentRelationSchema = z.looseObject({
  /** The child's id, the `student` parameter of every data method. */
  name: idLike.nullish(),
  ...personNameFields,
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
  ...personNameFields,
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

/** `getperiods` → `students` is an **array** here, unlike in every other method. */
export const periodsResultSchema = perStudentAnswer({ periods: coreList(keyed(periodSchema).nullish()) });

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
export const marksResultSchema = perStudentAnswer({ lessons: coreList(keyed(subjectMarksSchema).nullish()) });

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
export const finalAssessmentsResultSchema = perStudentAnswer({
  items: coreList(
    keyed(z.looseObject({ name: z.string(), assessments: keyed(finalAssessmentSchema).nullish() })).nullish(),
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

export type EnvelopePayload = z.input<typeof envelopeSchema>;
export type AuthPayload = z.input<typeof authResultSchema>;
export type RulesPayload = z.input<typeof rulesResultSchema>;
export type ProfileUserInfoPayload = z.input<typeof profileUserInfoResultSchema>;
export type PeriodsPayload = z.input<typeof periodsResultSchema>;
export type PeriodPayload = z.input<typeof periodSchema>;
export type MarksPayload = z.input<typeof marksResultSchema>;
export type SubjectMarksPayload = z.input<typeof subjectMarksSchema>;
export type MarkPayload = z.input<typeof markSchema>;
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
export type FinalAssessmentsAnswer = z.output<typeof finalAssessmentsResultSchema>;
