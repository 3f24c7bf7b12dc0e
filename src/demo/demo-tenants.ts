/**
 * The demo's tenants: four installations, each served by its own simulator on loopback — Moscow's МЭШ
 * (with login.mos.ru's pages), the Moscow region's «Моя школа» (a second МЭШ-platform node with its own
 * sign-in), Dnevnik.ru and Eljur. Names and kinds come from the built-in entries, so the demo shows what a
 * configured gateway shows; only the hosts and the simulators' own client credentials differ.
 */
import { BUILT_IN_TENANTS } from '../tenants/built-in-tenants.js';
import type { DnevnikTenant, EljurTenant, MeshTenant, Tenant } from '../tenants/tenant.js';
import type { DemoAccount, DemoFamily } from './demo-family.js';

/** Each demo account's tenant when it names none: the platform's primary. */
const PRIMARY_TENANTS = Object.freeze({ MESH: 'mesh-moscow', DNEVNIK: 'dnevnik-ru', ELJUR: 'eljur' });

/** The tenant a demo account lives on. */
export function tenantOfDemoAccount(account: DemoAccount): string {
  return account.tenant ?? PRIMARY_TENANTS[account.provider];
}

/**
 * The family as one installation knows it: only the accounts on that tenant (children stay; accounts pick
 * them). Read through a getter, so an account a test adds to the family later reaches its simulator too.
 */
export function familyOnTenant(family: DemoFamily, tenant: string): DemoFamily {
  return {
    ...family,
    get accounts() {
      return family.accounts.filter((account) => tenantOfDemoAccount(account) === tenant);
    },
  };
}

/** Where the demo's simulators listen, and the credentials they accept. */
export interface DemoEndpoints {
  mesh: { url: string; client: { id: string; secret: string } };
  meshRegion: { url: string };
  dnevnik: { url: string; client: { id: string; secret: string } };
  eljur: { url: string; devkey: string; vendor: string; signInUrl: string };
}

function builtIn<T extends Tenant>(id: string): T {
  const tenant = BUILT_IN_TENANTS.find((candidate) => candidate.id === id);
  if (!tenant) throw new Error(`the built-in tenant ${id} is missing`);
  return tenant as T;
}

/** The four demo tenants, pointing at the simulators. */
export function demoTenants(endpoints: DemoEndpoints): Tenant[] {
  const moscow = builtIn<MeshTenant>('mesh-moscow');
  const region = builtIn<MeshTenant>('mesh-mosreg');
  const dnevnik = builtIn<DnevnikTenant>('dnevnik-ru');
  const eljur = builtIn<EljurTenant>('eljur');
  const { mesh, meshRegion } = endpoints;
  return [
    {
      ...moscow,
      schoolBaseUrl: mesh.url,
      aclBaseUrl: mesh.url,
      signIn: {
        kind: 'mos-ru',
        loginBaseUrl: mesh.url,
        clientId: mesh.client.id,
        clientSecret: mesh.client.secret,
        scope: moscow.signIn?.kind === 'mos-ru' ? moscow.signIn.scope : 'openid',
      },
    },
    {
      ...region,
      schoolBaseUrl: meshRegion.url,
      aclBaseUrl: meshRegion.url,
      signIn: { kind: 'regional', authBaseUrl: meshRegion.url },
    },
    {
      ...dnevnik,
      apiBaseUrl: endpoints.dnevnik.url,
      loginBaseUrl: endpoints.dnevnik.url,
      clientId: endpoints.dnevnik.client.id,
      clientSecret: endpoints.dnevnik.client.secret,
    },
    {
      ...eljur,
      baseUrl: endpoints.eljur.url,
      // The demo's Eljur school is in Samara. It is named as the simulator's own sign-in page names its
      // vendor (the first Eljur child's school), so the school a parent picks on the gateway's form is the
      // one Eljur's page then shows.
      timeZone: 'Europe/Samara',
      devkey: endpoints.eljur.devkey,
      vendors: [
        { id: endpoints.eljur.vendor, name: { ru: 'МБОУ «Школа № 132» г. о. Самара', en: 'School No. 132, Samara' } },
      ],
      redirectSignInUrl: endpoints.eljur.signInUrl,
    },
  ];
}
