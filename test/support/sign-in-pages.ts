/**
 * A tiny browser for the simulators' sign-in pages: requests that never follow redirects (a test reads
 * each `Location` itself, as the gateway's callback would), and readers of what a page offers — a form's
 * fields, a link's address — from the simulator's own simple HTML (no HTML parser: the pages are ours).
 */

/** One answer as a browser sees it. */
export interface PageAnswer {
  /** The URL requested (what a form's relative action is resolved against). */
  url: string;
  status: number;
  /** The `Location` of a redirect, resolved against the request's URL; `null` otherwise. */
  location: string | null;
  contentType: string;
  text: string;
}

/** GET `url` (or POST `form` to it, form-encoded), without following a redirect. */
export async function browse(url: string | URL, form?: Readonly<Record<string, string>>): Promise<PageAnswer> {
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    ...(form
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }
      : {}),
  });
  const location = response.headers.get('location');
  return {
    url: String(url),
    status: response.status,
    location: location === null ? null : new URL(location, url).toString(),
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)))
    .replaceAll('&amp;', '&');
}

/** The `<form>` whose `action` is `action`: its method and the names and values of its hidden inputs. */
export function formOn(page: string, action: string): { method: string; hidden: Record<string, string> } {
  const form = readForms(page, 'http://page.invalid').find(
    (candidate) => new URL(candidate.action).pathname === action,
  );
  if (!form) throw new Error(`the page has no form posting to ${action}`);
  return { method: form.method, hidden: form.hidden };
}

/** The `href` of the first link whose text starts with `text`, resolved against `base`. */
export function linkOn(page: string, text: string, base: string): string {
  for (const match of page.matchAll(/<a href="([^"]+)">([^<]*)/g)) {
    if (match[2]!.startsWith(text)) return new URL(unescapeHtml(match[1]!), base).toString();
  }
  throw new Error(`the page has no link «${text}»`);
}

/** A form of a page as a browser reads it: its `id` (or `null`), method, absolute action and hidden fields. */
export interface HtmlForm {
  id: string | null;
  method: 'get' | 'post';
  action: string;
  hidden: Record<string, string>;
}

/** The value of attribute `name` in a tag's text, unescaped; `null` when the tag has none. */
function attributeOf(tag: string, name: string): string | null {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? null : unescapeHtml(value);
}

/**
 * Every `<form>` of `page` in order, whatever the order of its attributes, with its action resolved against
 * `base` (the page's URL) and its hidden inputs (several may share a line).
 */
export function readForms(page: string, base: string): HtmlForm[] {
  return [...page.matchAll(/<form\b([^>]*)>([^]*?)<\/form>/g)].map(([, tag, inner]) => {
    const hidden: Record<string, string> = {};
    for (const [input] of inner!.matchAll(/<input\b[^>]*>/g)) {
      const name = attributeOf(input, 'name');
      if (attributeOf(input, 'type') === 'hidden' && name !== null) hidden[name] = attributeOf(input, 'value') ?? '';
    }
    const method = attributeOf(tag!, 'method')?.toLowerCase() === 'post' ? 'post' : 'get';
    return {
      id: attributeOf(tag!, 'id'),
      method,
      action: new URL(attributeOf(tag!, 'action') ?? '', base).href,
      hidden,
    };
  });
}

/** Where a page came from and what it says: a {@link PageAnswer}, or any browser's page of the same shape. */
export interface PageSource {
  url: string;
  status: number;
  text: string;
}

/** The form of `page` whose id is `pick` or whose action's path is `pick`; fails the test when none is. */
export function formOf(page: PageSource, pick: string): HtmlForm {
  const form = readForms(page.text, page.url).find(
    (candidate) => candidate.id === pick || new URL(candidate.action).pathname === pick,
  );
  if (!form) throw new Error(`no form «${pick}» on ${page.url} (status ${page.status}):\n${page.text.slice(0, 2000)}`);
  return form;
}

/**
 * Sends the form `pick` of `page` (see {@link formOf}) with its hidden fields and `fields` (what a person
 * types, a pressed button's name and value), without following a redirect.
 */
export async function submitForm(
  page: PageSource,
  pick: string,
  fields: Readonly<Record<string, string>> = {},
): Promise<PageAnswer> {
  const form = formOf(page, pick);
  const values = { ...form.hidden, ...fields };
  if (form.method === 'post') return browse(form.action, values);
  const target = new URL(form.action);
  for (const [name, value] of Object.entries(values)) target.searchParams.set(name, value);
  return browse(target);
}

/** True when `page` has an input named `name` with a `<label>` pointing at it. */
export function hasLabelledInput(page: Pick<PageSource, 'text'>, name: string): boolean {
  const id = new RegExp(`<input id="([^"]+)" name="${name}"`).exec(page.text)?.[1];
  return id !== undefined && page.text.includes(`<label for="${id}">`);
}
