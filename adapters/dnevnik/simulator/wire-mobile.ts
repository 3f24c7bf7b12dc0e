/**
 * The simulator's own types of the two app-API answers it serves (`/mobile/v6.0/…`): a school's notices and
 * a week of the diary. Written apart from the adapter's schemas, as a second reading of the same clients
 * (docs/providers/dnevnik.md, "Messages, notices and remarks").
 */

/** A file attached to a notice. */
export interface NoticeFileWire {
  extension: string;
  fileId: string;
  fileLink: string;
  fileName: string;
}

/** A notice of the school board as the notifications route lists it. */
export interface NoticeWire {
  id: bigint;
  type: 'Post';
  eventKey: string;
  topicEventKey: string;
  eventSign: null;
  eventUrl: null;
  title: string;
  subtitle: null;
  /** HTML, as the board's editor writes it. */
  text: string;
  /** Epoch seconds (the typed Kotlin client reads an integer). */
  createdDateTime: number;
  previewUrl: null;
  isReaded: boolean;
  commentsCount: number;
  authorImageUrl: null;
  authorFirstName: string;
  authorLastName: string;
  authorMiddleName: string | null;
  files: NoticeFileWire[];
}

/** `GET …/persons/{p}/schools/{s}/notifications`. */
export interface NoticesWire {
  unreadCount: number;
  postList: NoticeWire[];
}

/** A person of the app's diary. */
export interface MobilePersonWire {
  personId: bigint;
  firstName: string;
  middleName: string | null;
  lastName: string;
  avatarUrl: null;
}

/** A teacher's comment on the child's lesson. */
export interface LessonCommentWire {
  author: Omit<MobilePersonWire, 'personId'> & { role: 'Teacher' };
  /** Epoch seconds. */
  date: number;
  text: string;
}

/** A lesson of the app's diary (homework and marks are left empty: the gateway reads them from v2). */
export interface MobileLessonWire {
  id: bigint;
  number: number;
  startDateTime: string;
  endDateTime: string;
  isCanceled: boolean;
  theme: string | null;
  subject: { id: bigint; name: string; knowledgeArea: string };
  teacher: MobilePersonWire;
  importantWorks: string[];
  workMarks: unknown[];
  homework: null;
  hasAttachment: boolean;
  comment: LessonCommentWire | null;
}

/** A day of the app's diary. */
export interface MobileDayWire {
  date: string;
  hasImportantWork: boolean;
  lessons: MobileLessonWire[];
}

/** `GET …/persons/{p}/schools/{s}/groups/{g}/diary?id&loadType`: the app API's envelope and the weeks. */
export interface MobileDiaryWire {
  type: 'Success';
  description: null;
  weeks: {
    id: string;
    firstWeekDayDate: string;
    lastWeekDayDate: string;
    homeworksCount: number;
    days: MobileDayWire[];
  }[];
}
