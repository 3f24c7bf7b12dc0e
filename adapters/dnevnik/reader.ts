/**
 * Every Dnevnik.ru read the adapter makes, for one account within one request. Each goes through
 * `scope.once` with a key of the account, the route and its parameters, so resources built from the
 * same answer (a day schedule feeds the timetable, homework, grades and attendance) fetch it once per
 * request. Range reads are split into month-sized calls (`ranges.ts`) and their pieces de-duplicated.
 */
import type { z } from 'zod';
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import type { DateRange } from '../../src/domain/model.js';
import type { DnevnikCaller } from './client.js';
import type { DnevnikRoute } from './endpoints.js';
import {
  averageMarksSchema,
  finalMarksSchema,
  logEntriesSchema,
  marksSchema,
  reportingPeriodsSchema,
  schedulesSchema,
  timetablesSchema,
  workTypesSchema,
  type AverageMark,
  type Day,
  type FinalMarks,
  type LogEntry,
  type Mark,
  type ReportingPeriod,
  type Timetable,
  type WorkType,
} from './payloads-diary.js';
import {
  contextSchema,
  eduGroupsSchema,
  relativesSchema,
  schoolSchema,
  subjectsSchema,
  userSchema,
  type EduGroup,
  type Relative,
  type School,
  type SubjectRecord,
  type User,
  type UserContext,
} from './payloads.js';
import { mobileDiarySchema, noticesSchema, type MobileDiary } from './payloads-mobile.js';
import { dateOf, preferTwin } from './normalize-common.js';
import { monthChunks, uniqueById } from './ranges.js';
import { reportedValue } from '../../src/upstream/tolerant-decode.js';
import { readStructure } from '../../src/upstream/structure.js';

/** The reads of one account in one request. */
export interface DnevnikReader {
  user(): Promise<User>;
  context(): Promise<UserContext>;
  relatives(): Promise<Relative[]>;
  eduGroups(person: string): Promise<EduGroup[]>;
  school(school: string): Promise<School>;
  groupSubjects(group: string): Promise<SubjectRecord[]>;
  workTypes(school: string): Promise<WorkType[]>;
  /** Marks dated within the range, once each. */
  marks(person: string, school: string, range: DateRange): Promise<Mark[]>;
  /** Day schedules of the range, one per date. */
  days(person: string, group: string, range: DateRange): Promise<Day[]>;
  /** Log entries of the range, one per lesson and person. */
  logEntries(person: string, range: DateRange): Promise<LogEntry[]>;
  reportingPeriods(group: string): Promise<ReportingPeriod[]>;
  averageMarks(group: string, period: string, date: string): Promise<AverageMark[]>;
  finalMarks(person: string, group: string): Promise<FinalMarks>;
  timetables(group: string): Promise<Timetable[]>;
  /** The school's notices as the app's API lists them for the child (`{unreadCount, postList}`). */
  notices(person: string, school: string): Promise<z.output<typeof noticesSchema>>;
  /** The week of the app's diary that follows `monday` (`?id=<monday>&loadType=Future`). */
  weekAfter(person: string, school: string, group: string, monday: string): Promise<MobileDiary>;
}

type Parameters = Readonly<Record<string, string>>;

/**
 * The routes whose answers change a few times a year (a child's groups, a school, its work types, a class's
 * subjects, bell timetables and reporting periods): read as structure, through the gateway's cache on its
 * long windows (`UpstreamScope.structure`), so a child's data reads need not wait for them.
 */
const STRUCTURE_ROUTES: ReadonlySet<DnevnikRoute> = new Set<DnevnikRoute>([
  'personEduGroups',
  'school',
  'workTypes',
  'groupSubjects',
  'timetables',
  'reportingPeriods',
]);

/**
 * Creates the reader; `callerIn(scope)` makes the caller that carries the account's token (and refreshes
 * it) for calls made in `scope`. What drifted in an answer the reader hands over is reported to
 * `scope.reportDrift`, once per answer per reader (a cached structure answer keeps its drift and reports it
 * again).
 */
export function createDnevnikReader(
  callerIn: (scope: UpstreamScope) => DnevnikCaller,
  account: ProviderAccount,
  scope: UpstreamScope,
): DnevnikReader {
  const read = <S extends z.ZodType>(
    route: DnevnikRoute,
    parameters: Parameters,
    query: Parameters,
    schema: S,
  ): Promise<z.output<S>> => {
    const key = [
      'dnevnik',
      route,
      ...Object.values(parameters),
      ...Object.entries(query).map(([name, value]) => `${name}=${value}`),
    ].join(':');
    const call = (s: UpstreamScope) =>
      s.once(`${account.id}:${key}`, () => callerIn(s).get(route, parameters, query, schema));
    // The memo keeps the decoded answer with its drift; each reader (one per adapter call) reports that
    // drift to its own scope, so every result built from a drifted answer carries the warning.
    const decoded = STRUCTURE_ROUTES.has(route) ? readStructure(scope, account, key, call) : call(scope);
    return decoded.then((answer) => reportedValue(answer, scope));
  };
  const inChunks = async <T>(range: DateRange, readChunk: (chunk: DateRange) => Promise<T[]>): Promise<T[][]> =>
    Promise.all(monthChunks(range).map(readChunk));

  return {
    user: () => read('user', {}, {}, userSchema),
    context: () => read('context', {}, {}, contextSchema),
    relatives: () => read('relatives', {}, {}, relativesSchema),
    eduGroups: (person) => read('personEduGroups', { person }, {}, eduGroupsSchema),
    school: (school) => read('school', { school }, {}, schoolSchema),
    groupSubjects: (group) => read('groupSubjects', { group }, {}, subjectsSchema),
    workTypes: (school) => read('workTypes', { school }, {}, workTypesSchema),
    async marks(person, school, range) {
      const pieces = await inChunks(range, (chunk) =>
        read('personMarks', { person, school, from: chunk.from, to: chunk.to }, {}, marksSchema),
      );
      return uniqueById(pieces, (mark) => preferTwin(mark.id_str, mark.id));
    },
    async days(person, group, range) {
      const pieces = await inChunks(range, (chunk) =>
        read('schedules', { person, group }, { startDate: chunk.from, endDate: chunk.to }, schedulesSchema),
      );
      return uniqueById(pieces, (day) => dateOf(day.date) ?? day.date);
    },
    async logEntries(person, range) {
      const pieces = await inChunks(range, (chunk) =>
        read('lessonLogEntries', { person }, { startDate: chunk.from, endDate: chunk.to }, logEntriesSchema),
      );
      return uniqueById(
        pieces,
        (entry) => `${preferTwin(entry.lesson_str, entry.lesson)}|${preferTwin(entry.person_str, entry.person) ?? ''}`,
      );
    },
    reportingPeriods: (group) => read('reportingPeriods', { group }, {}, reportingPeriodsSchema),
    averageMarks: (group, period, date) => read('averageMarks', { group, period, date }, {}, averageMarksSchema),
    finalMarks: (person, group) => read('allFinalMarks', { person, group }, {}, finalMarksSchema),
    timetables: (group) => read('timetables', { group }, {}, timetablesSchema),
    notices: (person, school) => read('schoolNotices', { person, school }, {}, noticesSchema),
    weekAfter: (person, school, group, monday) =>
      read('mobileDiary', { person, school, group }, { id: monday, loadType: 'Future' }, mobileDiarySchema),
  };
}
