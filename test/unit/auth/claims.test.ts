import { describe, expect, it } from 'vitest';
import { normalizeBirthDate, personFromClaims } from '../../../src/auth/oidc/claims.js';
import { SignInError } from '../../../src/auth/oidc/errors.js';
import { hashPhone } from '../../../src/identity/phone.js';
import { hashSnils } from '../../../src/identity/snils.js';
import { createLogger } from '../../../src/logging/logger.js';
import { captureLogs } from '../../support/logs.js';

const secret = 'unit-test personal data secret, 32+ characters long';
const options = { personalDataSecret: secret };
const anna = { family_name: 'Петрова', given_name: 'Анна', middle_name: 'Сергеевна' };

describe('personFromClaims', () => {
  it.each([
    ['a numeric ESIA oid', 1000299353, '1000299353'],
    ['a string subject', 'abc-123', 'abc-123'],
    ['a subject with stray spaces', ' 42 ', '42'],
    ['zero', 0, '0'],
  ])('should keep %s as a string subject', (_name, sub, expected) => {
    expect(personFromClaims({ sub }, options).subject).toBe(expected);
  });

  it.each([
    ['missing', {}],
    ['empty', { sub: '' }],
    ['blank', { sub: '  ' }],
    ['null', { sub: null }],
    ['a fraction', { sub: 1.5 }],
    ['an object', { sub: { oid: 1 } }],
  ])('should refuse a %s subject', (_name, claims) => {
    const error = (() => {
      try {
        personFromClaims(claims, options);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_SUBJECT' });
  });

  it('should map a full OIDC person', () => {
    const signedIn = personFromClaims(
      { sub: '7', ...anna, birthdate: '1986-03-14', snils: '112-233-445 95', phone_number: '+7 (999) 123-45-67' },
      options,
    );
    expect(signedIn).toEqual({
      subject: '7',
      displayName: 'Анна Сергеевна Петрова',
      person: {
        lastName: 'Петрова',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        birthDate: '1986-03-14',
        snilsHash: hashSnils(secret, '11223344595'),
      },
      phoneHash: hashPhone(secret, '+79991234567'),
      children: [],
    });
  });

  it('should accept ESIA birth dates and any SNILS spelling alike', () => {
    const esia = personFromClaims({ sub: 1, ...anna, birthdate: '14.03.1986', snils: '11223344595' }, options);
    const oidc = personFromClaims({ sub: 1, ...anna, birthdate: '1986-03-14', snils: '112 233 445 95' }, options);
    expect(esia.person).toEqual(oidc.person);
    expect(esia.person?.birthDate).toBe('1986-03-14');
  });

  it('should leave out a missing middle name', () => {
    const signedIn = personFromClaims({ sub: 1, family_name: 'Smith', given_name: 'John' }, options);
    expect(signedIn.person).toEqual({
      lastName: 'Smith',
      firstName: 'John',
      middleName: null,
      birthDate: null,
      snilsHash: null,
    });
    expect(signedIn.displayName).toBe('John Smith');
  });

  it('should have no person without both names, and fall back to the name claim for display', () => {
    expect(personFromClaims({ sub: 1, given_name: 'Анна', name: 'Анна П.' }, options)).toMatchObject({
      person: null,
      displayName: 'Анна П.',
    });
    expect(personFromClaims({ sub: 1 }, options)).toMatchObject({ person: null, displayName: 'Signed-in user' });
  });

  it('should ignore an invalid SNILS for matching and log the rule but never the number', () => {
    const logs = captureLogs();
    const logger = createLogger('info', logs.stream);
    const signedIn = personFromClaims({ sub: 1, ...anna, snils: '112-233-445 96' }, { ...options, logger });
    expect(signedIn.person?.snilsHash).toBeNull();
    expect(logs.text()).toContain('CHECKSUM');
    expect(logs.text()).toContain('invalid SNILS');
    expect(logs.text()).not.toMatch(/112.?233.?445/);
  });

  it('should restore the leading zeros of a SNILS sent as a number', () => {
    // 001-001-999 is past the unchecked range: check number = 0·9+0·8+1·7+0·6+0·5+1·4+9·3+9·2+9·1 = 65.
    const signedIn = personFromClaims({ sub: 1, ...anna, snils: 100199965 }, options);
    expect(signedIn.person?.snilsHash).toBe(hashSnils(secret, '00100199965'));
  });

  it.each([
    ['a US number', '+1 212 555 0100'],
    ['too short', '123-45-67'],
    ['not text', 79991234567],
  ])('should ignore a phone number that is %s', (_name, phone_number) => {
    expect(personFromClaims({ sub: 1, phone_number }, options).phoneHash).toBeNull();
  });

  it('should map the children claim, ignoring entries without a full name', () => {
    const logs = captureLogs();
    const logger = createLogger('info', logs.stream);
    const signedIn = personFromClaims(
      {
        sub: 1,
        ...anna,
        children: [
          {
            family_name: 'Петрова',
            given_name: 'Маша',
            middle_name: 'Игоревна',
            birthdate: '01.09.2015',
            snils: '112-233-445 95',
          },
          { family_name: 'Петров', given_name: 'Костя', birthdate: '2012-02-29' },
          { given_name: 'Nameless' },
          'not a person',
        ],
      },
      { ...options, logger },
    );
    expect(signedIn.children).toEqual([
      {
        lastName: 'Петрова',
        firstName: 'Маша',
        middleName: 'Игоревна',
        birthDate: '2015-09-01',
        snilsHash: hashSnils(secret, '11223344595'),
      },
      { lastName: 'Петров', firstName: 'Костя', middleName: null, birthDate: '2012-02-29', snilsHash: null },
    ]);
    expect(logs.text()).toContain('without a full name');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['not a list', { family_name: 'X' }],
  ])('should have no children when the claim is %s', (_name, children) => {
    expect(personFromClaims({ sub: 1, children }, options).children).toEqual([]);
  });
});

describe('normalizeBirthDate', () => {
  it.each([
    ['1986-03-14', '1986-03-14'],
    ['14.03.1986', '1986-03-14'],
    [' 29.02.2016 ', '2016-02-29'],
    ['29.02.2015', null],
    ['2015-13-01', null],
    ['0000-03-14', null],
    ['14/03/1986', null],
    ['1986-3-14', null],
    [19860314, null],
    [undefined, null],
  ])('should read %j as %j', (input, expected) => {
    expect(normalizeBirthDate(input)).toBe(expected);
  });
});
