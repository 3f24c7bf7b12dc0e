import { describe, expect, it } from 'vitest';
import type { LinkFlowStatus, Tenant } from '../../../src/tenants/tenant.js';
import { createTenantRegistry } from '../../../src/tenants/tenant-registry.js';
import { builtIns, builtInsWith } from './support.js';

const PUBLIC = { publicUrl: 'https://gateway.example' };
const NO_PUBLIC_URL = { publicUrl: null };
const VENDORS = [{ id: 'school1', name: { ru: 'Лицей №1', en: 'Lyceum 1' } }];

/** Flows of tenant `id` in `tenants`, as `kind: on|reason (en)`. */
function flows(tenants: Tenant[], id: string, context: { publicUrl: string | null }): LinkFlowStatus[] {
  const registry = createTenantRegistry(tenants);
  return registry.linkFlows(registry.get(id)!, context);
}

function configured(): Tenant[] {
  const tenants = builtIns();
  for (const tenant of tenants) {
    if (tenant.platform === 'MESH' && tenant.signIn?.kind === 'mos-ru')
      Object.assign(tenant.signIn, { clientId: 'mesh-client', clientSecret: 'mesh-secret' });
    if (tenant.platform === 'DNEVNIK') Object.assign(tenant, { clientId: 'dn-client', clientSecret: 'dn-secret' });
    if (tenant.platform === 'ELJUR')
      Object.assign(tenant, { devkey: 'devkey-12345', vendors: VENDORS, redirectSignInUrl: 'https://eljur.ru/p' });
  }
  return tenants;
}

describe('linkFlows', () => {
  it('should offer every flow when everything is configured', () => {
    const registry = createTenantRegistry(configured());
    for (const tenant of registry.all()) {
      const kinds = tenant.platform === 'ELJUR' ? ['FORM', 'REDIRECT'] : ['REDIRECT'];
      expect(registry.linkFlows(tenant, PUBLIC)).toEqual(
        kinds.map((kind) => ({ kind, available: true, unavailableReason: null })),
      );
    }
  });

  it('should turn the mos.ru flow off without a client, naming MESH_CLIENT_ID and MESH_CLIENT_SECRET', () => {
    const [redirect] = flows(builtIns(), 'mesh-moscow', PUBLIC);
    expect(redirect).toMatchObject({ kind: 'REDIRECT', available: false });
    expect(redirect?.unavailableReason?.en).toBe(
      'No mos.ru client is registered: set MESH_CLIENT_ID and MESH_CLIENT_SECRET (or signIn.clientId and signIn.clientSecret of "mesh-moscow" in TENANTS_FILE).',
    );
    expect(redirect?.unavailableReason?.ru).toBe(
      'Клиент mos.ru не зарегистрирован: задайте MESH_CLIENT_ID и MESH_CLIENT_SECRET (или signIn.clientId и signIn.clientSecret у «mesh-moscow» в TENANTS_FILE).',
    );
  });

  it('should name only the missing secret', () => {
    const tenants = builtInsWith('dnevnik-ru', (tenant) => (tenant.clientId = 'dn-client'));
    expect(flows(tenants, 'dnevnik-ru', PUBLIC)[0]?.unavailableReason?.en).toBe(
      'No OAuth client of the diary is registered: set DNEVNIK_CLIENT_SECRET (or clientSecret of "dnevnik-ru" in TENANTS_FILE).',
    );
  });

  it('should name only the TENANTS_FILE field for a tenant the environment does not configure', () => {
    expect(flows(builtIns(), 'kundelik-kz', PUBLIC)[0]?.unavailableReason).toEqual({
      ru: 'OAuth-клиент дневника не зарегистрирован: задайте clientId и clientSecret у «kundelik-kz» в TENANTS_FILE.',
      en: 'No OAuth client of the diary is registered: set clientId and clientSecret of "kundelik-kz" in TENANTS_FILE.',
    });
  });

  it('should always offer a regional МЭШ node’s sign-in, and none when signIn is null', () => {
    expect(flows(builtIns(), 'mesh-mosreg', PUBLIC)).toEqual([
      { kind: 'REDIRECT', available: true, unavailableReason: null },
    ]);
    const tenants = builtInsWith('mesh-kaluga', (tenant) => (tenant.signIn = null));
    expect(flows(tenants, 'mesh-kaluga', PUBLIC)[0]?.unavailableReason?.en).toBe(
      'No diary sign-in is configured: set signIn of "mesh-kaluga" in TENANTS_FILE.',
    );
  });

  it('should turn every redirect flow off without a public URL, and say the callback must be registered', () => {
    const tenants = configured();
    for (const id of ['mesh-moscow', 'mesh-mosreg', 'dnevnik-ru', 'eljur']) {
      const redirect = flows(tenants, id, NO_PUBLIC_URL).find((flow) => flow.kind === 'REDIRECT');
      expect(redirect?.available).toBe(false);
      expect(redirect?.unavailableReason?.en).toMatch(
        /^The gateway’s public address is unknown: set PUBLIC_URL .*must be registered/,
      );
      expect(redirect?.unavailableReason?.ru).toMatch(/^Неизвестен публичный адрес шлюза: задайте PUBLIC_URL/);
    }
    expect(flows(tenants, 'eljur', NO_PUBLIC_URL)[0]).toEqual({
      kind: 'FORM',
      available: true,
      unavailableReason: null,
    });
  });

  it('should need a devkey and a school for the Eljur form, and the partner page too for its redirect', () => {
    const [form, redirect] = flows(builtIns(), 'eljur-crimea', PUBLIC);
    expect(form?.unavailableReason?.en).toBe(
      'No Eljur developer key: set ELJUR_DEVKEY (or devkey of "eljur-crimea" in TENANTS_FILE). No schools are listed: set vendors of "eljur-crimea" in TENANTS_FILE.',
    );
    expect(redirect?.unavailableReason?.en).toContain(
      'No Eljur partner sign-in page: set redirectSignInUrl of "eljur-crimea"',
    );
    const withKey = builtInsWith('eljur', (tenant) => (tenant.devkey = 'devkey-12345'));
    const [eljurForm, eljurRedirect] = flows(withKey, 'eljur', PUBLIC);
    expect(eljurForm?.unavailableReason?.en).toBe(
      'No schools are listed: set ELJUR_VENDORS (or vendors of "eljur" in TENANTS_FILE).',
    );
    expect(eljurRedirect?.unavailableReason?.ru).toBe(
      'Нет страницы входа ЭлЖур для партнёров: задайте ELJUR_REDIRECT_SIGN_IN_URL (или redirectSignInUrl у «eljur» в TENANTS_FILE). ' +
        'Не указаны школы: задайте ELJUR_VENDORS (или vendors у «eljur» в TENANTS_FILE).',
    );
  });
});

describe('setupReport', () => {
  it('should say nothing when every tenant is served with every flow', () => {
    expect(createTenantRegistry(configured()).setupReport(PUBLIC)).toEqual([]);
  });

  it('should give one line per tenant not served or with a flow off, naming settings and no value', () => {
    const tenants = configured();
    const eljur = tenants.find((tenant) => tenant.id === 'eljur-yugra')!;
    Object.assign(eljur, { devkey: null });
    const dnevnik = tenants.find((tenant) => tenant.id === 'kundelik-kz')!;
    Object.assign(dnevnik, { clientSecret: null });
    const crimea = tenants.find((tenant) => tenant.id === 'eljur-crimea')!;
    Object.assign(crimea, { redirectSignInUrl: null });
    const report = createTenantRegistry(tenants).setupReport(PUBLIC);
    expect(report).toEqual([
      'Tenant "kundelik-kz" (Kundelik.kz (Kazakhstan), DNEVNIK): REDIRECT off: No OAuth client of the diary is registered: set clientSecret of "kundelik-kz" in TENANTS_FILE.',
      'Tenant "eljur-crimea" (Eljur — Crimea, ELJUR): FORM on | REDIRECT off: No Eljur partner sign-in page: set redirectSignInUrl of "eljur-crimea" in TENANTS_FILE.',
      'Tenant "eljur-yugra" (Eljur — Yugra (KhMAO), ELJUR): not served, its accounts fail. No Eljur developer key: set ELJUR_DEVKEY (or devkey of "eljur-yugra" in TENANTS_FILE).',
    ]);
    for (const secret of ['dn-client', 'mesh-secret', 'devkey-12345', 'https://eljur.ru/p'])
      expect(report.join('\n')).not.toContain(secret);
  });

  it('should report every redirect flow when the public URL is missing', () => {
    const report = createTenantRegistry(configured()).setupReport(NO_PUBLIC_URL);
    expect(report).toHaveLength(15);
    expect(
      report.filter((line) => line.includes('REDIRECT off: The gateway’s public address is unknown')),
    ).toHaveLength(15);
  });
});
