/**
 * Which link flows a tenant can offer with the configuration it has, and, when one cannot, what to set.
 * Every reason names the variable (for the primaries the environment configures) or the `TENANTS_FILE`
 * field to fill, in Russian and English; none shows a value.
 */
import { ENVIRONMENT_TENANT_IDS } from './built-in-tenants.js';
import type { BilingualName, EljurTenant, LinkFlowKind, LinkFlowStatus, Tenant } from './tenant.js';

/** What the flows depend on outside the tenant itself. */
export interface LinkFlowContext {
  /** The gateway's address as browsers reach it (`PUBLIC_URL`); redirect flows need it for their callback. */
  publicUrl: string | null;
}

/**
 * A setting to fill: the tenant's `TENANTS_FILE` field, and the variable that also sets it — for the
 * environment's primary only, or (`everyTenant`) for every tenant of the platform without its own value.
 */
interface Setting {
  field: string;
  variable?: string;
  everyTenant?: boolean;
}

/** Whether the tenant takes its simple-case settings from the environment (the built-in primaries). */
function fromEnvironment(tenant: Tenant): boolean {
  return ENVIRONMENT_TENANT_IDS[tenant.platform] === tenant.id;
}

/** `Set X and Y (or a and b of "id" in TENANTS_FILE).`, in both languages, after a lead sentence. */
function fill(tenant: Tenant, lead: BilingualName, settings: Setting[]): BilingualName {
  const fields = settings.map((setting) => setting.field);
  const variables = settings.flatMap((setting) =>
    setting.variable && (fromEnvironment(tenant) || setting.everyTenant) ? [setting.variable] : [],
  );
  const inFile = (and: string, of: string) => `${fields.join(and)} ${of} "${tenant.id}" in TENANTS_FILE`;
  if (variables.length === 0) {
    return {
      ru: `${lead.ru}: задайте ${fields.join(' и ')} у «${tenant.id}» в TENANTS_FILE.`,
      en: `${lead.en}: set ${inFile(' and ', 'of')}.`,
    };
  }
  return {
    ru: `${lead.ru}: задайте ${variables.join(' и ')} (или ${fields.join(' и ')} у «${tenant.id}» в TENANTS_FILE).`,
    en: `${lead.en}: set ${variables.join(' and ')} (or ${inFile(' and ', 'of')}).`,
  };
}

const PUBLIC_URL_REASON: BilingualName = {
  ru: 'Неизвестен публичный адрес шлюза: задайте PUBLIC_URL (адрес возврата PUBLIC_URL/link/…/callback нужно зарегистрировать в дневнике).',
  en: 'The gateway’s public address is unknown: set PUBLIC_URL (the callback PUBLIC_URL/link/…/callback must be registered with the diary).',
};

function status(kind: LinkFlowKind, reasons: BilingualName[]): LinkFlowStatus {
  if (reasons.length === 0) return { kind, available: true, unavailableReason: null };
  return {
    kind,
    available: false,
    unavailableReason: {
      ru: reasons.map((reason) => reason.ru).join(' '),
      en: reasons.map((reason) => reason.en).join(' '),
    },
  };
}

/** A redirect flow needs the callback's address; `missing` are the tenant's own gaps. */
function redirect(missing: BilingualName[], context: LinkFlowContext): LinkFlowStatus {
  return status('REDIRECT', context.publicUrl === null ? [...missing, PUBLIC_URL_REASON] : missing);
}

function clientReasons(tenant: Tenant, clientId: string | null, clientSecret: string | null, prefix: string) {
  if (clientId !== null && clientSecret !== null) return [];
  const variable = tenant.platform === 'MESH' ? 'MESH_CLIENT' : 'DNEVNIK_CLIENT';
  const settings: Setting[] = [];
  if (clientId === null) settings.push({ field: `${prefix}clientId`, variable: `${variable}_ID` });
  if (clientSecret === null) settings.push({ field: `${prefix}clientSecret`, variable: `${variable}_SECRET` });
  const lead =
    tenant.platform === 'MESH'
      ? { ru: 'Клиент mos.ru не зарегистрирован', en: 'No mos.ru client is registered' }
      : { ru: 'OAuth-клиент дневника не зарегистрирован', en: 'No OAuth client of the diary is registered' };
  return [fill(tenant, lead, settings)];
}

function devkeyReason(tenant: EljurTenant): BilingualName {
  return fill(tenant, { ru: 'Нет ключа разработчика ЭлЖур', en: 'No Eljur developer key' }, [
    { field: 'devkey', variable: 'ELJUR_DEVKEY', everyTenant: true },
  ]);
}

function eljurReasons(tenant: EljurTenant, needsPage: boolean): BilingualName[] {
  const reasons: BilingualName[] = [];
  if (tenant.devkey === null) reasons.push(devkeyReason(tenant));
  if (needsPage && tenant.redirectSignInUrl === null)
    reasons.push(
      fill(tenant, { ru: 'Нет страницы входа ЭлЖур для партнёров', en: 'No Eljur partner sign-in page' }, [
        { field: 'redirectSignInUrl', variable: 'ELJUR_REDIRECT_SIGN_IN_URL' },
      ]),
    );
  if (tenant.vendors.length === 0)
    reasons.push(
      fill(tenant, { ru: 'Не указаны школы', en: 'No schools are listed' }, [
        { field: 'vendors', variable: 'ELJUR_VENDORS' },
      ]),
    );
  return reasons;
}

/**
 * The link flows of `tenant` with their state: МЭШ and Dnevnik.ru offer REDIRECT; Eljur offers FORM
 * (devkey and a school) and REDIRECT (devkey, Eljur's partner sign-in page and a school). Every REDIRECT
 * also needs `context.publicUrl`, since the diary sends the browser back to a registered callback.
 */
export function linkFlows(tenant: Tenant, context: LinkFlowContext): LinkFlowStatus[] {
  switch (tenant.platform) {
    case 'MESH': {
      const signIn = tenant.signIn;
      if (signIn === null) {
        const lead = { ru: 'Вход через дневник не настроен', en: 'No diary sign-in is configured' };
        return [redirect([fill(tenant, lead, [{ field: 'signIn' }])], context)];
      }
      if (signIn.kind === 'regional') return [redirect([], context)];
      return [redirect(clientReasons(tenant, signIn.clientId, signIn.clientSecret, 'signIn.'), context)];
    }
    case 'DNEVNIK':
      return [redirect(clientReasons(tenant, tenant.clientId, tenant.clientSecret, ''), context)];
    case 'ELJUR':
      return [status('FORM', eljurReasons(tenant, false)), redirect(eljurReasons(tenant, true), context)];
  }
}

/** Whether an adapter can serve the tenant's accounts: Eljur answers nothing without a devkey; the others always. */
export function isServed(tenant: Tenant): boolean {
  return tenant.platform !== 'ELJUR' || tenant.devkey !== null;
}

/**
 * The start-up log line of a tenant that is not served or has a flow off, in English (the operator's
 * log), or `null` when all is well. Names the settings to fill; never a value.
 */
export function setupLine(tenant: Tenant, context: LinkFlowContext): string | null {
  const label = `Tenant "${tenant.id}" (${tenant.name.en}, ${tenant.platform})`;
  // Only an Eljur tenant without a devkey goes unserved; its flows are off for the same reason.
  if (tenant.platform === 'ELJUR' && !isServed(tenant))
    return `${label}: not served, its accounts fail. ${devkeyReason(tenant).en}`;
  const flows = linkFlows(tenant, context);
  if (flows.every((flow) => flow.available)) return null;
  const parts = flows.map((flow) =>
    flow.available ? `${flow.kind} on` : `${flow.kind} off: ${flow.unavailableReason?.en ?? ''}`,
  );
  return `${label}: ${parts.join(' | ')}`;
}
