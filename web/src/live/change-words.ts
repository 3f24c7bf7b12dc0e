/**
 * What the page tells the family when a change comes in while it is open: one line per change, in the
 * family's words («Новая оценка: Маша — 5, Математика»), and a short summary when several come at once
 * («Новое в дневниках: 2 оценки, 1 урок отменён»). Pure, so every `ChangeKind` is table-tested
 * (test/web/live-change-words.test.ts). A kind this page does not know (a newer gateway's) is still told, in
 * general words, never dropped.
 */
import type { ChangeKind, LiveChangeFragment } from '@diary-gateway/client';
import { attendanceKindText } from '../children/words.js';
import { countOf, DAY_MONTH, formatDay, type WordForms } from '../format.js';
import type { Bilingual, Language } from '../i18n.js';

/** One change as the subscription brings it. */
export type LiveChange = LiveChangeFragment;

/** What the page announces for a batch of changes. */
export interface ChangeAnnouncement {
  /** One sentence for the whole batch: the line itself for one change, counts by kind for several. */
  readonly summary: string;
  /** One line per change, oldest first, at most {@link MAX_LINES}. */
  readonly lines: readonly string[];
  /** How many changes are not in `lines`. */
  readonly more: number;
  /** «…и ещё 3 изменения» under the lines when some are left out; `null` when none is. */
  readonly moreLine: string | null;
}

/** The most lines shown at once: past it, the family reads the dashboard itself. */
export const MAX_LINES = 5;

/** Each kind's heading, and its word forms for the summary's counts. */
const KINDS: Readonly<Record<ChangeKind, Bilingual<{ title: string; count: WordForms }>>> = {
  GRADE_ADDED: {
    ru: {
      title: 'Новая оценка',
      count: { one: 'новая оценка', few: 'новые оценки', many: 'новых оценок', other: 'новой оценки' },
    },
    en: { title: 'New mark', count: { one: 'new mark', other: 'new marks' } },
  },
  GRADE_CHANGED: {
    ru: {
      title: 'Оценка исправлена',
      count: {
        one: 'оценка исправлена',
        few: 'оценки исправлены',
        many: 'оценок исправлено',
        other: 'оценки исправлено',
      },
    },
    en: { title: 'Mark corrected', count: { one: 'mark corrected', other: 'marks corrected' } },
  },
  GRADE_REMOVED: {
    ru: {
      title: 'Оценка удалена',
      count: { one: 'оценка удалена', few: 'оценки удалены', many: 'оценок удалено', other: 'оценки удалено' },
    },
    en: { title: 'Mark removed', count: { one: 'mark removed', other: 'marks removed' } },
  },
  HOMEWORK_ADDED: {
    ru: {
      title: 'Новое домашнее задание',
      count: { one: 'новое задание', few: 'новых задания', many: 'новых заданий', other: 'нового задания' },
    },
    en: { title: 'New homework', count: { one: 'new homework', other: 'new homework' } },
  },
  HOMEWORK_CHANGED: {
    ru: {
      title: 'Домашнее задание изменено',
      count: { one: 'задание изменено', few: 'задания изменены', many: 'заданий изменено', other: 'задания изменено' },
    },
    en: { title: 'Homework changed', count: { one: 'homework changed', other: 'homework changed' } },
  },
  HOMEWORK_REMOVED: {
    ru: {
      title: 'Домашнее задание снято',
      count: { one: 'задание снято', few: 'задания сняты', many: 'заданий снято', other: 'задания снято' },
    },
    en: { title: 'Homework removed', count: { one: 'homework removed', other: 'homework removed' } },
  },
  LESSON_CANCELLED: {
    ru: {
      title: 'Урок отменён',
      count: { one: 'урок отменён', few: 'урока отменены', many: 'уроков отменено', other: 'урока отменено' },
    },
    en: { title: 'Lesson cancelled', count: { one: 'lesson cancelled', other: 'lessons cancelled' } },
  },
  LESSON_REPLACED: {
    ru: {
      title: 'Замена учителя',
      count: { one: 'замена учителя', few: 'замены учителя', many: 'замен учителя', other: 'замены учителя' },
    },
    en: { title: 'Stand-in teacher', count: { one: 'stand-in teacher', other: 'stand-in teachers' } },
  },
  LESSON_MOVED: {
    ru: {
      title: 'Урок перенесён',
      count: { one: 'урок перенесён', few: 'урока перенесены', many: 'уроков перенесено', other: 'урока перенесено' },
    },
    en: { title: 'Lesson moved', count: { one: 'lesson moved', other: 'lessons moved' } },
  },
  LESSON_REMOVED: {
    ru: {
      title: 'Урок убран из расписания',
      count: { one: 'урок убран', few: 'урока убраны', many: 'уроков убрано', other: 'урока убрано' },
    },
    en: { title: 'Lesson taken off the timetable', count: { one: 'lesson taken off', other: 'lessons taken off' } },
  },
  ABSENCE_RECORDED: {
    ru: {
      title: 'Отмечен пропуск',
      count: {
        one: 'пропуск отмечен',
        few: 'пропуска отмечены',
        many: 'пропусков отмечено',
        other: 'пропуска отмечено',
      },
    },
    en: { title: 'Absence recorded', count: { one: 'absence recorded', other: 'absences recorded' } },
  },
  ABSENCE_REMOVED: {
    ru: {
      title: 'Пропуск снят',
      count: { one: 'пропуск снят', few: 'пропуска сняты', many: 'пропусков снято', other: 'пропуска снято' },
    },
    en: { title: 'Absence taken back', count: { one: 'absence taken back', other: 'absences taken back' } },
  },
  FINAL_GRADE_SET: {
    ru: {
      title: 'Итоговая оценка',
      count: { one: 'итоговая оценка', few: 'итоговые оценки', many: 'итоговых оценок', other: 'итоговой оценки' },
    },
    en: { title: 'Final mark', count: { one: 'final mark', other: 'final marks' } },
  },
  MESSAGE_RECEIVED: {
    ru: {
      title: 'Новое сообщение',
      count: { one: 'новое сообщение', few: 'новых сообщения', many: 'новых сообщений', other: 'нового сообщения' },
    },
    en: { title: 'New message', count: { one: 'new message', other: 'new messages' } },
  },
  NOTICE_POSTED: {
    ru: {
      title: 'Новое объявление',
      count: { one: 'новое объявление', few: 'новых объявления', many: 'новых объявлений', other: 'нового объявления' },
    },
    en: { title: 'New notice', count: { one: 'new notice', other: 'new notices' } },
  },
};

const UNKNOWN: Bilingual<{ title: string; count: WordForms }> = {
  ru: {
    title: 'Изменение в дневнике',
    count: { one: 'изменение', few: 'изменения', many: 'изменений', other: 'изменения' },
  },
  en: { title: 'Change in the diary', count: { one: 'change', other: 'changes' } },
};

const WORDS = {
  ru: {
    child: 'ребёнок',
    lesson: (n: number) => `${n}-й урок`,
    due: 'к',
    to: 'на',
    instead: 'вместо',
    news: 'Новое в дневниках',
    andMore: 'и ещё',
    from: 'от',
    school: 'от школы',
  },
  en: {
    child: 'a child',
    lesson: (n: number) => `lesson ${n}`,
    due: 'due',
    to: 'to',
    instead: 'was',
    news: 'New in the diaries',
    andMore: 'and',
    from: 'from',
    school: 'from the school',
  },
};

function kindWords(kind: string, language: Language) {
  return (KINDS[kind as ChangeKind] ?? UNKNOWN)[language];
}

const day = (iso: string, language: Language) => formatDay(iso, language, DAY_MONTH);

/** The details of a change after the child's name, joined with commas; empty parts left out. */
function details(change: LiveChange, language: Language): string[] {
  const words = WORDS[language];
  switch (change.__typename) {
    case 'GradeChange': {
      const value =
        change.kind === 'GRADE_CHANGED' && change.previous
          ? `${change.grade.value.raw} (${words.instead} ${change.previous.value.raw})`
          : change.grade.value.raw;
      return [value, change.grade.subject.name];
    }
    case 'HomeworkChange':
      return [change.homework.subject.name, `${words.due} ${day(change.homework.dueOn, language)}`];
    case 'LessonChange': {
      const { lesson } = change;
      const when = [day(lesson.date, language), lesson.number ? words.lesson(lesson.number) : ''];
      if (change.kind === 'LESSON_MOVED' && change.previous && change.previous.date !== lesson.date)
        return [lesson.subject.name, `${words.to} ${day(lesson.date, language)}`];
      return [lesson.subject.name, ...when];
    }
    case 'AbsenceChange': {
      const { absence } = change;
      return [
        attendanceKindText(absence.kind, language),
        day(absence.date, language),
        absence.lesson?.subject.name ?? '',
      ];
    }
    case 'FinalGradeChange':
      return [change.finalGrade.raw, change.subject.name, change.periodTitle];
    case 'MessageChange':
      return [`${words.from} ${change.sender.name}`];
    case 'NoticeChange':
      return [change.author ? `${words.from} ${change.author}` : words.school];
    default:
      return [];
  }
}

/**
 * One change as the family reads it: «Новая оценка: Маша — 5, Математика». `childName` is the child's
 * first name as the dashboard shows it; `null` when the page does not know the child (yet).
 */
export function changeLine(change: LiveChange, childName: string | null, language: Language): string {
  const parts = details(change, language).filter((part) => part.trim() !== '');
  const title = kindWords(change.kind, language).title;
  // Mail is about a whole diary account, not the child it is filed under: no child is named for it.
  if (change.__typename === 'MessageChange' || change.__typename === 'NoticeChange')
    return `${title}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''}`;
  const who = childName ?? WORDS[language].child;
  return `${title}: ${who}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''}`;
}

/** Counts by kind, in the order each kind first came: «2 новые оценки, 1 урок отменён». */
function countsText(changes: readonly LiveChange[], language: Language): string {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => countOf(count, kindWords(kind, language).count, language)).join(', ');
}

/**
 * What to announce for `changes` (oldest first), with each child's first name from `names` (by
 * `Student.id`): one change is its line; several are a summary of counts and their first lines.
 */
export function announceChanges(
  changes: readonly LiveChange[],
  names: ReadonlyMap<string, string>,
  language: Language,
): ChangeAnnouncement {
  const lines = changes
    .slice(0, MAX_LINES)
    .map((change) => changeLine(change, names.get(change.studentId) ?? null, language));
  const summary = changes.length === 1 ? lines[0]! : `${WORDS[language].news}: ${countsText(changes, language)}`;
  const more = Math.max(0, changes.length - MAX_LINES);
  return { summary, lines, more, moreLine: moreText(more, language) };
}

/** «и ещё 3» under the lines when some are left out; `null` when none is. */
export function moreText(more: number, language: Language): string | null {
  if (more <= 0) return null;
  return language === 'ru'
    ? `…и ещё ${countOf(more, UNKNOWN.ru.count, 'ru')}`
    : `…and ${countOf(more, { one: 'more change', other: 'more changes' }, 'en')}`;
}
