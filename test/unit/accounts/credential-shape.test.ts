/**
 * The shape of link input, checked before any diary is called. Two properties over generated input
 * (control characters, CR/LF, NUL, huge, any Unicode): whatever passes can be sent as a header value,
 * and whatever is refused is refused with BAD_USER_INPUT naming the field, without quoting the value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinkCredentials, LINK_INPUT_LIMITS } from '../../../src/accounts/credential-shape.js';
import type { LinkCredentials } from '../../../src/domain/adapter.js';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';
import { isSendableHeaderValue } from '../../../src/upstream/request-shape.js';

function refusal(input: LinkCredentials): { argument: string | undefined; message: string } {
  try {
    checkLinkCredentials(input);
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    const refused = error as BadUserInputError;
    expect(refused.toExtensions()).toEqual({ code: 'BAD_USER_INPUT', argument: refused.argument });
    return { argument: refused.argument, message: refused.message };
  }
  throw new Error('expected a refusal');
}

const ELJUR = {
  provider: 'ELJUR',
  login: 'ivanova.anna',
  password: 'demo-eljur-password',
  vendor: 'samara132',
} as const;

describe('checkLinkCredentials: the \\r\\n probe of issue 10 and its relatives', () => {
  it.each<[string, LinkCredentials, string]>([
    ['a МЭШ token with CR/LF', { provider: 'MESH', token: 'abc\r\ndef' }, 'token'],
    ['a МЭШ token smuggling a header', { provider: 'MESH', token: 'abc\r\nX-Injected: 1' }, 'token'],
    ['a МЭШ token with NUL', { provider: 'MESH', token: 'abc\u0000def' }, 'token'],
    ['a МЭШ token with a space', { provider: 'MESH', token: 'abc def' }, 'token'],
    ['a Cyrillic МЭШ token', { provider: 'MESH', token: 'токен' }, 'token'],
    ['a Dnevnik.ru access token with CR/LF', { provider: 'DNEVNIK', accessToken: 'abc\r\ndef' }, 'accessToken'],
    ['a Dnevnik.ru code with CR/LF', { provider: 'DNEVNIK', code: 'abc\r\ndef' }, 'code'],
    [
      'a Dnevnik.ru redirect URI with CR/LF',
      { provider: 'DNEVNIK', code: 'abc', redirectUri: 'https://a.example/\r\nx' },
      'redirectUri',
    ],
    [
      'a relative Dnevnik.ru redirect URI',
      { provider: 'DNEVNIK', code: 'abc', redirectUri: '/callback' },
      'redirectUri',
    ],
    ['an Eljur login with CR/LF', { ...ELJUR, login: 'ivanova\r\nanna' }, 'login'],
    ['an Eljur password with CR/LF', { ...ELJUR, password: 'pass\r\nword' }, 'password'],
    ['an Eljur password with NUL', { ...ELJUR, password: 'pass\u0000' }, 'password'],
    ['an Eljur login with a lone surrogate', { ...ELJUR, login: 'anna\ud800' }, 'login'],
    ['an Eljur login with a line separator', { ...ELJUR, login: 'an\u2028na' }, 'login'],
    ['an Eljur vendor with CR/LF', { ...ELJUR, vendor: 'samara\r\n132' }, 'vendor'],
    ['an Eljur vendor with a dot', { ...ELJUR, vendor: 'evil.example' }, 'vendor'],
    ['an empty МЭШ token', { provider: 'MESH', token: ' \n ' }, 'token'],
    ['an empty Eljur password', { ...ELJUR, password: '' }, 'password'],
  ])('should refuse %s, naming the field', (_name, input, argument) => {
    expect(refusal(input).argument).toBe(argument);
  });

  it.each<[string, LinkCredentials, string]>([
    [
      'token',
      { provider: 'MESH', token: 'a'.repeat(LINK_INPUT_LIMITS.token + 1) },
      'The МЭШ access token may be at most 4096 characters long.',
    ],
    [
      'accessToken',
      { provider: 'DNEVNIK', accessToken: 'a'.repeat(LINK_INPUT_LIMITS.accessToken + 1) },
      'The Dnevnik.ru access token may be at most 4096 characters long.',
    ],
    [
      'code',
      { provider: 'DNEVNIK', code: 'a'.repeat(LINK_INPUT_LIMITS.code + 1) },
      'The Dnevnik.ru sign-in code may be at most 4096 characters long.',
    ],
    [
      'redirectUri',
      { provider: 'DNEVNIK', code: 'a', redirectUri: `https://a.example/${'a'.repeat(2048)}` },
      'The Dnevnik.ru redirect URI may be at most 2048 characters long.',
    ],
    [
      'login',
      { ...ELJUR, login: 'л'.repeat(LINK_INPUT_LIMITS.login + 1) },
      'The Eljur login may be at most 256 characters long.',
    ],
    [
      'password',
      { ...ELJUR, password: 'p'.repeat(LINK_INPUT_LIMITS.password + 1) },
      'The Eljur password may be at most 256 characters long.',
    ],
  ])('should refuse a %s one past its limit with a message that says the limit', (argument, input, message) => {
    expect(refusal(input)).toEqual({ argument, message });
  });

  it('should accept each limit itself', () => {
    expect(() => checkLinkCredentials({ provider: 'MESH', token: 'a'.repeat(LINK_INPUT_LIMITS.token) })).not.toThrow();
    expect(() =>
      checkLinkCredentials({ ...ELJUR, login: 'л'.repeat(256), password: 'p'.repeat(256), vendor: 'v'.repeat(63) }),
    ).not.toThrow();
  });

  it('should say what a token may hold, in words a parent can act on', () => {
    expect(refusal({ provider: 'MESH', token: 'abc\r\ndef' }).message).toBe(
      'The МЭШ access token may hold only visible ASCII characters (no spaces, line breaks or other control characters); copy it again.',
    );
  });
});

describe('checkLinkCredentials: what passes', () => {
  it('should trim what the adapters always trimmed, and keep the password as typed', () => {
    expect(checkLinkCredentials({ provider: 'MESH', token: '  eyJ.abc.def\r\n' })).toEqual({
      provider: 'MESH',
      token: 'eyJ.abc.def',
    });
    expect(
      checkLinkCredentials({ provider: 'DNEVNIK', code: ' c0de ', redirectUri: ' https://gw.example/cb ' }),
    ).toEqual({
      provider: 'DNEVNIK',
      code: 'c0de',
      redirectUri: 'https://gw.example/cb',
    });
    expect(checkLinkCredentials({ provider: 'DNEVNIK', code: 'c0de', redirectUri: '  ' })).toEqual({
      provider: 'DNEVNIK',
      code: 'c0de',
    });
    expect(
      checkLinkCredentials({ ...ELJUR, login: ' Иванова ', password: ' pass word ', vendor: ' samara132 ' }),
    ).toEqual({
      ...ELJUR,
      login: 'Иванова',
      password: ' pass word ',
    });
  });
});

/** Strings built from the characters attacks are made of, plus anything at all, sometimes huge. */
const adversarial = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '\r',
        '\n',
        '\r\n',
        '\u0000',
        '\t',
        ' ',
        'a',
        'Z',
        '9',
        '-',
        'ж',
        '😀',
        '\ud800',
        '\u2028',
        '\u0085',
        '\u007f',
        'X-Injected: 1',
      ),
      {
        maxLength: 30,
      },
    )
    .map((parts) => parts.join('')),
  fc.tuple(fc.string({ maxLength: 5 }), fc.nat({ max: 9000 })).map(([seed, size]) => (seed || 'a').repeat(size)),
);

const withEachField = (value: string): LinkCredentials[] => [
  { provider: 'MESH', token: value },
  { provider: 'DNEVNIK', accessToken: value },
  { provider: 'DNEVNIK', code: value },
  { provider: 'DNEVNIK', code: 'c0de', redirectUri: value },
  { ...ELJUR, login: value },
  { ...ELJUR, password: value },
  { ...ELJUR, vendor: value },
];

describe('checkLinkCredentials: every input', () => {
  it('should pass only values that fit a header and their limit, and refuse the rest naming the field, never quoting it', () => {
    fc.assert(
      fc.property(adversarial, (value) => {
        for (const input of withEachField(value)) {
          let checked: LinkCredentials;
          try {
            checked = checkLinkCredentials(input);
          } catch (error) {
            expect(error).toBeInstanceOf(BadUserInputError);
            expect((error as BadUserInputError).argument).toMatch(
              /^(token|accessToken|code|redirectUri|login|password|vendor)$/,
            );
            if (value.trim().length >= 4) expect((error as Error).message).not.toContain(value.trim());
            continue;
          }
          for (const [field, kept] of Object.entries(checked)) {
            if (field === 'provider') continue;
            expect(kept.length).toBeLessThanOrEqual(LINK_INPUT_LIMITS[field as keyof typeof LINK_INPUT_LIMITS]);
            for (const control of ['\r', '\n', '\u0000']) expect(kept.includes(control)).toBe(false);
            // Tokens, codes, the redirect URI and the vendor are what could reach a header: they must fit one.
            if (!['login', 'password'].includes(field)) expect(isSendableHeaderValue(kept)).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 10 },
    );
  });

  it('should refuse CR, LF or NUL anywhere inside a value, for every field', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.constantFrom('\r', '\n', '\r\n', '\u0000'),
        fc.string({ minLength: 1, maxLength: 10 }),
        (head, bad, tail) => {
          const value = `x${head}${bad}${tail}x`;
          for (const input of withEachField(value))
            expect(() => checkLinkCredentials(input)).toThrow(BadUserInputError);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});
