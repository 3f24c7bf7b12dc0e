import { describe, expect, it } from 'vitest';
import { eljurFormPage } from '../../../src/linking/eljur-form-page.js';
import { LinkFlowError } from '../../../src/linking/link-errors.js';
import { escapeHtml } from '../../../src/linking/link-html.js';
import { problemOf } from '../../../src/linking/link-messages.js';
import { problemPage } from '../../../src/linking/link-replies.js';
import { overviewPage } from '../../../src/linking/overview-page.js';
import { ProviderLinkRefusedError, RateLimitedError } from '../../../src/errors/gateway-error.js';
import { StoreError } from '../../../src/store/store-error.js';
import type { EljurTenant, MeshTenant } from '../../../src/tenants/tenant.js';

const EVIL = `<script>alert("x")</script>'&`;
const ESCAPED = '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#39;&#38;';

const MESH: MeshTenant = {
  id: 'mesh-moscow',
  platform: 'MESH',
  name: { ru: `МЭШ ${EVIL}`, en: `MESH ${EVIL}` },
  timeZone: 'Europe/Moscow',
  primary: true,
  schoolBaseUrl: 'https://school.mos.ru',
  aclBaseUrl: 'https://dnevnik.mos.ru',
  signIn: null,
};
const ELJUR: EljurTenant = {
  id: 'eljur',
  platform: 'ELJUR',
  name: { ru: `ЭлЖур ${EVIL}`, en: `Eljur ${EVIL}` },
  timeZone: 'Europe/Moscow',
  primary: true,
  baseUrl: 'https://eljur.example',
  devkey: 'the-devkey',
  vendors: [{ id: `school"1`, name: { ru: `Школа ${EVIL}`, en: `School ${EVIL}` } }],
  redirectSignInUrl: null,
};

/** Every raw `<` in a page starts one of the page's own tags, never one that came in a value. */
function expectNoInjectedMarkup(html: string) {
  expect(html).not.toContain('<script');
  expect(html).not.toContain('alert("x")');
  expect(html).toContain(ESCAPED);
}

describe('the link pages', () => {
  it('should escape every character that could end a text or an attribute', () => {
    expect(escapeHtml(EVIL)).toBe(ESCAPED);
  });

  it('should escape display names, tenant names, school names and reasons on the overview', () => {
    const html = overviewPage({
      accounts: [{ displayName: EVIL, tenantName: MESH.name }],
      justLinked: ELJUR.name,
      tenants: [
        { tenant: MESH, flows: [{ kind: 'REDIRECT', available: false, unavailableReason: { ru: EVIL, en: EVIL } }] },
        {
          tenant: ELJUR,
          flows: [
            { kind: 'FORM', available: true, unavailableReason: null },
            { kind: 'REDIRECT', available: true, unavailableReason: null },
          ],
        },
      ],
    });
    expectNoInjectedMarkup(html);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('value="school&#34;1"');
    expect(html).toContain('href="/link/eljur?tenant=eljur"');
    expect(html).not.toContain('the-devkey');
    // Russian first, English beside it.
    expect(html.indexOf('Подключённые дневники')).toBeLessThan(html.indexOf('Linked diaries'));
  });

  it('should escape the kept login and the schools on the Eljur form, and never fill in a password', () => {
    const html = eljurFormPage({
      tenant: ELJUR,
      token: 'token-1',
      login: EVIL,
      vendor: `school"1`,
      problem: problemOf(new ProviderLinkRefusedError('ELJUR')),
      redirectAvailable: true,
      returnTo: '/x?a=1&b=2',
    });
    expectNoInjectedMarkup(html);
    expect(html).toContain(`value="${ESCAPED}"`);
    expect(html).toMatch(
      /<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">/,
    );
    expect(html).toContain('<option value="school&#34;1" selected>');
    expect(html).toContain('role="alert"');
    expect(html).toContain('Дневник не принял вход');
    expect(html).toContain('returnTo=%2Fx%3Fa%3D1%26b%3D2');
  });

  it('should show a refusal in both languages with its code and reason, escaped', () => {
    const html = problemPage(
      problemOf(new LinkFlowError('LINK_FLOW_UNAVAILABLE', { detail: { ru: EVIL, en: EVIL } }))!,
    );
    expectNoInjectedMarkup(html);
    expect(html).toContain('Этот способ подключения дневника сейчас недоступен.');
    expect(html).toContain('This way of linking the diary is not available now.');
    expect(html).toContain('<code>LINK_FLOW_UNAVAILABLE</code>');
  });
});

describe('link problems', () => {
  it('should give each refusal a status, a code and words in both languages', () => {
    expect(problemOf(new LinkFlowError('LINK_SESSION_MISMATCH'))).toMatchObject({
      status: 403,
      code: 'LINK_SESSION_MISMATCH',
    });
    expect(problemOf(new RateLimitedError(10, 7))).toMatchObject({
      status: 429,
      retryAfterSeconds: 7,
      text: { ru: 'Слишком много попыток. Попробуйте снова через 7 с.' },
    });
    expect(problemOf(new ProviderLinkRefusedError('ELJUR'))).toMatchObject({
      status: 400,
      code: 'PROVIDER_AUTH_FAILED',
    });
    const store = problemOf(new StoreError('STORE_WRITE_FAILED', 'Could not write the store file /var/lib/store.json'));
    expect(store).toMatchObject({ status: 503, code: 'STORE_WRITE_FAILED' });
    expect(JSON.stringify(store)).not.toContain('/var/lib');
    expect(problemOf(new Error('a bug'))).toBeNull();
  });
});
