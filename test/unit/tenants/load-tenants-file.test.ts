import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { loadConfig } from '../../../src/config/config.js';
import { loadTenants } from '../../../src/tenants/load-tenants.js';
import type { Tenant } from '../../../src/tenants/tenant.js';
import { messageOf, problemsOf } from './support.js';

const FORMATS = [
  ['JSON', 'tenants.json', (document: unknown) => JSON.stringify(document, null, 2)],
  ['YAML', 'tenants.yaml', (document: unknown) => toYaml(document)],
] as const;

const NEW_MESH = {
  id: 'mesh-yanao',
  platform: 'MESH',
  name: { ru: '«Моя школа» — ЯНАО', en: '“Moya Shkola” — Yamalo-Nenets' },
  timeZone: 'Asia/Yekaterinburg',
  schoolBaseUrl: 'https://school.yanao.ru',
  aclBaseUrl: 'https://school.yanao.ru',
  signIn: { kind: 'regional', authBaseUrl: 'https://school.yanao.ru' },
};

describe.each(FORMATS)('loadTenants: TENANTS_FILE in %s', (_format, fileName, write) => {
  const load = (tenants: unknown[]) =>
    loadTenants(loadConfig({ TENANTS_FILE: `/etc/gateway/${fileName}` }), { readFile: () => write({ tenants }) });
  const problems = (tenants: unknown[]) => problemsOf(() => load(tenants));

  it('should override the fields an entry gives, merging name and signIn', () => {
    const registry = load([
      { id: 'mesh-mosreg', aclBaseUrl: 'https://myschool.mosreg.ru/', name: { en: 'Moscow Oblast' } },
      { id: 'mesh-moscow', signIn: { clientId: 'gw', clientSecret: 'file-secret' } },
      { id: 'kundelik-kz', clientId: 'kz-client', clientSecret: 'kz-secret', pkce: true },
    ]);
    expect(registry.get('mesh-mosreg')).toMatchObject({
      aclBaseUrl: 'https://myschool.mosreg.ru',
      schoolBaseUrl: 'https://api.myschool.mosreg.ru',
      name: { ru: '«Моя школа» — Московская область', en: 'Moscow Oblast' },
    });
    expect(registry.get('mesh-moscow')).toMatchObject({
      signIn: { kind: 'mos-ru', loginBaseUrl: 'https://login.mos.ru', clientId: 'gw', clientSecret: 'file-secret' },
    });
    expect(registry.get('kundelik-kz')).toMatchObject({
      clientId: 'kz-client',
      pkce: true,
      apiBaseUrl: 'https://api.kundelik.kz',
    });
  });

  it('should add a new tenant after the built-ins, with defaults for what it leaves out', () => {
    const registry = load([
      NEW_MESH,
      {
        id: 'eljur-lipetsk',
        platform: 'ELJUR',
        name: 'ЭлЖур — Липецкая область',
        timeZone: 'Europe/Moscow',
        baseUrl: 'https://edu.schools48.ru',
        vendors: [
          { id: 'school1', name: 'Лицей №1' },
          { id: 'school2', name: { ru: 'Школа №2', en: 'School 2' } },
        ],
      },
    ]);
    const ids = registry.all().map((tenant) => tenant.id);
    expect(ids.slice(-2)).toEqual(['mesh-yanao', 'eljur-lipetsk']);
    expect(registry.get('mesh-yanao')).toMatchObject({ ...NEW_MESH, primary: false });
    expect(registry.get('eljur-lipetsk')).toEqual({
      id: 'eljur-lipetsk',
      platform: 'ELJUR',
      name: { ru: 'ЭлЖур — Липецкая область', en: 'ЭлЖур — Липецкая область' },
      timeZone: 'Europe/Moscow',
      primary: false,
      baseUrl: 'https://edu.schools48.ru',
      devkey: null,
      vendors: [
        { id: 'school1', name: { ru: 'Лицей №1', en: 'Лицей №1' } },
        { id: 'school2', name: { ru: 'Школа №2', en: 'School 2' } },
      ],
      redirectSignInUrl: null,
    } satisfies Tenant);
  });

  it('should drop a tenant with enabled: false', () => {
    const registry = load([
      { id: 'eljur-yugra', enabled: false },
      { id: 'emaktab-uz', enabled: false },
    ]);
    expect(registry.get('eljur-yugra')).toBeUndefined();
    expect(registry.all()).toHaveLength(13);
  });

  it('should let the file move the primary from one tenant to another', () => {
    const registry = load([
      { id: 'eljur', primary: false },
      { id: 'eljur-crimea', primary: true },
    ]);
    expect(registry.primary('ELJUR')?.id).toBe('eljur-crimea');
  });

  it.each([
    [
      'an unknown field',
      [{ id: 'mesh-mosreg', schoolUrl: 'https://x.ru' }],
      'TENANTS_FILE tenants[0] "mesh-mosreg": unknown field "schoolUrl"',
    ],
    [
      'a field of another platform',
      [{ id: 'eljur', clientId: 'x' }],
      'TENANTS_FILE tenants[0] "eljur": unknown field "clientId"',
    ],
    [
      'an unknown field in signIn',
      [{ id: 'mesh-moscow', signIn: { secret: 'x' } }],
      'unknown field "secret" in signIn',
    ],
    [
      'a bad URL',
      [{ id: 'mesh-kaluga', schoolBaseUrl: 'education.admoblkaluga.ru' }],
      'TENANTS_FILE tenants[0] "mesh-kaluga": schoolBaseUrl must be an absolute http(s) URL',
    ],
    [
      'a new id without platform',
      [{ id: 'mesh-karelia', schoolBaseUrl: 'https://karelia.minedu.ru' }],
      'TENANTS_FILE tenants[0] "mesh-karelia": platform is required for a tenant that is not built in',
    ],
    [
      'a new tenant without its hosts',
      [{ ...NEW_MESH, aclBaseUrl: undefined }],
      'TENANTS_FILE tenants[0] "mesh-yanao": aclBaseUrl is required for a tenant that is not built in',
    ],
    [
      'a new tenant with half a name',
      [{ ...NEW_MESH, name: { ru: 'ЯНАО' } }],
      'TENANTS_FILE tenants[0] "mesh-yanao": name.en is required',
    ],
    [
      'a platform change',
      [{ id: 'eljur', platform: 'DNEVNIK' }],
      'TENANTS_FILE tenants[0] "eljur": platform cannot change (the built-in tenant is ELJUR)',
    ],
    [
      'an unknown platform',
      [{ id: 'x-diary', platform: 'SCHOOLNET' }],
      'TENANTS_FILE tenants[0] "x-diary": platform must be MESH, DNEVNIK or ELJUR',
    ],
    [
      'a bad id',
      [{ id: 'Mesh Karelia', platform: 'MESH' }],
      'TENANTS_FILE tenants[0]: id must be 2–40 lower-case letters',
    ],
    ['no id', [{ platform: 'MESH' }], 'TENANTS_FILE tenants[0]: id is required'],
    [
      'an id twice',
      [
        { id: 'eljur', devkey: null },
        { id: 'eljur', baseUrl: 'https://x.ru' },
      ],
      'TENANTS_FILE tenants[1] "eljur": id appears twice in the file',
    ],
    ['a wrong type', [{ id: 'dnevnik-ru', pkce: 'yes' }], 'TENANTS_FILE tenants[0] "dnevnik-ru": pkce must be boolean'],
    ['a too long value', [{ id: 'dnevnik-ru', scope: 'x'.repeat(1001) }], 'scope is longer than 1000 characters'],
    [
      'a sign-in changed without its host',
      [{ id: 'mesh-moscow', signIn: { kind: 'regional' } }],
      'signIn.authBaseUrl is required for a "regional" sign-in',
    ],
    [
      'a mos.ru field on a regional sign-in',
      [{ id: 'mesh-mosreg', signIn: { clientId: 'x' } }],
      'signIn.clientId is not a field of a "regional" sign-in',
    ],
    [
      'a new sign-in without kind',
      [{ ...NEW_MESH, signIn: { authBaseUrl: 'https://a.ru' } }],
      'signIn.kind is required',
    ],
    ['an entry that is not an object', ['mesh-moscow'], 'TENANTS_FILE tenants[0]: must be an object'],
    [
      'a bad vendor',
      [{ id: 'eljur', vendors: [{ id: 'school 1', name: 'Ш' }] }],
      'TENANTS_FILE tenants[0] "eljur": vendors[0].id must be a school subdomain',
    ],
    ['a second primary', [{ ...NEW_MESH, primary: true }], 'MESH: "mesh-moscow", "mesh-yanao" are all primary'],
  ])('should refuse %s, naming the entry and field', (_what, tenants, problem) => {
    expect(problems(tenants)).toEqual([expect.stringContaining(problem)]);
  });

  it('should list the problems of every entry at once', () => {
    const found = problems([
      { id: 'mesh-kaluga', timeZone: 'Nowhere' },
      { id: 'eljur', nope: 1 },
    ]);
    expect(found).toEqual([
      'TENANTS_FILE tenants[0] "mesh-kaluga": timeZone must be an IANA time zone such as Europe/Moscow',
      'TENANTS_FILE tenants[1] "eljur": unknown field "nope"',
    ]);
  });

  it('should never echo a secret from a bad entry', () => {
    const secret = 'S3CRET-417-devkey';
    const message = messageOf(() =>
      load([
        { id: 'eljur', devkey: `${secret}\n`, redirectSignInUrl: `https://p:${secret}@eljur.ru` },
        { id: 'dnevnik-ru', clientSecret: 42, [secret]: secret },
        { id: 'mesh-moscow', signIn: { clientSecret: secret.repeat(100) } },
      ]),
    );
    expect(message).toContain('TENANTS_FILE tenants[0] "eljur": devkey');
    expect(message).toContain('tenants[1] "dnevnik-ru": clientSecret must be string');
    expect(message).toContain('unknown field (a key of another form)');
    expect(message).toContain('tenants[2] "mesh-moscow": signIn.clientSecret is longer than 1024 characters');
    expect(message).not.toContain('S3CRET');
  });
});
