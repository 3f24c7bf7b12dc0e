import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('should give the embedded demo default with no configuration at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4000, demo: true, logLevel: 'info', requestDeadlineMs: 8000 });
    expect(config.mesh).toEqual({ schoolBaseUrl: 'https://school.mos.ru', aclBaseUrl: 'https://dnevnik.mos.ru' });
  });

  it('should be frozen all the way down', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.upstream)).toBe(true);
  });

  it('should read every variable and treat an empty one as unset', () => {
    const config = loadConfig({
      PORT: '4100',
      HOST: '0.0.0.0',
      DEMO: 'off',
      ID_SECRET: 'x'.repeat(40),
      MESH_SCHOOL_BASE_URL: 'http://127.0.0.1:9000/',
      UPSTREAM_HEADERS_TIMEOUT_MS: '1500',
      LOG_LEVEL: '',
    });
    expect(config).toMatchObject({ port: 4100, host: '0.0.0.0', demo: false, logLevel: 'info' });
    expect(config.mesh.schoolBaseUrl).toBe('http://127.0.0.1:9000');
    expect(config.upstream.headersTimeoutMs).toBe(1500);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ MESH_SCHOOL_BASE_URL: 'ftp://example.org' }, /MESH_SCHOOL_BASE_URL: must be an http\(s\) URL/],
    [{ UPSTREAM_CONNECT_TIMEOUT_MS: '0' }, /UPSTREAM_CONNECT_TIMEOUT_MS/],
    [{ DEMO: 'off' }, /ID_SECRET: required when DEMO=off/],
    [{ ELJUR_TIME_ZONE: 'Mars/Olympus' }, /ELJUR_TIME_ZONE: must be an IANA time zone/],
    [{ ELJUR_VENDOR: 'school 1' }, /ELJUR_VENDOR: must be a school subdomain/],
  ])('should refuse %j naming the variable', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('should list every problem at once', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(error?.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it.each([
    ['ID_SECRET', 'short-secret-value', /ID_SECRET: must be at least 32 characters/],
    ['ELJUR_DEVKEY', 'abc', /ELJUR_DEVKEY: must be the developer key/],
    ['DNEVNIK_CLIENT_SECRET', '', null],
  ])('should never print the value of the secret %s', (variable, secret, message) => {
    if (!message) return expect(loadConfig({ [variable]: secret }).dnevnik.clientSecret).toBeNull();
    try {
      loadConfig({ [variable]: secret });
      expect.unreachable('an invalid secret was accepted');
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('should read the Dnevnik.ru and Eljur tenants', () => {
    const config = loadConfig({
      DNEVNIK_BASE_URL: 'https://api.kundelik.kz',
      DNEVNIK_CLIENT_ID: 'client',
      DNEVNIK_CLIENT_SECRET: 'secret',
      ELJUR_BASE_URL: 'https://edu.gounn.ru',
      ELJUR_DEVKEY: '0123456789abcdef',
      ELJUR_VENDOR: 'edu',
      ELJUR_TIME_ZONE: 'Europe/Samara',
    });
    expect(config.dnevnik).toEqual({ baseUrl: 'https://api.kundelik.kz', clientId: 'client', clientSecret: 'secret' });
    expect(config.eljur).toEqual({ baseUrl: 'https://edu.gounn.ru', devkey: '0123456789abcdef', vendor: 'edu', timeZone: 'Europe/Samara' });
  });
});
