/**
 * Per-request DataLoaders, one per resource, keyed by account + child + range. None of the diaries has a
 * multi-key endpoint, so these loaders de-duplicate rather than batch (`batch: false`, no scheduling
 * delay): a query that asks for the same child's grades in several places makes one call.
 */
import DataLoader from 'dataloader';
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../domain/adapter.js';
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
} from '../domain/model.js';
import { ProviderUnavailableError } from '../errors/gateway-error.js';

/** The adapters the gateway runs, by provider. A provider without an adapter is reported, not crashed on. */
export type AdapterRegistry = Readonly<Partial<Record<ProviderKind, ProviderAdapter>>>;

/** One child in one account, optionally over a date range. */
export interface EnrollmentKey {
  account: ProviderAccount;
  student: ProviderStudent;
  range?: DateRange;
}

/** The loaders of one request. */
export interface RequestLoaders {
  profile: DataLoader<ProviderAccount, ProviderAccountProfile, string>;
  subjects: DataLoader<EnrollmentKey, Subject[], string>;
  periods: DataLoader<EnrollmentKey, AcademicPeriod[], string>;
  subjectAverages: DataLoader<EnrollmentKey, ProviderSubjectAverage[], string>;
  grades: DataLoader<EnrollmentKey, Grade[], string>;
  homework: DataLoader<EnrollmentKey, Homework[], string>;
  schedule: DataLoader<EnrollmentKey, Lesson[], string>;
  attendance: DataLoader<EnrollmentKey, AttendanceRecord[], string>;
  nonSchoolDays: DataLoader<EnrollmentKey, NonSchoolDay[], string>;
}

/** Creates the loaders of one request over the given adapters and scope. */
export function createRequestLoaders(adapters: AdapterRegistry, scope: UpstreamScope): RequestLoaders {
  const adapterFor = (provider: ProviderKind): ProviderAdapter => {
    const adapter = adapters[provider];
    if (!adapter) throw new ProviderUnavailableError(provider, 'this gateway has no adapter configured for it');
    return adapter;
  };

  const enrollmentLoader = <T>(resource: string, fetch: (adapter: ProviderAdapter, key: EnrollmentKey) => Promise<T>) =>
    dedupeLoader<EnrollmentKey, T>(
      (key) => fetch(adapterFor(key.account.provider), key),
      (key) => [key.account.id, key.student.externalId, resource, key.range?.from ?? '', key.range?.to ?? ''].join('\u0000'),
    );

  return {
    profile: dedupeLoader(
      (account) => adapterFor(account.provider).fetchProfile(account, scope),
      (account) => account.id,
    ),
    subjects: enrollmentLoader('subjects', (adapter, k) => adapter.fetchSubjects(k.account, k.student, scope)),
    periods: enrollmentLoader('periods', (adapter, k) => adapter.fetchPeriods(k.account, k.student, scope)),
    subjectAverages: enrollmentLoader('averages', (adapter, k) => adapter.fetchSubjectAverages(k.account, k.student, scope)),
    grades: enrollmentLoader('grades', (adapter, k) => adapter.fetchGrades(k.account, k.student, rangeOf(k), scope)),
    homework: enrollmentLoader('homework', (adapter, k) => adapter.fetchHomework(k.account, k.student, rangeOf(k), scope)),
    schedule: enrollmentLoader('schedule', (adapter, k) => adapter.fetchSchedule(k.account, k.student, rangeOf(k), scope)),
    attendance: enrollmentLoader('attendance', (adapter, k) => adapter.fetchAttendance(k.account, k.student, rangeOf(k), scope)),
    nonSchoolDays: enrollmentLoader('non-school-days', (adapter, k) =>
      adapter.fetchNonSchoolDays(k.account, k.student, rangeOf(k), scope),
    ),
  };
}

function dedupeLoader<K, V>(load: (key: K) => Promise<V>, cacheKey: (key: K) => string): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) =>
      Promise.all(
        keys.map(async (key) => {
          try {
            return await load(key);
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      ),
    { batch: false, cacheKeyFn: cacheKey },
  );
}

function rangeOf(key: EnrollmentKey): DateRange {
  if (!key.range) throw new Error('a ranged loader was called without a date range');
  return key.range;
}
