import { describe, expect, it } from 'vitest';
import type { ChangeKind } from '@diary-gateway/client';
import { announceChanges, changeLine, MAX_LINES, moreText, type LiveChange } from '../../web/src/live/change-words.js';

const base = { studentId: 'masha', cursor: 'c' };
const math = { name: 'Математика' };

/** One change of each kind, as the subscription brings them. */
const CHANGES: Record<ChangeKind, LiveChange> = {
  GRADE_ADDED: {
    ...base,
    __typename: 'GradeChange',
    id: 'g1',
    kind: 'GRADE_ADDED',
    grade: { date: '2026-11-23', value: { raw: '5' }, subject: math },
    previous: null,
  },
  GRADE_CHANGED: {
    ...base,
    __typename: 'GradeChange',
    id: 'g2',
    kind: 'GRADE_CHANGED',
    grade: { date: '2026-11-23', value: { raw: '4' }, subject: math },
    previous: { value: { raw: '3' } },
  },
  GRADE_REMOVED: {
    ...base,
    __typename: 'GradeChange',
    id: 'g3',
    kind: 'GRADE_REMOVED',
    grade: { date: '2026-11-23', value: { raw: '2' }, subject: math },
    previous: null,
  },
  HOMEWORK_ADDED: {
    ...base,
    __typename: 'HomeworkChange',
    id: 'h1',
    kind: 'HOMEWORK_ADDED',
    homework: { dueOn: '2026-11-25', subject: { name: 'Русский язык' } },
  },
  HOMEWORK_CHANGED: {
    ...base,
    __typename: 'HomeworkChange',
    id: 'h2',
    kind: 'HOMEWORK_CHANGED',
    homework: { dueOn: '2026-11-26', subject: { name: 'Русский язык' } },
  },
  HOMEWORK_REMOVED: {
    ...base,
    __typename: 'HomeworkChange',
    id: 'h3',
    kind: 'HOMEWORK_REMOVED',
    homework: { dueOn: '2026-11-26', subject: { name: 'Русский язык' } },
  },
  LESSON_CANCELLED: {
    ...base,
    __typename: 'LessonChange',
    id: 'l1',
    kind: 'LESSON_CANCELLED',
    lesson: { date: '2026-11-24', number: 3, subject: { name: 'Физика' } },
    previous: { date: '2026-11-24' },
  },
  LESSON_REPLACED: {
    ...base,
    __typename: 'LessonChange',
    id: 'l2',
    kind: 'LESSON_REPLACED',
    lesson: { date: '2026-11-24', number: null, subject: { name: 'Физика' } },
    previous: { date: '2026-11-24' },
  },
  LESSON_MOVED: {
    ...base,
    __typename: 'LessonChange',
    id: 'l3',
    kind: 'LESSON_MOVED',
    lesson: { date: '2026-11-27', number: 2, subject: { name: 'Физика' } },
    previous: { date: '2026-11-24' },
  },
  LESSON_REMOVED: {
    ...base,
    __typename: 'LessonChange',
    id: 'l4',
    kind: 'LESSON_REMOVED',
    lesson: { date: '2026-11-24', number: 5, subject: { name: 'Физика' } },
    previous: null,
  },
  ABSENCE_RECORDED: {
    ...base,
    __typename: 'AbsenceChange',
    id: 'a1',
    kind: 'ABSENCE_RECORDED',
    absence: { date: '2026-11-23', kind: 'TARDY', lesson: { subject: math } },
  },
  ABSENCE_REMOVED: {
    ...base,
    __typename: 'AbsenceChange',
    id: 'a2',
    kind: 'ABSENCE_REMOVED',
    absence: { date: '2026-11-20', kind: 'EXCUSED_ABSENCE', lesson: null },
  },
  FINAL_GRADE_SET: {
    ...base,
    __typename: 'FinalGradeChange',
    id: 'f1',
    kind: 'FINAL_GRADE_SET',
    subject: math,
    periodTitle: '2 четверть',
    finalGrade: { raw: '5' },
  },
  MESSAGE_RECEIVED: {
    ...base,
    __typename: 'MessageChange',
    id: 'm1',
    kind: 'MESSAGE_RECEIVED',
    sender: { name: 'Петрова Ольга Ивановна' },
  },
  NOTICE_POSTED: {
    ...base,
    __typename: 'NoticeChange',
    id: 'n1',
    kind: 'NOTICE_POSTED',
    author: null,
  },
};

/** Mail is about a whole diary account, so its lines name no child. */
const MAIL_KINDS = new Set<ChangeKind>(['MESSAGE_RECEIVED', 'NOTICE_POSTED']);

describe('changeLine', () => {
  it.each([
    ['GRADE_ADDED', 'Новая оценка: Маша — 5, Математика'],
    ['GRADE_CHANGED', 'Оценка исправлена: Маша — 4 (вместо 3), Математика'],
    ['GRADE_REMOVED', 'Оценка удалена: Маша — 2, Математика'],
    ['HOMEWORK_ADDED', 'Новое домашнее задание: Маша — Русский язык, к 25 нояб.'],
    ['HOMEWORK_CHANGED', 'Домашнее задание изменено: Маша — Русский язык, к 26 нояб.'],
    ['HOMEWORK_REMOVED', 'Домашнее задание снято: Маша — Русский язык, к 26 нояб.'],
    ['LESSON_CANCELLED', 'Урок отменён: Маша — Физика, 24 нояб., 3-й урок'],
    ['LESSON_REPLACED', 'Замена учителя: Маша — Физика, 24 нояб.'],
    ['LESSON_MOVED', 'Урок перенесён: Маша — Физика, на 27 нояб.'],
    ['LESSON_REMOVED', 'Урок убран из расписания: Маша — Физика, 24 нояб., 5-й урок'],
    ['ABSENCE_RECORDED', 'Отмечен пропуск: Маша — опоздание, 23 нояб., Математика'],
    ['ABSENCE_REMOVED', 'Пропуск снят: Маша — пропуск по уважительной причине, 20 нояб.'],
    ['FINAL_GRADE_SET', 'Итоговая оценка: Маша — 5, Математика, 2 четверть'],
    ['MESSAGE_RECEIVED', 'Новое сообщение — от Петрова Ольга Ивановна'],
    ['NOTICE_POSTED', 'Новое объявление — от школы'],
  ] as const)('should tell %s in Russian', (kind, line) => {
    expect(changeLine(CHANGES[kind], 'Маша', 'ru')).toBe(line);
  });

  it('should cover every kind of the schema', () => {
    for (const change of Object.values(CHANGES).filter((c) => !MAIL_KINDS.has(c.kind))) {
      const line = changeLine(change, 'Маша', 'ru');
      expect(line).toMatch(/^[А-ЯЁ][а-яё ]+: Маша — /);
      expect(changeLine(change, 'Masha', 'en')).toMatch(/^[A-Z][a-z -]+: Masha — /);
    }
  });

  it('should tell a moved lesson that stayed on its day by its day and number', () => {
    const moved = { ...CHANGES.LESSON_MOVED, previous: { date: '2026-11-27' } } as LiveChange;
    expect(changeLine(moved, 'Маша', 'ru')).toBe('Урок перенесён: Маша — Физика, 27 нояб., 2-й урок');
  });

  it('should name a child the page does not know in general words', () => {
    expect(changeLine(CHANGES.GRADE_ADDED, null, 'ru')).toBe('Новая оценка: ребёнок — 5, Математика');
  });

  it('should still tell a kind this page does not know', () => {
    const newer = { ...CHANGES.GRADE_ADDED, kind: 'GRADE_FROZEN' } as unknown as LiveChange;
    expect(changeLine(newer, 'Маша', 'ru')).toBe('Изменение в дневнике: Маша — 5, Математика');
  });
});

describe('announceChanges', () => {
  const names = new Map([
    ['masha', 'Маша'],
    ['petya', 'Петя'],
  ]);

  it('should say one change as its line', () => {
    const announcement = announceChanges([CHANGES.GRADE_ADDED], names, 'ru');
    expect(announcement).toEqual({
      summary: 'Новая оценка: Маша — 5, Математика',
      lines: ['Новая оценка: Маша — 5, Математика'],
      more: 0,
      moreLine: null,
    });
  });

  it('should group several by kind, in Russian plurals, with a line each', () => {
    const petyas: LiveChange = { ...CHANGES.GRADE_ADDED, id: 'g9', studentId: 'petya' };
    const announcement = announceChanges([CHANGES.GRADE_ADDED, CHANGES.LESSON_CANCELLED, petyas], names, 'ru');
    expect(announcement.summary).toBe('Новое в дневниках: 2 новые оценки, 1 урок отменён');
    expect(announcement.lines).toEqual([
      'Новая оценка: Маша — 5, Математика',
      'Урок отменён: Маша — Физика, 24 нояб., 3-й урок',
      'Новая оценка: Петя — 5, Математика',
    ]);
    expect(announceChanges([CHANGES.GRADE_ADDED, petyas], names, 'en').summary).toBe('New in the diaries: 2 new marks');
  });

  it('should show at most a few lines and count the rest', () => {
    const many = Array.from({ length: MAX_LINES + 3 }, (_, index) => ({ ...CHANGES.GRADE_ADDED, id: `g${index}` }));
    const announcement = announceChanges(many, names, 'ru');
    expect(announcement.summary).toBe(`Новое в дневниках: ${MAX_LINES + 3} новых оценок`);
    expect(announcement.lines).toHaveLength(MAX_LINES);
    expect(announcement.more).toBe(3);
    expect(announcement.moreLine).toBe('…и ещё 3 изменения');
    expect(moreText(5, 'en')).toBe('…and 5 more changes');
    expect(moreText(0, 'ru')).toBeNull();
  });
});
