import { describe, expect, it } from 'vitest';
import type { ProviderKind } from '@diary-gateway/client';
import { noticeSchools, parentStudents, studentChoices, takesNotices } from '../../web/src/manage/manage-students.js';

const enrolled = (...providers: ProviderKind[]) => ({
  enrollments: providers.map((provider, index) => ({ id: `enr_${index}`, provider, className: null, school: null })),
});

describe('parentStudents', () => {
  it('keeps the viewer’s own children, in order, and leaves out those shared with them', () => {
    const students = [
      { id: 'a', access: 'PARENT' as const },
      { id: 'b', access: 'TRUSTED_READ_ONLY' as const },
      { id: 'c', access: 'PARENT' as const },
    ];
    expect(parentStudents(students).map((student) => student.id)).toEqual(['a', 'c']);
  });
});

describe('takesNotices', () => {
  it('is true when one of the child’s diaries is МЭШ', () => {
    expect(takesNotices(enrolled('MESH', 'ELJUR'))).toBe(true);
    expect(takesNotices(enrolled('ELJUR', 'MESH'))).toBe(true);
  });

  it('is false for a child only in diaries that take no notices', () => {
    expect(takesNotices(enrolled('DNEVNIK'))).toBe(false);
    expect(takesNotices(enrolled('ELJUR', 'DNEVNIK'))).toBe(false);
    expect(takesNotices(enrolled())).toBe(false);
  });
});

describe('studentChoices', () => {
  const school = (name: string) => ({ id: name, name, provider: 'MESH' as const });

  it('names each child by name alone when the names differ', () => {
    expect(
      studentChoices([
        { id: 'm', fullName: 'Иванова Мария Олеговна', className: '7-Б', school: school('ГБОУ Школа № 1535') },
        { id: 'l', fullName: 'Иванов Лев Олегович', className: null, school: null },
      ]),
    ).toEqual([
      { id: 'm', label: 'Иванова Мария Олеговна' },
      { id: 'l', label: 'Иванов Лев Олегович' },
    ]);
  });

  it('adds the class and school to namesakes, so they can be told apart', () => {
    expect(
      studentChoices([
        { id: 'a', fullName: 'Иванов Артём', className: '3-А', school: school('ГБОУ Школа № 1158') },
        { id: 'b', fullName: 'Иванов Артём', className: null, school: school('Шахматный клуб «Ладья»') },
        { id: 'c', fullName: 'Иванова Софья Олеговна', className: '9-А', school: null },
      ]).map((choice) => choice.label),
    ).toEqual([
      'Иванов Артём, 3-А, ГБОУ Школа № 1158',
      'Иванов Артём, Шахматный клуб «Ладья»',
      'Иванова Софья Олеговна',
    ]);
  });
});

describe('noticeSchools', () => {
  it('names the schools whose diary takes the notice, once each', () => {
    const student = {
      enrollments: [
        { id: '1', provider: 'MESH' as const, className: '7-Б', school: { name: 'ГБОУ Школа № 1535' } },
        { id: '2', provider: 'ELJUR' as const, className: '4-Ж', school: { name: 'ДШИ № 7' } },
        { id: '3', provider: 'MESH' as const, className: '7-Б', school: { name: 'ГБОУ Школа № 1535' } },
        { id: '4', provider: 'MESH' as const, className: null, school: null },
      ],
    };
    expect(noticeSchools(student)).toEqual(['ГБОУ Школа № 1535']);
    expect(noticeSchools(enrolled('ELJUR'))).toEqual([]);
  });
});
