/**
 * The one contract every diary adapter implements (`adapters/<provider>/index.ts`). Resolvers and
 * loaders talk to diaries only through it, and only in domain models.
 */
import type {
  AbsenceReason,
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
  SchemaDrift,
  SideAnswerFailure,
  Subject,
} from './model.js';
import type { BrowserSignIn } from './browser-sign-in.js';
import type { ProviderMessaging } from './messaging.js';

/** Credentials of a linked diary account, in the adapter's own shape (a token, login and password…). */
export type ProviderCredentials = Readonly<Record<string, string>>;

/** A linked diary account as adapters see it: which account and how to sign in to it. */
export interface ProviderAccount {
  /** Gateway id of the link; part of every cache and de-duplication key. */
  id: string;
  provider: ProviderKind;
  /**
   * The tenant the account lives on (absent: the platform's primary tenant, as for accounts linked before
   * tenants existed). The gateway picks the adapter by it; adapters themselves never read it.
   */
  tenant?: string;
  credentials: ProviderCredentials;
}

/**
 * What a parent hands the gateway to link a diary account, per diary. `signIn` turns it into the
 * credentials the adapter keeps; only those are stored (encrypted), never this input.
 */
export type LinkCredentials =
  | { provider: 'MESH'; /** A МЭШ access token (school.mos.ru `auth_token` / mesh_access_token). */ token: string }
  | {
      provider: 'MESH';
      /** A one-time code from the tenant's sign-in redirect (mos.ru, or a regional node's). */ code: string;
      /** The callback the code was issued for. */ redirectUri: string;
      /** The attempt's PKCE verifier (mos.ru needs it; regional nodes take none). */ codeVerifier?: string;
      /** The attempt's `state`, which a regional node wants back with the code. */ state?: string;
    }
  | {
      provider: 'DNEVNIK';
      /** An OAuth authorization code from Dnevnik.ru's login page. */ code: string;
      redirectUri?: string;
      /** The attempt's PKCE verifier, when the gateway sent a challenge. */ codeVerifier?: string;
    }
  | { provider: 'DNEVNIK'; /** A Dnevnik.ru access token the parent already holds. */ accessToken: string }
  | { provider: 'ELJUR'; login: string; password: string; /** The school's Eljur subdomain. */ vendor: string }
  | {
      provider: 'ELJUR';
      /** A token from Eljur's own redirect sign-in (`?token=`). */ token: string;
      /** The school the parent chose before going to Eljur. */ vendor: string;
    };

/** A parent's notice that a child will be (or was) absent on whole school days. */
export interface AbsenceNoticeRequest {
  /** School-local days, inclusive. */
  range: DateRange;
  reason: AbsenceReason;
  /** Free text the parent adds ("температура"), or `null`. */
  comment: string | null;
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
  /**
   * Told of every part of a diary's answer the adapter left out while building this call's result because
   * its shape had drifted (see {@link SchemaDrift}), so the caller can serve the warning with the result.
   * Absent when nobody listens; adapters call it as `scope.reportDrift?.(drift)`.
   */
  reportDrift?(drift: SchemaDrift): void;
  /**
   * Told of every side answer the adapter built this call's result without because its call failed (see
   * {@link SideAnswerFailure}), so the caller can serve the warning with the result and keep such a result
   * fresh only briefly. Absent when nobody listens.
   */
  reportSideFailure?(failure: SideAnswerFailure): void;
  /**
   * Reads a structure resource of `account` — what changes a few times a year (a token's profile id, a
   * school's work types, a class's subjects, bell timetables and periods) — through the gateway's upstream
   * cache on the long `structure` windows, refreshed in the background, and a stale copy served when the
   * diary fails. `key` names the resource within the account (route and ids; the account's id is added by
   * the gateway). `load` makes the calls: in the caller's own scope when given none (a miss), in the scope
   * it is given when refreshing in the background. Its value must be plain JSON data (it may be kept in
   * Redis). Absent (sign-in, tests): the adapter calls `load` itself; adapters go through `readStructure`
   * (`src/upstream/structure.ts`).
   */
  structure?<T>(account: ProviderAccount, key: string, load: (refreshScope?: UpstreamScope) => Promise<T>): Promise<T>;
}

/** One diary behind the unified schema. Every method throws only `GatewayError`s. */
export interface ProviderAdapter {
  readonly provider: ProviderKind;
  /** Whether the diary takes absence notices from parents (`submitAbsenceNotice` does something). */
  readonly acceptsAbsenceNotices: boolean;
  /** The diary's own browser sign-in for linking, when this adapter's tenant offers one (see `browser-sign-in.ts`). */
  readonly browserSignIn?: BrowserSignIn;
  /** Messages, notices, remarks and signatures (`messaging.ts`); absent when the adapter reads none of them. */
  readonly messaging?: ProviderMessaging;
  /**
   * Exchanges what the parent typed for the credentials to keep (a code for tokens, a login for a
   * session token…). Throws `PROVIDER_AUTH_FAILED` when the diary refuses, `BAD_USER_INPUT` when the input
   * is not for this diary. Does not read the profile: the caller verifies with `fetchProfile` next.
   */
  signIn(input: LinkCredentials, scope: UpstreamScope): Promise<ProviderCredentials>;
  /**
   * Sends an absence notice for whole days to the school through the diary. Diaries without such a
   * feature throw `NOT_SUPPORTED_BY_PROVIDER`.
   */
  submitAbsenceNotice(
    account: ProviderAccount,
    student: ProviderStudent,
    notice: AbsenceNoticeRequest,
    scope: UpstreamScope,
  ): Promise<void>;
  /**
   * Withdraws the notices on the given days (the caller has already refused past days). Diaries without
   * absence notices throw `NOT_SUPPORTED_BY_PROVIDER`.
   */
  withdrawAbsenceNotice(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<void>;
  /** Verifies the account's credentials and reads its holder and children. */
  fetchProfile(account: ProviderAccount, scope: UpstreamScope): Promise<ProviderAccountProfile>;
  fetchSubjects(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope): Promise<Subject[]>;
  fetchPeriods(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope): Promise<AcademicPeriod[]>;
  fetchGrades(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<Grade[]>;
  fetchHomework(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<Homework[]>;
  fetchSchedule(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<Lesson[]>;
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
  /**
   * Reads every structure resource the child's data reads will need, through the cache, so a first
   * dashboard starts with its data calls; the caller ignores its failures.
   */
  prefetchStructure?(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope): Promise<void>;
}
