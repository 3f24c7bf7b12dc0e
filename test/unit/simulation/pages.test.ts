/**
 * The kit's page helpers (adapters/simulation/pages.ts), which every simulator's sign-in pages are built
 * from: whatever a page shows is escaped, every field is labelled, a password is never written back.
 */
import { describe, expect, it } from 'vitest';
import {
  credentialFields,
  errorBox,
  escapeHtml,
  form,
  hiddenField,
  pageLink,
  simulatorPage,
  submitButton,
  textHtml,
} from '../../../adapters/simulation/pages.js';

const EVIL = `<script>alert("x")</script> & 'q'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';

describe('the kit’s page helpers', () => {
  it('should escape text for an element and a quoted attribute, and leave Russian alone', () => {
    expect(escapeHtml(EVIL)).toBe(ESCAPED);
    expect(escapeHtml('Вход — Госуслуги')).toBe('Вход — Госуслуги');
  });

  it('should write Russian first and the English beside it, both escaped', () => {
    expect(textHtml({ ru: 'Пароль', en: 'Password' })).toBe('Пароль <span class="en" lang="en">Password</span>');
    expect(textHtml({ ru: EVIL, en: EVIL })).toBe(`${ESCAPED} <span class="en" lang="en">${ESCAPED}</span>`);
    expect(textHtml(EVIL)).toBe(ESCAPED);
  });

  it('should build a Russian page with an escaped title, no script and no external asset', () => {
    const page = simulatorPage(EVIL, ['<h1>Вход</h1>']);
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="ru">\n/);
    expect(page).toContain(`<title>${ESCAPED}</title>`);
    expect(page).toContain('<main>\n<h1>Вход</h1>\n</main>');
    expect(page).not.toMatch(/<script|src=|href=/);
  });

  it('should label both fields, bound their length, and show the login again but never a password', () => {
    const plain = credentialFields({ loginLabel: 'Логин', passwordLabel: { ru: 'Пароль', en: 'Password' } }).join('\n');
    expect(plain).toContain('<label for="login">Логин</label>');
    expect(plain).toContain('<label for="password">Пароль <span class="en" lang="en">Password</span></label>');
    expect(plain.match(/maxlength="256"/g)).toHaveLength(2);
    expect(plain).not.toContain('value=');
    const again = credentialFields({ loginLabel: 'Логин', passwordLabel: 'Пароль', login: EVIL }).join('\n');
    expect(again).toContain(
      `name="login" type="text" autocomplete="username" required maxlength="256" value="${ESCAPED}">`,
    );
    expect(again.match(/value=/g)).toHaveLength(1);
  });

  it('should escape what forms, hidden fields, buttons and links carry', () => {
    const lines = form({ id: 'sign-in', method: 'post', action: '/login?a="b"' }, [
      hiddenField('bo', EVIL),
      submitButton('Разрешить', { name: 'decision', value: EVIL }),
    ]);
    expect(lines).toEqual([
      '<form id="sign-in" method="post" action="/login?a=&quot;b&quot;">',
      `<input type="hidden" name="bo" value="${ESCAPED}">`,
      `<p><button type="submit" name="decision" value="${ESCAPED}">Разрешить</button></p>`,
      '</form>',
    ]);
    expect(form({ method: 'get', action: '/esia' }, [])[0]).toBe('<form method="get" action="/esia">');
    expect(pageLink({ ru: 'Отмена', en: 'Cancel' }, '/cancel', { bo: 'a&b', x: '"' }, 'cancel')).toBe(
      '<p><a id="cancel" href="/cancel?bo=a%26b&amp;x=%22">Отмена <span class="en" lang="en">Cancel</span></a></p>',
    );
  });

  it('should show an error box only when there is an error', () => {
    expect(errorBox(null)).toEqual([]);
    expect(errorBox(undefined)).toEqual([]);
    expect(errorBox(EVIL)).toEqual([`<p class="error" role="alert">${ESCAPED}</p>`]);
  });
});
