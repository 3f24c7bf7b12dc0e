/**
 * The one contract every diary adapter implements (`adapters/<provider>/index.ts`). Resolvers and
 * loaders talk to diaries only through it, and only in domain models.
 */
import type {
  AcademicPeriod,
  AttendanceRecord,
  DateRange,
  Grade,
  Homework,
  Lesson,
  NonSchoolDay,
  ProviderAccountProfile,
  ProviderKind,
  ProviderStudent,
  ProviderSubjectAverage,
  Subject,
} from './model.js';

/** Credentials of a linked diary account, in the adapter's own shape (a token, login and password…). */
export type ProviderCredentials = Readonly<Record<string, string>>;

/** A linked diary account as adapters see it: which account and how to sign in to it. */
export interface ProviderAccount {
  /** Gateway id of the link; part of every cache and de-duplication key. */
  id: string;
  provider: ProviderKind;
  credentials: ProviderCredentials;
}

/**
 * What one GraphQL request lends an adapter: cancellation, and a memo so that two resources built from
 * the same upstream call (МЭШ lessons and lesson absences, say) make that call once per request.
 */
export interface UpstreamScope {
  /** Aborted when the GraphQL request is abandoned or its deadline passes. */
  signal?: AbortSignal | undefined;
  /** Runs `load` once per `key` within this scope and shares its promise. Keys must include the account id. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** One diary behind the unified schema. Every method throws only `GatewayError`s. */
export interface ProviderAdapter {
  readonly provider: ProviderKind;
  /** Verifies the account's credentials and reads its holder and children. */
  fetchProfile(account: ProviderAccount, scope: UpstreamScope): Promise<ProviderAccountProfile>;
  fetchSubjects(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope): Promise<Subject[]>;
  fetchPeriods(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope): Promise<AcademicPeriod[]>;
  fetchGrades(account: ProviderAccount, student: ProviderStudent, range: DateRange, scope: UpstreamScope): Promise<Grade[]>;
  fetchHomework(account: ProviderAccount, student: ProviderStudent, range: DateRange, scope: UpstreamScope): Promise<Homework[]>;
  fetchSchedule(account: ProviderAccount, student: ProviderStudent, range: DateRange, scope: UpstreamScope): Promise<Lesson[]>;
  fetchAttendance(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<AttendanceRecord[]>;
  /** The diary's own per-subject averages and final marks, for every period it reports. */
  fetchSubjectAverages(
    account: ProviderAccount,
    student: ProviderStudent,
    scope: UpstreamScope,
  ): Promise<ProviderSubjectAverage[]>;
  fetchNonSchoolDays(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<NonSchoolDay[]>;
}
