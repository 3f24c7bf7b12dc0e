/**
 * The two app-API answers (`/mobile/v6.0/…`): the school board's notices for a child, and a week of the
 * child's diary whose lessons carry the teacher's comment («комментарий учителя») when there is one. A
 * comment is generated from the seed (every lesson whose id gives 4 when divided by 9, up to the
 * simulator's day, none on a cancelled lesson), so every start of the same family shows the same ones.
 */
import { instantAt, shiftDate } from '../../simulation/calendar.js';
import type { SeedAccount, SeedChild, SeedLesson } from '../../simulation/seed.js';
import type { BoardNotice, NoticeBoard } from './board.js';
import { lessonIdOf, subjectIdOf, teacherIdOf } from './ids.js';
import type { LessonCommentWire, MobileDiaryWire, MobileLessonWire, NoticeWire, NoticesWire } from './wire-mobile.js';

const COMMENTS = [
  'Не сдал тетрадь на проверку.',
  'Отлично работала у доски, так держать!',
  'Забыла учебник, работала по соседскому.',
  'Разговаривала на уроке, мешала классу.',
  'Прошу проверить выполнение домашнего задания.',
] as const;

/** Files of the board live on the diary's file host; `.invalid` keeps the demo's links from going anywhere. */
const FILE_HOST = 'https://static.dnevnik.invalid/files';

const epochSeconds = (instant: Date) => Math.floor(instant.getTime() / 1000);

function noticeWire(account: SeedAccount, board: NoticeBoard, notice: BoardNotice): NoticeWire {
  const fileId = (notice.id % 1_000_000n).toString();
  return {
    id: notice.id,
    type: 'Post',
    eventKey: `school_board_${notice.id}`,
    topicEventKey: `school_board_${notice.school}`,
    eventSign: null,
    eventUrl: null,
    title: notice.title,
    subtitle: null,
    text: notice.html,
    createdDateTime: epochSeconds(notice.postedAt),
    previewUrl: null,
    isReaded: board.isRead(account.profileId, notice),
    commentsCount: 0,
    authorImageUrl: null,
    authorFirstName: notice.author.firstName,
    authorLastName: notice.author.lastName,
    authorMiddleName: notice.author.middleName,
    files: notice.fileName
      ? [
          {
            extension: notice.fileName.slice(notice.fileName.lastIndexOf('.') + 1),
            fileId,
            fileLink: `${FILE_HOST}/${fileId}/${encodeURIComponent(notice.fileName)}`,
            fileName: notice.fileName,
          },
        ]
      : [],
  };
}

/** `…/notifications`: the board of the child's school as the account sees it, newest first. */
export function renderNotices(board: NoticeBoard, account: SeedAccount, school: bigint): NoticesWire {
  const postList = board.of(school).map((notice) => noticeWire(account, board, notice));
  return { unreadCount: postList.filter((notice) => !notice.isReaded).length, postList };
}

/** The teacher of a subject, as the app names a person. */
function teacherWire(child: SeedChild, subjectId: number) {
  const teacher = child.subjects.find((subject) => subject.id === subjectId)?.teacher ?? '';
  const [lastName = '', firstName = '', middleName = null] = teacher.split(' ');
  return { personId: teacherIdOf(child, teacher), firstName, middleName, lastName, avatarUrl: null };
}

function commentOf(child: SeedChild, lesson: SeedLesson, today: string): LessonCommentWire | null {
  if (lesson.date > today || lesson.cancelled || lesson.id % 9 !== 4) return null;
  const { personId: _personId, ...author } = teacherWire(child, lesson.subjectId);
  return {
    author: { ...author, role: 'Teacher' },
    date: epochSeconds(instantAt(lesson.date, lesson.end, child.timeZone)) + 300,
    text: COMMENTS[lesson.id % COMMENTS.length]!,
  };
}

function lessonWire(child: SeedChild, lesson: SeedLesson, today: string): MobileLessonWire {
  const subject = child.subjects.find((candidate) => candidate.id === lesson.subjectId);
  return {
    id: lessonIdOf(lesson),
    number: lesson.number,
    startDateTime: `${lesson.date}T${lesson.start}:00`,
    endDateTime: `${lesson.date}T${lesson.end}:00`,
    isCanceled: lesson.cancelled,
    theme: lesson.topic,
    subject: { id: subjectIdOf(lesson.subjectId), name: subject?.name ?? '', knowledgeArea: subject?.name ?? '' },
    teacher: teacherWire(child, lesson.subjectId),
    importantWorks: [],
    workMarks: [],
    homework: null,
    hasAttachment: false,
    comment: commentOf(child, lesson, today),
  };
}

/** `…/diary`: the week from `monday` (Monday to Sunday), days with lessons only. */
export function renderDiaryWeek(child: SeedChild, monday: string, today: string): MobileDiaryWire {
  const sunday = shiftDate(monday, 6);
  const lessons = child.lessons
    .filter((lesson) => lesson.date >= monday && lesson.date <= sunday)
    .sort((a, b) => (a.date === b.date ? a.number - b.number : a.date < b.date ? -1 : 1));
  const dates = [...new Set(lessons.map((lesson) => lesson.date))];
  return {
    type: 'Success',
    description: null,
    weeks: [
      {
        id: monday,
        firstWeekDayDate: `${monday}T00:00:00`,
        lastWeekDayDate: `${sunday}T00:00:00`,
        homeworksCount: 0,
        days: dates.map((date) => ({
          date: `${date}T00:00:00`,
          hasImportantWork: false,
          lessons: lessons.filter((lesson) => lesson.date === date).map((lesson) => lessonWire(child, lesson, today)),
        })),
      },
    ],
  };
}
