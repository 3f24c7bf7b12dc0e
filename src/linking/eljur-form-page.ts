/**
 * The gateway's own Eljur sign-in form (`GET /link/eljur`): login, password and the school chosen from
 * the tenant's list, with a one-time token that binds the post to this session. Shown again after a
 * refusal with the reason, the login kept and the password never echoed.
 */
import type { BilingualName, EljurTenant } from '../tenants/tenant.js';
import { LINK_INPUT_LIMITS } from '../accounts/credential-shape.js';
import { bilingual, escapeHtml, hrefOf, page } from './link-html.js';
import type { LinkProblem } from './link-messages.js';

/** What the form shows. */
export interface EljurFormView {
  tenant: EljurTenant;
  /** The one-time form token (the attempt's state). */
  token: string;
  /** The login typed before a refusal; `''` the first time. */
  login: string;
  /** The school chosen before a refusal, or `null`. */
  vendor: string | null;
  /** Why the last post was refused, or `null`. */
  problem: LinkProblem | null;
  /** Whether Eljur's own sign-in works for this tenant: then each school gets a «Войти через ЭлЖур» link. */
  redirectAvailable: boolean;
  /** The `returnTo` the parent came with, for the redirect links; `null` for the default. */
  returnTo: string | null;
}

const TITLE: BilingualName = { ru: 'Подключение ЭлЖура', en: 'Linking Eljur' };

function vendorOptions(tenant: EljurTenant, chosen: string | null): string {
  const prompt = '<option value="">Выберите школу / Choose the school</option>';
  const options = tenant.vendors.map((vendor) => {
    const selected = vendor.id === chosen ? ' selected' : '';
    return `<option value="${escapeHtml(vendor.id)}"${selected}>${escapeHtml(vendor.name.ru)} / ${escapeHtml(vendor.name.en)}</option>`;
  });
  return prompt + options.join('');
}

function redirectLinks(view: EljurFormView): string {
  if (!view.redirectAvailable || view.tenant.vendors.length === 0) return '';
  const items = view.tenant.vendors.map((vendor) => {
    const href = hrefOf('/link/eljur', {
      flow: 'redirect',
      tenant: view.tenant.id,
      vendor: vendor.id,
      returnTo: view.returnTo,
    });
    return `<li><a href="${href}">Войти через ЭлЖур — ${escapeHtml(vendor.name.ru)} <span lang="en">/ Sign in with Eljur — ${escapeHtml(vendor.name.en)}</span></a></li>`;
  });
  return [
    bilingual({
      ru: 'Или войдите на сайте ЭлЖура — тогда пароль вводится только там:',
      en: "Or sign in on Eljur's own site — then the password is typed there only:",
    }),
    `<ul>${items.join('')}</ul>`,
  ].join('');
}

/** The Eljur sign-in form. */
export function eljurFormPage(view: EljurFormView): string {
  const { tenant } = view;
  const body = [
    view.problem ? bilingual(view.problem.text, 'problem') : '',
    bilingual(tenant.name),
    '<form method="post" action="/link/eljur">',
    `<input type="hidden" name="token" value="${escapeHtml(view.token)}">`,
    '<label for="vendor">Школа <span lang="en" class="en">/ School</span></label>',
    `<select id="vendor" name="vendor" required>${vendorOptions(tenant, view.vendor)}</select>`,
    '<label for="login">Логин ЭлЖура <span lang="en" class="en">/ Eljur login</span></label>',
    `<input id="login" name="login" autocomplete="username" required maxlength="${LINK_INPUT_LIMITS.login}" value="${escapeHtml(view.login)}">`,
    '<label for="password">Пароль <span lang="en" class="en">/ Password</span></label>',
    `<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="${LINK_INPUT_LIMITS.password}">`,
    '<button type="submit">Подключить <span lang="en">/ Link</span></button>',
    '</form>',
    redirectLinks(view),
  ];
  return page(TITLE, body.join('\n'));
}
