/**
 * The МЭШ routes and headers the adapter uses. Hosts are configuration: the real ones are
 * `https://school.mos.ru` (family API, event calendar) and `https://dnevnik.mos.ru` (ACL); regional
 * clones ("Моя школа") and the simulator live elsewhere.
 */
import type { AbsenceReason } from '../../src/domain/model.js';

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
  /** One day of the timetable, the only route naming each lesson's number (`info: "3 урок"`) and teacher. */
  schedule: '/api/family/mobile/v1/schedule',
  /** GET lists the parent's absence notices; POST adds some; DELETE withdraws one day's (see below). */
  attendance: '/api/family/mobile/v1/attendance',
  events: '/api/eventcalendar/v1/api/events',
  /**
   * The family app's notice feed («Уведомления»): school news and the family's own events (marks, homework,
   * meals…) in one list, newest first, paged by `page` and `npp` (providers.md §8.5; see `messaging.ts`).
   */
  instantMessages: '/api/instantmessages/v1/feed',
  /** «Ознакомлен с дневником»: GET lists the weeks a parent signed, POST signs one (providers.md §8.5). */
  awareJournals: '/api/ej/core/family/v1/aware_journals',
});

/**
 * The sign-in routes (providers.md §8.1, §8.2). Moscow: authorize and token on login.mos.ru (СУДИР, Blitz),
 * then the МЭШ exchange on school.mos.ru. A regional node («Моя школа»): the Gosuslugi login redirect and the
 * token call, both on the node's auth host.
 */
export const MESH_SIGN_IN_PATHS = Object.freeze({
  mosRuAuthorize: '/sps/oauth/ae',
  mosRuToken: '/sps/oauth/te',
  sudirAuth: '/v3/auth/sudir/auth',
  regionalLogin: '/v3/auth/esia/login',
  regionalToken: '/v3/auth/token',
});

/** `X-Mes-Subsystem` of the family mobile app; family routes refuse requests without it. */
export const MESH_SUBSYSTEM = 'familymp';
/**
 * How far `openNotice` looks for a notice: МЭШ has no route for one notice (none in any client), so it is
 * found in the feed, newest first, at most `pages` pages of `pageSize`. Older notices are not found.
 */
export const MESH_NOTICE_SEARCH = Object.freeze({ pageSize: 50, pages: 4 });

/** What the event calendar expands inline, so one call gives lessons, their marks, homework and absences. */
export const EVENTS_EXPAND = 'marks,homework,absence_reason_id,health_status,nonattendance_reason_id';

/**
 * `reason_id` of a parent's absence notice (`POST family/mobile/v1/attendance`) per gateway reason.
 *
 * Only `6` («болезнь») is confirmed: it is the one value seen in a client's request (providers.md §3.8).
 * `2` (family circumstances) and `1` (another reason) are **our guess** at МЭШ's reason dictionary, which
 * no source we could read lists; the description sent with every notice names the reason in words, so a
 * school reading the notice sees what the parent meant even if the id is off. Replace the guesses once
 * the dictionary is known.
 */
export const MESH_ABSENCE_REASON_IDS: Readonly<Record<AbsenceReason, number>> = Object.freeze({
  ILLNESS: 6,
  FAMILY: 2,
  OTHER: 1,
});

/** The Russian name of each reason: the notice's `description` when the parent wrote no comment. */
export const MESH_ABSENCE_REASON_NAMES: Readonly<Record<AbsenceReason, string>> = Object.freeze({
  ILLNESS: 'болезнь',
  FAMILY: 'семейные обстоятельства',
  OTHER: 'другая причина',
});

/**
 * Withdrawing a notice: `DELETE family/mobile/v1/attendance?student_id=…&date=YYYY-MM-DD`, one day per
 * call. **A guess**: the official app lets a parent take a notice back, but no client we could read
 * (providers.md §3.8 cites the one that posts notices) shows the request it makes. `DELETE` on the route
 * that lists and creates notices, keyed by child and day, is the shape the family API uses elsewhere
 * (`POST|DELETE homeworks/{id}/done`, §3.6). Check it against the app before relying on it in production.
 */
export const MESH_WITHDRAW_NOTICE_QUERY = Object.freeze({ studentId: 'student_id', date: 'date' });
