/**
 * `CORS_ORIGINS` (issue 14): exact origins only, written as browsers send `Origin`; `*`, paths and anything
 * that is not an origin refused with a message naming the variable and the entry, never echoing the entry
 * when it might be a secret pasted by mistake.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { MAX_CORS_ORIGINS, parseCorsOrigins } from '../../../src/config/cors-origins.js';

/** The message `loadConfig` refuses `CORS_ORIGINS=value` with. */
function refusal(value: string): string {
  try {
    loadConfig({ CORS_ORIGINS: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return expect.unreachable(`CORS_ORIGINS=${value} was accepted`);
}

describe('parseCorsOrigins', () => {
  it('should read comma-separated origins in order, as browsers write them, without repeats or empty entries', () => {
    expect(
      parseCorsOrigins(
        ' https://app.example.ru , http://localhost:5173,,HTTPS://App.Example.RU:443/,https://дневник.рф,http://[::1]:8080,',
      ),
    ).toEqual([
      'https://app.example.ru',
      'http://localhost:5173',
      'https://xn--b1addnkoc.xn--p1ai',
      'http://[::1]:8080',
    ]);
  });

  it('should read nothing as no origins (no CORS)', () => {
    expect(parseCorsOrigins('')).toEqual([]);
    expect(parseCorsOrigins(' , ')).toEqual([]);
  });

  it.each([
    ['*', /entry 1 is "\*": credentials are never granted to every origin/],
    ['https://app.example.ru,*', /entry 2 is "\*"/],
    ['null', /entry 1 must be an origin such as https:\/\/app\.example\.ru/],
    ['app.example.ru', /entry 1 must be an origin/],
    ['ftp://app.example.ru', /entry 1 must be an origin/],
    ['https://*.example.ru', /entry 1 has a wildcard: list each web app's origin/],
    ['https://app!.example.ru', /entry 1 must be an origin/],
    ['https://app.example.ru/graphql', /entry 1 \(https:\/\/app\.example\.ru\) must be an origin only: no path/],
    ['https://app.example.ru//', /entry 1 \(https:\/\/app\.example\.ru\) must be an origin only/],
    ['https://app.example.ru/.', /must be an origin only/],
    ['https://app.example.ru\\app', /must be an origin only/],
    ['https://app.example.ru?x=1', /must be an origin only/],
    ['https://app.example.ru#top', /must be an origin only/],
    [`https://${'a'.repeat(300)}.ru`, /entry 1 must be an origin/],
  ])('should refuse %j', (spec, message) => {
    expect(() => parseCorsOrigins(spec)).toThrow(message);
  });

  it(`should refuse more than ${MAX_CORS_ORIGINS} origins`, () => {
    const many = Array.from({ length: MAX_CORS_ORIGINS + 1 }, (_, i) => `https://app${i}.example.ru`).join(',');
    expect(() => parseCorsOrigins(many)).toThrow(`lists more than ${MAX_CORS_ORIGINS} origins`);
    expect(parseCorsOrigins(many.slice(0, many.lastIndexOf(',')))).toHaveLength(MAX_CORS_ORIGINS);
  });
});

describe('CORS_ORIGINS in the configuration', () => {
  it('should default to no origins, in demo mode too', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ DEMO: 'on' }).corsOrigins).toEqual([]);
  });

  it('should hand out the parsed origins, frozen', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://app.example.ru/,http://localhost:5173' });
    expect(config.corsOrigins).toEqual(['https://app.example.ru', 'http://localhost:5173']);
    expect(Object.isFrozen(config.corsOrigins)).toBe(true);
  });

  it('should refuse "*" naming CORS_ORIGINS', () => {
    expect(refusal('*')).toMatch(/CORS_ORIGINS: entry 1 is "\*": credentials are never granted to every origin/);
  });

  it.each([
    ['a pasted secret that is no origin', 'Zm9vYmFyLXNlY3JldC1rZXktMTIzNDU2Nzg5MA=='],
    ['a user name and password', 'https://admin:hunter2-secret@app.example.ru'],
    ['a token in the query', 'https://app.example.ru/?token=s3cr3t-t0ken'],
    ['a token in the path', 'https://app.example.ru/s3cr3t-t0ken'],
  ])('should name CORS_ORIGINS and the entry, never echoing %s', (_what, value) => {
    const message = refusal(`https://ok.example.ru,${value}`);
    expect(message).toMatch(/CORS_ORIGINS: entry 2 /);
    expect(message).not.toMatch(/Zm9vYmFy|hunter2|s3cr3t|admin/);
  });

  it('should refuse a value too long to be a list of origins before reading it', () => {
    expect(refusal('https://a.ru,'.repeat(3000))).toMatch(/CORS_ORIGINS: is too long/);
  });
});
