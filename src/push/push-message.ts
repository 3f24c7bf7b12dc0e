/**
 * What a browser's service worker receives for a batch of one child's changes (the JSON that
 * schema/push.graphql describes): Russian text ready for `showNotification`, a tag per child (a newer
 * notification of the same child replaces the older one on the phone, and tells what both told), the page's
 * address, and the changes' ids and kinds so a page can fetch them from `Viewer.changes`.
 *
 * The text holds what the family page shows anyway (the child's first name, the subject, the mark); it
 * travels encrypted for the one browser (RFC 8291): the push service relays bytes it cannot read.
 */
import type { ChangeKind, ListedChange } from '../domain/changes.js';
import { pluralRu } from '../errors/phrases-ru.js';

/** The JSON a service worker receives. */
export interface PushMessage {
  title: string;
  body: string;
  tag: string;
  url: string;
  changes: { id: string; kind: ChangeKind; studentId: string }[];
}

/**
 * Push services take at most 4,096 bytes of encrypted payload; encryption adds 86 (RFC 8291 §4). The body is
 * cut well below, so the `changes` list always fits.
 */
const MAX_BODY_CHARACTERS = 300;
/** The most changes one notification lists by id (more are fetched from the feed by the page). */
const MAX_LISTED_CHANGES = 20;
/** Lines of the body of a notification telling several changes. */
const MAX_LINES = 3;

const TITLES: Readonly<Record<ChangeKind, string>> = {
  GRADE_ADDED: 'новая оценка',
  GRADE_CHANGED: 'оценка исправлена',
  GRADE_REMOVED: 'оценка удалена',
  HOMEWORK_ADDED: 'новое домашнее задание',
  HOMEWORK_CHANGED: 'домашнее задание изменено',
  HOMEWORK_REMOVED: 'домашнее задание снято',
  LESSON_CANCELLED: 'урок отменён',
  LESSON_REPLACED: 'замена учителя',
  LESSON_MOVED: 'урок перенесён',
  LESSON_REMOVED: 'урок убран из расписания',
  ABSENCE_RECORDED: 'отмечен пропуск',
  ABSENCE_REMOVED: 'отметка о пропуске снята',
  FINAL_GRADE_SET: 'итоговая оценка',
  MESSAGE_RECEIVED: 'новое сообщение',
  NOTICE_POSTED: 'новое объявление',
};

const MONTHS = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
] as const;

/**
 * The notification for `changes` (oldest first, at least one): about one child, it names the child in its
 * title and is tagged by the child; about several, each line names its child, and the tag is the diary's.
 * @param names The viewer's students' first names by `Student.id`; a child not in it is told without a name.
 * @param pageUrl The family page's address, opened on a tap.
 */
export function pushMessage(
  changes: readonly ListedChange[],
  names: ReadonlyMap<string, string>,
  pageUrl: string,
): PushMessage {
  const first = changes[0]!;
  const oneChild = changes.every((change) => change.studentId === first.studentId);
  // Mail is about a whole diary account, not the child it is filed under: no child is named for it.
  const nameOf = (change: ListedChange) => (isMail(change) ? null : names.get(change.studentId)?.trim() || null);
  const title = oneChild
    ? `${nameOf(first) ?? 'Дневник'}: ${changes.length === 1 ? TITLES[first.kind] : `${countNews(changes.length)} в дневнике`}`
    : `${countNews(changes.length)} в дневнике`;
  const lines = changes.slice(-MAX_LINES).map((change) => {
    if (changes.length === 1) return detail(change);
    const name = oneChild ? null : nameOf(change);
    return name ? `${name} — ${line(change, false)}` : line(change, true);
  });
  const more = changes.length - MAX_LINES;
  if (more > 0) lines.push(`и ещё ${countNews(more)}`);
  return {
    title,
    body: cut(lines.join('\n'), MAX_BODY_CHARACTERS),
    tag: oneChild ? `student-${first.studentId}` : 'diary',
    url: pageUrl,
    changes: changes
      .slice(-MAX_LISTED_CHANGES)
      .map((change) => ({ id: change.id, kind: change.kind, studentId: change.studentId })),
  };
}

function isMail(change: ListedChange): boolean {
  return change.type === 'message' || change.type === 'notice';
}

/** One line of a notification telling several changes: what happened, then the detail. */
function line(change: ListedChange, capital: boolean): string {
  const what = TITLES[change.kind];
  return `${capital ? `${what[0]!.toUpperCase()}${what.slice(1)}` : what}: ${detail(change)}`;
}

/** The detail of one change: subject, mark, day. */
function detail(change: ListedChange): string {
  switch (change.type) {
    case 'grade': {
      const { grade, previous } = change;
      const mark = grade.isPoint
        ? `точка${grade.pointDeadline ? ` до ${day(grade.pointDeadline)}` : ''}`
        : grade.value.raw;
      if (change.kind === 'GRADE_CHANGED' && previous)
        return `${grade.subject.name}: ${previous.value.raw} → ${mark}, ${day(grade.date)}`;
      return `${grade.subject.name} — ${mark}, ${day(grade.date)}`;
    }
    case 'homework':
      return `${change.homework.subject.name} на ${day(change.homework.dueOn)}: ${change.homework.text}`;
    case 'lesson': {
      const { lesson, previous } = change;
      if (change.kind === 'LESSON_MOVED' && previous)
        return `${lesson.subject.name}: ${when(previous)} → ${when(lesson)}`;
      if (change.kind === 'LESSON_REPLACED' && lesson.teacher)
        return `${lesson.subject.name}, ${when(lesson)}: ведёт ${lesson.teacher.fullName}`;
      return `${lesson.subject.name}, ${when(lesson)}`;
    }
    case 'absence': {
      const { absence } = change;
      const kind = absence.kind === 'TARDY' ? 'опоздание' : 'пропуск';
      const subject = absence.lesson ? `${absence.lesson.subject.name}, ` : '';
      return `${subject}${day(absence.date)} (${kind})`;
    }
    case 'finalGrade':
      return `${change.subject.name}, ${change.periodTitle} — ${change.finalGrade.raw}`;
    // The text of mail is not kept, so the notification names the sender only; the page shows the rest.
    case 'message':
      return `от ${change.sender.name}`;
    case 'notice':
      return change.author ? `от ${change.author}` : 'от школы';
  }
}

/** A lesson's day and time (its own clock: `startsAt` carries the school's offset) or number in the day. */
function when(lesson: { date: string; startsAt: string | null; number: number | null }): string {
  const time = lesson.startsAt?.slice(11, 16);
  if (time) return `${day(lesson.date)} в ${time}`;
  return lesson.number === null ? day(lesson.date) : `${day(lesson.date)}, ${lesson.number}-й урок`;
}

/** `2026-12-08` → `8 декабря`. */
function day(iso: string): string {
  const [, month, date] = iso.split('-').map(Number) as [number, number, number];
  const name = MONTHS[month - 1];
  return name && date ? `${date} ${name}` : iso;
}

const NEWS = ['новость', 'новости', 'новостей'] as const;

/** `2 новости`, `5 новостей`. */
const countNews = (n: number): string => pluralRu(n, NEWS);

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
