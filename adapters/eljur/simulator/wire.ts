/**
 * What the Eljur simulator writes, typed on the simulator's own side, from the public descriptions of
 * API v3 (`../shared/providers.md` §2) — deliberately not from the adapter's schemas: a simulator that
 * shared its types with the adapter it tests could never disagree with it.
 *
 * Also the methods it serves and the two date forms it writes. Eljur is a PHP service: an empty map goes
 * out as `[]` ({@link Keyed}), ids as strings, day keys as `YYYYMMDD`.
 */

import { isCalendarDate } from '../../simulation/calendar.js';
import { MAIL_METHOD_NAMES } from './wire-mail.js';

/** Where the methods live: `/apiv3/{method}`. */
export const API_PREFIX = '/apiv3';

/** The methods the simulator serves, by their Eljur names. */
export const ELJUR_SIMULATOR_METHODS = Object.freeze([
  'auth',
  'getrules',
  'getprofileuserinfo',
  'getperiods',
  'getmarks',
  'getdiary',
  'gethomework',
  'getfinalassessments',
  'getusersvendors',
  ...MAIL_METHOD_NAMES,
] as const);

/** An Eljur method name. */
export type EljurSimulatorMethod = (typeof ELJUR_SIMULATOR_METHODS)[number];

/** `YYYY-MM-DD` → `YYYYMMDD`: Eljur's day keys and `days` bounds. */
export function dayKey(date: string): string {
  return date.replaceAll('-', '');
}

/** `YYYYMMDD` → `YYYY-MM-DD`; `null` when it is not a real calendar day. */
export function isoOfDayKey(key: string | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec((key ?? '').trim());
  if (!match) return null;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return isCalendarDate(iso) ? iso : null;
}

/** A map keyed by id, or `[]` when empty (PHP). */
export type Keyed<T> = Record<string, T> | T[];

/** `auth` → the token and when it lapses (`YYYY-MM-DD hh:mm:ss`). */
export interface AuthWire {
  token: string;
  expires: string;
}

/** A child in `relations.students`. */
export interface StudentRelationWire {
  name: string;
  title: string;
  firstname: string;
  lastname: string;
  gender: string;
  class: string;
  parallel: number | null;
  city: string;
  rel: string;
  rules: unknown[];
}

/** A school in `relations.schools`. */
export interface SchoolRelationWire {
  title: string;
  title_full: string;
  number: string;
  inn: string;
  kpp: string;
}

/** `getrules`: the account holder, its schools and children. */
export interface RulesWire {
  id: string;
  name: string;
  title: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  gender: string;
  email: string;
  email_confirmed: boolean;
  roles: string[];
  vendor: string;
  vendor_id: number;
  vuid: string;
  /** Where the account uploads files for its messages (a storage address with a token of about four hours). */
  uploadFileUrl: string;
  relations: { schools: SchoolRelationWire[]; groups: Keyed<unknown>; students: Keyed<StudentRelationWire> };
}

/** `getprofileuserinfo`: one child's card. */
export interface ProfileUserInfoWire {
  profileUserInfo: {
    username: string | null;
    schoolName: string;
    parallel: number | null;
    teacher: null;
    snils?: string;
    email: string;
    gender: string;
    marksForYears: unknown[];
  };
}

/** A period of `getperiods` (`ambigious`, sic, for one without dates). */
export interface PeriodWire {
  name: string;
  fullname: string;
  start: string;
  end: string;
  disabled: boolean;
  ambigious: boolean;
  weeks: unknown[];
}

/** `getperiods`: `students` is a list here, unlike everywhere else. */
export interface PeriodsWire {
  students: { name: string; title: string; periods: PeriodWire[] }[];
}

/** A mark of `getmarks` (with `mtype`) or an assessment of `getdiary` (with `control_type`). */
export interface MarkWire {
  value: string;
  convert: number;
  countas: string | number;
  count: boolean;
  weight?: number;
  weight_float?: number;
  date: string;
  nm?: string;
  lesson_id: string;
  comment: string;
  lesson_comment: string | null;
  max_mark: null;
  color_hex: string | null;
  mtype?: { id: string | number; short: string; type: string };
  control_type?: string;
  control_type_short?: string;
}

/** One subject of `getmarks`. */
export interface SubjectMarksWire {
  name: string;
  lesson_id: string;
  average: string;
  averageConvert: number;
  color_hex: null;
  marks: MarkWire[];
}

/** `getmarks`. */
export interface MarksWire {
  students: Record<string, { name: string; title: string; lessons: SubjectMarksWire[] }>;
}

/** A homework entry, keyed by its id. */
export interface HomeworkEntryWire {
  id: number;
  value: string;
  individual: boolean;
}

/** An attached file. */
export interface FileWire {
  toid: number;
  filename: string;
  link: string | null;
}

/** A lesson of `getdiary`. */
export interface DiaryLessonWire {
  num: string;
  name: string;
  room: string;
  teacher: string;
  sort: number;
  lesson_id: string;
  topic: string;
  is_control: boolean;
  grp: string;
  grp_short: string;
  homework: Keyed<HomeworkEntryWire>;
  files: FileWire[];
  resources: unknown[];
  assessments: MarkWire[];
  starttime?: string;
  endtime?: string;
}

/** A day of `getdiary`. */
export interface DiaryDayWire {
  name: string;
  title: string;
  alert: string | null;
  holiday_name?: string | null;
  items: Keyed<DiaryLessonWire>;
  items_extday: unknown[];
}

/** `getdiary`. */
export interface DiaryWire {
  students: Record<string, { name: string; title: string; parent_signed: boolean; days: Keyed<DiaryDayWire> }>;
}

/** One subject's homework on a day of `gethomework` (keyed by the subject's name). */
export interface HomeworkSubjectWire {
  name: string;
  homework: Keyed<HomeworkEntryWire>;
  files: FileWire[];
}

/** `gethomework`. */
export interface HomeworkWire {
  students: Record<
    string,
    {
      name: string;
      title: string;
      days: Keyed<{ name: string; title: string; items: Record<string, HomeworkSubjectWire> }>;
    }
  >;
}

/** `getfinalassessments`. */
export interface FinalAssessmentsWire {
  students: Record<
    string,
    {
      name: string;
      title: string;
      items: {
        name: string;
        assessments: { period: string; value: string; convert: number; comment: string; color_hex: null }[];
      }[];
    }
  >;
}

/** `getusersvendors` → not wrapped in `response`. */
export interface UsersVendorsWire {
  result: {
    token: string;
    vendor: string;
    vendor_id: string;
    vendor_title: string | null;
    user_title: string;
    login: string | null;
    expires: string;
  }[];
}
