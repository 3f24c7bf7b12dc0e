/**
 * The Dnevnik.ru REST API v2 paths the simulator serves (`../shared/providers.md` §1.4), and two of the
 * official app's API (§8.5), as templates
 * (`{name}` is one path segment). Written out here, not taken from the adapter: the simulator is a
 * second, independent reading of the API, so an adapter that calls a wrong path fails against it. The
 * names are the ones the adapter uses in its messages, so a test can name a route to both.
 */

/** Every path the simulator answers; `{name}` marks a path parameter. */
export const DNEVNIK_PATHS = Object.freeze({
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
  schedules: '/v2/persons/{person}/groups/{group}/schedules',
  lessonLogEntries: '/v2/persons/{person}/lesson-log-entries',
  reportingPeriods: '/v2/edu-groups/{group}/reporting-periods',
  averageMarks: '/v2/edu-groups/{group}/reporting-periods/{period}/avg-marks/{date}',
  allFinalMarks: '/v2/persons/{person}/edu-groups/{group}/allfinalmarks',
  timetables: '/v2/edu-groups/{group}/timetables',
  /** The official app's API (§8.5): the school board's notices for one child. */
  schoolNotices: '/mobile/v6.0/persons/{person}/schools/{school}/notifications',
  /** The app's API: a week of the child's diary, `?id=<a Monday>&loadType=Future|Past`. */
  mobileDiary: '/mobile/v6.0/persons/{person}/schools/{school}/groups/{group}/diary',
});

/** A route by its name in {@link DNEVNIK_PATHS}. */
export type DnevnikSimulatorRoute = keyof typeof DNEVNIK_PATHS;
