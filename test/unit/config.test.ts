import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('should give the embedded demo default with no configuration at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      demo: true,
      logLevel: 'info',
      requestDeadlineMs: 8000,
    });
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
      PERSONAL_DATA_SECRET: 'p'.repeat(40),
      CREDENTIAL_KEYS: `new:${Buffer.alloc(32, 1).toString('base64')},old:${Buffer.alloc(32, 2).toString('base64')}`,
      MESH_SCHOOL_BASE_URL: 'http://127.0.0.1:9000/',
      UPSTREAM_HEADERS_TIMEOUT_MS: '1500',
      LOG_LEVEL: '',
    });
    expect(config).toMatchObject({ port: 4100, host: '0.0.0.0', demo: false, logLevel: 'info' });
    expect(config.mesh.schoolBaseUrl).toBe('http://127.0.0.1:9000');
    expect(config.upstream.headersTimeoutMs).toBe(1500);
    expect(config.secrets.credentialKeys.map((key) => key.id)).toEqual(['new', 'old']);
    expect(config.store).toEqual({
      kind: 'file',
      file: 'data/diary-gateway-store.json',
      fallbackMaxAgeMs: 300_000,
      fallbackMaxEntries: 10_000,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ MESH_SCHOOL_BASE_URL: 'ftp://example.org' }, /MESH_SCHOOL_BASE_URL: must be an http\(s\) URL/],
    [{ UPSTREAM_CONNECT_TIMEOUT_MS: '0' }, /UPSTREAM_CONNECT_TIMEOUT_MS/],
    [{ DEMO: 'off' }, /ID_SECRET: required when DEMO=off/],
    [{ DEMO: 'off' }, /PERSONAL_DATA_SECRET: required when DEMO=off/],
    [{ DEMO: 'off' }, /CREDENTIAL_KEYS: required when DEMO=off/],
    [{ CREDENTIAL_KEYS: 'k:c2hvcnQ=' }, /CREDENTIAL_KEYS: entry 1 must be keyId:base64 of exactly 32 bytes/],
    [
      { CREDENTIAL_KEYS: `a:${Buffer.alloc(32).toString('base64')},a:${Buffer.alloc(32).toString('base64')}` },
      /key id "a" appears twice/,
    ],
    [{ STORE: 'redis' }, /STORE: "redis" needs REDIS_URL/],
    [{ OIDC_ISSUER: 'https://esia.example' }, /set all three or none/],
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
    expect(config.eljur).toEqual({
      baseUrl: 'https://edu.gounn.ru',
      devkey: '0123456789abcdef',
      vendor: 'edu',
      timeZone: 'Europe/Samara',
    });
  });
});

describe('loadConfig: resilience and request limits', () => {
  it('should default to 2 retries, a breaker at 5 failures for 30 s, 50 calls/s and the documented limits', () => {
    const config = loadConfig({});
    expect(config.upstream).toMatchObject({
      retries: 2,
      breakerFailureThreshold: 5,
      breakerHalfOpenAfterMs: 30_000,
      rateLimitPerSecond: 50,
    });
    expect(config.limits).toEqual({
      maxQueryDepth: 10,
      maxQueryCost: 30_000,
      maxAliases: 15,
      maxBodyBytes: 1024 * 1024,
      sessionRequestsPerMinute: 120,
      addressRequestsPerMinute: 1200,
      signInRequestsPerMinute: 30,
    });
    expect(config.trustedProxyHops).toBe(0);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('should read every resilience and limit variable', () => {
    const config = loadConfig({
      UPSTREAM_RETRIES: '0',
      BREAKER_FAILURE_THRESHOLD: '3',
      BREAKER_HALF_OPEN_AFTER_MS: '120000',
      UPSTREAM_RATE_LIMIT_PER_SECOND: '5',
      MAX_QUERY_DEPTH: '6',
      MAX_QUERY_COST: '5000',
      MAX_ALIASES: '0',
      MAX_BODY_BYTES: '65536',
      SESSION_RATE_LIMIT_PER_MINUTE: '30',
    });
    expect(config.upstream).toMatchObject({
      retries: 0,
      breakerFailureThreshold: 3,
      breakerHalfOpenAfterMs: 120_000,
      rateLimitPerSecond: 5,
    });
    expect(config.limits).toEqual({
      maxQueryDepth: 6,
      maxQueryCost: 5000,
      maxAliases: 0,
      maxBodyBytes: 65_536,
      sessionRequestsPerMinute: 30,
      // Follows the session allowance unless set.
      addressRequestsPerMinute: 300,
      signInRequestsPerMinute: 30,
    });
  });

  it('should read the edge and store-outage variables', () => {
    const config = loadConfig({
      ADDRESS_RATE_LIMIT_PER_MINUTE: '5000',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '10',
      TRUSTED_PROXY_HOPS: '1',
      STORE_FALLBACK_MAX_AGE_S: '0',
      STORE_FALLBACK_MAX_ENTRIES: '500',
    });
    expect(config.limits).toMatchObject({ addressRequestsPerMinute: 5000, signInRequestsPerMinute: 10 });
    expect(config.trustedProxyHops).toBe(1);
    expect(config.store).toMatchObject({ fallbackMaxAgeMs: 0, fallbackMaxEntries: 500 });
  });

  it.each([
    [{ UPSTREAM_RETRIES: '6' }, /UPSTREAM_RETRIES/],
    [{ UPSTREAM_RETRIES: '-1' }, /UPSTREAM_RETRIES/],
    [{ BREAKER_FAILURE_THRESHOLD: '0' }, /BREAKER_FAILURE_THRESHOLD/],
    [{ BREAKER_HALF_OPEN_AFTER_MS: 'soon' }, /BREAKER_HALF_OPEN_AFTER_MS/],
    [{ UPSTREAM_RATE_LIMIT_PER_SECOND: '0' }, /UPSTREAM_RATE_LIMIT_PER_SECOND/],
    [{ MAX_QUERY_DEPTH: '0' }, /MAX_QUERY_DEPTH/],
    [{ MAX_QUERY_COST: '1.5' }, /MAX_QUERY_COST/],
    [{ MAX_ALIASES: '-1' }, /MAX_ALIASES/],
    [{ MAX_BODY_BYTES: '100' }, /MAX_BODY_BYTES/],
    [{ SESSION_RATE_LIMIT_PER_MINUTE: '0' }, /SESSION_RATE_LIMIT_PER_MINUTE/],
    [{ ADDRESS_RATE_LIMIT_PER_MINUTE: '0' }, /ADDRESS_RATE_LIMIT_PER_MINUTE/],
    [{ SIGN_IN_RATE_LIMIT_PER_MINUTE: 'many' }, /SIGN_IN_RATE_LIMIT_PER_MINUTE/],
    [{ TRUSTED_PROXY_HOPS: '-1' }, /TRUSTED_PROXY_HOPS/],
    [{ STORE_FALLBACK_MAX_AGE_S: '7200' }, /STORE_FALLBACK_MAX_AGE_S/],
  ])('should refuse %j naming the variable', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });
});
