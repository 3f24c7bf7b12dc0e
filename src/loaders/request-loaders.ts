/**
 * Per-request DataLoaders, one per resource, keyed by account + child + range; ranged resources (grades,
 * homework, schedule, attendance) go upstream in whole calendar months (see `calendar-months.ts`). None of the diaries has a
 * multi-key endpoint, so these loaders de-duplicate rather than batch (`batch: false`, no scheduling
 * delay): a query that asks for the same child's grades in several places makes one call. Under them,
 * the process-wide `UpstreamCache` serves fresh copies, stale copies when a diary fails, and collapses
 * identical misses of concurrent requests.
 */
import type { Attributes } from '@opentelemetry/api';
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
  ProviderStudent,
  ProviderSubjectAverage,
  SchemaDrift,
  SideAnswerFailure,
  Subject,
} from '../domain/model.js';
import type { CachedResource } from '../config/cache-freshness.js';
import type { CacheFetch, Served, ServedCopy, UpstreamCache } from '../cache/upstream-cache.js';
import { journalInputs, secretsOf, type Replays } from '../upstream/call-journal.js';
import type { UpstreamResponse } from '../upstream/transport.js';
import { RENEWED_RESOURCES, renewingFetch } from './renewing-fetch.js';
import { GatewayError, ProviderUnavailableError } from '../errors/gateway-error.js';
import { DriftCollector, scopeReportingTo } from '../upstream/tolerant-decode.js';
import { SideFailureCollector, scopeReportingSideFailuresTo } from '../upstream/side-answers.js';
import type { AdapterRegistry } from './adapter-registry.js';
import type { FreshnessLog } from './freshness-log.js';
import { mergeMonths } from './month-pieces.js';
import { calendarMonths } from '../domain/calendar-months.js';
import { ATTR_CACHE_STALE, ATTR_PROVIDER, ATTR_RANGE, ATTR_RESOURCE, ATTR_TENANT } from '../domain/trace-attributes.js';
import { inChildSpan } from '../upstream/trace-spans.js';

export type { Served } from '../cache/upstream-cache.js';

/** A served result with the parts of the diary's answers left out because their shape drifted. */
export interface Loaded<T> extends Served<T> {
  /** Reported beside the result as `PROVIDER_SCHEMA_DRIFT`; a cached copy keeps the drift it was built with. */
  drift: readonly SchemaDrift[];
  /** Side answers the result was built without because their calls failed, reported beside it; cached with it too. */
  sideFailures: readonly SideAnswerFailure[];
}

/**
 * What the upstream cache keeps for one diary call: the normalised result together with its drift, so a
 * copy served from cache (this replica's or another's, through Redis) still carries its warnings.
 */
interface WithDrift<T> {
  result: T;
  schemaDrift: SchemaDrift[];
  /** Absent in copies cached before side failures were kept. */
  sideFailures?: SideAnswerFailure[];
}

/** A cached value with its drift; a copy cached before drift was kept (the bare result) has none. */
function unpackDrift<T>(served: Served<WithDrift<T> | T>): Loaded<T> {
  const value = served.value as Partial<WithDrift<T>> | T;
  const packed = typeof value === 'object' && value !== null && 'schemaDrift' in value && 'result' in value;
  const { result, schemaDrift, sideFailures } = packed
    ? (value as WithDrift<T>)
    : { result: value as T, schemaDrift: [], sideFailures: [] };
  return { ...served, value: result, drift: schemaDrift, sideFailures: sideFailures ?? [] };
}

/** A result built without a failed side answer: cached, but kept fresh only briefly. */
const isPartial = (value: WithDrift<unknown>): boolean => (value.sideFailures?.length ?? 0) > 0;

export type { AdapterRegistry } from './adapter-registry.js';

/** One child in one account, optionally over a date range. */
export interface EnrollmentKey {
  account: ProviderAccount;
  student: ProviderStudent;
  range?: DateRange;
}

/** The loaders of one request. */
export interface RequestLoaders {
  profile: DataLoader<ProviderAccount, Served<ProviderAccountProfile>, string>;
  subjects: DataLoader<EnrollmentKey, Loaded<Subject[]>, string>;
  periods: DataLoader<EnrollmentKey, Loaded<AcademicPeriod[]>, string>;
  subjectAverages: DataLoader<EnrollmentKey, Loaded<ProviderSubjectAverage[]>, string>;
  grades: DataLoader<EnrollmentKey, Loaded<Grade[]>, string>;
  homework: DataLoader<EnrollmentKey, Loaded<Homework[]>, string>;
  schedule: DataLoader<EnrollmentKey, Loaded<Lesson[]>, string>;
  attendance: DataLoader<EnrollmentKey, Loaded<AttendanceRecord[]>, string>;
  nonSchoolDays: DataLoader<EnrollmentKey, Loaded<NonSchoolDay[]>, string>;
  /**
   * A cached read of a resource no loader above serves (the mail: messages, notices, the address book…):
   * the same upstream cache, freshness log, answer-cache record and spans, shared within the request by
   * resource, account and `params` (which must name everything `fetch` depends on besides the account).
   */
  read<T>(
    resource: CachedResource,
    account: ProviderAccount,
    params: readonly string[],
    fetch: (adapter: ProviderAdapter, scope: UpstreamScope) => Promise<T>,
  ): Promise<Served<T>>;
}

/** What the loaders of one request work with. */
export interface RequestLoaderOptions {
  adapters: AdapterRegistry;
  cache: UpstreamCache;
  /**
   * The request's scope for an account's calls: the request's memo, and its deadline or the diary's own
   * (`createDiaryScopes`), so a slow diary is given up on without holding up the others.
   */
  scopeFor: (account: ProviderAccount) => UpstreamScope;
  /** A scope outside the request, for background revalidation that may outlive it. */
  backgroundScope: () => UpstreamScope;
  freshness: FreshnessLog;
  /**
   * Told of every cached read the request makes: the copy served, or `null` when the read failed (the answer
   * cache, src/answers, records what an answer was built from).
   */
  onRead?: (copy: ServedCopy<unknown> | null) => void;
  /**
   * Resources whose copies past their fresh window are not served while refreshed behind: the diary is asked
   * first (`UpstreamCache.load`'s `freshOnly`). The change detector's; requests take stale-while-revalidate.
   */
  freshOnly?: (resource: CachedResource) => boolean;
  /**
   * The request's replays when its answer-cache check already made some (`renewCopies`): the calls it made
   * answer the adapters' own. Absent: a map of the request's own.
   */
  replays?: Replays;
}

type Fetch<T> = (adapter: ProviderAdapter, key: EnrollmentKey, scope: UpstreamScope) => Promise<T>;

/** The adapter reads that are loaded a calendar month at a time. */
type MonthlyRead = 'fetchGrades' | 'fetchHomework' | 'fetchSchedule' | 'fetchAttendance';
/** One item of what a monthly read returns (a grade, a homework entry…). */
type ItemOf<M extends MonthlyRead> = Awaited<ReturnType<ProviderAdapter[M]>>[number];

/** Creates the loaders of one request. */
export function createRequestLoaders(options: RequestLoaderOptions): RequestLoaders {
  const { adapters, cache, scopeFor, backgroundScope, freshness, onRead, freshOnly } = options;
  // The diary answers this request's renewal checks received, by call: each call replayed once however many
  // copies were built on its answer, and answering the adapter when a copy is built again after all.
  const replays: Replays = options.replays ?? new Map<string, Promise<UpstreamResponse>>();
  const backgroundReplays: Replays = new Map();
  const adapterFor = (account: ProviderAccount): ProviderAdapter => {
    const adapter = adapters.forAccount(account);
    if (!adapter) {
      const what = account.tenant ? `its tenant ${account.tenant}` : 'it';
      throw new ProviderUnavailableError(account.provider, `this gateway is not configured to serve ${what}`);
    }
    return adapter;
  };

  // Each cached read is a span of the request's trace (when traced): provider, resource, range and what the
  // cache did (`UpstreamCache` records its outcome on it), with the diary calls of a miss as its children, so
  // a hit shows none. A background refresh it starts is a child span of its own, which may end after it.
  const cachedLoad = async <T>(
    resource: CachedResource,
    account: ProviderAccount,
    params: readonly string[],
    fetch: (adapter: ProviderAdapter, scope: UpstreamScope) => Promise<T>,
    partial?: (value: T) => boolean,
    range?: DateRange,
    inputs?: readonly unknown[],
  ): Promise<Served<T>> => {
    const attributes = loadAttributes(resource, account, range);
    return inChildSpan(`load ${account.provider} ${resource}`, attributes, async (span) => {
      try {
        const adapter = adapterFor(account);
        const scope = scopeFor(account);
        // A data read whose inputs are known is journaled, so a refresh can keep its copy (renewing-fetch.ts). Its
        // inputs' digest and the account's secrets are made only when the diary is asked, never on a hit.
        const renewable = inputs !== undefined && cache.renews && RENEWED_RESOURCES.has(resource);
        const cacheFetch =
          (s: UpstreamScope, replays: Replays): CacheFetch<T> =>
          (held) =>
            renewable
              ? renewingFetch(
                  {
                    cache,
                    replays,
                    inputs: journalInputs(inputs),
                    signal: s.signal,
                    secrets: secretsOf(account.credentials),
                  },
                  () => fetch(adapter, s),
                )(held)
              : fetch(adapter, s);
        const result = await cache.load(
          { resource, provider: account.provider, accountId: account.id, params },
          cacheFetch(scope, replays),
          (held) =>
            inChildSpan(`refresh ${account.provider} ${resource}`, attributes, () =>
              cacheFetch(backgroundScope(), backgroundReplays)(held),
            ),
          partial,
          scope.signal,
          freshOnly?.(resource) ?? false,
        );
        span?.setAttribute(ATTR_CACHE_STALE, result.isStale);
        onRead?.(result);
        freshness.recordServed(account.id, account.provider, result.fetchedAt, result.isStale, result.staleBecause);
        return result;
      } catch (error) {
        onRead?.(null);
        if (error instanceof GatewayError) freshness.recordFailure(account.id, account.provider, error);
        throw error;
      }
    });
  };

  // Each call gets its own drift and side-failure collectors over the request's scope (the memo stays
  // shared), and both are cached with the result they describe.
  const collectingDrift =
    <T>(fetch: Fetch<T>, key: EnrollmentKey) =>
    async (adapter: ProviderAdapter, s: UpstreamScope): Promise<WithDrift<T>> => {
      const drift = new DriftCollector();
      const failures = new SideFailureCollector();
      const result = await fetch(adapter, key, scopeReportingSideFailuresTo(scopeReportingTo(s, drift), failures));
      return { result, schemaDrift: drift.list(), sideFailures: failures.list() };
    };
  const loader = <T>(resource: CachedResource, fetch: Fetch<T>) =>
    dedupeLoader<EnrollmentKey, Loaded<T>>(
      (key) =>
        freshness.track(
          cachedLoad(
            resource,
            key.account,
            paramsOf(key),
            collectingDrift(fetch, key),
            isPartial,
            key.range,
            inputsOf(resource, key),
          ).then(unpackDrift),
        ),
      (key) => [key.account.id, ...paramsOf(key), resource].join('\u0000'),
    );
  // A ranged resource is loaded one whole calendar month at a time (each month its own memo key and cache
  // entry) and cut to the asked range, so overlapping ranges of a query never fetch a month twice.
  const monthlyLoader = <M extends MonthlyRead>(
    resource: CachedResource,
    method: M,
    dateOf: (item: ItemOf<M>) => string,
  ) => {
    type T = ItemOf<M>;
    // Every monthly read takes (account, child, range, scope) and returns a list of its items.
    const fetch: Fetch<T[]> = (adapter, key, s) => adapter[method](...rangedRead(key, s));
    const months = loader<T[]>(resource, fetch);
    return dedupeLoader<EnrollmentKey, Loaded<T[]>>(
      async (key) => {
        const range = rangeOf(key);
        const pieces = await Promise.all(calendarMonths(range).map((month) => months.load({ ...key, range: month })));
        return mergeMonths(pieces, range, dateOf);
      },
      (key) => [key.account.id, ...paramsOf(key), resource].join('\u0000'),
    );
  };

  const reads = new Map<string, Promise<Served<unknown>>>();
  const read = <T>(
    resource: CachedResource,
    account: ProviderAccount,
    params: readonly string[],
    fetch: (adapter: ProviderAdapter, scope: UpstreamScope) => Promise<T>,
  ): Promise<Served<T>> => {
    const key = [account.id, resource, ...params].join('\u0000');
    let pending = reads.get(key) as Promise<Served<T>> | undefined;
    if (!pending) {
      pending = freshness.track(cachedLoad(resource, account, params, fetch));
      reads.set(key, pending);
    }
    return pending;
  };

  return {
    read,
    profile: dedupeLoader(
      (account) =>
        freshness.track(cachedLoad('profile', account, [], (adapter, s) => adapter.fetchProfile(account, s))),
      (account) => account.id,
    ),
    subjects: loader('subjects', (a, k, s) => a.fetchSubjects(k.account, k.student, s)),
    periods: loader('periods', (a, k, s) => a.fetchPeriods(k.account, k.student, s)),
    subjectAverages: loader('averages', (a, k, s) => a.fetchSubjectAverages(k.account, k.student, s)),
    grades: monthlyLoader('grades', 'fetchGrades', (grade) => grade.date),
    homework: monthlyLoader('homework', 'fetchHomework', (homework) => homework.dueOn),
    schedule: monthlyLoader('schedule', 'fetchSchedule', (lesson) => lesson.date),
    attendance: monthlyLoader('attendance', 'fetchAttendance', (record) => record.date),
    // Non-school days stay keyed by the asked range: a holiday is a span that crosses month edges.
    nonSchoolDays: loader('non-school-days', (a, k, s) => a.fetchNonSchoolDays(...rangedRead(k, s))),
  };
}

/** A cached read's span attributes: which diary, tenant, resource and dates; never the child or the account. */
function loadAttributes(resource: CachedResource, account: ProviderAccount, range?: DateRange): Attributes {
  return {
    [ATTR_PROVIDER]: account.provider,
    [ATTR_RESOURCE]: resource,
    ...(account.tenant ? { [ATTR_TENANT]: account.tenant } : {}),
    ...(range ? { [ATTR_RANGE]: `${range.from}..${range.to}` } : {}),
  };
}

/**
 * Everything besides the diary's answers a read's result depends on, for its journal: the account (credentials
 * too: a new token is a new request) and the child and range as the adapter is given them.
 */
function inputsOf(resource: CachedResource, key: EnrollmentKey): readonly unknown[] {
  const { account, student, range } = key;
  return [resource, account.id, account.provider, account.tenant ?? null, account.credentials, student, range ?? null];
}

function paramsOf(key: EnrollmentKey): string[] {
  return [key.student.externalId, key.range?.from ?? '', key.range?.to ?? ''];
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

/** The arguments of a ranged adapter read for `key`: its account, child and range, and the scope. */
function rangedRead(
  key: EnrollmentKey,
  scope: UpstreamScope,
): [account: ProviderAccount, student: ProviderStudent, range: DateRange, scope: UpstreamScope] {
  return [key.account, key.student, rangeOf(key), scope];
}

function rangeOf(key: EnrollmentKey): DateRange {
  if (!key.range) throw new Error('a ranged loader was called without a date range');
  return key.range;
}
