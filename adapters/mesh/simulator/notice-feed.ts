/**
 * The notice feed the simulator serves (`instantmessages/v1/feed`): what the family's МЭШ account shows
 * in «Уведомления». Made from the seed, around the simulator's today, the same on every start:
 *
 * - per child, two class announcements (a parents' meeting, unread and important; a timetable change,
 *   read) and a «Новая оценка» for each of the child's last two marks of the ten days before today (the
 *   newer unread);
 * - per school, one piece of school news for the whole family (`child_id: null`), read.
 *
 * Tests post more (`postNotice`) and mark them read as the parent would in the official app
 * (`markNoticeRead`): no МЭШ route marks a notice read, so no request to the simulator does.
 */
import { instantAt, shiftDate } from '../../simulation/calendar.js';
import type { SeedChild, SeedMark } from '../../simulation/seed.js';

/** What an item is: it decides the service МЭШ names as its source. */
export type FeedKind = 'announcement' | 'news' | 'mark';

/** A feed item as the simulator keeps it, before it is written. */
export interface FeedEntry {
  id: string;
  kind: FeedKind;
  /** The child's `student_id`, or `null` for the whole family. */
  studentId: number | null;
  timeZone: string;
  title: string;
  text: string;
  postedAt: Date;
  important: boolean;
  /** Read from the start (the seed's older items); any other is read once `markNoticeRead` says so. */
  readAtStart: boolean;
}

/** What a test posts: a school's notice to one child's family. */
export interface PostedNotice {
  /** The seed child's `key` (`masha`). */
  childKey: string;
  title: string;
  /** Plain text, or the little HTML a school's editor writes. */
  text: string;
  /** @default false */
  important?: boolean;
}

/** `25.11` for `2026-11-25`, as a school's notice writes a day of this term. */
function shortDay(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

/** Seeded ids: numeric strings in ranges of their own, so no two items share one. */
const ANNOUNCEMENT_IDS = 900_000_000_000;
const MARK_IDS = 800_000_000_000;
const NEWS_IDS = 700_000_000_000;
const POSTED_IDS = 600_000_000_000;

function announcements(child: SeedChild, today: string): FeedEntry[] {
  const base = { kind: 'announcement', studentId: child.studentId, timeZone: child.timeZone } as const;
  const room = child.lessons[0]?.room ?? '101';
  return [
    {
      ...base,
      id: String(ANNOUNCEMENT_IDS + child.studentId * 10 + 1),
      title: 'Родительское собрание',
      text:
        `<p>Уважаемые родители учащихся ${child.className}!</p>` +
        `<p>${shortDay(shiftDate(today, 4))} в 18:00 состоится родительское собрание в кабинете ${room}.<br>` +
        'Повестка: итоги четверти, организация питания.</p><p>&laquo;Классный руководитель&raquo;</p>',
      postedAt: instantAt(shiftDate(today, -2), '16:30', child.timeZone),
      important: true,
      readAtStart: false,
    },
    {
      ...base,
      id: String(ANNOUNCEMENT_IDS + child.studentId * 10 + 2),
      title: 'Изменение расписания',
      text: `${shortDay(shiftDate(today, -3))} уроки начинаются в 9:00: в школе проходит олимпиада.`,
      postedAt: instantAt(shiftDate(today, -6), '10:05', child.timeZone),
      important: false,
      readAtStart: true,
    },
  ];
}

function subjectName(child: SeedChild, mark: SeedMark): string {
  return child.subjects.find((subject) => subject.id === mark.subjectId)?.name ?? 'Предмет';
}

function markEvents(child: SeedChild, today: string): FeedEntry[] {
  const recent = child.marks
    .filter((mark) => mark.date >= shiftDate(today, -10) && mark.date < today)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 2);
  return recent.map((mark, index) => ({
    id: String(MARK_IDS + mark.id),
    kind: 'mark',
    studentId: child.studentId,
    timeZone: child.timeZone,
    title: 'Новая оценка',
    text: `${subjectName(child, mark)}: ${mark.value} (${mark.workType})`,
    postedAt: instantAt(mark.createdAt.slice(0, 10), mark.createdAt.slice(11, 16), child.timeZone),
    important: false,
    readAtStart: index > 0,
  }));
}

function schoolNews(children: readonly SeedChild[], today: string): FeedEntry[] {
  const schools = new Map(children.map((child) => [child.school.id, child] as const));
  return [...schools.values()].map((child) => ({
    id: String(NEWS_IDS + child.school.id),
    kind: 'news',
    studentId: null,
    timeZone: child.timeZone,
    title: 'Новости школы: день открытых дверей',
    text: `${child.school.name} приглашает на день открытых дверей ${shortDay(shiftDate(today, 9))}.`,
    postedAt: instantAt(shiftDate(today, -12), '12:00', child.timeZone),
    important: false,
    readAtStart: true,
  }));
}

/** The seeded feed of an account showing `children`, around `today`. */
export function seededFeed(children: readonly SeedChild[], today: string): FeedEntry[] {
  return [
    ...children.flatMap((child) => [...announcements(child, today), ...markEvents(child, today)]),
    ...schoolNews(children, today),
  ];
}

/** Notices tests posted and what has been read, laid over the seeded feed. */
export class NoticeFeedBook {
  private readonly posted: FeedEntry[] = [];
  private readonly reads = new Set<string>();
  private posts = 0;

  /** Posts a notice to a child's feed at `at`; returns its id. */
  post(child: SeedChild, notice: PostedNotice, at: Date): string {
    this.posts += 1;
    const id = String(POSTED_IDS + this.posts);
    this.posted.push({
      id,
      kind: 'announcement',
      studentId: child.studentId,
      timeZone: child.timeZone,
      title: notice.title,
      text: notice.text,
      postedAt: at,
      important: notice.important ?? false,
      readAtStart: false,
    });
    return id;
  }

  /** Marks an item read (an unknown id changes nothing). */
  markRead(id: string): void {
    this.reads.add(id);
  }

  /** Whether the account holder has read the item. */
  isRead(entry: FeedEntry): boolean {
    return entry.readAtStart || this.reads.has(entry.id);
  }

  /** The feed of an account showing `children`: seeded and posted, newest first. */
  feedOf(children: readonly SeedChild[], today: string): FeedEntry[] {
    const shown = new Set(children.map((child) => child.studentId));
    const posted = this.posted.filter((entry) => entry.studentId !== null && shown.has(entry.studentId));
    return [...seededFeed(children, today), ...posted].sort(
      (a, b) => b.postedAt.getTime() - a.postedAt.getTime() || b.id.localeCompare(a.id),
    );
  }

  /** Forgets posted notices and reads: the seeded feed shows as it started. */
  clear(): void {
    this.posted.splice(0);
    this.reads.clear();
    this.posts = 0;
  }
}
