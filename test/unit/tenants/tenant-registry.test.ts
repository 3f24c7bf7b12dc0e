import { describe, expect, it } from 'vitest';
import { BUILT_IN_TENANTS } from '../../../src/tenants/built-in-tenants.js';
import type { EljurTenant, MeshTenant } from '../../../src/tenants/tenant.js';
import { createTenantRegistry } from '../../../src/tenants/tenant-registry.js';
import { builtIns, builtInsWith, messageOf, problemsOf } from './support.js';

describe('BUILT_IN_TENANTS', () => {
  it('should pass validation, with one primary per platform', () => {
    const registry = createTenantRegistry(BUILT_IN_TENANTS);
    expect(registry.all().map((tenant) => tenant.id)).toEqual([
      'mesh-moscow',
      'mesh-mosreg',
      'mesh-kaluga',
      'mesh-tyumen',
      'mesh-tatarstan',
      'mesh-dagestan',
      'dnevnik-ru',
      'kundelik-kz',
      'emaktab-uz',
      'eljur',
      'eljur-nizhny-novgorod',
      'eljur-kurgan',
      'eljur-crimea',
      'eljur-sevastopol',
      'eljur-yugra',
    ]);
    expect(registry.primary('MESH')?.id).toBe('mesh-moscow');
    expect(registry.primary('DNEVNIK')?.id).toBe('dnevnik-ru');
    expect(registry.primary('ELJUR')?.id).toBe('eljur');
  });

  it('should hold the documented hosts of Moscow, the Moscow region and the primaries', () => {
    const registry = createTenantRegistry(BUILT_IN_TENANTS);
    expect(registry.get('mesh-moscow')).toMatchObject({
      schoolBaseUrl: 'https://school.mos.ru',
      aclBaseUrl: 'https://dnevnik.mos.ru',
      signIn: {
        kind: 'mos-ru',
        loginBaseUrl: 'https://login.mos.ru',
        clientId: null,
        clientSecret: null,
        scope: 'openid profile birthday contacts snils blitz_user_rights blitz_change_password',
      },
    });
    expect(registry.get('mesh-mosreg')).toMatchObject({
      name: { ru: '«Моя школа» — Московская область' },
      schoolBaseUrl: 'https://api.myschool.mosreg.ru',
      aclBaseUrl: 'https://myschool.mosreg.ru',
      signIn: { kind: 'regional', authBaseUrl: 'https://authedu.mosreg.ru' },
    });
    expect(registry.get('mesh-tyumen')).toMatchObject({ timeZone: 'Asia/Yekaterinburg' });
    expect(registry.get('kundelik-kz')).toMatchObject({
      apiBaseUrl: 'https://api.kundelik.kz',
      loginBaseUrl: 'https://login.kundelik.kz',
      timeZone: 'Asia/Almaty',
    });
    expect(registry.get('emaktab-uz')).toMatchObject({ timeZone: 'Asia/Tashkent', pkce: false });
    expect(registry.get('eljur')).toMatchObject({ baseUrl: 'https://api.eljur.ru', devkey: null, vendors: [] });
    const eljurs = registry.all().filter((tenant): tenant is EljurTenant => tenant.platform === 'ELJUR');
    expect(eljurs.every((tenant) => tenant.vendors.length === 0 && tenant.redirectSignInUrl === null)).toBe(true);
  });
});

describe('createTenantRegistry', () => {
  it('should look tenants up, list the served ones, and hand out frozen copies with base URLs trimmed', () => {
    const tenants = builtInsWith('eljur-crimea', (tenant) => {
      tenant.devkey = 'devkey-of-crimea';
      tenant.baseUrl = 'https://edu.rk.gov.ru//';
    });
    const registry = createTenantRegistry(tenants);
    expect(registry.served().map((tenant) => tenant.id)).toContain('eljur-crimea');
    expect(registry.served().map((tenant) => tenant.id)).not.toContain('eljur');
    expect(registry.served().filter((tenant) => tenant.platform !== 'ELJUR')).toHaveLength(9);
    expect(registry.get('eljur-crimea')).toMatchObject({ baseUrl: 'https://edu.rk.gov.ru' });
    expect(registry.get('no-such-tenant')).toBeUndefined();
    expect(Object.isFrozen(registry.get('mesh-moscow'))).toBe(true);
    expect(Object.isFrozen((registry.get('mesh-moscow') as MeshTenant).signIn)).toBe(true);
    // The caller's list stays its own: changing it later changes nothing in the registry.
    (tenants[0] as MeshTenant).schoolBaseUrl = 'https://changed.example';
    expect(registry.get('mesh-moscow')).toMatchObject({ schoolBaseUrl: 'https://school.mos.ru' });
  });

  it('should need no primary for a platform without tenants', () => {
    const registry = createTenantRegistry(builtIns().filter((tenant) => tenant.platform === 'MESH'));
    expect(registry.primary('ELJUR')).toBeUndefined();
    expect(registry.served()).toHaveLength(6);
  });

  it.each([
    ['an upper-case id', 'mesh-kaluga', (t: any) => (t.id = 'Mesh-Kaluga'), 'tenants[2]: id must be 2–40'],
    ['a one-letter id', 'mesh-kaluga', (t: any) => (t.id = 'k'), 'tenants[2]: id must be'],
    ['an id starting with -', 'mesh-kaluga', (t: any) => (t.id = '-kaluga'), 'tenants[2]: id must be'],
    ['a 41-character id', 'mesh-kaluga', (t: any) => (t.id = 'k'.repeat(41)), 'tenants[2]: id must be'],
    [
      'a repeated id',
      'mesh-kaluga',
      (t: any) => (t.id = 'mesh-mosreg'),
      'tenants[2] "mesh-mosreg": id is already used by tenants[1]',
    ],
    [
      'a relative URL',
      'mesh-kaluga',
      (t: any) => (t.schoolBaseUrl = 'education.admoblkaluga.ru'),
      'tenants[2] "mesh-kaluga": schoolBaseUrl must be an absolute http(s) URL',
    ],
    [
      'an ftp URL',
      'mesh-kaluga',
      (t: any) => (t.aclBaseUrl = 'ftp://dnevnik.admoblkaluga.ru'),
      'tenants[2] "mesh-kaluga": aclBaseUrl must be an absolute http(s) URL',
    ],
    [
      'a URL with credentials',
      'kundelik-kz',
      (t: any) => (t.apiBaseUrl = 'https://user:pw@api.kundelik.kz'),
      'tenants[7] "kundelik-kz": apiBaseUrl must not hold a user name or password',
    ],
    [
      'a base URL with a query',
      'eljur',
      (t: any) => (t.baseUrl = 'https://api.eljur.ru?x=1'),
      'tenants[9] "eljur": baseUrl must have no query',
    ],
    [
      'a URL with a fragment',
      'eljur',
      (t: any) => (t.redirectSignInUrl = 'https://eljur.ru/partner#x'),
      'tenants[9] "eljur": redirectSignInUrl must have no fragment',
    ],
    [
      'a too long URL',
      'mesh-mosreg',
      (t: any) => (t.signIn.authBaseUrl = `https://a.ru/${'a'.repeat(2048)}`),
      'tenants[1] "mesh-mosreg": signIn.authBaseUrl must be an absolute http(s) URL of at most 2048',
    ],
    [
      'an unknown time zone',
      'eljur-yugra',
      (t: any) => (t.timeZone = 'Mars/Olympus'),
      'tenants[14] "eljur-yugra": timeZone must be an IANA time zone',
    ],
    [
      'an empty name',
      'eljur-yugra',
      (t: any) => (t.name.en = ' '),
      'tenants[14] "eljur-yugra": name.en must be 1–200 characters',
    ],
    ['no primary MESH tenant', 'mesh-moscow', (t: any) => (t.primary = false), 'MESH: no tenant is primary'],
    [
      'two primary ELJUR tenants',
      'eljur-crimea',
      (t: any) => (t.primary = true),
      'ELJUR: "eljur", "eljur-crimea" are all primary',
    ],
    [
      'an unknown platform',
      'eljur-crimea',
      (t: any) => (t.platform = 'SCHOOLNET'),
      'tenants[12] "eljur-crimea": platform must be MESH, DNEVNIK or ELJUR',
    ],
    [
      'an unknown sign-in',
      'mesh-kaluga',
      (t: any) => (t.signIn = { kind: 'esia' }),
      'tenants[2] "mesh-kaluga": signIn must be null, a "mos-ru" or a "regional" sign-in',
    ],
    [
      'an empty scope',
      'dnevnik-ru',
      (t: any) => (t.scope = ''),
      'tenants[6] "dnevnik-ru": scope must be 1–1000 characters',
    ],
    [
      'a short devkey',
      'eljur',
      (t: any) => (t.devkey = 'short'),
      'tenants[9] "eljur": devkey must be null or the developer key',
    ],
    [
      'a vendor with a space',
      'eljur',
      (t: any) => (t.vendors = [{ id: 'school 1', name: { ru: 'Ш', en: 'S' } }]),
      'tenants[9] "eljur": vendors[0].id must be a school subdomain',
    ],
    [
      'a 64-character vendor',
      'eljur',
      (t: any) => (t.vendors = [{ id: 's'.repeat(64), name: { ru: 'Ш', en: 'S' } }]),
      'vendors[0].id must be a school subdomain',
    ],
    [
      'a repeated vendor',
      'eljur',
      (t: any) =>
        (t.vendors = [
          { id: 'school1', name: { ru: 'А', en: 'A' } },
          { id: 'school1', name: { ru: 'Б', en: 'B' } },
        ]),
      'tenants[9] "eljur": vendors[1].id "school1" appears twice',
    ],
    [
      'a vendor without a name',
      'eljur',
      (t: any) => (t.vendors = [{ id: 'school1', name: { ru: '', en: 'A' } }]),
      'vendors[0].name.ru must be 1–200 characters',
    ],
  ])('should refuse %s, naming the entry', (_what, id, change, problem) => {
    const problems = problemsOf(() => createTenantRegistry(builtInsWith(id, change)));
    expect(problems).toEqual([expect.stringContaining(problem)]);
  });

  it('should accept a partner sign-in page with a query and an empty vendor list', () => {
    const tenants = builtInsWith('eljur', (tenant) => {
      tenant.redirectSignInUrl = 'https://eljur.ru/partner/login?brand=1';
    });
    expect(createTenantRegistry(tenants).get('eljur')).toMatchObject({
      redirectSignInUrl: 'https://eljur.ru/partner/login?brand=1',
    });
  });

  it('should list every problem at once', () => {
    const tenants = builtInsWith('mesh-kaluga', (tenant) => {
      tenant.schoolBaseUrl = 'nowhere';
      tenant.timeZone = 'Nowhere/Else';
    });
    (tenants[7] as any).primary = true;
    expect(problemsOf(() => createTenantRegistry(tenants))).toEqual([
      expect.stringContaining('tenants[2] "mesh-kaluga": timeZone'),
      expect.stringContaining('tenants[2] "mesh-kaluga": schoolBaseUrl'),
      expect.stringContaining('DNEVNIK: "dnevnik-ru", "kundelik-kz" are all primary'),
    ]);
  });

  it.each([
    ['a password in a URL', (t: any) => (t.apiBaseUrl = 'https://partner:S3CRET-PASSWORD-417@api.kundelik.kz')],
    ['a client secret with a line break', (t: any) => (t.clientSecret = 'S3CRET-PASSWORD-417\n')],
    ['a client secret too long', (t: any) => (t.clientSecret = 'S3CRET-PASSWORD-417'.repeat(60))],
    ['a client id in the wrong place', (t: any) => (t.loginBaseUrl = 'S3CRET-PASSWORD-417')],
  ])('should never echo a secret: %s', (_what, change) => {
    const message = messageOf(() => createTenantRegistry(builtInsWith('kundelik-kz', change)));
    expect(message).toContain('tenants[7] "kundelik-kz"');
    expect(message).not.toContain('S3CRET');
  });
});
