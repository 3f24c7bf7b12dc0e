/**
 * What a diary simulator serves: a family of school children described once, provider-neutrally, so the
 * three simulators serve the same children and each turns them into its own diary's answers.
 *
 * These are the simulators' own types, not the gateway's: a simulator is a separate reading of its
 * diary's API, so it depends on no gateway code (`src/`), not even on the demo that fills it. The demo
 * (`src/demo/`) generates its family in this shape and adds what only it needs (the day it was generated
 * around, the grandmother who has no diary account).
 */

/** The diaries the simulators stand in for (the same names as the schema's `ProviderKind`). */
export type SeedProvider = 'MESH' | 'DNEVNIK' | 'ELJUR';

/** A person with the identity data diaries and ESIA carry. */
export interface SeedPerson {
  firstName: string;
  lastName: string;
  middleName: string | null;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** SNILS with a valid checksum, as `NNN-NNN-NNN CC`. */
  snils: string;
  /** Mobile phone as people write it, `+7 916 555-01-22` (an identity provider may hand it out). */
  phone?: string;
}

/** A subject and the teacher who teaches it. */
export interface SeedSubject {
  /** Provider-style numeric id, unique within the child's school. */
  id: number;
  name: string;
  /** `Фамилия Имя Отчество`. */
  teacher: string;
}

/** A grading period. */
export interface SeedPeriod {
  title: string;
  /** `YYYY-MM-DD`, inclusive. */
  start: string;
  end: string;
}

/** One timetable lesson. */
export interface SeedLesson {
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
export interface SeedMark {
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
export interface SeedHomework {
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
export interface SeedAbsenceNotice {
  date: string;
  reasonId: number;
  reason: string;
}

/** An announced day without lessons. */
export interface SeedNonSchoolDay {
  date: string;
  kind: 'holiday' | 'vacation';
  title: string;
}

/**
 * A child with one diary's worth of school data: one enrollment. A child who attends a school and, say,
 * an art school appears twice, once per diary, and only the identity data says it is the same child.
 */
export interface SeedChild extends SeedPerson {
  /** Short stable handle for tests and logs, for example `"masha"` or `"masha-art"`. */
  key: string;
  provider: SeedProvider;
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
  subjects: SeedSubject[];
  periods: SeedPeriod[];
  lessons: SeedLesson[];
  marks: SeedMark[];
  homework: SeedHomework[];
  absenceNotices: SeedAbsenceNotice[];
  nonSchoolDays: SeedNonSchoolDay[];
  /** Final period marks already set, by subject id and period title. */
  finalMarks: { subjectId: number; periodTitle: string; value: string }[];
}

/** A diary account of the parent and the children it shows. */
export interface SeedAccount {
  provider: SeedProvider;
  /** The parent's profile id in that diary. */
  profileId: number;
  /** Access token the simulator accepts for this account. */
  token: string;
  /** Refresh token (Dnevnik.ru), when the diary issues one. */
  refreshToken?: string;
  /**
   * Login and password: Eljur's `auth` takes them, and every simulator's sign-in page (the browser flows
   * that link an account) checks them. An account without them cannot sign in on those pages.
   */
  login?: string;
  password?: string;
  /** Keys of the children this account shows. */
  childKeys: string[];
  /**
   * Which installation of the diary serves the account (the demo's tenant id, e.g. `mesh-mosreg`); absent
   * for the diary's main one. Simulators ignore it: the demo starts one simulator per installation, each
   * seeded with that installation's accounts only.
   */
  tenant?: string;
}

/** A family as the simulators serve it: the parent who holds the diary accounts, the children, the accounts. */
export interface SeedFamily {
  /** The parent who holds every diary account. */
  parent: SeedPerson;
  /** One entry per enrollment, so a child in two diaries appears twice. */
  children: SeedChild[];
  accounts: SeedAccount[];
}
