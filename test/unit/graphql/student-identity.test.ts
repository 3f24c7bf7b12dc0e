/**
 * `Student.birthDate`, `school` and `className` of a child merged across diaries: the primary enrollment's
 * when it gives them, else another enrollment's — the class always from the enrollment whose school is shown.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ProviderStudent, School, StudentRecord } from '../../../src/domain/model.js';
import type { GatewayContext } from '../../../src/graphql/context.js';
import { Student } from '../../../src/graphql/resolvers/student.js';

const school = (name: string, provider: School['provider']): School => ({ id: `${provider}:1`, name, provider });

function child(provider: ProviderStudent['provider'], fields: Partial<ProviderStudent>): ProviderStudent {
  return {
    provider,
    externalId: `${provider}-1`,
    providerIds: {},
    firstName: 'Мария',
    lastName: 'Иванова',
    middleName: null,
    birthDate: null,
    snils: null,
    school: null,
    className: null,
    timeZone: 'Europe/Moscow',
    ...fields,
  };
}

function student(...children: ProviderStudent[]): StudentRecord {
  const enrollments = children.map((each, index) => ({ accountId: `acc_${index}`, student: each }));
  return { id: 'stu_1', enrollments, childIds: ['stu_1'], access: 'PARENT' };
}

type Field = 'birthDate' | 'school' | 'className';
/** Calls a field resolver of `Student` (all three are plain functions of the parent). */
const field = (record: StudentRecord, name: Field): unknown =>
  (
    Student[name] as (parent: StudentRecord, args: object, context: GatewayContext, info: GraphQLResolveInfo) => unknown
  )(record, {}, {} as GatewayContext, {} as GraphQLResolveInfo);

describe('Student identity fields of a merged child', () => {
  const art = school('Детская художественная школа № 3', 'ELJUR');
  const mos = school('ГБОУ Школа № 1535', 'MESH');

  it('should take the birth date from the first enrollment that gives one', () => {
    const record = student(child('ELJUR', {}), child('MESH', { birthDate: '2013-04-22' }));
    expect(field(record, 'birthDate')).toBe('2013-04-22');
  });

  it('should keep the primary enrollment’s birth date, school and class when it gives them', () => {
    const record = student(
      child('ELJUR', { birthDate: '2013-04-21', school: art, className: '3 класс' }),
      child('MESH', { birthDate: '2013-04-22', school: mos, className: '7-Б' }),
    );
    expect([field(record, 'birthDate'), field(record, 'school'), field(record, 'className')]).toEqual([
      '2013-04-21',
      art,
      '3 класс',
    ]);
  });

  it('should take school and class together from the first enrollment naming a school', () => {
    const record = student(child('DNEVNIK', { className: '7Б' }), child('MESH', { school: mos, className: '7-Б' }));
    expect([field(record, 'school'), field(record, 'className')]).toEqual([mos, '7-Б']);
  });

  it('should not pair the shown school with another school’s class', () => {
    const record = student(child('ELJUR', { school: art }), child('MESH', { school: mos, className: '7-Б' }));
    expect([field(record, 'school'), field(record, 'className')]).toEqual([art, null]);
  });

  it('should take the first class given when no enrollment names a school', () => {
    const record = student(child('DNEVNIK', {}), child('ELJUR', { className: '7-Б' }));
    expect([field(record, 'school'), field(record, 'className')]).toEqual([null, '7-Б']);
  });
});
