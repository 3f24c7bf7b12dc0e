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
    expect(config.mesh).toEqual({
      schoolBaseUrl: 'https://school.mos.ru',
      aclBaseUrl: 'https://dnevnik.mos.ru',
      loginBaseUrl: 'https://login.mos.ru',
      clientId: null,
      clientSecret: null,
    });
    expect(config.dnevnik.loginBaseUrl).toBe('https://login.dnevnik.ru');
    expect(config.eljur).toMatchObject({ vendors: [], redirectSignInUrl: null });
    expect(config.tenantsFile).toBeNull();
  });

  it('should bound the in-process cache by entries and by bytes, 256 MiB unless CACHE_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).cache).toMatchObject({ maxEntries: 150_000, maxBytes: 256 * 2 ** 20 });
    expect(loadConfig({ CACHE_MAX_BYTES: '67108864', CACHE_MAX_ENTRIES: '5' }).cache).toMatchObject({
      maxEntries: 5,
      maxBytes: 64 * 2 ** 20,
    });
  });

  it('should keep a copy built without a side answer fresh for 60 s, or CACHE_PARTIAL_FRESH_S', () => {
    expect(loadConfig({}).cache.partialFreshMs).toBe(60_000);
    expect(loadConfig({ CACHE_PARTIAL_FRESH_S: '1' }).cache.partialFreshMs).toBe(1000);
  });

  it('should run 128 executions at once and queue 4,096, or what MAX_EXECUTIONS_* say', () => {
    expect(loadConfig({}).admission).toEqual({ maxInFlight: 128, maxQueued: 4096 });
    expect(loadConfig({ MAX_EXECUTIONS_IN_FLIGHT: '8', MAX_EXECUTIONS_QUEUED: '0' }).admission).toEqual({
      maxInFlight: 8,
      maxQueued: 0,
    });
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
    [{ ELJUR_VENDOR: 's'.repeat(64) }, /ELJUR_VENDOR: must be a school subdomain/],
    [{ ELJUR_VENDORS: 'school 1=Лицей' }, /ELJUR_VENDORS: entry 1 must start with a school subdomain/],
    [{ ELJUR_VENDORS: 'a=Лицей;b' }, /ELJUR_VENDORS: entry 2 \("b"\) needs a name of 1–200 characters after =/],
    [{ ELJUR_VENDORS: 'a=Лицей;a=Школа' }, /ELJUR_VENDORS: vendor "a" appears twice/],
    [{ ELJUR_VENDORS: `a=${'Л'.repeat(201)}` }, /ELJUR_VENDORS: entry 1 \("a"\) needs a name/],
    [{ ELJUR_REDIRECT_SIGN_IN_URL: 'eljur.ru/partner' }, /ELJUR_REDIRECT_SIGN_IN_URL: must be an http\(s\) URL/],
    [{ MESH_LOGIN_BASE_URL: 'javascript:alert(1)' }, /MESH_LOGIN_BASE_URL: must be an http\(s\) URL/],
    [{ DNEVNIK_LOGIN_BASE_URL: 'login.dnevnik.ru' }, /DNEVNIK_LOGIN_BASE_URL: must be an http\(s\) URL/],
    [{ MESH_CLIENT_ID: 'x'.repeat(257) }, /MESH_CLIENT_ID: is too long/],
    [{ CACHE_MAX_ENTRIES: '0' }, /CACHE_MAX_ENTRIES: must be at least 1/],
    [{ CACHE_MAX_BYTES: '1000' }, /CACHE_MAX_BYTES: must be at least 1048576 \(1 MiB\)/],
    [{ CACHE_MAX_BYTES: '2e12' }, /CACHE_MAX_BYTES: must be at most 1099511627776/],
    [{ CACHE_MAX_BYTES: '1048576.5' }, /CACHE_MAX_BYTES: must be a whole number of bytes/],
    [{ CACHE_MAX_BYTES: '256MiB' }, /CACHE_MAX_BYTES/],
    [{ ANSWER_CACHE_MAX_BYTES: '1000' }, /ANSWER_CACHE_MAX_BYTES: must be at least 1 MiB/],
    [{ ANSWER_CACHE: 'maybe' }, /ANSWER_CACHE/],
    [{ CACHE_PARTIAL_FRESH_S: '-1' }, /CACHE_PARTIAL_FRESH_S/],
    [{ CACHE_PARTIAL_FRESH_S: '1.5' }, /CACHE_PARTIAL_FRESH_S/],
    [{ MAX_EXECUTIONS_IN_FLIGHT: '0' }, /MAX_EXECUTIONS_IN_FLIGHT/],
    [{ MAX_EXECUTIONS_QUEUED: '-1' }, /MAX_EXECUTIONS_QUEUED/],
  ])('should refuse %j naming the variable', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('should keep answers in 64 MiB by default, in what ANSWER_CACHE_MAX_BYTES says, and none with ANSWER_CACHE=off', () => {
    expect(loadConfig({}).answerCache).toEqual({ maxBytes: 64 * 1024 * 1024 });
    expect(loadConfig({ ANSWER_CACHE_MAX_BYTES: '2097152' }).answerCache).toEqual({ maxBytes: 2_097_152 });
    expect(loadConfig({ ANSWER_CACHE: 'off' }).answerCache).toBeNull();
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
    ['MESH_CLIENT_SECRET', `S3CRET-${'x'.repeat(1024)}`, /MESH_CLIENT_SECRET: is too long/],
    ['DNEVNIK_CLIENT_SECRET', `S3CRET-${'x'.repeat(1024)}`, /DNEVNIK_CLIENT_SECRET: is too long/],
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
    expect(config.dnevnik).toEqual({
      baseUrl: 'https://api.kundelik.kz',
      loginBaseUrl: 'https://login.dnevnik.ru',
      clientId: 'client',
      clientSecret: 'secret',
    });
    expect(config.eljur).toEqual({
      baseUrl: 'https://edu.gounn.ru',
      devkey: '0123456789abcdef',
      vendor: 'edu',
      timeZone: 'Europe/Samara',
      vendors: [],
      redirectSignInUrl: null,
    });
  });

  it('should read the sign-in settings, the Eljur schools and TENANTS_FILE', () => {
    const config = loadConfig({
      MESH_LOGIN_BASE_URL: 'https://login-tech.mos.ru/',
      MESH_CLIENT_ID: 'gateway.example',
      MESH_CLIENT_SECRET: 'mesh-secret',
      DNEVNIK_LOGIN_BASE_URL: 'https://login.kundelik.kz',
      ELJUR_VENDORS: ' school1 = Лицей №1 ;gymnasium-2=Гимназия №2=«Интеграл»;',
      ELJUR_REDIRECT_SIGN_IN_URL: 'https://eljur.ru/partner/login?brand=1',
      TENANTS_FILE: '/etc/diary-gateway/tenants.yaml',
    });
    expect(config.mesh).toMatchObject({
      loginBaseUrl: 'https://login-tech.mos.ru',
      clientId: 'gateway.example',
      clientSecret: 'mesh-secret',
    });
    expect(config.dnevnik.loginBaseUrl).toBe('https://login.kundelik.kz');
    expect(config.eljur.vendors).toEqual([
      { id: 'school1', name: { ru: 'Лицей №1', en: 'Лицей №1' } },
      { id: 'gymnasium-2', name: { ru: 'Гимназия №2=«Интеграл»', en: 'Гимназия №2=«Интеграл»' } },
    ]);
    expect(config.eljur.redirectSignInUrl).toBe('https://eljur.ru/partner/login?brand=1');
    expect(config.tenantsFile).toBe('/etc/diary-gateway/tenants.yaml');
    expect(Object.isFrozen(config.eljur.vendors[0]?.name)).toBe(true);
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
      calendarFeedRequestsPerMinute: 10,
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
      calendarFeedRequestsPerMinute: 10,
    });
  });

  it('should read the edge and store-outage variables', () => {
    const config = loadConfig({
      ADDRESS_RATE_LIMIT_PER_MINUTE: '5000',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '10',
      CALENDAR_FEED_RATE_LIMIT_PER_MINUTE: '4',
      TRUSTED_PROXY_HOPS: '1',
      STORE_FALLBACK_MAX_AGE_S: '0',
      STORE_FALLBACK_MAX_ENTRIES: '500',
    });
    expect(config.limits).toMatchObject({
      addressRequestsPerMinute: 5000,
      signInRequestsPerMinute: 10,
      calendarFeedRequestsPerMinute: 4,
    });
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
    [{ CALENDAR_FEED_RATE_LIMIT_PER_MINUTE: '0' }, /CALENDAR_FEED_RATE_LIMIT_PER_MINUTE/],
    [{ TRUSTED_PROXY_HOPS: '-1' }, /TRUSTED_PROXY_HOPS/],
    [{ STORE_FALLBACK_MAX_AGE_S: '7200' }, /STORE_FALLBACK_MAX_AGE_S/],
  ])('should refuse %j naming the variable', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });
});
