/**
 * `GET /link`: the parent's linked diaries, then every tenant grouped by platform with its ways of
 * linking — a button for each flow that works, and for each that does not, the reason.
 */
import type { ProviderKind } from '../domain/model.js';
import type { BilingualName, EljurTenant, LinkFlowStatus, Tenant } from '../tenants/tenant.js';
import { bilingual, escapeHtml, heading, hrefOf, linkTo, page } from './link-html.js';
import { PLATFORM_SEGMENTS } from './link-query.js';

/** What the overview shows. */
export interface OverviewView {
  /** The user's linked accounts with their tenant's name (`null`: a tenant no longer served). */
  accounts: { displayName: string; tenantName: BilingualName | null }[];
  /** After a link: the tenant just linked, for «Дневник подключён». */
  justLinked: BilingualName | null;
  /** Every tenant with its flows, in the registry's order. */
  tenants: { tenant: Tenant; flows: LinkFlowStatus[] }[];
}

const TITLE: BilingualName = { ru: 'Подключение дневников', en: 'Linking diaries' };

const PLATFORM_TITLES: Readonly<Record<ProviderKind, BilingualName>> = Object.freeze({
  MESH: { ru: 'МЭШ и «Моя школа»', en: 'MESH and «Моя школа»' },
  DNEVNIK: { ru: 'Дневник.ру и его региональные версии', en: 'Dnevnik.ru and its regional versions' },
  ELJUR: { ru: 'ЭлЖур', en: 'Eljur' },
});

const PLATFORM_ORDER: readonly ProviderKind[] = ['MESH', 'DNEVNIK', 'ELJUR'];

function accountList(accounts: OverviewView['accounts']): string {
  const title = heading(2, { ru: 'Подключённые дневники', en: 'Linked diaries' });
  if (accounts.length === 0)
    return title + bilingual({ ru: 'Пока ни одного дневника не подключено.', en: 'No diary is linked yet.' });
  const items = accounts.map(({ displayName, tenantName }) => {
    const where = tenantName
      ? ` — ${escapeHtml(tenantName.ru)} <span lang="en">/ ${escapeHtml(tenantName.en)}</span>`
      : '';
    return `<li>${escapeHtml(displayName)}${where}</li>`;
  });
  return `${title}<ul>${items.join('')}</ul>`;
}

/** Eljur's own sign-in is per school: a small GET form picks the school and starts the flow. */
function eljurRedirectForm(tenant: EljurTenant): string {
  const options = tenant.vendors
    .map((vendor) => `<option value="${escapeHtml(vendor.id)}">${escapeHtml(vendor.name.ru)}</option>`)
    .join('');
  const id = `vendor-${escapeHtml(tenant.id)}`;
  return [
    `<form method="get" action="/link/eljur">`,
    '<input type="hidden" name="flow" value="redirect">',
    `<input type="hidden" name="tenant" value="${escapeHtml(tenant.id)}">`,
    `<label for="${id}">Школа <span lang="en" class="en">/ School</span></label>`,
    `<select id="${id}" name="vendor" required>${options}</select>`,
    '<button type="submit">Войти через ЭлЖур <span lang="en">/ Sign in with Eljur</span></button>',
    '</form>',
  ].join('');
}

function flowBlock(tenant: Tenant, flow: LinkFlowStatus): string {
  const segment = PLATFORM_SEGMENTS[tenant.platform];
  if (!flow.available) {
    const what =
      flow.kind === 'FORM'
        ? { ru: 'Вход по логину и паролю', en: 'Signing in with a login and password' }
        : { ru: 'Вход через сайт дневника', en: "Signing in on the diary's site" };
    const reason = flow.unavailableReason;
    return bilingual({
      ru: `${what.ru} недоступен${reason ? `: ${reason.ru}` : '.'}`,
      en: `${what.en} is not available${reason ? `: ${reason.en}` : '.'}`,
    });
  }
  if (flow.kind === 'FORM')
    return `<p>${linkTo(
      hrefOf(`/link/${segment}`, { tenant: tenant.id }),
      { ru: 'Ввести логин и пароль ЭлЖура', en: 'Enter the Eljur login and password' },
      true,
    )}</p>`;
  if (tenant.platform === 'ELJUR') return eljurRedirectForm(tenant);
  return `<p>${linkTo(
    hrefOf(`/link/${segment}`, { tenant: tenant.id }),
    { ru: 'Войти в дневник', en: 'Sign in to the diary' },
    true,
  )}</p>`;
}

function tenantSection({ tenant, flows }: OverviewView['tenants'][number]): string {
  const ways =
    flows.length === 0
      ? bilingual({ ru: 'Подключение из браузера не предусмотрено.', en: 'No way to link from the browser.' })
      : flows.map((flow) => flowBlock(tenant, flow)).join('');
  return `<section class="tenant">${heading(3, tenant.name)}${ways}</section>`;
}

/** The overview page. */
export function overviewPage(view: OverviewView): string {
  const parts: string[] = [];
  if (view.justLinked)
    parts.push(
      bilingual(
        {
          ru: `Дневник подключён: ${view.justLinked.ru}.`,
          en: `Diary linked: ${view.justLinked.en}.`,
        },
        'notice',
      ),
    );
  parts.push(accountList(view.accounts));
  for (const platform of PLATFORM_ORDER) {
    const tenants = view.tenants.filter((entry) => entry.tenant.platform === platform);
    if (tenants.length === 0) continue;
    parts.push(heading(2, PLATFORM_TITLES[platform]), ...tenants.map(tenantSection));
  }
  return page(TITLE, parts.join('\n'));
}
