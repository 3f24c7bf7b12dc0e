/**
 * What every step of the simulated sign-in shares: the request and context types, the registered client,
 * the redirect back to the client, and the check of a posted login form (mos.ru's page and the Gosuslugi
 * stand-in take the same login and password: `SeedAccount.login`/`password`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SeedAccount, SeedFamily } from '../../simulation/seed.js';
import { redirect, type Reply } from '../../simulation/replies.js';
import type { MeshSignInKind, PendingAuthorization, SignInBook } from './sign-in-book.js';
import { signInErrorPage, SIGN_IN_TEXTS, type FormState } from './sign-in-pages.js';

/** A client registered with the simulated login.mos.ru. */
export interface MeshSimulatorClient {
  id: string;
  secret: string;
}

/** The client the simulated login.mos.ru knows unless told otherwise (the demo's and the tests'). */
export const MESH_SIMULATOR_CLIENT: Readonly<MeshSimulatorClient> = Object.freeze({
  id: 'diary-gateway-simulated',
  secret: 'mesh-simulator-client-secret-4f1d9a',
});

/** What a sign-in step sees of the simulator. */
export interface SignInContext {
  kind: MeshSignInKind;
  family: SeedFamily;
  book: SignInBook;
  client: Readonly<MeshSimulatorClient>;
  /** Redirect URIs registered for the client (mos.ru) or accepted by the node (regional), compared exactly. */
  redirectUris: ReadonlySet<string>;
  /** Tokens a test expired (`expireToken`): a mos.ru token among them is refused like an unknown one. */
  expiredTokens: ReadonlySet<string>;
}

/** The request as a sign-in step needs it. */
export interface SignInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as text (empty for a GET). */
  body: string;
}

/** One step of the sign-in. */
export type SignInStep = (context: SignInContext, request: SignInRequest) => Reply;

/** Longest login or password a form takes (the inputs say so too). */
const MAX_FIELD_LENGTH = 256;

/** The client's redirect URI with `params` and the pending authorization's `state` added. */
export function backToClient(
  pending: Pick<PendingAuthorization, 'redirectUri' | 'state'>,
  params: Readonly<Record<string, string>>,
): Reply {
  const url = new URL(pending.redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (pending.state !== null) url.searchParams.set('state', pending.state);
  return redirect(url.toString());
}

/** True when the body is a form (`application/x-www-form-urlencoded`). */
export function isFormBody(headers: IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** The МЭШ account a login and password sign in to: logins compare trimmed and case-blind, passwords exactly. */
function accountSigningIn(family: SeedFamily, login: string, password: string): SeedAccount | undefined {
  const wanted = login.trim().toLowerCase();
  if (wanted === '' || password === '') return undefined;
  return family.accounts.find(
    (account) =>
      account.provider === 'MESH' &&
      account.login?.trim().toLowerCase() === wanted &&
      account.password !== undefined &&
      account.password === password,
  );
}

/**
 * A posted login form (`bo`, `login`, `password`) checked against its pending authorization: an unknown or
 * expired one → error page; a wrong login or password → the form again (`again`, status 200) with
 * «Неверный логин или пароль», and the fifth such failure locks the authorization; a right one → a fresh
 * code, back to the client.
 */
export function submitCredentials(
  context: SignInContext,
  request: SignInRequest,
  again: (form: FormState) => Reply,
): Reply {
  if (!isFormBody(request.headers)) return signInErrorPage(400, SIGN_IN_TEXTS.noSession);
  const form = new URLSearchParams(request.body);
  const pending = context.book.pending(form.get('bo'));
  if (!pending) return signInErrorPage(400, SIGN_IN_TEXTS.noSession);
  const login = (form.get('login') ?? '').slice(0, MAX_FIELD_LENGTH);
  const password = form.get('password') ?? '';
  const account = password.length <= MAX_FIELD_LENGTH ? accountSigningIn(context.family, login, password) : undefined;
  if (!account) {
    if (context.book.fail(pending) === 'locked') return signInErrorPage(429, SIGN_IN_TEXTS.locked);
    return again({ pendingId: pending.id, login, error: SIGN_IN_TEXTS.wrongPassword });
  }
  return backToClient(pending, { code: context.book.issueCode(pending, account) });
}
