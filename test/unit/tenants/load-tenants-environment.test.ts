import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { BUILT_IN_TENANTS } from '../../../src/tenants/built-in-tenants.js';
import { loadTenants } from '../../../src/tenants/load-tenants.js';
import { problemsOf } from './support.js';

describe('loadTenants: the environment', () => {
  it('should give the built-in tenants with no configuration', () => {
    const registry = loadTenants(loadConfig({}));
    expect(registry.all()).toEqual(BUILT_IN_TENANTS);
  });

  it('should configure mesh-moscow from the MESH_* variables', () => {
    const registry = loadTenants(
      loadConfig({
        MESH_SCHOOL_BASE_URL: 'https://school-test.mos.ru/',
        MESH_ACL_BASE_URL: 'https://dnevnik-test.mos.ru',
        MESH_LOGIN_BASE_URL: 'https://login-tech.mos.ru',
        MESH_CLIENT_ID: 'gateway.example',
        MESH_CLIENT_SECRET: 'mesh-client-secret',
      }),
    );
    expect(registry.get('mesh-moscow')).toMatchObject({
      schoolBaseUrl: 'https://school-test.mos.ru',
      aclBaseUrl: 'https://dnevnik-test.mos.ru',
      signIn: {
        kind: 'mos-ru',
        loginBaseUrl: 'https://login-tech.mos.ru',
        clientId: 'gateway.example',
        clientSecret: 'mesh-client-secret',
      },
    });
    expect(registry.get('mesh-mosreg')).toEqual(BUILT_IN_TENANTS[1]);
    expect(registry.linkFlows(registry.get('mesh-moscow')!, { publicUrl: 'https://gw.example' })[0]?.available).toBe(
      true,
    );
  });

  it('should configure dnevnik-ru from the DNEVNIK_* variables and leave the white labels alone', () => {
    const registry = loadTenants(
      loadConfig({
        DNEVNIK_BASE_URL: 'https://api.dnevnik.example',
        DNEVNIK_LOGIN_BASE_URL: 'https://login.dnevnik.example',
        DNEVNIK_CLIENT_ID: 'dn-client',
        DNEVNIK_CLIENT_SECRET: 'dn-secret',
      }),
    );
    expect(registry.get('dnevnik-ru')).toMatchObject({
      apiBaseUrl: 'https://api.dnevnik.example',
      loginBaseUrl: 'https://login.dnevnik.example',
      clientId: 'dn-client',
      clientSecret: 'dn-secret',
    });
    expect(registry.get('kundelik-kz')).toMatchObject({ clientId: null, clientSecret: null });
  });

  it('should configure eljur from the ELJUR_* variables and give ELJUR_DEVKEY to every Eljur tenant', () => {
    const registry = loadTenants(
      loadConfig({
        ELJUR_BASE_URL: 'https://edu.example.ru',
        ELJUR_DEVKEY: 'devkey-0123456789',
        ELJUR_TIME_ZONE: 'Europe/Samara',
        ELJUR_VENDOR: 'gymnasium2',
        ELJUR_VENDORS: 'school1=Лицей №1; gymnasium2=Гимназия №2;',
        ELJUR_REDIRECT_SIGN_IN_URL: 'https://eljur.ru/partner/login?brand=1',
      }),
    );
    expect(registry.get('eljur')).toMatchObject({
      baseUrl: 'https://edu.example.ru',
      devkey: 'devkey-0123456789',
      timeZone: 'Europe/Samara',
      vendors: [
        { id: 'school1', name: { ru: 'Лицей №1', en: 'Лицей №1' } },
        { id: 'gymnasium2', name: { ru: 'Гимназия №2', en: 'Гимназия №2' } },
      ],
      redirectSignInUrl: 'https://eljur.ru/partner/login?brand=1',
    });
    expect(registry.get('eljur-crimea')).toMatchObject({
      devkey: 'devkey-0123456789',
      timeZone: 'Europe/Simferopol',
      vendors: [],
      redirectSignInUrl: null,
    });
    expect(registry.served().filter((tenant) => tenant.platform === 'ELJUR')).toHaveLength(6);
  });

  it('should make ELJUR_VENDOR alone one school, named by its id', () => {
    const registry = loadTenants(loadConfig({ ELJUR_VENDOR: 'school123', ELJUR_VENDORS: 'lyceum=Лицей' }));
    expect(registry.get('eljur')).toMatchObject({
      vendors: [
        { id: 'school123', name: { ru: 'school123', en: 'school123' } },
        { id: 'lyceum', name: { ru: 'Лицей', en: 'Лицей' } },
      ],
    });
  });

  it('should let TENANTS_FILE win over the environment, and keep a tenant’s own devkey', () => {
    const file = JSON.stringify({
      tenants: [
        { id: 'mesh-moscow', signIn: { clientId: 'from-file' } },
        { id: 'eljur-crimea', devkey: 'crimea-own-devkey' },
      ],
    });
    const config = loadConfig({
      TENANTS_FILE: 'tenants.json',
      MESH_CLIENT_ID: 'from-environment',
      MESH_CLIENT_SECRET: 'mesh-secret',
      ELJUR_DEVKEY: 'devkey-0123456789',
    });
    const registry = loadTenants(config, { readFile: () => file });
    expect(registry.get('mesh-moscow')).toMatchObject({
      signIn: { clientId: 'from-file', clientSecret: 'mesh-secret', loginBaseUrl: 'https://login.mos.ru' },
    });
    expect(registry.get('eljur-crimea')).toMatchObject({ devkey: 'crimea-own-devkey' });
    expect(registry.get('eljur-yugra')).toMatchObject({ devkey: 'devkey-0123456789' });
  });

  it('should give ELJUR_DEVKEY to an Eljur tenant the file adds without one', () => {
    const file = JSON.stringify({
      tenants: [
        {
          id: 'eljur-lipetsk',
          platform: 'ELJUR',
          name: 'ЭлЖур — Липецк',
          timeZone: 'Europe/Moscow',
          baseUrl: 'https://edu.schools48.ru',
        },
      ],
    });
    const config = loadConfig({ TENANTS_FILE: 't.json', ELJUR_DEVKEY: 'devkey-0123456789' });
    expect(loadTenants(config, { readFile: () => file }).get('eljur-lipetsk')).toMatchObject({
      devkey: 'devkey-0123456789',
    });
  });

  it('should refuse a file that leaves the Eljur platform without a primary', () => {
    const file = JSON.stringify({ tenants: [{ id: 'eljur', enabled: false }] });
    const problems = problemsOf(() => loadTenants(loadConfig({ TENANTS_FILE: 't.json' }), { readFile: () => file }));
    expect(problems).toEqual(['ELJUR: no tenant is primary; set primary: true on exactly one of its tenants']);
  });
});
