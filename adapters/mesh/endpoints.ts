/**
 * The МЭШ routes and headers the adapter uses. Hosts are configuration: the real ones are
 * `https://school.mos.ru` (family API, event calendar) and `https://dnevnik.mos.ru` (ACL); regional
 * clones ("Моя школа") and the simulator live elsewhere.
 */

/** Base URLs of the two МЭШ hosts. */
export interface MeshHosts {
  /** Family API and event calendar. @default "https://school.mos.ru" */
  schoolBaseUrl: string;
  /** Profile ids of a token (`acl/api/users/profile_info`). @default "https://dnevnik.mos.ru" */
  aclBaseUrl: string;
}

export const DEFAULT_MESH_HOSTS: Readonly<MeshHosts> = Object.freeze({
  schoolBaseUrl: 'https://school.mos.ru',
  aclBaseUrl: 'https://dnevnik.mos.ru',
});

export const MESH_PATHS = Object.freeze({
  profileInfo: '/acl/api/users/profile_info',
  familyProfile: '/api/family/mobile/v1/profile',
  marks: '/api/family/mobile/v1/marks',
  homeworks: '/api/family/mobile/v1/homeworks',
  subjectMarks: '/api/family/mobile/v1/subject_marks',
  periodsSchedules: '/api/family/mobile/v1/periods_schedules',
  attendance: '/api/family/mobile/v1/attendance',
  events: '/api/eventcalendar/v1/api/events',
});

/** `X-Mes-Subsystem` of the family mobile app; family routes refuse requests without it. */
export const MESH_SUBSYSTEM = 'familymp';
/** What the event calendar expands inline, so one call gives lessons, their marks, homework and absences. */
export const EVENTS_EXPAND = 'marks,homework,absence_reason_id,health_status,nonattendance_reason_id';
