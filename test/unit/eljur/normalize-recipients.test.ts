import { describe, expect, it } from 'vitest';
import { addressBook, roleOfGroup } from '../../../adapters/eljur/normalize-recipients.js';
import { receiversResultSchema } from '../../../adapters/eljur/payloads-messages.js';
import { CLASS_TEACHER_ID, receiversResult } from './mail-fixtures.js';

describe('Eljur address book roles', () => {
  it.each([
    ['classruks', 'Группа 1', 'CLASS_TEACHER'],
    ['administration', null, 'ADMINISTRATION'],
    ['ext_5_teachers', 'Учителя 5-х классов', 'TEACHER'],
    ['teachers', 'Учителя', 'TEACHER'],
    ['specialist', 'Специалисты', 'OTHER'],
    ['parents', 'Родители', 'PARENT'],
    ['students', 'Ученики', 'STUDENT'],
    ['g7', 'Классные руководители', 'CLASS_TEACHER'],
    [null, 'Администрация школы', 'ADMINISTRATION'],
    [42, 'Педагог-психолог', 'OTHER'],
    [null, 'Педагоги дополнительного образования', 'TEACHER'],
    ['misc', 'Разное', null],
    [null, null, null],
  ])('should give the group %j «%s» the role %s', (key, name, role) => {
    expect(roleOfGroup({ key, name })).toBe(role);
  });

  it('should give a person in several groups the most particular role', () => {
    const book = addressBook(receiversResultSchema.parse(receiversResult()));
    // The class teacher is also among the teachers (listed after the class teachers' group and before it alike).
    expect(book.get(CLASS_TEACHER_ID)?.role).toBe('CLASS_TEACHER');
    const reversed = receiversResult();
    reversed.groups = [...(reversed.groups as unknown[])].reverse() as typeof reversed.groups;
    expect(addressBook(receiversResultSchema.parse(reversed)).get(CLASS_TEACHER_ID)?.role).toBe('CLASS_TEACHER');
  });
});
