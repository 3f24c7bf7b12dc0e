/**
 * The demo family in a provider-neutral form. `generateDemoFamily` builds it around a given day; each
 * diary simulator turns it into its own provider's payloads, so every simulator serves the same family
 * and the demo, the integration tests and the benchmarks all read the same data.
 */
import type { ProviderKind } from '../domain/model.js';

/** A person with the identity data diaries and ESIA carry. */
export interface DemoPerson {
  firstName: string;
  lastName: string;
  middleName: string | null;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** SNILS with a valid checksum, as `NNN-NNN-NNN CC`. */
  snils: string;
  /** Mobile phone as people write it, `+7 916 555-01-22`; the demo OpenID issuer hands it out. */
  phone?: string;
}

/** A subject and the teacher who teaches it. */
export interface DemoSubject {
  /** Provider-style numeric id, unique within the child's school. */
  id: number;
  name: string;
  /** `Фамилия Имя Отчество`. */
  teacher: string;
}

/** A grading period. */
export interface DemoPeriod {
  title: string;
  /** `YYYY-MM-DD`, inclusive. */
  start: string;
  end: string;
}

/** One timetable lesson. */
export interface DemoLesson {
  id: number;
  /** `YYYY-MM-DD`, school-local. */
  date: string;
  /** 1-based lesson number in the day. */
  number: number;
  /** Wall-clock school-local `HH:MM`. */
  start: string;
  end: string;
  subjectId: number;
  room: string;
  topic: string | null;
  cancelled: boolean;
  /** Another teacher stands in (the subject stays). */
  replaced: boolean;
  /**
   * Set when the child missed the lesson, or, with `late: true`, arrived late (then the lesson counts as
   * attended and may carry marks). Only diaries that record lateness (Eljur's `ОП`) show late arrivals.
   */
  missed: { reasonId: number | null; reason: string | null; late?: boolean } | null;
}

/** One mark. */
export interface DemoMark {
  id: number;
  /** The lesson it was given in, when it belongs to a timetable lesson. */
  lessonId: number | null;
  /** `YYYY-MM-DD`: the lesson day. */
  date: string;
  subjectId: number;
  /** Exactly as entered: `"5"`, `"4"`, `"85"`, or a split mark `"3/5"` (Eljur; `five` is its mean). */
  value: string;
  scale: 'five' | 'hundred';
  /** The five-point equivalent (equals the value on the five-point scale). */
  five: number;
  /** The hundred-point equivalent. */
  hundred: number;
  weight: number;
  workType: string;
  comment: string | null;
  isExam: boolean;
  /** A МЭШ "точка": provisional debt mark with a deadline. */
  isPoint: boolean;
  pointDeadline: string | null;
  /** School-local naive `YYYY-MM-DDTHH:MM:SS`. */
  createdAt: string;
}

/** One homework assignment. */
export interface DemoHomework {
  id: number;
  subjectId: number;
  /** `YYYY-MM-DD`. */
  assignedOn: string;
  /** `YYYY-MM-DD`: the lesson it is prepared for. */
  dueOn: string;
  /** The lesson it is due at, when known. */
  lessonId: number | null;
  text: string;
  attachments: { title: string; url: string }[];
  isDone: boolean;
}

/** A whole-day absence the parent notified the school of. */
export interface DemoAbsenceNotice {
  date: string;
  reasonId: number;
  reason: string;
}

/** An announced day without lessons. */
export interface DemoNonSchoolDay {
  date: string;
  kind: 'holiday' | 'vacation';
  title: string;
}

/**
 * A child with one diary's worth of school data: one enrollment. A child who attends a school and, say,
 * an art school appears twice, once per diary, and only the identity data says it is the same child.
 */
export interface DemoChild extends DemoPerson {
  /** Short stable handle for tests and logs, for example `"masha"` or `"masha-art"`. */
  key: string;
  provider: ProviderKind;
  /**
   * The diary does not expose the birth date (a club typed in only the name); `birthDate` stays in the
   * model, but simulators must leave it out of their answers.
   */
  hideBirthDate?: boolean;
  /** The child's primary id in its diary. */
  studentId: number;
  /** The child's person GUID (МЭШ `contingent_guid`). */
  personGuid: string;
  school: { id: number; name: string };
  className: string;
  timeZone: string;
  subjects: DemoSubject[];
  periods: DemoPeriod[];
  lessons: DemoLesson[];
  marks: DemoMark[];
  homework: DemoHomework[];
  absenceNotices: DemoAbsenceNotice[];
  nonSchoolDays: DemoNonSchoolDay[];
  /** Final period marks already set, by subject id and period title. */
  finalMarks: { subjectId: number; periodTitle: string; value: string }[];
}

/** A diary account of the parent and the children it shows. */
export interface DemoAccount {
  provider: ProviderKind;
  /** The parent's profile id in that diary. */
  profileId: number;
  /** Access token the simulator accepts for this account. */
  token: string;
  /** Refresh token (Dnevnik.ru), when the diary issues one. */
  refreshToken?: string;
  /** Login and password (Eljur signs in with them), when the diary uses them. */
  login?: string;
  password?: string;
  /** Keys of the children this account shows. */
  childKeys: string[];
}

/** The whole demo family. */
export interface DemoFamily {
  /** The day the data was generated around (`YYYY-MM-DD`). */
  today: string;
  /** The parent who holds every diary account. */
  parent: DemoPerson;
  /** The children's grandmother: no diary account of her own; the parent can invite her as a trusted person. */
  grandmother: DemoPerson & { phone: string };
  /** One entry per enrollment, so a child in two diaries appears twice. */
  children: DemoChild[];
  accounts: DemoAccount[];
}
