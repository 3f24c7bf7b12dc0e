/**
 * What a newcomer needs to try the gateways behind the standalone demo upstreams: where to sign in, which
 * gateway to open, and what to type on each diary's sign-in page. Served as JSON (`GET /` on the issuer's
 * port) and printed as text at start. Every credential here is the demo's own, worthless elsewhere: the
 * same the embedded demo serves at `/demo/accounts` and the README's table lists.
 */
import type { Tenant } from '../tenants/tenant.js';
import type { DemoFamily } from './demo-family.js';
import type { DemoLinkingCredentials } from './demo-simulators.js';
import { tenantOfDemoAccount } from './demo-tenants.js';
import { demoIssuerAccounts } from './identity-provider.js';

/** The guide: the JSON answer of `GET /`. */
export interface UpstreamsGuide {
  /** The sign-in issuer (each gateway's `OIDC_ISSUER`) and who can sign in there. */
  issuer: { url: string; persons: { login: string; name: string; role: string | null }[] };
  /** Each gateway: where a family starts, signs in and links diaries. */
  gateways: { url: string; signIn: string; link: string }[];
  /** Each demo diary: its tenant, where its simulator is, and the login and password its sign-in page takes. */
  diaries: { tenant: string; name: { ru: string; en: string }; url: string; login: string; password: string }[];
  /** For API clients: the link mutations' inputs (a fresh single-use Dnevnik.ru code on every request). */
  mutations: DemoLinkingCredentials;
}

/** What the guide is built from. */
export interface GuideSources {
  family: DemoFamily;
  issuerUrl: string;
  gatewayUrls: readonly string[];
  tenants: readonly Tenant[];
  /** The public origin of each tenant's simulator, by tenant id. */
  tenantUrls: ReadonlyMap<string, string>;
  linkingCredentials: () => DemoLinkingCredentials;
}

/** Builds the guide (a new Dnevnik.ru code each time). */
export function upstreamsGuide(sources: GuideSources): UpstreamsGuide {
  const { family } = sources;
  return {
    issuer: {
      url: sources.issuerUrl,
      persons: demoIssuerAccounts(family).map((account) => ({
        login: account.login,
        name: typeof account.claims.name === 'string' ? account.claims.name : account.login,
        role: account.role?.en ?? null,
      })),
    },
    gateways: sources.gatewayUrls.map((url) => ({ url, signIn: `${url}/auth/login`, link: `${url}/link` })),
    diaries: family.accounts.map((account) => {
      const tenant = tenantOfDemoAccount(account);
      const name = sources.tenants.find((candidate) => candidate.id === tenant)?.name ?? { ru: tenant, en: tenant };
      return {
        tenant,
        name: { ru: name.ru, en: name.en },
        url: sources.tenantUrls.get(tenant) ?? '',
        login: account.login ?? '',
        password: account.password ?? '',
      };
    }),
    mutations: sources.linkingCredentials(),
  };
}

/** The guide as the text printed at start (without the mutations: the JSON has them). */
export function renderGuide(guide: UpstreamsGuide, guideUrl: string): string {
  const label = (diary: UpstreamsGuide['diaries'][number]) => `${diary.name.ru} (${diary.tenant})`;
  const typed = (diary: UpstreamsGuide['diaries'][number]) => `${diary.login} / ${diary.password}`;
  const widths = [
    Math.max(...guide.diaries.map((d) => label(d).length)),
    Math.max(...guide.diaries.map((d) => typed(d).length)),
  ];
  const lines = [
    'Demo upstreams are running — demo data only, never for production.',
    `  Sign-in issuer (OIDC_ISSUER): ${guide.issuer.url}`,
    `    sign in as: ${guide.issuer.persons.map((person) => `«${person.name}»`).join(' or ')}`,
    `  Open a gateway and press «Войти через Госуслуги»: ${guide.gateways.map((gateway) => gateway.url).join(', ')}`,
    '  Then link the diaries at <gateway>/link, signing in on each diary’s own page with:',
    ...guide.diaries.map(
      (diary) => `    ${label(diary).padEnd(widths[0]!)}  ${typed(diary).padEnd(widths[1]!)}  ${diary.url}`,
    ),
    `  The same as JSON, with the link mutations’ inputs for API clients: ${guideUrl}`,
  ];
  return `${lines.join('\n')}\n`;
}
