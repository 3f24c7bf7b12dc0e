import { describe, expect, it } from 'vitest';
import type { DetectedChange, ListedChange } from '../../../src/domain/changes.js';
import type { ChangeKind } from '../../../src/domain/schema-types.generated.js';
import { pushMessage } from '../../../src/push/push-message.js';
import { ALGEBRA, absence, fivePoint, grade, homework, KOZLOV, lesson } from '../../support/change-fixtures.js';

const PAGE = 'https://dnevnik.example.ru/';
const NAMES = new Map([
  ['stu_masha', 'Маша'],
  ['stu_petya', 'Петя'],
]);

let sequence = 0;
/** A change as Маша's feed lists it. */
function listed(change: DetectedChange): ListedChange {
  sequence += 1;
  return { ...change, position: `1-${sequence}`, studentId: 'stu_masha', cursor: `c1.x~1-${sequence}` };
}

const base = { childId: 'child_1', provider: 'MESH' as const, detectedAt: '2026-11-18T12:45:00+03:00' };
const gradeChange = (kind: 'GRADE_ADDED' | 'GRADE_CHANGED' | 'GRADE_REMOVED', overrides = {}) =>
  listed({
    ...base,
    id: `chg_${kind}`,
    type: 'grade',
    kind,
    grade: grade(overrides),
    previous: kind === 'GRADE_CHANGED' ? grade({ value: fivePoint('3') }) : null,
  });

/** One change of every kind. */
const EVERY_KIND: Record<ChangeKind, ListedChange> = {
  GRADE_ADDED: gradeChange('GRADE_ADDED'),
  GRADE_CHANGED: gradeChange('GRADE_CHANGED'),
  GRADE_REMOVED: gradeChange('GRADE_REMOVED'),
  HOMEWORK_ADDED: listed({
    ...base,
    id: 'chg_h1',
    type: 'homework',
    kind: 'HOMEWORK_ADDED',
    homework: homework(),
    previous: null,
  }),
  HOMEWORK_CHANGED: listed({
    ...base,
    id: 'chg_h2',
    type: 'homework',
    kind: 'HOMEWORK_CHANGED',
    homework: homework(),
    previous: homework({ text: 'старое' }),
  }),
  HOMEWORK_REMOVED: listed({
    ...base,
    id: 'chg_h3',
    type: 'homework',
    kind: 'HOMEWORK_REMOVED',
    homework: homework(),
    previous: null,
  }),
  LESSON_CANCELLED: listed({
    ...base,
    id: 'chg_l1',
    type: 'lesson',
    kind: 'LESSON_CANCELLED',
    lesson: lesson({ isCancelled: true }),
    previous: lesson(),
  }),
  LESSON_REPLACED: listed({
    ...base,
    id: 'chg_l2',
    type: 'lesson',
    kind: 'LESSON_REPLACED',
    lesson: lesson({ teacher: KOZLOV, isReplaced: true }),
    previous: lesson(),
  }),
  LESSON_MOVED: listed({
    ...base,
    id: 'chg_l3',
    type: 'lesson',
    kind: 'LESSON_MOVED',
    lesson: lesson({ date: '2026-11-20', startsAt: '2026-11-20T10:00:00+03:00' }),
    previous: lesson(),
  }),
  LESSON_REMOVED: listed({
    ...base,
    id: 'chg_l4',
    type: 'lesson',
    kind: 'LESSON_REMOVED',
    lesson: lesson(),
    previous: null,
  }),
  ABSENCE_RECORDED: listed({ ...base, id: 'chg_a1', type: 'absence', kind: 'ABSENCE_RECORDED', absence: absence() }),
  ABSENCE_REMOVED: listed({
    ...base,
    id: 'chg_a2',
    type: 'absence',
    kind: 'ABSENCE_REMOVED',
    absence: absence({ kind: 'TARDY', lesson: null }),
  }),
  FINAL_GRADE_SET: listed({
    ...base,
    id: 'chg_f1',
    type: 'finalGrade',
    kind: 'FINAL_GRADE_SET',
    subject: ALGEBRA,
    periodTitle: '1 четверть',
    finalGrade: fivePoint('5'),
    previous: null,
  }),
  MESSAGE_RECEIVED: listed({
    ...base,
    childId: 'mlg_account00001',
    id: 'chg_m1',
    type: 'message',
    kind: 'MESSAGE_RECEIVED',
    accountId: 'acc_1',
    messageExternalId: '101',
    sentAt: '2026-11-18T12:40:00+03:00',
    sender: { name: 'Петрова Ольга Ивановна', role: 'CLASS_TEACHER' },
  }),
  NOTICE_POSTED: listed({
    ...base,
    childId: 'mlg_account00001',
    id: 'chg_n1',
    type: 'notice',
    kind: 'NOTICE_POSTED',
    accountId: 'acc_1',
    noticeExternalId: '7',
    publishedAt: '2026-11-18T12:00:00+03:00',
    author: null,
    isImportant: true,
  }),
};

describe('push messages', () => {
  it('should word one change of every kind in Russian, with the child, the subject and the day', () => {
    const worded = Object.fromEntries(
      Object.entries(EVERY_KIND).map(([kind, change]) => {
        const { title, body } = pushMessage([change], NAMES, PAGE);
        return [kind, `${title} | ${body}`];
      }),
    );
    expect(worded).toEqual({
      GRADE_ADDED: 'Маша: новая оценка | Алгебра — 4, 18 ноября',
      GRADE_CHANGED: 'Маша: оценка исправлена | Алгебра: 3 → 4, 18 ноября',
      GRADE_REMOVED: 'Маша: оценка удалена | Алгебра — 4, 18 ноября',
      HOMEWORK_ADDED: 'Маша: новое домашнее задание | Алгебра на 19 ноября: № 245, 247 (а, б)',
      HOMEWORK_CHANGED: 'Маша: домашнее задание изменено | Алгебра на 19 ноября: № 245, 247 (а, б)',
      HOMEWORK_REMOVED: 'Маша: домашнее задание снято | Алгебра на 19 ноября: № 245, 247 (а, б)',
      LESSON_CANCELLED: 'Маша: урок отменён | Алгебра, 19 ноября в 09:00',
      LESSON_REPLACED: 'Маша: замена учителя | Алгебра, 19 ноября в 09:00: ведёт Козлов Андрей Викторович',
      LESSON_MOVED: 'Маша: урок перенесён | Алгебра: 19 ноября в 09:00 → 20 ноября в 10:00',
      LESSON_REMOVED: 'Маша: урок убран из расписания | Алгебра, 19 ноября в 09:00',
      ABSENCE_RECORDED: 'Маша: отмечен пропуск | Алгебра, 18 ноября (пропуск)',
      ABSENCE_REMOVED: 'Маша: отметка о пропуске снята | 18 ноября (опоздание)',
      FINAL_GRADE_SET: 'Маша: итоговая оценка | Алгебра, 1 четверть — 5',
      // Mail is about the whole account, so no child is named, and its text is not kept.
      MESSAGE_RECEIVED: 'Дневник: новое сообщение | от Петрова Ольга Ивановна',
      NOTICE_POSTED: 'Дневник: новое объявление | от школы',
    });
  });

  it('should tell a point mark as a point with its deadline, and a lesson without a time by its number', () => {
    const point = gradeChange('GRADE_ADDED', { isPoint: true, pointDeadline: '2026-11-25' });
    expect(pushMessage([point], NAMES, PAGE).body).toBe('Алгебра — точка до 25 ноября, 18 ноября');
    const untimed = listed({
      ...base,
      id: 'chg_l9',
      type: 'lesson',
      kind: 'LESSON_CANCELLED',
      lesson: lesson({ startsAt: null, number: 3 }),
      previous: null,
    });
    expect(pushMessage([untimed], NAMES, PAGE).body).toBe('Алгебра, 19 ноября, 3-й урок');
  });

  it('should tell several changes as a count with the latest three lines, tagged by the child, listing every id', () => {
    const changes = [
      EVERY_KIND.GRADE_ADDED,
      EVERY_KIND.HOMEWORK_ADDED,
      EVERY_KIND.LESSON_CANCELLED,
      EVERY_KIND.ABSENCE_RECORDED,
      EVERY_KIND.FINAL_GRADE_SET,
    ];
    const message = pushMessage(changes, NAMES, PAGE);
    expect(message.title).toBe('Маша: 5 новостей в дневнике');
    expect(message.body.split('\n')).toEqual([
      'Урок отменён: Алгебра, 19 ноября в 09:00',
      'Отмечен пропуск: Алгебра, 18 ноября (пропуск)',
      'Итоговая оценка: Алгебра, 1 четверть — 5',
      'и ещё 2 новости',
    ]);
    expect(message.tag).toBe('student-stu_masha');
    expect(message.url).toBe(PAGE);
    expect(message.changes).toEqual(
      changes.map((change) => ({ id: change.id, kind: change.kind, studentId: 'stu_masha' })),
    );
    expect(pushMessage(changes.slice(0, 2), NAMES, PAGE).title).toBe('Маша: 2 новости в дневнике');
  });

  it('should name each child on its line when a notification tells several children’s changes', () => {
    const petya = { ...EVERY_KIND.LESSON_CANCELLED, id: 'chg_p', studentId: 'stu_petya' };
    const unknown = { ...EVERY_KIND.FINAL_GRADE_SET, id: 'chg_u', studentId: 'stu_gone' };
    const message = pushMessage([EVERY_KIND.GRADE_ADDED, petya, unknown], NAMES, PAGE);
    expect(message.title).toBe('3 новости в дневнике');
    expect(message.tag).toBe('diary');
    expect(message.body.split('\n')).toEqual([
      'Маша — новая оценка: Алгебра — 4, 18 ноября',
      'Петя — урок отменён: Алгебра, 19 ноября в 09:00',
      'Итоговая оценка: Алгебра, 1 четверть — 5',
    ]);
  });

  it('should stay far below the push services’ 4 KB with the longest homework and a hundred changes, and name no one without a name', () => {
    const long = listed({
      ...base,
      id: 'chg_long',
      type: 'homework',
      kind: 'HOMEWORK_ADDED',
      homework: homework({ text: 'Ж'.repeat(5000) }),
      previous: null,
    });
    const many = Array.from({ length: 100 }, () => long);
    const message = pushMessage(many, new Map(), PAGE);
    expect(message.title).toBe('Дневник: 100 новостей в дневнике');
    expect(message.body.length).toBeLessThanOrEqual(300);
    expect(message.body.endsWith('…')).toBe(true);
    expect(message.changes).toHaveLength(20);
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(4096 - 86 - 1000);
  });
});
