/**
 * `GET /oauth2`, the start of Dnevnik.ru's OAuth dialog (providers.md §1.2, §8.3):
 * `?response_type=code|token&client_id&scope&redirect_uri&state[&code_challenge&code_challenge_method=S256]`.
 *
 * Checked in the order an OAuth server must (RFC 6749 §4.1.2.1): an unknown client or a redirect URI that
 * is missing or not registered for it gets an error page and NO redirect (the dialog never sends a browser
 * to an address it does not know); every other fault is reported to the client by redirect
 * (`?error=…&state=…`). A good request opens a pending authorization and shows the sign-in page.
 */
import { html, redirect, type Reply } from '../../simulation/replies.js';
import type { SeedAccount } from '../../simulation/seed.js';
import type { PendingAuthorizations } from './pending.js';
import { dialogErrorPage, KNOWN_SCOPES, signInPage } from './sign-in-pages.js';
import type { SimulatorState } from './state.js';
import type { SimulatorClient } from './token.js';

/** What the sign-in pages work with. */
export interface SignInContext {
  state: SimulatorState;
  pending: PendingAuthorizations;
  client: SimulatorClient;
  /** The redirect URIs registered for the client (exact match, as OAuth servers compare them). */
  redirectUris: ReadonlySet<string>;
  /** The family's Dnevnik.ru accounts (only those with a login and a password can sign in). */
  accounts: readonly SeedAccount[];
}

/** The longest `state` echoed back; a longer one is refused (`invalid_request`). */
const MAX_STATE = 1024;
/** The longest `scope` read. */
const MAX_SCOPE = 1024;
/** The scope granted when the client names none [G]: the real dialog's default is not known. */
const DEFAULT_SCOPES: readonly string[] = ['CommonInfo'];

const SCOPE_BY_LOWER_NAME = new Map(KNOWN_SCOPES.map((scope) => [scope.toLowerCase(), scope]));

/** Where the dialog sends the browser back: `redirect_uri` with `values` in its query, or in its fragment (implicit flow). */
export function backToClient(
  redirectUri: string,
  values: Readonly<Record<string, string | null>>,
  inFragment = false,
): Reply {
  const target = new URL(redirectUri);
  const parameters = new URLSearchParams(inFragment ? '' : target.search);
  for (const [name, value] of Object.entries(values)) if (value !== null) parameters.set(name, value);
  if (inFragment) target.hash = parameters.toString();
  else target.search = parameters.toString();
  return redirect(target);
}

/**
 * Canonical scope names (`commoninfo` → `CommonInfo`; commas or spaces between them), or `null` when one
 * is unknown or the list is too long.
 */
function scopesOf(scope: string | null): readonly string[] | null {
  if (scope === null || scope.trim() === '') return DEFAULT_SCOPES;
  if (scope.length > MAX_SCOPE) return null;
  const names = scope.split(/[\s,]+/).filter((name) => name !== '');
  const canonical = names.map((name) => SCOPE_BY_LOWER_NAME.get(name.toLowerCase()));
  if (canonical.some((name) => name === undefined)) return null;
  return [...new Set(canonical as string[])];
}

/** The S256 challenge, `null` when none was sent, or `undefined` when the one sent cannot be checked. */
function challengeOf(query: URLSearchParams): string | null | undefined {
  const challenge = query.get('code_challenge');
  if (challenge === null) return null;
  // Only S256: `plain` (the default when no method is named) would put the verifier in the browser's URL.
  return query.get('code_challenge_method') === 'S256' && /^[\w-]{43}$/.test(challenge) ? challenge : undefined;
}

/** Answers `GET /oauth2`. */
export function answerAuthorize(context: SignInContext, query: URLSearchParams): Reply {
  if (query.get('client_id') !== context.client.id) {
    return html(400, dialogErrorPage('Приложение не найдено: неизвестный client_id.'));
  }
  const redirectUri = query.get('redirect_uri');
  if (redirectUri === null || !context.redirectUris.has(redirectUri)) {
    return html(400, dialogErrorPage('redirect_uri не совпадает с адресом, зарегистрированным для приложения.'));
  }
  const state = query.get('state');
  const refuse = (error: string) => backToClient(redirectUri, { error, state });
  if (state !== null && state.length > MAX_STATE) return backToClient(redirectUri, { error: 'invalid_request' });
  const responseType = query.get('response_type');
  if (responseType === null) return refuse('invalid_request');
  if (responseType !== 'code' && responseType !== 'token') return refuse('unsupported_response_type');
  const scopes = scopesOf(query.get('scope'));
  if (scopes === null) return refuse('invalid_scope');
  const codeChallenge = responseType === 'code' ? challengeOf(query) : null;
  if (codeChallenge === undefined) return refuse('invalid_request');
  const authorization = context.pending.open({
    clientId: context.client.id,
    redirectUri,
    responseType,
    scopes,
    state,
    codeChallenge,
    account: null,
  });
  return html(200, signInPage({ authorization: authorization.id, clientName: context.client.id }));
}
