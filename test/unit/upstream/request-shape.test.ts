/**
 * The checks that keep a request the HTTP client would refuse away from it. `isSendableHeaderValue` must
 * say exactly what undici says: compared value by value against undici's own `request` to a loopback
 * server (a refusal is undici's local `InvalidArgumentError`, an acceptance a request the server sees).
 */
import fc from 'fast-check';
import { errors as undiciErrors, request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isHeaderName,
  isSendableHeaderValue,
  isVisibleAscii,
  unsendableReason,
} from '../../../src/upstream/request-shape.js';
import { listeningServer } from '../../support/http-server.js';

let base: URL;
beforeAll(async () => {
  base = new URL(`${(await listeningServer((_req, res) => res.end('ok'))).url}/`);
});

/** Whether undici sends a request with this header; any failure but its local refusal is a test error. */
async function undiciSends(name: string, value: string): Promise<boolean> {
  try {
    const response = await request(base, { headers: { [name]: value } });
    await response.body.text();
    return true;
  } catch (error) {
    if (error instanceof undiciErrors.InvalidArgumentError) return false;
    throw error;
  }
}

/** Characters around every boundary of the rules: controls, DEL, Latin-1, C1, Cyrillic, surrogates, emoji. */
const tricky = fc.constantFrom(
  '\u0000',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u001f',
  ' ',
  '!',
  'a',
  '~',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u00a0',
  '\u00e9',
  '\u00ff',
  '\u0100',
  'ж',
  '\u2028',
  '\ud800',
  '\udc00',
  '😀',
  '\ufeff',
  ':',
  '"',
);
const headerValues = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('isSendableHeaderValue', () => {
  it('should agree with undici on every value (200 generated, boundaries included)', async () => {
    await fc.assert(
      fc.asyncProperty(headerValues, async (value) => {
        expect(isSendableHeaderValue(value)).toBe(await undiciSends('X-Probe', value));
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it.each([
    ['a JWT-like token', 'eyJhbGciOiJIUzI1NiJ9.e30.sig-_', true],
    ['a tab and spaces', 'a\tb c', true],
    ['Latin-1 (obs-text)', 'caf\u00e9', true],
    ['CR LF', 'abc\r\ndef', false],
    ['a lone LF', 'abc\ndef', false],
    ['NUL', 'abc\u0000', false],
    ['DEL', 'abc\u007f', false],
    ['Cyrillic', 'токен', false],
  ])('should read %s as %s', (_name, value, expected) => {
    expect(isSendableHeaderValue(value)).toBe(expected);
  });
});

describe('isHeaderName', () => {
  it.each(['Auth-Token', 'X-Mes-Subsystem', 'Profile-Id', "!#$%&'*+-.^_`|~09AZaz"])(
    'should accept %j as undici does',
    async (name) => {
      expect(isHeaderName(name)).toBe(true);
      expect(await undiciSends(name, 'x')).toBe(true);
    },
  );

  it.each(['', 'Bad Name', 'X-Probe:', 'X\r\nInjected', 'Заголовок'])(
    'should refuse %j as undici does',
    async (name) => {
      expect(isHeaderName(name)).toBe(false);
      if (name !== '') expect(await undiciSends(name, 'x')).toBe(false);
    },
  );
});

describe('isVisibleAscii', () => {
  it.each([
    ['demo-mesh-5c1f08d7a94e4b2e8f3a6d90b71e24c3', true],
    ['!~', true],
    ['', false],
    ['with space', false],
    ['tab\t', false],
    ['line\r\nbreak', false],
    ['caf\u00e9', false],
    ['\u007f', false],
  ])('should read %j as %s', (value, expected) => {
    expect(isVisibleAscii(value)).toBe(expected);
  });

  it('should only accept what every header value may hold', () => {
    fc.assert(
      fc.property(headerValues, (value) => {
        if (isVisibleAscii(value)) expect(isSendableHeaderValue(value)).toBe(true);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('unsendableReason', () => {
  const get = (headers: Record<string, string>, url = 'https://school.example/api') => ({
    method: 'GET' as const,
    url: new URL(url),
    headers,
  });

  it('should pass a request the HTTP client sends', () => {
    expect(unsendableReason(get({ 'Auth-Token': 'abc', Accept: 'application/json' }))).toBeNull();
  });

  it('should name the header at fault and never quote its value', () => {
    const reason = unsendableReason(get({ Accept: 'application/json', 'Auth-Token': 'secret\r\nX-Injected: 1' }));
    expect(reason).toBe('the Auth-Token header holds characters HTTP cannot carry');
  });

  it('should describe a bad header name without quoting it', () => {
    expect(unsendableReason(get({ 'X\r\nsecret': 'x' }))).toBe('a header name is not an HTTP token');
  });

  it('should refuse a URL scheme other than HTTP', () => {
    expect(unsendableReason(get({}, 'ftp://school.example/x'))).toBe('the URL scheme ftp: is not HTTP');
  });
});
