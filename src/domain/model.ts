/**
 * The provider-neutral domain model: what every adapter produces and every resolver consumes.
 *
 * Plain data types are the generated schema types themselves (see `schema-types.generated.ts`), so the
 * schema stays the single source of truth. Only where a resolver needs more than the schema shows (ids
 * for lookups, nested models instead of resolved fields) is a model declared here.
 */
import type {
  AcademicPeriod as AcademicPeriodType,
  AttendanceKind,
  Grade,
  Homework,
  Lesson as LessonType,
  NonSchoolDay as NonSchoolDayType,
  ProviderKind,
  School,
  SubjectAverage as SubjectAverageType,
} from './schema-types.generated.js';

export type {
  AbsenceReason,
  Attachment,
  AttendanceKind,
  Grade,
  GradeScale,
  GradeValue,
  Homework,
  NonSchoolDayKind,
  ProviderKind,
  School,
  Subject,
  Teacher,
  Trend,
} from './schema-types.generated.js';

/**
 * A grading period as one diary gives it. Which of a child's enrollments give it is known only once they
 * are put side by side, so `enrollments` is the resolver's ({@link ListedPeriod}), not the adapter's.
 */
export type AcademicPeriod = Omit<AcademicPeriodType, 'enrollments'>;

/** A day without lessons as one diary gives it (`enrollments`: see {@link AcademicPeriod}). */
export type NonSchoolDay = Omit<NonSchoolDayType, 'enrollments'>;

/** An absence or late arrival attached to a lesson; the lesson itself is the parent. */
export interface LessonAbsence {
  kind: AttendanceKind;
  reason: string | null;
}

/** A lesson as adapters produce it: its homework, grades and absence are embedded, not resolved. */
export type Lesson = Omit<LessonType, 'absence'> & {
  homework: Homework[];
  grades: Grade[];
  absence: LessonAbsence | null;
};

/** An attendance event; `lesson` is the lesson model when the event is per lesson. */
export interface AttendanceRecord {
  date: string;
  lesson: Lesson | null;
  kind: AttendanceKind;
  reason: string | null;
  provider: ProviderKind;
}

/**
 * What a diary says about one subject in one grading period. The gateway's own `average` is computed
 * from grades by the resolver, so adapters leave it out.
 */
export type ProviderSubjectAverage = Omit<SubjectAverageType, 'average' | 'gradeCount' | 'period'> & {
  /** Id of the period in the adapter's `fetchPeriods` answer. */
  periodId: string;
};

/** A subject average as the resolver hands it to the schema: its period as the student's periods list it. */
export type SubjectAverage = Omit<SubjectAverageType, 'period'> & { period: ListedPeriod };

/**
 * A child as one diary account knows it. Carries the provider's own ids (opaque to everyone but the
 * adapter) and personal data the gateway must not return (`snils`).
 */
export interface ProviderStudent {
  provider: ProviderKind;
  /**
   * The tenant (installation of the diary) the child was read from, when it is not the platform's primary
   * one (`mesh-mosreg`, say). Set by the gateway, not by adapters: an id from one installation means nothing
   * on another, so it is part of the child's gateway id (`deriveStudentId`). Absent for a primary tenant,
   * whose children keep the ids they had before tenants existed.
   */
  tenant?: string;
  /** The provider's primary id of the child; stable within the provider. */
  externalId: string;
  /** Every other id the adapter needs to call the provider for this child (МЭШ has three). */
  providerIds: Readonly<Record<string, string>>;
  firstName: string;
  lastName: string;
  middleName: string | null;
  birthDate: string | null;
  /**
   * SNILS. Adapters fill it as the diary sent it; at the adapter boundary the gateway replaces it with its
   * keyed hash (`src/identity/protect-adapter.ts`), so past that point — in the cache, the store, resolvers —
   * it is the hash or `null`. Used only for matching; never returned or logged.
   */
  snils: string | null;
  school: School | null;
  className: string | null;
  /** IANA time zone of the school, for "today" and naive provider datetimes. */
  timeZone: string;
}

/** The account holder and children an adapter reads from a linked diary account. */
export interface ProviderAccountProfile {
  /** The person the account belongs to; `snils` as the diary sent it (matching only, never returned). */
  holder: {
    firstName: string;
    lastName: string;
    middleName: string | null;
    birthDate: string | null;
    snils: string | null;
  };
  students: ProviderStudent[];
}

/**
 * One enrollment of a gateway student: the provider child plus the account that can read it. The model
 * behind GraphQL `Enrollment`.
 */
export interface StudentEnrollment {
  accountId: string;
  student: ProviderStudent;
}

/**
 * A calendar item (a period, a day off) as a student's list shows it: the copy of the first enrollment
 * that gives it, and every enrollment that gives it alike, in enrollment order (that one first).
 */
export type GivenByEnrollments<T> = T & { enrollments: StudentEnrollment[] };

/** The model behind GraphQL `AcademicPeriod`. */
export type ListedPeriod = GivenByEnrollments<AcademicPeriod>;

/** The model behind GraphQL `NonSchoolDay`. */
export type ListedNonSchoolDay = GivenByEnrollments<NonSchoolDay>;

/** What the viewer may do with a student (GraphQL `StudentAccess`). */
export type StudentAccessKind = 'PARENT' | 'TRUSTED_READ_ONLY';

/** A gateway student: one id, one or more enrollments. The model behind GraphQL `Student`. */
export interface StudentRecord {
  /** The id of the earliest-seen child among `childIds`; stable while the group lasts. */
  id: string;
  /** Every enrollment, primary (earliest seen) first. */
  enrollments: StudentEnrollment[];
  /** The ids of every diary child merged into this student; any of them finds it (`Query.student`). */
  childIds: string[];
  access: StudentAccessKind;
}

/** The signed-in person. The model behind GraphQL `Viewer`. */
export interface Viewer {
  id: string;
  displayName: string;
}

/**
 * Part of a diary's answer that no longer had the shape the gateway reads (the diary changed its format
 * without notice), left out so that the rest could be served. It names *where*, never *what*: the path is
 * a template built from the schema's own keys (`days[].teachers`, `payload[].date`), with `[]` for list
 * items and `{}` for map entries, so it holds no value, id or name from the answer.
 */
export interface SchemaDrift {
  provider: ProviderKind;
  /** The diary route (method) whose answer drifted, as the adapter names it: `schedules`, `events`, `getdiary`. */
  route: string;
  /**
   * The field that broke, as a template path inside the answer; `(root)` for the whole answer. The nearest
   * list item or optional part containing it was left out (an optional field alone when the field is optional).
   */
  schemaPath: string;
  /** How many list items, optional parts or whole answers were left out because of it. */
  dropped: number;
}

/** The failures a {@link SideAnswerFailure} can carry: the diary's side, never the gateway's. */
export type SideFailureCode = 'PROVIDER_UNAVAILABLE' | 'PROVIDER_TIMEOUT' | 'PROVIDER_AUTH_FAILED';

/**
 * A side answer a result was built without because its call failed (the route answered 5xx, timed out, was
 * refused, or the breaker was open): the answer only enriches the result (МЭШ's `schedule` route gives lesson
 * numbers and teachers to the event calendar's lessons), so only what it feeds is missing and the rest is
 * served beside this warning (issue 11 §1). An answer that arrived unreadable is a {@link SchemaDrift}.
 */
export interface SideAnswerFailure {
  provider: ProviderKind;
  /** The route whose call failed, as the adapter names it: `schedule`, `attendance`. */
  route: string;
  /** What failed, as the code a client would have seen had the route been the result's own. */
  code: SideFailureCode;
  /** What is missing for want of it, as `Type.field` of the public schema: `Lesson.number`. */
  missing: readonly string[];
}

/** An inclusive range of school-local calendar dates, `YYYY-MM-DD`. */
export interface DateRange {
  from: string;
  to: string;
}
