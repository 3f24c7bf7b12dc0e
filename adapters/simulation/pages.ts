/**
 * The HTML every simulator's sign-in pages are built from: the page shell, escaping, labelled login and
 * password fields, hidden fields, forms, buttons, links and the error box. Each simulator keeps only its
 * own wording, paths and fields. The real pages are Russian, so the shell says `lang="ru"`; a text may
 * carry its English beside it (`{ ru, en }`). No script and no external asset; every value written into a
 * page is escaped here, so a simulator never writes raw text into its HTML.
 */

/** A text on a page: Russian only, or Russian with English beside it. */
export type PageText = string | { readonly ru: string; readonly en: string };

/** The longest login or password a form takes (the inputs say so; the checks compare no longer one). */
export const MAX_CREDENTIAL_LENGTH = 256;

/** One small stylesheet for every simulated page: readable on a phone, the error in red. */
const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:0;padding:1rem;background:#f4f5f7;color:#1a1a1a}',
  'main{max-width:26rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:.5rem}',
  'label{display:block;margin-top:1rem}',
  'input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}',
  'button{margin-top:1rem;padding:.6rem 1rem;font-size:1rem}',
  '.en{color:#555;font-size:.9em}',
  '[role=alert]{color:#a40000;font-weight:600}',
].join('');

/** Text safe inside an element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A page text as HTML, escaped; the English, if any, in a `<span lang="en">` after the Russian. */
export function textHtml(text: PageText): string {
  if (typeof text === 'string') return escapeHtml(text);
  return `${escapeHtml(text.ru)} <span class="en" lang="en">${escapeHtml(text.en)}</span>`;
}

/**
 * A whole page: `title` in the tab, `body` (lines of HTML built with these helpers) inside `<main>`.
 * The lines are joined with line breaks, so a test can read the page line by line.
 */
export function simulatorPage(title: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="ru">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A page heading. */
export function heading(text: PageText): string {
  return `<h1>${textHtml(text)}</h1>`;
}

/** A paragraph of text. */
export function paragraph(text: PageText): string {
  return `<p>${textHtml(text)}</p>`;
}

/** The error box (`role="alert"`, read out by screen readers), or nothing when there is no error. */
export function errorBox(text: PageText | null | undefined): string[] {
  return text === null || text === undefined ? [] : [`<p class="error" role="alert">${textHtml(text)}</p>`];
}

/** A hidden field: how a page carries its pending sign-in's id to the next request. */
export function hiddenField(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** What {@link credentialFields} shows. */
export interface CredentialFieldsContent {
  /** The login's label, which says what a login is here («Телефон, почта или СНИЛС» on Gosuslugi). */
  loginLabel: PageText;
  passwordLabel: PageText;
  /** The login typed last time, shown again after a refusal (the password never is). */
  login?: string | undefined;
}

/** Login and password, each with its `<label>`, limited to {@link MAX_CREDENTIAL_LENGTH} characters. */
export function credentialFields(content: CredentialFieldsContent): string[] {
  const value = content.login === undefined ? '' : ` value="${escapeHtml(content.login)}"`;
  const limits = `required maxlength="${MAX_CREDENTIAL_LENGTH}"`;
  return [
    `<p><label for="login">${textHtml(content.loginLabel)}</label>`,
    `<input id="login" name="login" type="text" autocomplete="username" ${limits}${value}></p>`,
    `<p><label for="password">${textHtml(content.passwordLabel)}</label>`,
    `<input id="password" name="password" type="password" autocomplete="current-password" ${limits}></p>`,
  ];
}

/** Where a form goes, and how; `id` is what tests find it by. */
export interface FormTarget {
  id?: string;
  method: 'get' | 'post';
  action: string;
}

/** A form around `fields` (lines built with these helpers). */
export function form(target: FormTarget, fields: readonly string[]): string[] {
  const id = target.id === undefined ? '' : `id="${escapeHtml(target.id)}" `;
  return [`<form ${id}method="${target.method}" action="${escapeHtml(target.action)}">`, ...fields, '</form>'];
}

/** A submit button in a paragraph of its own; `choice` is the name and value it sends (one of several). */
export function submitButton(label: PageText, choice?: { name: string; value: string }): string {
  const sent = choice ? ` name="${escapeHtml(choice.name)}" value="${escapeHtml(choice.value)}"` : '';
  return `<p><button type="submit"${sent}>${textHtml(label)}</button></p>`;
}

/** A link, in a paragraph of its own, to a simulator page: `path` with `query`, escaped for the attribute. */
export function pageLink(label: PageText, path: string, query: Readonly<Record<string, string>>, id?: string): string {
  const href = escapeHtml(`${path}?${new URLSearchParams(query).toString()}`);
  const idAttribute = id === undefined ? '' : `id="${escapeHtml(id)}" `;
  return `<p><a ${idAttribute}href="${href}">${textHtml(label)}</a></p>`;
}
