/**
 * The school board the app's notifications route lists (`/mobile/v6.0/…/notifications`): each school of the
 * family's Dnevnik.ru children has notices generated from the seed around the simulator's day at start (the
 * same family and clock always give the same board), notices tests post, and read state per account
 * (`isReaded`: the diary keeps it per user). No route of the API marks a notice read, so only the control
 * does, as a parent reading it in the app would.
 */
import { instantAt, schoolToday, shiftDate } from '../../simulation/calendar.js';
import type { SeedChild, SeedFamily } from '../../simulation/seed.js';
import { noticeIdOf, schoolIdOf } from './ids.js';

/** A notice on a school's board. */
export interface BoardNotice {
  id: bigint;
  school: bigint;
  title: string;
  /** HTML, as the board's editor writes it. */
  html: string;
  postedAt: Date;
  author: { firstName: string; lastName: string; middleName: string | null };
  /** An attached file's name, when the notice has one. */
  fileName: string | null;
}

/** What a test posts on the board of a child's school. */
export interface NewNotice {
  /** The seed key of a Dnevnik.ru child; the notice goes on that child's school's board. */
  childKey: string;
  title: string;
  /** HTML or plain text. */
  text: string;
  /** When it was posted. @default the simulator's now */
  postedAt?: Date;
}

const HEAD = { firstName: 'Ирина', lastName: 'Соколова', middleName: 'Павловна' };
const DEPUTY = { firstName: 'Олег', lastName: 'Миронов', middleName: 'Витальевич' };

/** The generated notices: how many days before the simulator's day, at what school-local time. */
const TEMPLATES = [
  {
    daysBack: 1,
    time: '10:30',
    author: HEAD,
    title: 'Родительское собрание',
    html: '<p>Уважаемые родители!</p><p>Общешкольное собрание пройдёт в&nbsp;четверг в&nbsp;18:00 в&nbsp;актовом зале.</p>',
    fileName: 'Повестка собрания.pdf',
  },
  {
    daysBack: 3,
    time: '15:05',
    author: DEPUTY,
    title: 'Изменение расписания звонков',
    html: '<p>С&nbsp;понедельника второй урок начинается в&nbsp;9:25,<br>большая перемена&nbsp;— 20&nbsp;минут.</p>',
    fileName: null,
  },
  {
    daysBack: 8,
    time: '09:00',
    author: HEAD,
    title: 'Сбор макулатуры',
    html: '<p>Акция «Сдай макулатуру&nbsp;— спаси дерево» продлится до&nbsp;пятницы.</p>',
    fileName: null,
  },
  {
    daysBack: 15,
    time: '12:40',
    author: DEPUTY,
    title: 'Медицинский осмотр',
    html: '<p>Плановый медосмотр учащихся пройдёт на&nbsp;следующей неделе. Форма одежды&nbsp;— спортивная.</p>',
    fileName: 'График осмотра.xlsx',
  },
] as const;

/** How many generated notices are still unread by every account (the newest ones). */
const UNREAD_AT_START = 2;

/** The board of every school of the family's Dnevnik.ru children, and who has read what. */
export class NoticeBoard {
  private readonly notices: BoardNotice[] = [];
  private readonly readBy = new Set<string>();
  private readonly posted = new Map<bigint, number>();

  /** Generates each school's notices around the simulator's day at `now`. */
  constructor(
    private readonly family: SeedFamily,
    now: Date,
  ) {
    for (const child of this.dnevnikChildren()) {
      const school = schoolIdOf(child);
      if (this.posted.has(school)) continue;
      const today = schoolToday(now, child.timeZone);
      TEMPLATES.forEach((template, index) => {
        const postedAt = instantAt(shiftDate(today, -template.daysBack), template.time, child.timeZone);
        const notice = this.add(school, { ...template, postedAt });
        if (index >= UNREAD_AT_START) this.markReadByAll(notice);
      });
    }
  }

  /** Posts a notice on the board of the child's school; its id (digits). Throws `RangeError` for an unknown child. */
  post(notice: NewNotice, now: Date): string {
    const child = this.dnevnikChildren().find((candidate) => candidate.key === notice.childKey);
    if (!child) throw new RangeError(`postNotice: the family has no Dnevnik.ru child "${notice.childKey}"`);
    return this.add(schoolIdOf(child), {
      title: notice.title,
      html: notice.text,
      postedAt: notice.postedAt ?? now,
      author: HEAD,
      fileName: null,
    }).id.toString();
  }

  /** Marks a notice read for the account with this profile id. Throws `RangeError` for an unknown notice. */
  markRead(profileId: number, noticeId: string): void {
    if (!this.notices.some((notice) => notice.id.toString() === noticeId))
      throw new RangeError(`markNoticeRead: no notice ${noticeId} is on any board`);
    this.readBy.add(`${profileId}:${noticeId}`);
  }

  /** Whether the account has read the notice. */
  isRead(profileId: number, notice: BoardNotice): boolean {
    return this.readBy.has(`${profileId}:${notice.id}`);
  }

  /** A school's notices, newest first. */
  of(school: bigint): BoardNotice[] {
    return this.notices
      .filter((notice) => notice.school === school)
      .sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime() || (a.id < b.id ? 1 : -1));
  }

  private dnevnikChildren(): SeedChild[] {
    return this.family.children.filter((child) => child.provider === 'DNEVNIK');
  }

  private add(school: bigint, notice: Omit<BoardNotice, 'id' | 'school'>): BoardNotice {
    const index = this.posted.get(school) ?? 0;
    this.posted.set(school, index + 1);
    const added: BoardNotice = { ...notice, id: noticeIdOf(school, index), school };
    this.notices.push(added);
    return added;
  }

  /** Every account that shows a child of the notice's school has read it. */
  private markReadByAll(notice: BoardNotice): void {
    for (const account of this.family.accounts.filter((candidate) => candidate.provider === 'DNEVNIK')) {
      const shows = this.dnevnikChildren().some(
        (child) => account.childKeys.includes(child.key) && schoolIdOf(child) === notice.school,
      );
      if (shows) this.readBy.add(`${account.profileId}:${notice.id}`);
    }
  }
}
