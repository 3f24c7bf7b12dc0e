/**
 * A tiny browser for the link flows, end to end across origins: the gateway and each diary simulator
 * listen on their own loopback ports, and a flow walks between them as a browser does. It keeps cookies
 * per origin (the gateway's `dg_session`), never follows a redirect by itself (each hop is seen and can be
 * stopped at, say before a callback to replay it), sends `Origin` with a form post as browsers do, and
 * reads and submits forms with their hidden fields (`formOf` of sign-in-pages.ts).
 */
import { formOf, type PageAnswer } from './sign-in-pages.js';

export { formOf } from './sign-in-pages.js';

/** One answer as the browser saw it (the URL requested, the status, the resolved `Location`, the body). */
export type BrowserPage = PageAnswer;

/** What a request carries besides its URL. */
export interface BrowserRequest {
  /** Posted form-encoded; absent: a GET. */
  form?: Readonly<Record<string, string>>;
  /** The page a form post comes from: its origin is sent as `Origin`. */
  from?: string;
  /** Extra headers (an `accept`, say). */
  headers?: Readonly<Record<string, string>>;
}

/** How a walk along redirects ends. */
export interface WalkOptions {
  /** Stops before following a redirect to a URL for which this is true (the walk's last page is the redirect). */
  stopBefore?: (location: URL) => boolean;
  /** At most this many redirects. @default 10 */
  maxRedirects?: number;
}

/** A walk: every answer in order (`walk`: from the first; `follow`: those opened), the last one where it stopped. */
export interface Walk {
  pages: BrowserPage[];
  last: BrowserPage;
}

/** The browser: one cookie jar, shared by every request it makes. */
export interface LinkBrowser {
  /** Sets a cookie for `url`'s origin, as a `Set-Cookie` from it would. */
  setCookie(url: string, name: string, value: string): void;
  /** The cookies held for `url`'s origin. */
  cookiesOf(url: string): ReadonlyMap<string, string>;
  /** One request, no redirect followed. */
  open(url: string, request?: BrowserRequest): Promise<BrowserPage>;
  /** Opens `url` and follows each redirect (as a GET, whatever the status) until a page or `stopBefore`. */
  walk(url: string, request?: BrowserRequest, options?: WalkOptions): Promise<Walk>;
  /** Follows the redirect of `page` onwards, as {@link walk} does; `pages` are those opened (`last` is `page` when none). */
  follow(page: BrowserPage, options?: WalkOptions): Promise<Walk>;
  /**
   * Sends the form of `page` that `pick` names (its id, or its action's path) with its hidden fields and
   * `fields` (what a person types or picks, a pressed button's name and value), without following.
   */
  submit(page: BrowserPage, pick: string, fields?: Readonly<Record<string, string>>): Promise<BrowserPage>;
}

/** Starts a browser with an empty cookie jar. */
export function createLinkBrowser(): LinkBrowser {
  const jar = new Map<string, Map<string, string>>();
  const cookiesFor = (url: string) => {
    const origin = new URL(url).origin;
    let cookies = jar.get(origin);
    if (!cookies) jar.set(origin, (cookies = new Map<string, string>()));
    return cookies;
  };

  async function open(url: string, request: BrowserRequest = {}): Promise<BrowserPage> {
    const cookies = [...cookiesFor(url)].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers: Record<string, string> = { accept: 'text/html', ...request.headers };
    if (cookies !== '') headers.cookie = cookies;
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (request.form && request.from) headers.origin = new URL(request.from).origin;
    const response = await fetch(url, {
      method: request.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers,
      ...(request.form ? { body: new URLSearchParams(request.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      // A cookie cleared by its server (empty value, or expired) is dropped from the jar.
      if (at > 0) {
        const name = pair!.slice(0, at).trim();
        const value = pair!.slice(at + 1).trim();
        if (value === '' || /max-age=0/i.test(line)) cookiesFor(url).delete(name);
        else cookiesFor(url).set(name, value);
      }
    }
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      location: location === null ? null : new URL(location, url).href,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  async function follow(first: BrowserPage, options: WalkOptions = {}): Promise<Walk> {
    const pages: BrowserPage[] = [];
    let last = first;
    for (let hops = 0; last.location !== null; hops += 1) {
      if (hops >= (options.maxRedirects ?? 10)) throw new Error(`more than ${hops} redirects from ${first.url}`);
      if (options.stopBefore?.(new URL(last.location))) break;
      last = await open(last.location);
      pages.push(last);
    }
    return { pages, last };
  }

  return {
    setCookie: (url, name, value) => void cookiesFor(url).set(name, value),
    cookiesOf: (url) => new Map(cookiesFor(url)),
    open,
    async walk(url, request, options) {
      const first = await open(url, request);
      const { pages, last } = await follow(first, options);
      return { pages: [first, ...pages], last };
    },
    follow,
    async submit(page, pick, fields = {}) {
      const form = formOf(page, pick);
      const values = { ...form.hidden, ...fields };
      if (form.method === 'post') return open(form.action, { form: values, from: page.url });
      const target = new URL(form.action);
      for (const [name, value] of Object.entries(values)) target.searchParams.set(name, value);
      return open(target.href);
    },
  };
}

// ── The demo's diaries, driven: each simulator's sign-in pages as a parent passes them. ──

/** What a parent types at a diary. */
export interface DiaryLogin {
  login: string;
  password: string;
}

/**
 * The ways through the simulators' pages: mos.ru's password page or its «Войти через Госуслуги»; a regional
 * node's Gosuslugi page; Dnevnik.ru's page or its Gosuslugi button, then «Разрешить»; Eljur's partner page
 * or its Gosuslugi link.
 */
export type DiaryRoute =
  'mos-ru' | 'mos-ru-gosuslugi' | 'regional' | 'dnevnik' | 'dnevnik-gosuslugi' | 'eljur' | 'eljur-gosuslugi';

/** The link whose `id` is `id` on `page`, resolved against its URL. */
function linkById(page: BrowserPage, id: string): string {
  const href = new RegExp(`<a id="${id}" href="([^"]+)"`).exec(page.text)?.[1];
  if (href === undefined) throw new Error(`no link #${id} on ${page.url}`);
  return new URL(href.replaceAll('&amp;', '&'), page.url).href;
}

/** Opens a page that must be one (200), following the redirects that lead to it. */
async function pageAt(browser: LinkBrowser, answer: BrowserPage): Promise<BrowserPage> {
  const { last } = await browser.follow(answer);
  if (last.status !== 200) throw new Error(`expected a page at ${last.url}, got ${last.status}`);
  return last;
}

/**
 * Signs in on the diary's first page of a flow (`page`, where the gateway's redirect led) along `route`;
 * resolves with the diary's answer to the last step (a redirect to the gateway's callback when all went
 * well, the page again on a wrong password). Nothing at the gateway is opened.
 */
export async function passDiaryPages(
  browser: LinkBrowser,
  page: BrowserPage,
  route: DiaryRoute,
  person: DiaryLogin,
): Promise<BrowserPage> {
  const typed = { login: person.login, password: person.password };
  switch (route) {
    case 'mos-ru':
      return browser.submit(page, '/sps/login/methods/password', typed);
    case 'mos-ru-gosuslugi': {
      const gosuslugi = await pageAt(browser, await browser.submit(page, '/sps/login/externalIdps/execute'));
      return browser.submit(gosuslugi, '/gosuslugi/login', typed);
    }
    case 'regional':
      return browser.submit(page, '/gosuslugi/login', typed);
    case 'dnevnik':
    case 'dnevnik-gosuslugi': {
      const form = route === 'dnevnik' ? page : await browser.submit(page, 'gosuslugi');
      const consent = await browser.submit(form, route === 'dnevnik' ? 'sign-in' : 'esia-sign-in', typed);
      // A refusal shows the sign-in page again: hand it back as it is.
      if (!consent.text.includes('id="consent"')) return consent;
      return browser.submit(consent, 'consent', { decision: 'allow' });
    }
    case 'eljur':
      return browser.submit(page, 'sign-in', typed);
    case 'eljur-gosuslugi':
      return browser.submit(await browser.open(linkById(page, 'esia')), 'sign-in', typed);
  }
}

/** A flow walked from its start at the gateway to the page it lands on. */
export interface LinkFlowWalk {
  /** The diary's first page (where the gateway's redirect led). */
  diaryPage: BrowserPage;
  /** The diary's redirect to the gateway's callback. */
  toCallback: BrowserPage;
  /** The callback's answer and every page after it. */
  end: Walk;
}

/** Whether `url` is a link callback of the gateway at `gatewayUrl` (where a walk to the diary stops). */
export function isLinkCallback(gatewayUrl: string): (url: URL) => boolean {
  const { origin } = new URL(gatewayUrl);
  return (url) => url.origin === origin && /^\/link\/\w+\/callback$/.test(url.pathname);
}

/**
 * Starts a flow at `start` (a gateway URL such as `/link/mesh?tenant=…`, absolute), walks to the diary,
 * signs in there along `route`, and follows the diary's redirect through the callback to where it lands.
 * @throws when the diary does not send the browser back to the callback.
 */
export async function linkThroughDiary(
  browser: LinkBrowser,
  start: string,
  route: DiaryRoute,
  person: DiaryLogin,
): Promise<LinkFlowWalk> {
  const { last: diaryPage } = await browser.walk(start);
  const toCallback = await passDiaryPages(browser, diaryPage, route, person);
  if (toCallback.location === null || !isLinkCallback(start)(new URL(toCallback.location)))
    throw new Error(`the diary did not send the browser back (${toCallback.status} at ${toCallback.url})`);
  return { diaryPage, toCallback, end: await browser.follow(toCallback) };
}
