/**
 * What the Dnevnik.ru simulator writes, typed on the simulator's own side, from the public descriptions
 * of the API (`../shared/providers.md` §1.5) — deliberately not from the adapter's schemas: a simulator
 * that shared its types with the adapter it tests could never disagree with it, so a misread field would
 * pass unnoticed on both sides.
 *
 * Ids are `bigint` (the API's ids pass 2^53; the server writes them as bare integer literals) with
 * their `_str` twins as digit strings; naive datetimes are `YYYY-MM-DDTHH:MM:SS` text.
 */

/** An id as written: a bare JSON integer of any size. */
export type Id = bigint;

/** `POST /v2/authorizations` → tokens, camelCase with `_str` twins. */
export interface TokenWire {
  accessToken: string;
  expiresIn: number;
  expiresIn_str: string;
  refreshToken: string;
  scope: string;
  user: Id;
  user_str: string;
}

/** `GET /v2/users/me`. */
export interface UserWire {
  id: Id;
  id_str: string;
  personId: Id;
  personId_str: string;
  name: string;
  lastName: string;
  middleName: string | null;
  shortName: string;
  fullName: string;
  sex: string | null;
  birthday: string;
  roles: string[];
  timezone: string | null;
}

/** A subject, alone or nested. */
export interface SubjectWire {
  id: Id;
  id_str?: string;
  name: string;
  knowledgeArea?: string | null;
  knowledgeAreaId?: Id | null;
}

/** An edu-group: a class (`Group`) or a subgroup (`Subgroup`). */
export interface EduGroupWire {
  id: Id;
  id_str: string;
  parentIds: Id[];
  parentIds_str: string[];
  type: string;
  name: string;
  fullName: string;
  parallel: number | null;
  timetable: Id | null;
  timetable_str: string | null;
  status: string;
  studyyear: number | null;
  subjects: SubjectWire[];
  journalType: string;
}

/** `GET /v2/users/me/context`. */
export interface ContextWire {
  userId: Id;
  personId: Id;
  shortName: string;
  avatarUrl: string | null;
  roles: string[];
  schools: { id: Id; name: string; type: string; groupIds: Id[] }[];
  eduGroups: EduGroupWire[];
  schoolIds: Id[];
  groupIds: Id[];
}

/** A person (a child, a teacher). */
export interface PersonWire {
  id: Id;
  id_str: string;
  userId: Id | null;
  userId_str: string | null;
  firstName: string;
  lastName: string;
  middleName: string | null;
  shortName: string | null;
  sex: string | null;
}

/** `GET /v2/users/me/relatives`. */
export type RelativesWire = { type: string; person: PersonWire }[];

/** `GET /v2/schools/{school}`; `timeZone` in whole hours from UTC. */
export interface SchoolWire {
  id: Id;
  id_str: string;
  name: string;
  fullName: string;
  city: string | null;
  municipality: string | null;
  regionId: number | null;
  markType: string;
  timeZone: number;
  uses_avg: boolean;
  uses_weighted_avg: boolean;
}

/** A work type: `/v2/work-types/{school}` writes `title`/`abbr`/`weight`, bundles `name`/`abbreviation`/`isFinal`. */
export interface WorkTypeWire {
  id: Id;
  schoolId?: Id | null;
  kindId?: Id | null;
  kind?: string | null;
  title?: string;
  abbr?: string;
  name?: string;
  abbreviation?: string;
  isFinal?: boolean;
  isImportant?: boolean;
  weight?: number;
}

/** A mark: no subject (joined through its lesson or work), its work type by bare id. */
export interface MarkWire {
  id: Id;
  id_str: string;
  type: string;
  value: string;
  textValue: string;
  person: Id;
  person_str: string;
  work: Id;
  work_str: string;
  lesson: Id | null;
  lesson_str: string | null;
  number: number;
  date: string;
  workType: Id | null;
  mood: string;
  use_avg_calc: boolean;
}

/** A task: one person's copy of a work. */
export interface TaskWire {
  id: Id;
  id_str: string;
  person: Id;
  person_str: string;
  work: Id;
  work_str: string;
  status: string;
  targetDate: string;
}

/** A work: what marks are given for, or homework (`type: "Homework"`). */
export interface WorkWire {
  id: Id;
  id_str: string;
  type: string;
  workType: Id | null;
  markType?: string | null;
  markCount?: number;
  lesson?: Id | null;
  lesson_str?: string | null;
  displayInJournal?: boolean;
  status?: string;
  eduGroup: Id;
  eduGroup_str: string;
  tasks?: TaskWire[];
  text: string;
  periodNumber: number | null;
  periodType: string | null;
  subjectId: Id;
  isImportant?: boolean;
  targetDate?: string;
  sentDate?: string | null;
  createdBy?: Id;
  files?: Id[];
  oneDriveLinks?: unknown[];
}

/** A lesson of a day schedule: subject, works and teachers by bare id. */
export interface ScheduleLessonWire {
  id: Id;
  title: string;
  date: string;
  number: number;
  subjectId: Id;
  status: string;
  building: string | null;
  place: string;
  floor: string | null;
  hours: string;
  works: Id[];
  teachers: Id[];
}

/** An attendance entry of a lesson. */
export interface LogEntryWire {
  person: Id;
  person_str: string;
  lesson: Id;
  lesson_str: string;
  comment: string;
  status: string;
  createdDate: string;
}

/** One day of the schedules route: side-loaded lists that refer to each other by id. */
export interface DayWire {
  date: string;
  lessons: ScheduleLessonWire[];
  marks: MarkWire[];
  works: WorkWire[];
  homeworks: WorkWire[];
  subjects: SubjectWire[];
  workTypes: WorkTypeWire[];
  lessonLogEntries: LogEntryWire[];
  teachers: { person: PersonWire; role: string }[];
  nextDate: string | null;
}

/** `GET /v2/edu-groups/{g}/reporting-periods`. */
export type ReportingPeriodsWire = {
  id: Id;
  id_str: string;
  start: string;
  finish: string;
  number: number;
  type: string;
  name: string;
  year: number;
}[];

/** `GET …/avg-marks/{date}`: one entry per pupil, kebab-case keys, averages as decimal text. */
export type AverageMarksWire = {
  person: Id;
  person_str: string;
  'per-subject-averages': { subject: Id; subject_str: string; 'avg-mark-value': string }[];
  group: Id;
  group_str: string;
  reportingPeriod: Id;
  reportingPeriod_str: string;
}[];

/** `GET /v2/persons/{p}/edu-groups/{g}/allfinalmarks`: side-loaded final marks. */
export interface FinalMarksWire {
  marks: MarkWire[];
  works: WorkWire[];
  subjects: SubjectWire[];
  workTypes: WorkTypeWire[];
}

/** `GET /v2/edu-groups/{g}/timetables`: PascalCase keys. */
export type TimetablesWire = {
  Name: string;
  Start: string;
  FirstLessonNumber: number;
  Items: {
    Id: Id;
    Start: string;
    Finish: string;
    Name: string;
    Type: string;
    DaysOfWeek: string[];
    LessonNumber: number;
  }[];
}[];
