/**
 * Homework: compared on its text, due date, subject and attachment titles; links (signed anew on each
 * read) and the family's own "done" flag are no change. The window is over `dueOn`.
 */
import { describe, expect, it } from 'vitest';
import type { Homework } from '../../../src/domain/model.js';
import { diffAfter, homework, kindsOf, RUSSIAN, WEEK, WEEK_LATER } from '../../support/change-fixtures.js';

const twoSheets = [
  { title: 'Карточка 12.pdf', url: 'https://school.mos.ru/files/12.pdf?sig=a1' },
  { title: 'Карточка 13.pdf', url: 'https://school.mos.ru/files/13.pdf?sig=a1' },
];

describe('homework seen in both readings', () => {
  it.each<[string, Partial<Homework>]>([
    ['another text', { text: '№ 245' }],
    ['another due date', { dueOn: '2026-11-20' }],
    ['another subject', { subject: RUSSIAN }],
    ['an attachment added', { attachments: [] }],
    ['an attachment renamed', { attachments: [{ title: 'Карточка 11.pdf', url: null }] }],
  ])('should tell %s as HOMEWORK_CHANGED with the homework before', (_name, before) => {
    const diff = diffAfter(
      { homework: { window: WEEK, items: [homework(before)] } },
      { homework: { window: WEEK, items: [homework()] } },
    );
    expect(diff.changes).toMatchObject([
      { kind: 'HOMEWORK_CHANGED', type: 'homework', homework: homework(), previous: homework(before) },
    ]);
  });

  it.each<[string, Partial<Homework>, Partial<Homework>]>([
    ['a newly signed link', {}, { attachments: [{ title: 'Карточка 12.pdf', url: 'https://school.mos.ru/x?sig=b2' }] }],
    ['the same attachments in another order', { attachments: twoSheets }, { attachments: [...twoSheets].reverse() }],
    ['the family marking it done', { isDone: false }, { isDone: true }],
    ['another assignment day', { assignedOn: '2026-11-17' }, {}],
  ])('should not tell %s', (_name, before, after) => {
    const diff = diffAfter(
      { homework: { window: WEEK, items: [homework(before)] } },
      { homework: { window: WEEK, items: [homework(after)] } },
    );
    expect(diff.changes).toEqual([]);
    expect(diff.snapshot.resources.homework?.items).toEqual([homework(after)]);
  });
});

describe('homework added and removed', () => {
  it('should tell new homework due on a day the last reading covered', () => {
    const diff = diffAfter(
      { homework: { window: WEEK, items: [] } },
      { homework: { window: WEEK, items: [homework()] } },
    );
    expect(diff.changes).toMatchObject([{ kind: 'HOMEWORK_ADDED', homework: homework(), previous: null }]);
  });

  it('should go by the due date, not the day it was set', () => {
    const nextMonday = homework({ id: 'mesh:homework:5600', assignedOn: '2026-11-18', dueOn: '2026-11-23' });
    const diff = diffAfter(
      { homework: { window: WEEK, items: [] } },
      { homework: { window: WEEK_LATER, items: [nextMonday] } },
    );
    expect(diff.changes).toEqual([]);
  });

  it('should tell homework gone from a due day this reading covers', () => {
    const diff = diffAfter(
      { homework: { window: WEEK, items: [homework()] } },
      { homework: { window: WEEK_LATER, items: [] } },
    );
    expect(kindsOf(diff)).toEqual(['HOMEWORK_REMOVED']);
  });
});
