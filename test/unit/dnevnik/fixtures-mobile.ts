/**
 * Hand-written answers of the two app-API routes the Dnevnik.ru adapter reads (notices, a week of the
 * diary), in the shapes the public clients read (docs/providers/dnevnik.md, "Messages, notices and
 * remarks"). Ids are `bigint`s, written as bare integer literals by `wire`.
 */
import type {
  MobileDiaryPayload,
  MobileLessonPayload,
  NoticePayload,
  NoticesPayload,
} from '../../../adapters/dnevnik/payloads-mobile.js';
import { ALGEBRA, LESSON, TEACHER } from './fixtures.js';

export const NOTICE = 1877000000000000101n;
export const OTHER_NOTICE = 1877000000000000102n;
/** 2025-09-16 10:30 Moscow time, in epoch seconds (one client types `createdDateTime` as an integer). */
export const NOTICE_EPOCH = 1758007800;

export function noticePayload(overrides: Partial<NoticePayload> = {}): NoticePayload {
  return {
    id: NOTICE,
    type: 'Post',
    eventKey: 'school_board_101',
    topicEventKey: 'school_board',
    title: 'Родительское собрание',
    subtitle: null,
    text: '<p>Собрание&nbsp;в четверг в&nbsp;18:00,<br>кабинет 21.</p>',
    createdDateTime: NOTICE_EPOCH,
    isReaded: false,
    commentsCount: 0,
    authorFirstName: 'Ирина',
    authorLastName: 'Соколова',
    authorMiddleName: 'Павловна',
    files: [
      {
        extension: 'pdf',
        fileId: '55120',
        fileLink: 'https://static.dnevnik.test/files/55120/povestka.pdf',
        fileName: 'Повестка.pdf',
      },
    ],
    ...overrides,
  };
}

export function noticesPayload(postList: NoticePayload[] = [noticePayload()]): NoticesPayload {
  return { unreadCount: postList.filter((post) => post.isReaded === false).length, postList };
}

export function mobileLessonPayload(overrides: Partial<MobileLessonPayload> = {}): MobileLessonPayload {
  return {
    id: LESSON,
    number: 2,
    startDateTime: '2025-09-15T09:25:00',
    isCanceled: false,
    subject: { id: ALGEBRA, name: 'Алгебра' },
    teacher: { personId: TEACHER, firstName: 'Екатерина', middleName: 'Игоревна', lastName: 'Романова' },
    comment: {
      author: { firstName: 'Екатерина', middleName: 'Игоревна', lastName: 'Романова', role: 'Teacher' },
      date: 1757925000,
      text: 'Не&nbsp;сдал тетрадь на проверку.',
    },
    ...overrides,
  };
}

/** One week (Monday `week`) with the given lessons on its Monday. */
export function mobileDiaryPayload(
  week: string,
  lessons: MobileLessonPayload[] = [mobileLessonPayload()],
): MobileDiaryPayload {
  return {
    weeks: [
      {
        id: week,
        firstWeekDayDate: `${week}T00:00:00`,
        lastWeekDayDate: null,
        days: [{ date: `${week}T00:00:00`, lessons }],
      },
    ],
  };
}
