/**
 * zod schemas of the model items a child's snapshot keeps (`child-snapshot.ts`), so that a snapshot read
 * back is checked item by item before its items become the `previous` of a change. Each schema
 * `satisfies` its model type, and each enum is written as a `{ MEMBER: 'MEMBER' }` table typed by its
 * generated union, so a field or a member added to the schema (`schema/*.graphql`) fails to compile here
 * rather than making every stored snapshot unreadable.
 */
import { z } from 'zod';
import type {
  AttendanceKind,
  AttendanceRecord,
  Grade,
  GradeScale,
  GradeValue,
  Homework,
  Lesson,
  ProviderKind,
  ProviderSubjectAverage,
  Subject,
  Teacher,
  Trend,
} from '../domain/model.js';

/** Every member of a string union, each its own value: what `z.enum` takes, checked both ways. */
type Members<T extends string> = { readonly [K in T]: K };

const PROVIDERS: Members<ProviderKind> = { DNEVNIK: 'DNEVNIK', ELJUR: 'ELJUR', MESH: 'MESH' };
const SCALES: Members<GradeScale> = {
  FIVE_POINT: 'FIVE_POINT',
  HUNDRED_POINT: 'HUNDRED_POINT',
  OTHER: 'OTHER',
  PASS_FAIL: 'PASS_FAIL',
  TEN_POINT: 'TEN_POINT',
};
const ATTENDANCE_KINDS: Members<AttendanceKind> = {
  ABSENCE: 'ABSENCE',
  EXCUSED_ABSENCE: 'EXCUSED_ABSENCE',
  TARDY: 'TARDY',
  UNEXCUSED_ABSENCE: 'UNEXCUSED_ABSENCE',
};
const TRENDS: Members<Trend> = { DOWN: 'DOWN', STABLE: 'STABLE', UP: 'UP' };

const text = z.string();
const optionalText = z.string().nullable();
const provider = z.enum(PROVIDERS);

const subjectSchema = z.object({ id: text, name: text, provider }) satisfies z.ZodType<Subject>;
const teacherSchema = z.object({ fullName: text }) satisfies z.ZodType<Teacher>;

/** A {@link GradeValue}. */
export const gradeValueSchema = z.object({
  raw: text,
  scale: z.enum(SCALES),
  numeric: z.number().nullable(),
  fivePoint: z.number().nullable(),
}) satisfies z.ZodType<GradeValue>;

/** A {@link Grade}. */
export const gradeSchema = z.object({
  id: text,
  date: text,
  subject: subjectSchema,
  value: gradeValueSchema,
  weight: z.number(),
  workType: optionalText,
  comment: optionalText,
  isExam: z.boolean(),
  isPoint: z.boolean(),
  pointDeadline: optionalText,
  countsTowardAverage: z.boolean(),
  createdAt: optionalText,
  teacher: teacherSchema.nullable(),
  provider,
}) satisfies z.ZodType<Grade>;

/** A {@link Homework}. */
export const homeworkSchema = z.object({
  id: text,
  dueOn: text,
  assignedOn: optionalText,
  subject: subjectSchema,
  text,
  attachments: z.array(z.object({ title: text, url: optionalText })),
  isDone: z.boolean().nullable(),
  provider,
}) satisfies z.ZodType<Homework>;

/** A {@link Lesson}, with what it embeds. */
export const lessonSchema = z.object({
  id: text,
  date: text,
  number: z.number().nullable(),
  startsAt: optionalText,
  endsAt: optionalText,
  subject: subjectSchema,
  teacher: teacherSchema.nullable(),
  room: optionalText,
  topic: optionalText,
  isCancelled: z.boolean(),
  isReplaced: z.boolean(),
  homework: z.array(homeworkSchema),
  grades: z.array(gradeSchema),
  absence: z.object({ kind: z.enum(ATTENDANCE_KINDS), reason: optionalText }).nullable(),
  provider,
}) satisfies z.ZodType<Lesson>;

/** An {@link AttendanceRecord}. */
export const attendanceRecordSchema = z.object({
  date: text,
  lesson: lessonSchema.nullable(),
  kind: z.enum(ATTENDANCE_KINDS),
  reason: optionalText,
  provider,
}) satisfies z.ZodType<AttendanceRecord>;

/** A {@link ProviderSubjectAverage}. */
export const subjectAverageSchema = z.object({
  subject: subjectSchema,
  periodId: text,
  providerAverage: z.number().nullable(),
  finalGrade: gradeValueSchema.nullable(),
  trend: z.enum(TRENDS).nullable(),
}) satisfies z.ZodType<ProviderSubjectAverage>;
