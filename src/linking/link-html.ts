/**
 * The frame of the link pages: one self-contained HTML document (inline CSS, no script, no external
 * asset), readable on a phone, Russian first with English beside it. Every value placed in a page goes
 * through {@link escapeHtml} — display names and school names come from diaries and registries, not from
 * the gateway.
 */
import type { BilingualName } from '../tenants/tenant.js';

/** Text made safe for HTML content and quoted attribute values (`& < > " '` as character references). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A path with a query, from parameters (absent values left out), escaped for an attribute. */
export function hrefOf(path: string, query: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.toString();
  return escapeHtml(search === '' ? path : `${path}?${search}`);
}

/** A heading in both languages. */
export function heading(level: 1 | 2 | 3, text: BilingualName): string {
  return `<h${level}>${escapeHtml(text.ru)} <span lang="en" class="en">/ ${escapeHtml(text.en)}</span></h${level}>`;
}

/** A paragraph in Russian with its English below, in a box of `kind` when given. */
export function bilingual(text: BilingualName, kind?: 'notice' | 'problem'): string {
  const body = `<p>${escapeHtml(text.ru)}</p><p lang="en" class="en">${escapeHtml(text.en)}</p>`;
  if (!kind) return body;
  // A problem is announced to screen readers as soon as the page opens; a notice politely.
  const role = kind === 'problem' ? 'alert' : 'status';
  return `<div class="${kind}" role="${role}">${body}</div>`;
}

/** A link (or button-looking link) with its words in both languages. */
export function linkTo(href: string, text: BilingualName, asButton = false): string {
  const words = `${escapeHtml(text.ru)} <span lang="en">/ ${escapeHtml(text.en)}</span>`;
  return `<a href="${href}"${asButton ? ' class="button"' : ''}>${words}</a>`;
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fafafa}',
  'main{max-width:40rem;margin:0 auto;padding:1rem}',
  'h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.25rem}',
  '.en{color:#555;font-weight:normal}',
  'section.tenant{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}',
  '.notice{background:#e7f5ea;border-left:4px solid #2e7d32;padding:.25rem 1rem;margin:1rem 0}',
  '.problem{background:#fdecea;border-left:4px solid #c62828;padding:.25rem 1rem;margin:1rem 0}',
  'label{display:block;margin-top:1rem;font-weight:600}',
  'input,select{box-sizing:border-box;width:100%;font:inherit;padding:.6rem;margin-top:.25rem;border:1px solid #888;border-radius:.4rem}',
  'button,a.button{display:inline-block;font:inherit;margin-top:1rem;padding:.6rem 1.1rem;border-radius:.4rem;',
  'border:0;background:#1565c0;color:#fff;text-decoration:none;cursor:pointer}',
  'a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #ff9800;outline-offset:2px}',
  'ul{padding-left:1.2rem}',
].join('');

/** A whole page: `title` in both languages, `body` already escaped. */
export function page(title: BilingualName, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="ru">',
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title.ru)} / ${escapeHtml(title.en)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body><main>${heading(1, title)}`,
    body,
    '</main></body></html>',
  ].join('\n');
}
