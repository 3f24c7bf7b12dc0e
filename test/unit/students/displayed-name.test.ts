/**
 * Issue 11 §3 where a child's sources meet: the enrollments merged into one student (`assembleFamily`,
 * whose primary enrollment carries the name `Student.fullName` shows), and a diary's new read against the
 * store's last good copy (`withKnownIdentity`).
 */
import { describe, expect, it } from 'vitest';
import type { ProviderKind, ProviderStudent } from '../../../src/domain/model.js';
import type { PersonName } from '../../../src/domain/person.js';
import { withKnownIdentity, type AccountChild } from '../../../src/students/account-children.js';
import { assembleFamily } from '../../../src/students/family-students.js';
import type { StudentLinkRecord } from '../../../src/store/store.js';

const PETROVA_MIXED = 'П\u0065трова'; // a Latin e

function student(name: PersonName, provider: ProviderKind, snils: string | null = 'h1'): ProviderStudent {
  return {
    provider,
    externalId: `${provider}-1`,
    providerIds: {},
    ...name,
    birthDate: '2014-05-06',
    snils,
    school: null,
    className: provider === 'MESH' ? '6-А' : 'Хор',
    timeZone: 'Europe/Moscow',
  };
}

function child(
  childId: string,
  accountId: string,
  name: PersonName,
  provider: ProviderKind,
  firstSeenAt: number,
): AccountChild {
  return { childId, firstSeenAt, enrollment: { accountId, student: student(name, provider) } };
}

const shownName = (record: { enrollments: { student: PersonName }[] }) => {
  const { lastName, firstName, middleName } = record.enrollments[0]!.student;
  return { lastName, firstName, middleName };
};

describe('assembleFamily: the name shown for a merged child', () => {
  const family = (primary: PersonName, other: PersonName) =>
    assembleFamily({
      children: [
        child('stu_mesh', 'acc_mesh', primary, 'MESH', 100),
        child('stu_eljur', 'acc_eljur', other, 'ELJUR', 200),
      ],
      anchors: [],
      decisions: [],
      accountLinkedAt: new Map([
        ['acc_mesh', 1],
        ['acc_eljur', 2],
      ]),
    });

  it('shows the clean, complete name when the primary diary mixed scripts and left out the patronymic', () => {
    const { students } = family(
      { lastName: PETROVA_MIXED, firstName: 'Анна', middleName: null },
      { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' },
    );
    expect(students).toHaveLength(1);
    expect(shownName(students[0]!)).toEqual({ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' });
    // Only the name: the primary enrollment is still МЭШ's, with its own class and ids.
    expect(students[0]!.enrollments.map((enrollment) => enrollment.student.provider)).toEqual(['MESH', 'ELJUR']);
    expect(students[0]!.enrollments[0]!.student.className).toBe('6-А');
    expect(students[0]!.enrollments[1]!.student.lastName).toBe('Петрова');
  });

  it('shows the full name over the primary diary’s initials', () => {
    const { students } = family(
      { lastName: 'Иванова', firstName: 'А.', middleName: 'С.' },
      { lastName: 'Иванова', firstName: 'Анна', middleName: 'Сергеевна' },
    );
    expect(shownName(students[0]!)).toEqual({ lastName: 'Иванова', firstName: 'Анна', middleName: 'Сергеевна' });
  });
});

describe('withKnownIdentity: a new read spelled with a look-alike letter', () => {
  const known = (name: PersonName): StudentLinkRecord => ({
    studentId: 'stu_1',
    accountId: 'acc_mesh',
    snapshot: { ...student(name, 'MESH'), snils: null },
    snilsHash: 'h1',
    firstSeenAt: 1,
  });

  it('keeps the known clean spelling and patronymic', () => {
    const read = student({ lastName: PETROVA_MIXED, firstName: 'Анна', middleName: null }, 'MESH');
    const kept = withKnownIdentity(
      read,
      known({ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' }),
      'new-read',
    );
    expect([kept.lastName, kept.firstName, kept.middleName]).toEqual(['Петрова', 'Анна', 'Сергеевна']);
  });

  it('takes the clean spelling a new read brings, and a real change of name', () => {
    const fixed = withKnownIdentity(
      student({ lastName: 'Петрова', firstName: 'Анна', middleName: null }, 'MESH'),
      known({ lastName: PETROVA_MIXED, firstName: 'Анна', middleName: null }),
      'new-read',
    );
    expect(fixed.lastName).toBe('Петрова');
    const changed = withKnownIdentity(
      student({ lastName: 'Сидорова', firstName: 'Анна', middleName: null }, 'MESH'),
      known({ lastName: 'Петрова', firstName: 'Анна', middleName: null }),
      'new-read',
    );
    expect(changed.lastName).toBe('Сидорова');
  });
});
