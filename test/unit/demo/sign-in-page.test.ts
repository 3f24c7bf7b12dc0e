/**
 * The demo issuer's sign-in page markup on its own: every interpolated value escaped, in text and in
 * attributes (the page over HTTP is tested in test/integration/oidc-sign-in-page.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderNoticePage, renderSignInPage } from '../../../src/demo/sign-in-page.js';

const NASTY = `<img src=x onerror="alert('1')">&amp;`;
const ESCAPED = '&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;amp;';

describe('renderSignInPage', () => {
  it('should escape every value it shows', () => {
    const html = renderSignInPage({
      persons: [{ login: NASTY, name: NASTY, role: { ru: NASTY, en: NASTY } }],
      signInAction: `/i/${NASTY}/login`,
      cancelAction: `/i/${NASTY}/cancel`,
      clientId: NASTY,
      scope: NASTY,
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain(`"alert`);
    // Name twice on the button, role in both languages, client id, scope, login as the button value, and
    // the two form actions.
    expect(html.split(ESCAPED)).toHaveLength(1 + 9);
    expect(html).toContain(`action="/i/${ESCAPED}/login"`);
    expect(html).toContain(`action="/i/${ESCAPED}/cancel"`);
  });

  it('should list each person with a button that posts the login, and one cancel button', () => {
    const html = renderSignInPage({
      persons: [
        { login: 'parent', name: 'Анна Сергеевна Иванова', role: { ru: 'родитель', en: 'parent' } },
        { login: 'grandma', name: 'Галина Петровна Иванова', role: null },
      ],
      signInAction: '/demo/issuer/interaction/u1/login',
      cancelAction: '/demo/issuer/interaction/u1/cancel',
      clientId: 'diary-gateway-demo',
      scope: '',
    });
    expect(
      [...html.matchAll(/<button type="submit" name="account" value="([^"]*)">/g)].map((match) => match[1]),
    ).toEqual(['parent', 'grandma']);
    expect(html).toContain('Sign in as Галина Петровна Иванова');
    expect(html.match(/class="cancel"/g)).toHaveLength(1);
    expect(html).not.toContain('Запрошено');
  });
});

describe('renderNoticePage', () => {
  it('should escape the title and both messages', () => {
    const html = renderNoticePage({ title: NASTY, ru: NASTY, en: NASTY });
    expect(html).not.toContain('<img');
    expect(html.split(ESCAPED)).toHaveLength(1 + 4);
  });
});

describe('escapeHtml', () => {
  it('should leave ordinary text, Cyrillic included, as it is', () => {
    expect(escapeHtml('Анна Сергеевна — parent, 1986')).toBe('Анна Сергеевна — parent, 1986');
  });
});
