import { describe, expect, it } from 'vitest';
import type { ProviderKind, ProviderStudent } from '../../../src/domain/model.js';
import type { PersonIdentity } from '../../../src/domain/person.js';
import type { AccountChild } from '../../../src/students/account-children.js';
import { assembleFamily } from '../../../src/students/family-students.js';

function child(
  childId: string,
  accountId: string,
  person: Partial<PersonIdentity> & { firstName: string },
  options: { provider?: ProviderKind; firstSeenAt?: number } = {},
): AccountChild {
  const student: ProviderStudent = {
    provider: options.provider ?? 'MESH',
    externalId: childId,
    providerIds: {},
    firstName: person.firstName,
    lastName: person.lastName ?? 'Иванова',
    middleName: person.middleName ?? null,
    birthDate: person.birthDate ?? null,
    snils: person.snilsHash ?? null,
    school: null,
    className: null,
    timeZone: 'Europe/Moscow',
  };
  return { childId, firstSeenAt: options.firstSeenAt ?? 0, enrollment: { accountId, student } };
}

const linkedAt = new Map([
  ['acc_mesh', 1],
  ['acc_eljur', 2],
  ['acc_dnevnik', 3],
]);

describe('assembleFamily', () => {
  it('merges one child seen in two diaries by SNILS, named after the earliest-seen child', () => {
    const { students, suggestions } = assembleFamily({
      children: [
        child(
          'stu_eljur_masha',
          'acc_eljur',
          { firstName: 'Мария', snilsHash: 'h1' },
          { provider: 'ELJUR', firstSeenAt: 200 },
        ),
        child('stu_mesh_masha', 'acc_mesh', { firstName: 'Мария', snilsHash: 'h1' }, { firstSeenAt: 100 }),
      ],
      anchors: [],
      decisions: [],
      accountLinkedAt: linkedAt,
    });
    expect(students).toHaveLength(1);
    expect(students[0]!.id).toBe('stu_mesh_masha');
    expect(students[0]!.childIds).toEqual(['stu_mesh_masha', 'stu_eljur_masha']);
    expect(students[0]!.enrollments.map((enrollment) => enrollment.student.provider)).toEqual(['MESH', 'ELJUR']);
    expect(suggestions).toEqual([]);
  });

  it('suggests, never merges, a name-only match, and merges it once confirmed', () => {
    const children = [
      child('stu_mesh_artem', 'acc_mesh', {
        firstName: 'Артём',
        lastName: 'Иванов',
        middleName: 'Олегович',
        birthDate: '2018-04-02',
      }),
      child(
        'stu_chess_artem',
        'acc_dnevnik',
        { firstName: 'Артем', lastName: 'Иванов' },
        { provider: 'DNEVNIK', firstSeenAt: 5 },
      ),
    ];
    const open = assembleFamily({ children, anchors: [], decisions: [], accountLinkedAt: linkedAt });
    expect(open.students).toHaveLength(2);
    expect(open.suggestions).toHaveLength(1);
    const [suggestion] = open.suggestions;
    expect(suggestion!.students.map((student) => student.id).sort()).toEqual(['stu_chess_artem', 'stu_mesh_artem']);

    const confirmed = assembleFamily({
      children,
      anchors: [],
      decisions: [{ userId: 'u', pairKey: suggestion!.pairKey, decision: 'CONFIRMED', decidedAt: 1 }],
      accountLinkedAt: linkedAt,
    });
    expect(confirmed.students.map((student) => student.id)).toEqual(['stu_mesh_artem']);
    expect(confirmed.suggestions).toEqual([]);

    const rejected = assembleFamily({
      children,
      anchors: [],
      decisions: [{ userId: 'u', pairKey: suggestion!.pairKey, decision: 'REJECTED', decidedAt: 1 }],
      accountLinkedAt: linkedAt,
    });
    expect(rejected.students).toHaveLength(2);
    expect(rejected.suggestions).toEqual([]);
  });

  it('bridges two diaries through the issuer’s child (SNILS on one side, name and birth date on the other)', () => {
    const { students } = assembleFamily({
      children: [
        child('stu_mesh', 'acc_mesh', { firstName: 'Софья', middleName: 'Олеговна', snilsHash: 'h2' }),
        child(
          'stu_dnevnik',
          'acc_dnevnik',
          { firstName: 'Софья', middleName: 'Олеговна', birthDate: '2011-02-03' },
          { provider: 'DNEVNIK' },
        ),
      ],
      anchors: [
        { firstName: 'Софья', lastName: 'Иванова', middleName: 'Олеговна', birthDate: '2011-02-03', snilsHash: 'h2' },
      ],
      decisions: [],
      accountLinkedAt: linkedAt,
    });
    expect(students).toHaveLength(1);
    expect(students[0]!.childIds).toEqual(['stu_mesh', 'stu_dnevnik']);
  });

  it('keeps two children of one account apart even with one name and no birth dates, and lists only enrolled children', () => {
    const { students, suggestions } = assembleFamily({
      children: [
        child('stu_a', 'acc_mesh', { firstName: 'Мария' }),
        child('stu_b', 'acc_mesh', { firstName: 'Мария' }),
      ],
      anchors: [{ firstName: 'Пётр', lastName: 'Иванов', middleName: null, birthDate: '2015-01-01', snilsHash: null }],
      decisions: [],
      accountLinkedAt: linkedAt,
    });
    expect(students.map((student) => student.id).sort()).toEqual(['stu_a', 'stu_b']);
    expect(suggestions).toEqual([]);
  });

  it('keeps twins with one birth date but different SNILS apart', () => {
    const { students } = assembleFamily({
      children: [
        child('stu_a', 'acc_mesh', { firstName: 'Анна', birthDate: '2014-01-01', snilsHash: 'x' }),
        child(
          'stu_b',
          'acc_eljur',
          { firstName: 'Анна', birthDate: '2014-01-01', snilsHash: 'y' },
          { provider: 'ELJUR' },
        ),
      ],
      anchors: [],
      decisions: [],
      accountLinkedAt: linkedAt,
    });
    expect(students).toHaveLength(2);
  });
});
