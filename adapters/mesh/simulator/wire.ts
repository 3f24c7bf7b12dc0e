/**
 * What the МЭШ simulator writes and reads, typed and checked on the simulator's own side, from the public
 * descriptions of the API (`../shared/providers.md` §3) — deliberately not from the adapter's schemas: a
 * simulator that shared its types with the adapter it tests could never disagree with it.
 *
 * Also the paths of both МЭШ hosts, named as the adapter names its routes in messages (a convention, so a
 * test can name a route to both), and the check of a parent's absence notice body.
 */
import { z } from 'zod';
import { isCalendarDate } from '../../simulation/calendar.js';

/** The paths the simulator serves, by route name. */
export const MESH_SIMULATOR_PATHS = Object.freeze({
  profile_info: '/acl/api/users/profile_info',
  profile: '/api/family/mobile/v1/profile',
  marks: '/api/family/mobile/v1/marks',
  homeworks: '/api/family/mobile/v1/homeworks',
  subject_marks: '/api/family/mobile/v1/subject_marks',
  periods_schedules: '/api/family/mobile/v1/periods_schedules',
  /** One day of the child's timetable: lesson numbers (`info`) and teachers, which the event calendar lacks. */
  schedule: '/api/family/mobile/v1/schedule',
  /** GET lists the parent's absence notices; POST adds some; DELETE withdraws one day's. */
  attendance: '/api/family/mobile/v1/attendance',
  events: '/api/eventcalendar/v1/api/events',
  /** The family app's notice feed: school notices and the family's own events, newest first, paged. */
  instantmessages: '/api/instantmessages/v1/feed',
  /** «Ознакомлен с дневником»: GET the weeks a parent signed, POST sign one. */
  aware_journals: '/api/ej/core/family/v1/aware_journals',
});

/** A route by its name in {@link MESH_SIMULATOR_PATHS}. */
export type MeshSimulatorRoute = keyof typeof MESH_SIMULATOR_PATHS;

/** `X-Mes-Subsystem` of the family mobile app (providers.md §3.2); family routes refuse any other. */
export const FAMILY_SUBSYSTEM = 'familymp';

/** `profile_info`: the token holder's profiles. */
export type ProfileInfoWire = { id: number; type: string }[];

/** A school inside a child. */
export interface SchoolWire {
  id: number;
  name: string;
  short_name: string | null;
  county: string | null;
  principal: string | null;
  phone: string | null;
  global_school_id: number | null;
}

/** A child of the family profile. */
export interface ChildWire {
  id: number;
  user_id: number;
  first_name: string;
  last_name: string;
  middle_name: string | null;
  birth_date: string | null;
  sex: string | null;
  snils: string | null;
  phone: string | null;
  email: string | null;
  contract_id: number;
  contingent_guid: string;
  class_name: string;
  class_level_id: number | null;
  class_unit_id: number;
  school: SchoolWire;
  groups: { id: number; name: string; subject_id: number; is_fake: boolean }[];
  sections: unknown[];
  representatives: unknown[];
  enrollment_date: string | null;
  sudir_account_exists: boolean;
  sudir_login: string | null;
  is_legal_representative: boolean;
}

/** `family/mobile/v1/profile`: the parent and the children. */
export interface FamilyProfileWire {
  profile: {
    id: number;
    user_id: number;
    type: string;
    first_name: string;
    last_name: string;
    middle_name: string | null;
    birth_date: string;
    sex: string | null;
    phone: string | null;
    email: string | null;
    snils: string | null;
  };
  children: ChildWire[];
  hash: string;
}

/** What a mark is worth on one grade system. */
export interface MarkValueWire {
  name: string;
  nmax: number;
  grade: { origin: string; five: number; hundred: number };
  grade_system_id: number;
  grade_system_type: string;
}

/** A mark as it appears inside an event (no date or subject). */
export interface EventMarkWire {
  id: number;
  value: string;
  values: MarkValueWire[];
  comment: string | null;
  comment_exists: boolean;
  weight: number;
  point_date: string | null;
  control_form_name: string;
  is_exam: boolean;
  is_point: boolean;
  original_grade_system_type: string;
  criteria: null;
  created_at: string;
  updated_at: string;
}

/** A mark of the `marks` route: the event form plus its date and subject. */
export interface MarkWire extends EventMarkWire {
  date: string;
  subject_id: number;
  subject_name: string;
}

/** `family/mobile/v1/marks`. */
export interface MarksWire {
  payload: MarkWire[];
}

/** An attachment: `{title, link}`. */
export interface AttachmentWire {
  title: string;
  link: string | null;
}

/** `family/mobile/v1/homeworks`. */
export interface HomeworksWire {
  payload: {
    description: string;
    comments: unknown[];
    homework_entry_student_id: number;
    homework_entry_id: number;
    attachments: AttachmentWire[];
    additional_materials: unknown[];
    subject_id: number;
    subject_name: string;
    date: string;
    date_assigned_on: string;
    lesson_date_time: string | null;
    is_done: boolean;
    has_teacher_answer: boolean;
  }[];
}

/** One period of a subject in `subject_marks`: dates as `DD.MM.YYYY` with ISO twins, numbers as text. */
export interface PeriodMarksWire {
  title: string;
  start: string;
  end: string;
  start_iso: string;
  end_iso: string;
  value: string | null;
  fixed_value: string | null;
  count: number;
  dynamic: string;
  marks: MarkWire[];
  target: null;
}

/** One subject of `subject_marks`. */
export interface SubjectMarksEntryWire {
  subject_name: string;
  subject_id: number;
  average: string | null;
  average_by_all: string | null;
  dynamic: string;
  year_mark: string | null;
  periods: PeriodMarksWire[];
}

/** `family/mobile/v1/subject_marks`. */
export interface SubjectMarksWire {
  payload: SubjectMarksEntryWire[];
}

/** `family/mobile/v1/periods_schedules`: a bare list of announced days. */
export type PeriodsSchedulesWire = {
  date: string;
  type: string;
  title: string | null;
  description: string;
  events: unknown[];
}[];

/** `family/mobile/v1/attendance`: the parent's absence notices. */
export interface AttendanceWire {
  days_count: number;
  year_description: string | null;
  attendance: {
    date: string;
    summary: string;
    notified: boolean;
    lessons: unknown[];
    description: string;
    reason_id: number;
    is_system: boolean;
    parent_profile_id: number;
  }[];
}

/** The homework an event carries. */
export interface EventHomeworkWire {
  descriptions: string[];
  total_count: number;
  execute_count: number;
  presence_status_id: number | null;
  entries: {
    homework_entry_id: number;
    date_assigned_on: string;
    date_prepared_for: string;
    description: string;
    attachments: AttachmentWire[];
  }[];
}

/** An event of the calendar (a `PLAN` lesson), with what `expand` asked for inline. */
export interface EventWire {
  id: number;
  source: string;
  start_at: string;
  finish_at: string;
  title: string | null;
  subject_id: number;
  subject_name: string | null;
  lesson_name: string | null;
  lesson_theme: string | null;
  room_number: string;
  room_name: string;
  building_name: string;
  group_id: number;
  group_name: string;
  class_unit_ids: number[];
  lesson_type: string;
  cancelled: boolean;
  replaced: boolean;
  replaced_teacher_id: number | null;
  is_missed_lesson: boolean;
  nonattendance_reason_id: number | null;
  health_status: string | null;
  absence_reason_id?: number | null;
  homework?: EventHomeworkWire;
  marks?: EventMarkWire[];
}

/** A teacher as the family `schedule` route names one. */
export interface ScheduleTeacherWire {
  last_name: string;
  first_name: string;
  middle_name: string | null;
}

/** A lesson of the family `schedule` route (providers.md §3.7). */
export interface ScheduleLessonActivityWire {
  type: 'LESSON';
  /** `"3 урок"`: the lesson's place in the day. */
  info: string;
  begin_time: string;
  end_time: string;
  begin_utc: number;
  end_utc: number;
  room_number: string;
  room_name: string;
  building_name: string;
  homework_presence_status_id: number;
  lesson: {
    schedule_item_id: number;
    subject_id: number;
    subject_name: string | null;
    teacher: ScheduleTeacherWire | null;
    marks: EventMarkWire[];
    homework: string;
    materials_count: number;
    lesson_type: string;
    lesson_education_type: string;
    absence_reason_id: number | null;
    bell_id: number;
    replaced: boolean;
    homework_count: { total_count: number; ready_count: number };
    is_cancelled: boolean;
    is_missed_lesson: boolean;
    is_virtual: boolean;
  };
}

/** A break between two lessons of the family `schedule` route. */
export interface ScheduleBreakActivityWire {
  type: 'BREAK';
  info: string;
  /** Seconds. */
  duration: number;
  begin_utc: number;
  end_utc: number;
}

/** `family/mobile/v1/schedule?student_id&date`: one day. */
export interface ScheduleWire {
  summary: string;
  date: string;
  has_homework: boolean;
  activities: (ScheduleLessonActivityWire | ScheduleBreakActivityWire)[];
}

/** `eventcalendar/v1/api/events`. */
export interface EventsWire {
  total_count: number;
  response: EventWire[];
  errors: null;
}

/**
 * The body of `POST attendance` as the simulator accepts it: `{student_id, notifications: [{date,
 * reason_id, description}]}` with at least one notice (the shape the one client seen sends, §3.8).
 */
export const noticeRequestSchema = z.looseObject({
  student_id: z.number().int().positive(),
  notifications: z
    .array(
      z.looseObject({
        date: z.string().refine(isCalendarDate, { message: 'expected a YYYY-MM-DD date' }),
        reason_id: z.number().int().positive(),
        description: z.string(),
      }),
    )
    .min(1),
});

/** A notice request the simulator accepted. */
export type NoticeRequest = z.output<typeof noticeRequestSchema>;
