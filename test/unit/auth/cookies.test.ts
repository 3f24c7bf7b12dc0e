import { describe, expect, it } from 'vitest';
import { clearCookie, readCookie, serializeCookie } from '../../../src/auth/cookies.js';
import { safeReturnTo, validReturnTo } from '../../../src/auth/oidc/sign-in.js';
import { deriveUserId } from '../../../src/auth/oidc/user-id.js';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';

describe('cookies', () => {
  it('should serialize a session cookie with HttpOnly, SameSite=Lax and, when asked, Secure', () => {
    expect(serializeCookie('dg_session', 'abc', { path: '/', maxAgeSeconds: 604_800, secure: false })).toBe(
      'dg_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=604800',
    );
    expect(serializeCookie('dg_login', 'xyz', { path: '/auth', maxAgeSeconds: 600, secure: true })).toBe(
      'dg_login=xyz; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600; Secure',
    );
  });

  it('should clear a cookie with an empty value and Max-Age=0', () => {
    expect(clearCookie('dg_login', { path: '/auth', secure: false })).toBe(
      'dg_login=; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=0',
    );
  });

  it.each([
    ['dg_session=abc', 'abc'],
    ['a=1; dg_session=abc; b=2', 'abc'],
    ['dg_session=first; dg_session=second', 'first'],
    ['xdg_session=abc', null],
    ['dg_session=', null],
    ['garbage', null],
    [undefined, null],
  ])('should read dg_session from %j', (header, expected) => {
    expect(readCookie(header, 'dg_session')).toBe(expected);
  });
});

describe('validReturnTo', () => {
  it.each([
    [undefined, '/'],
    [null, '/'],
    ['', '/'],
    ['/graphiql', '/graphiql'],
    ['/graphiql?query=%7B%7D#x', '/graphiql?query=%7B%7D#x'],
    // Non-ASCII is percent-encoded, so the path can travel in a Location header (issue 10, finding 7).
    ['/дневник', '/%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA'],
    [
      '/дневник?вкладка=оценки#итог',
      '/%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA?%D0%B2%D0%BA%D0%BB%D0%B0%D0%B4%D0%BA%D0%B0=%D0%BE%D1%86%D0%B5%D0%BD%D0%BA%D0%B8#%D0%B8%D1%82%D0%BE%D0%B3',
    ],
    ['/a b/"x"', '/a%20b/%22x%22'],
    ['/a/../graphiql', '/graphiql'],
  ])('should accept %j as %j', (input, expected) => {
    const normalised = validReturnTo(input);
    expect(normalised).toBe(expected);
    // What Node accepts in a header value: visible ASCII only.
    expect(normalised).toMatch(/^[\x21-\x7e]+$/);
  });

  it.each([
    '//evil.example/',
    '/\\evil.example',
    'https://evil.example/',
    'graphiql',
    'javascript:alert(1)',
    '/a\nb',
    '/a\\b',
    '/a\u007fb',
    // Only after dot segments are resolved do these start with "//", which browsers read as another host.
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
  ])('should refuse %j (not a local path)', (input) => {
    expect(() => validReturnTo(input)).toThrow(BadUserInputError);
  });

  it('should refuse a path longer than 2048 characters, before or after encoding', () => {
    expect(validReturnTo(`/${'a'.repeat(2047)}`)).toHaveLength(2048);
    expect(() => validReturnTo(`/${'a'.repeat(2048)}`)).toThrow(BadUserInputError);
    // 1000 Cyrillic letters are 1001 characters as typed, 6001 once percent-encoded.
    expect(() => validReturnTo(`/${'д'.repeat(1000)}`)).toThrow(BadUserInputError);
  });
});

describe('safeReturnTo', () => {
  it('should turn anything validReturnTo refuses into "/" (a stored path never breaks the redirect)', () => {
    expect(safeReturnTo('/дневник')).toBe('/%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA');
    expect(safeReturnTo('//evil.example')).toBe('/');
    expect(safeReturnTo(`/${'a'.repeat(5000)}`)).toBe('/');
  });
});

describe('deriveUserId', () => {
  it('should derive a stable, keyed, opaque id', () => {
    const id = deriveUserId('secret-1', 'https://issuer.example', '1000299353');
    expect(id).toMatch(/^usr_[A-Za-z0-9_-]{22}$/);
    expect(deriveUserId('secret-1', 'https://issuer.example', '1000299353')).toBe(id);
    expect(deriveUserId('secret-2', 'https://issuer.example', '1000299353')).not.toBe(id);
    expect(deriveUserId('secret-1', 'https://other.example', '1000299353')).not.toBe(id);
    expect(deriveUserId('secret-1', 'https://issuer.example', '1000299354')).not.toBe(id);
    expect(id).not.toContain('1000299353');
  });

  it('should refuse an issuer key with a newline, which could make two (issuer, subject) pairs collide', () => {
    expect(() => deriveUserId('s', 'a\nb', 'c')).toThrow(TypeError);
    expect(deriveUserId('s', 'a', 'b\nc')).toMatch(/^usr_/);
  });
});
