/**
 * The demo issuer's own sign-in page, in place of oidc-provider's development-only `devInteractions`.
 *
 * oidc-provider sends the browser to `${issuerPath}/interaction/:uid` whenever it needs the person (see
 * {@link interactionPath}); these routes answer there:
 *
 * - `GET  …/interaction/:uid`: for the `login` prompt, a small server-rendered page (Russian + English, no
 *   external assets) that says it is the LOCAL stand-in for Госуслуги (ESIA) and lists the demo persons,
 *   each with a "Sign in as …" button, plus "Cancel". For the `consent` prompt there is no page: the demo's
 *   one client is the gateway itself (first-party), so what it asked for is granted at once.
 * - `POST …/interaction/:uid/login` (`account=<login>`): signs that person in.
 * - `POST …/interaction/:uid/cancel`: ends the authorization with `access_denied`.
 *
 * Both POSTs need the interaction's cookie (set by oidc-provider for exactly that path) and a uid in the
 * path that matches it. The uid is unguessable, which is CSRF protection enough for a loopback demo.
 * Everything interpolated into HTML is escaped, names from claims included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type InteractionResults, type Provider } from 'oidc-provider';

/** One person offered on the page. */
export interface SignInPerson {
  /** The account's login at the demo issuer (what the button posts). */
  login: string;
  /** Shown on the button. */
  name: string;
  /** Who the person is in the demo, in both languages; `null` shows nothing. */
  role: { ru: string; en: string } | null;
}

/** The sign-in routes of one demo issuer. */
export interface SignInInteraction {
  /**
   * Serves a request whose path (below the issuer's mount path) starts with `/interaction/`. Rejects only
   * for bugs or storage failures (the HTTP edge answers 500 and logs them); a stale or foreign page, an
   * unknown person or a wrong method get an HTML answer of their own.
   */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/** Where oidc-provider sends the browser for interaction `uid` (its `interactions.url`). */
export function interactionPath(issuerPath: string, uid: string): string {
  return `${issuerPath}/interaction/${uid}`;
}

/** Largest form body accepted: the form has one short field. */
const MAX_FORM_BYTES = 4096;

/** oidc-provider's interaction uids are nanoids; anything else cannot be one. */
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|cancel))?$/;

const EXPIRED = {
  status: 400,
  title: 'Страница входа устарела · This sign-in page has expired',
  ru: 'Эта страница входа больше не действует: вход уже завершён, прошло слишком много времени или она открыта в другом браузере. Начните вход заново в приложении.',
  en: 'This sign-in page is no longer valid: the sign-in already ended, took too long, or belongs to another browser. Start signing in again from the application.',
} as const;

const NOT_FOUND = {
  status: 404,
  title: 'Не найдено · Not found',
  ru: 'Здесь ничего нет.',
  en: 'Nothing here.',
} as const;

const FORM_TOO_LARGE = {
  status: 413,
  title: 'Слишком большой запрос · Request too large',
  ru: 'Форма слишком велика.',
  en: 'The form is too large.',
} as const;

const UNKNOWN_PERSON = {
  status: 400,
  title: 'Неизвестный человек · Unknown person',
  ru: 'Выберите одного из демо-пользователей.',
  en: 'Choose one of the demo persons.',
} as const;

/** Creates the routes for `provider`, offering `persons`. */
export function createSignInInteraction(options: {
  provider: Provider;
  issuerPath: string;
  persons: readonly SignInPerson[];
}): SignInInteraction {
  const { provider, issuerPath, persons } = options;

  return {
    async handle(req, res, path) {
      const match = ROUTE.exec(path);
      if (!match) return sendNotice(res, NOT_FOUND);
      const [, uid, action] = match;
      const method = action ? 'POST' : 'GET';
      if (req.method !== method) {
        return sendNotice(
          res,
          {
            status: 405,
            title: 'Метод не поддерживается · Method not allowed',
            ru: `Нужен ${method}.`,
            en: `Use ${method}.`,
          },
          { allow: method },
        );
      }

      let interaction;
      try {
        interaction = await provider.interactionDetails(req, res);
      } catch (error) {
        // No interaction cookie, or the interaction is gone (finished, expired): the page is stale.
        if (error instanceof errors.SessionNotFound) return sendNotice(res, EXPIRED);
        throw error;
      }
      // The cookie names the browser's current interaction; a page of an earlier one must not act on it.
      if (interaction.uid !== uid) return sendNotice(res, EXPIRED);
      const prompt = interaction.prompt.name;

      if (action === 'cancel') {
        const result: InteractionResults = {
          error: 'access_denied',
          error_description: 'The person cancelled the sign-in.',
        };
        return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }

      if (action === 'login') {
        // A second click on a page whose sign-in already went through.
        if (prompt !== 'login') return sendNotice(res, EXPIRED);
        const form = await readForm(req);
        if (!form) return sendNotice(res, FORM_TOO_LARGE);
        const person = persons.find((candidate) => candidate.login === form.get('account'));
        if (!person) return sendNotice(res, UNKNOWN_PERSON);
        await forgetOtherPerson(provider, interaction, person.login);
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: person.login } },
          { mergeWithLastSubmission: false },
        );
      }

      if (prompt === 'login') {
        const page = renderSignInPage({
          persons,
          signInAction: `${interactionPath(issuerPath, uid)}/login`,
          cancelAction: `${interactionPath(issuerPath, uid)}/cancel`,
          clientId: typeof interaction.params.client_id === 'string' ? interaction.params.client_id : '',
          scope: typeof interaction.params.scope === 'string' ? interaction.params.scope : '',
        });
        return sendHtml(res, 200, page);
      }
      if (prompt === 'consent') {
        const grantId = await grantWhatWasAsked(provider, interaction);
        return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      // oidc-provider's default policy has only the two prompts above; another one is a configuration bug.
      throw new Error(`the demo issuer has no page for the "${prompt}" prompt`);
    },
  };
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * Another person signs in where the issuer still has a session of someone else (the gateway asks with
 * `prompt=login` after a sign-out, on a shared family browser). oidc-provider would end the old session
 * through its logout confirmation, which the demo does not serve; the demo ends it here instead, and
 * detaches the interaction from it so the sign-in resumes on a fresh session.
 */
async function forgetOtherPerson(provider: Provider, interaction: InteractionDetails, login: string): Promise<void> {
  const current = interaction.session;
  if (!current?.accountId || current.accountId === login) return;
  const session = current.uid ? await provider.Session.findByUid(current.uid) : undefined;
  await session?.destroy();
  delete interaction.session;
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
}

/**
 * Grants what the consent prompt reports as missing (scopes, claims, resource scopes), on the session's
 * grant for this client if there is one, and returns the grant's id. Granting everything is right only
 * because the demo's one client is the gateway itself.
 */
async function grantWhatWasAsked(provider: Provider, interaction: InteractionDetails): Promise<string> {
  const accountId = interaction.session?.accountId;
  if (!accountId) throw new Error('the consent prompt came without a signed-in person');
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
  const { details } = interaction.prompt;
  const scopes = stringList(details.missingOIDCScope);
  if (scopes.length > 0) grant.addOIDCScope(scopes.join(' '));
  const claims = stringList(details.missingOIDCClaims);
  if (claims.length > 0) grant.addOIDCClaims(claims);
  const resourceScopes = details.missingResourceScopes;
  if (resourceScopes && typeof resourceScopes === 'object') {
    for (const [resource, scope] of Object.entries(resourceScopes))
      grant.addResourceScope(resource, stringList(scope).join(' '));
  }
  return grant.save();
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The form body, or `null` when it is larger than {@link MAX_FORM_BYTES}. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** What {@link renderSignInPage} shows. */
export interface SignInPageContent {
  persons: readonly SignInPerson[];
  /** Form actions (paths). */
  signInAction: string;
  cancelAction: string;
  /** The client asking, and the scopes it asked for (shown as they came: request data, escaped). */
  clientId: string;
  scope: string;
}

/** The sign-in page's HTML. Pure, so it can be checked without a server. */
export function renderSignInPage(content: SignInPageContent): string {
  const persons = content.persons
    .map((person) => {
      const role = person.role
        ? `<span class="role">${escapeHtml(person.role.ru)} · <span lang="en">${escapeHtml(person.role.en)}</span></span>`
        : '';
      return [
        '<li>',
        `<button type="submit" name="account" value="${escapeHtml(person.login)}">`,
        `Войти как ${escapeHtml(person.name)}<br><span lang="en">Sign in as ${escapeHtml(person.name)}</span>`,
        '</button>',
        role,
        '</li>',
      ].join('');
    })
    .join('\n');
  const scope = content.scope
    ? `<p class="small">Запрошено · <span lang="en">Requested</span>: <code>${escapeHtml(content.scope)}</code></p>`
    : '';
  return layout(
    'Демо-вход вместо Госуслуг · Demo sign-in instead of Gosuslugi',
    [
      '<p class="badge">ДЕМО · <span lang="en">DEMO</span></p>',
      '<h1>Вход через Госуслуги — демо<br><span lang="en">Sign in with Gosuslugi (ESIA) — demo</span></h1>',
      '<p>Это <strong>локальная демонстрационная</strong> страница входа: она заменяет Госуслуги (ЕСИА) и работает только внутри этого шлюза. Пароль не нужен, данные людей вымышлены.</p>',
      '<p lang="en">This is the <strong>LOCAL demo</strong> sign-in page standing in for Gosuslugi (ESIA); it runs inside this gateway only. No password is needed and the people are made up.</p>',
      `<p class="small">Приложение · <span lang="en">Application</span>: <code>${escapeHtml(content.clientId)}</code></p>`,
      scope,
      `<form id="sign-in" method="post" action="${escapeHtml(content.signInAction)}">`,
      `<ul>\n${persons}\n</ul>`,
      '</form>',
      `<form id="cancel" method="post" action="${escapeHtml(content.cancelAction)}">`,
      '<button type="submit" class="cancel">Отмена · <span lang="en">Cancel</span></button>',
      '</form>',
    ].join('\n'),
  );
}

/** A short page with a message in both languages (errors, refusals). */
export function renderNoticePage(notice: { title: string; ru: string; en: string }): string {
  return layout(
    notice.title,
    [
      `<h1>${escapeHtml(notice.title)}</h1>`,
      `<p>${escapeHtml(notice.ru)}</p>`,
      `<p lang="en">${escapeHtml(notice.en)}</p>`,
    ].join('\n'),
  );
}

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;background:#f3f5f9;color:#1d2433;margin:0;padding:2rem 1rem}',
  'main{max-width:34rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 4px rgba(0,0,0,.15)}',
  'h1{font-size:1.3rem}ul{list-style:none;padding:0}li{margin:0 0 1rem}',
  'button{font:inherit;width:100%;padding:.7rem;border:0;border-radius:6px;background:#0d4cd3;color:#fff;cursor:pointer;text-align:left}',
  'button.cancel{background:#e4e8ef;color:#1d2433;text-align:center}',
  '.role,.small{display:block;font-size:.85rem;color:#5a6273;margin-top:.3rem}',
  '.badge{display:inline-block;background:#ffd43b;border-radius:4px;padding:.1rem .5rem;font-weight:bold}',
].join('');

function layout(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="ru"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body><main>',
    body,
    '</main></body></html>',
  ].join('\n');
}

/** Headers of every page here: no scripts, no outside resources, no framing (the pages need none), no caching. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers, 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function sendNotice(
  res: ServerResponse,
  notice: { status: number; title: string; ru: string; en: string },
  headers: Record<string, string> = {},
): void {
  sendHtml(res, notice.status, renderNoticePage(notice), headers);
}
