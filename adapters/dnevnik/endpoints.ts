/**
 * The Dnevnik.ru REST API v2 routes the adapter uses (providers.md §1.4), and two of the official app's
 * private API (§8.5: notices, a week of the diary), as path templates. The adapter
 * fills them with {@link routePath}; the simulator keeps its own copy (`simulator/paths.ts`), so a wrong
 * path here fails against it instead of agreeing with itself. The host is configuration: `https://api.dnevnik.ru` for Dnevnik.ru itself,
 * the white labels (`api.kundelik.kz`, `api.emaktab.uz`) and the simulator live elsewhere.
 */

/** Base URL of the real API. */
export const DEFAULT_DNEVNIK_BASE_URL = 'https://api.dnevnik.ru';

/** Every route the adapter calls; `{name}` marks a path parameter. */
export const DNEVNIK_ROUTES = Object.freeze({
  /** POST, form: code exchange (`AuthorizationCode`) and refresh (`RefreshToken`). */
  authorizations: '/v2/authorizations',
  user: '/v2/users/me',
  context: '/v2/users/me/context',
  relatives: '/v2/users/me/relatives',
  personEduGroups: '/v2/persons/{person}/edu-groups',
  school: '/v2/schools/{school}',
  groupSubjects: '/v2/edu-groups/{group}/subjects',
  workTypes: '/v2/work-types/{school}',
  personMarks: '/v2/persons/{person}/schools/{school}/marks/{from}/{to}',
  /** `?startDate&endDate`: day schedules with marks, works, subjects, work types and log entries side-loaded. */
  schedules: '/v2/persons/{person}/groups/{group}/schedules',
  /** `?startDate&endDate`: attendance. */
  lessonLogEntries: '/v2/persons/{person}/lesson-log-entries',
  reportingPeriods: '/v2/edu-groups/{group}/reporting-periods',
  averageMarks: '/v2/edu-groups/{group}/reporting-periods/{period}/avg-marks/{date}',
  allFinalMarks: '/v2/persons/{person}/edu-groups/{group}/allfinalmarks',
  timetables: '/v2/edu-groups/{group}/timetables',
  /**
   * The official app's private API (providers.md §1.9, §8.5), not the partner API: a school's notices
   * («объявления») for one child, `{unreadCount, postList}`. See `mobile-api.ts` for why it is used and how.
   */
  schoolNotices: '/mobile/v6.0/persons/{person}/schools/{school}/notifications',
  /** The app's private API: a week of the child's diary, `?id=<a Monday>&loadType=Future` (the week after it). */
  mobileDiary: '/mobile/v6.0/persons/{person}/schools/{school}/groups/{group}/diary',
});

/**
 * The routes of the official app's private API. A token a partner app got through OAuth may not be
 * admitted there, so a refusal of the token on them is read as the feature being closed to the gateway
 * (`NOT_SUPPORTED_BY_PROVIDER`), never as an account to link again, and is not answered with a refresh.
 */
export const MOBILE_ROUTES: ReadonlySet<DnevnikRoute> = new Set<DnevnikRoute>(['schoolNotices', 'mobileDiary']);

/** A route by its name in {@link DNEVNIK_ROUTES}; error messages name routes this way. */
export type DnevnikRoute = keyof typeof DNEVNIK_ROUTES;

/** The header that carries the access token (the API also sees `Authorization: Bearer`, but every client sends this). */
export const ACCESS_TOKEN_HEADER = 'Access-Token';

/**
 * Fills a route template. Every parameter is URI-encoded, so a value can never add a path segment; ids
 * and dates are validated before they get here anyway.
 *
 * @example
 * routePath('school', { school: '1000002581' }); // '/v2/schools/1000002581'
 */
export function routePath(route: DnevnikRoute, parameters: Readonly<Record<string, string>> = {}): string {
  return DNEVNIK_ROUTES[route].replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new TypeError(`routePath: the ${route} route needs the "${name}" parameter.`);
    return encodeURIComponent(value);
  });
}

/** Joins a base URL (which may carry a path prefix, as behind a proxy) and a route path with its query. */
export function routeUrl(baseUrl: string, path: string, query: Readonly<Record<string, string>> = {}): URL {
  // `(?<!\/)`: a match starts only at the first slash of a run, so `\/+$` never rescans it (linear).
  const url = new URL(`${baseUrl.replace(/(?<!\/)\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}
