/**
 * The МЭШ platform's browser sign-in through mos.ru, end to end over real HTTP: the simulator's login.mos.ru
 * pages and token endpoint and school.mos.ru's `sudir/auth`, driven like a browser, and the adapter
 * (`browserSignIn`, `signIn`, `fetchProfile`) pointed at the simulator.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import { MESH_SIMULATOR_CLIENT, startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import type { LinkCredentials, ProviderAccount, ProviderAdapter } from '../../src/domain/adapter.js';
import type { DemoAccount, DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createUpstreamScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { browse, formOn, linkOn, type PageAnswer } from '../support/sign-in-pages.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const generated = generateDemoFamily({ today: TODAY });
/** The demo's Moscow МЭШ account: ivanova.anna@example.ru / demo-mesh-password, Мария and Артём. */
const parentAccount = generated.accounts.find((account) => account.provider === 'MESH' && !account.tenant)!;
/** An account with no password: it cannot sign in on the pages. */
const tokenOnlyAccount: DemoAccount = {
  provider: 'MESH',
  profileId: 40_100_400,
  token: 'token-only-4c1d',
  childKeys: [],
};
const family: DemoFamily = { ...generated, accounts: [parentAccount, tokenOnlyAccount] };
const LOGIN = parentAccount.login!;
const PASSWORD = parentAccount.password!;
/** The link credentials of a МЭШ sign-in code. */
type MeshCode = Extract<LinkCredentials, { provider: 'MESH'; code: string }>;
const REDIRECT_URI = 'https://gateway.test/link/mesh/callback';
const SCOPE = 'openid profile birthday contacts snils blitz_user_rights blitz_change_password';

let simulator: MeshSimulator;
let clock = new Date(`${TODAY}T09:00:00+03:00`);
let adapter: ProviderAdapter;

beforeAll(async () => {
  simulator = await disposedWhenDone(
    startMeshSimulator({ family, now: () => clock, signIn: 'mos-ru', redirectUris: [REDIRECT_URI] }),
  );
  adapter = createMeshAdapter({
    transport: createUndiciTransport(),
    hosts: { schoolBaseUrl: simulator.url, aclBaseUrl: simulator.url },
    signIn: {
      kind: 'mos-ru',
      loginBaseUrl: simulator.url,
      clientId: MESH_SIMULATOR_CLIENT.id,
      clientSecret: MESH_SIMULATOR_CLIENT.secret,
      scope: SCOPE,
    },
  });
});

/** One attempt as the gateway's linking room starts it: a state and a PKCE pair. */
function newAttempt() {
  const codeVerifier = randomBytes(48).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  return { state: randomBytes(16).toString('base64url'), codeVerifier, codeChallenge, redirectUri: REDIRECT_URI };
}
type Attempt = ReturnType<typeof newAttempt>;

/** Opens the sign-in page for an attempt: `ae` redirects to the password page, which is fetched. */
async function openSignInPage(attempt: Attempt): Promise<{ page: PageAnswer; bo: string; pageUrl: string }> {
  const authorize = await browse(adapter.browserSignIn!.authorizationUrl(attempt));
  expect(authorize.status).toBe(302);
  const pageUrl = authorize.location!;
  expect(new URL(pageUrl).pathname).toBe('/sps/login/methods/password');
  const page = await browse(pageUrl);
  expect(page.status).toBe(200);
  return { page, bo: formOn(page.text, '/sps/login/methods/password').hidden.bo!, pageUrl };
}

function submitPassword(bo: string, login: string, password: string, path = '/sps/login/methods/password') {
  return browse(`${simulator.url}${path}`, { bo, login, password });
}

/** The redirect back to the gateway's callback, read as the linking room reads it. */
function callbackOf(answer: PageAnswer) {
  expect(answer.status).toBe(302);
  const location = new URL(answer.location!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return { query: location.searchParams, result: adapter.browserSignIn!.readCallback(location.searchParams) };
}

function linkCredentialsOf(answer: PageAnswer, attempt: Attempt): LinkCredentials {
  const { query, result } = callbackOf(answer);
  expect(query.get('state')).toBe(attempt.state);
  if (result.kind !== 'code') throw new Error(`expected a code, got ${JSON.stringify(result)}`);
  return result.linkCredentials(attempt);
}

/** Signs in on the pages with the demo password and returns the link credentials the callback yields. */
async function signInOnPages(attempt = newAttempt()): Promise<LinkCredentials> {
  const { bo } = await openSignInPage(attempt);
  return linkCredentialsOf(await submitPassword(bo, LOGIN, PASSWORD), attempt);
}

async function childrenWith(credentials: Record<string, string>): Promise<string[]> {
  const account: ProviderAccount = { id: `acc-${randomBytes(4).toString('hex')}`, provider: 'MESH', credentials };
  const profile = await adapter.fetchProfile(account, createUpstreamScope());
  return profile.students.map((student) => student.firstName).sort();
}

describe('МЭШ sign-in through mos.ru: success', () => {
  it('should link through the pages: code → /sps/oauth/te → sudir/auth → a fresh token that lists the children', async () => {
    const credentials = await adapter.signIn(await signInOnPages(), createUpstreamScope());
    expect(credentials.token).toBeDefined();
    expect(credentials.token).not.toBe(parentAccount.token);
    expect(await childrenWith(credentials)).toEqual(['Артём', 'Мария']);
  });

  it('should link through «Войти через Госуслуги» on mos.ru’s page, ending in the same code', async () => {
    const attempt = newAttempt();
    const { page, pageUrl } = await openSignInPage(attempt);
    expect(page.text).toContain('Войти через Госуслуги');
    const esiaForm = formOn(page.text, '/sps/login/externalIdps/execute');
    expect(esiaForm).toMatchObject({ method: 'get', hidden: { typ: 'esia' } });
    const execute = await browse(
      `${simulator.url}/sps/login/externalIdps/execute?${new URLSearchParams(esiaForm.hidden).toString()}`,
    );
    expect(execute.status).toBe(303);
    const gosuslugi = await browse(execute.location!);
    expect(gosuslugi.text).toContain('Вход — Госуслуги');
    const { bo } = formOn(gosuslugi.text, '/gosuslugi/login').hidden;
    const credentials = linkCredentialsOf(await submitPassword(bo!, LOGIN, PASSWORD, '/gosuslugi/login'), attempt);
    expect(await childrenWith(await adapter.signIn(credentials, createUpstreamScope()))).toEqual(['Артём', 'Мария']);
    expect(pageUrl).toContain('/sps/login/methods/password');
  });

  it('should lead «Отмена» on Gosuslugi back to mos.ru’s page, whose choices still stand', async () => {
    const attempt = newAttempt();
    const { bo } = await openSignInPage(attempt);
    const gosuslugi = await browse(`${simulator.url}/gosuslugi/login?bo=${bo}`);
    const cancel = await browse(linkOn(gosuslugi.text, 'Отмена', simulator.url));
    expect(cancel.status).toBe(303);
    const back = await browse(cancel.location!);
    expect(back.text).toContain('Вход — mos.ru');
    linkCredentialsOf(await submitPassword(bo, LOGIN, PASSWORD), attempt);
  });

  it('should serve a Russian page with labelled login and password inputs and the bilingual texts', async () => {
    const { page } = await openSignInPage(newAttempt());
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.text).toContain('<html lang="ru">');
    expect(page.text).toContain('<title>Вход — mos.ru</title>');
    expect(page.text).toMatch(/<label for="login">[^<]+/);
    expect(page.text).toMatch(/<input id="login" name="login"/);
    expect(page.text).toMatch(/<label for="password">Пароль/);
    expect(page.text).toMatch(/<input id="password" name="password" type="password"/);
    expect(page.text).toContain('Отмена');
  });

  it('should let a relink work after the seed token expired, and refuse a fresh token once it is expired', async () => {
    simulator.expireToken(parentAccount.token);
    await expect(childrenWith({ token: parentAccount.token })).rejects.toMatchObject({ code: 'PROVIDER_AUTH_FAILED' });
    const credentials = await adapter.signIn(await signInOnPages(), createUpstreamScope());
    expect(await childrenWith(credentials)).toEqual(['Артём', 'Мария']);
    simulator.expireToken(credentials.token!);
    await expect(childrenWith(credentials)).rejects.toMatchObject({ code: 'PROVIDER_AUTH_FAILED' });
  });
});

describe('МЭШ sign-in through mos.ru: the parent’s refusals', () => {
  it('should show the page again on a wrong password (200, login kept, password not echoed), then accept the right one', async () => {
    const attempt = newAttempt();
    const { bo } = await openSignInPage(attempt);
    const wrong = await submitPassword(bo, LOGIN, 'not-the-password-7f3e');
    expect(wrong.status).toBe(200);
    expect(wrong.location).toBeNull();
    expect(wrong.text).toContain('Неверный логин или пароль');
    expect(wrong.text).toContain(`value="${LOGIN}"`);
    expect(wrong.text).not.toContain('not-the-password-7f3e');
    expect(formOn(wrong.text, '/sps/login/methods/password').hidden.bo).toBe(bo);
    linkCredentialsOf(await submitPassword(bo, LOGIN, PASSWORD), attempt);
  });

  it('should refuse an account that has no password and escape what was typed', async () => {
    const { bo } = await openSignInPage(newAttempt());
    const typed = '<script>alert(1)</script>';
    const answer = await submitPassword(bo, typed, '');
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(typed);
    expect(answer.text).toContain('&lt;script&gt;');
  });

  it('should drop the sign-in after five wrong passwords, so even the right one then gets no code', async () => {
    const { bo } = await openSignInPage(newAttempt());
    for (let attempt = 1; attempt <= 4; attempt++) expect((await submitPassword(bo, LOGIN, 'wrong')).status).toBe(200);
    const locked = await submitPassword(bo, LOGIN, 'wrong');
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Слишком много неудачных попыток');
    const after = await submitPassword(bo, LOGIN, PASSWORD);
    expect(after.status).toBe(400);
    expect(after.location).toBeNull();
    expect(after.text).toContain('Сеанс входа не найден или истёк');
  });

  it('should send «Отмена» back to the gateway as access_denied with the state, which reads as DENIED', async () => {
    const attempt = newAttempt();
    const { page, pageUrl } = await openSignInPage(attempt);
    const cancel = await browse(linkOn(page.text, 'Отмена', pageUrl));
    const { query, result } = callbackOf(cancel);
    expect(Object.fromEntries(query)).toEqual({ error: 'access_denied', state: attempt.state });
    expect(result).toEqual({ kind: 'refused', reason: 'DENIED', providerCode: 'access_denied' });
  });

  it('should forget a sign-in left open for more than 10 minutes', async () => {
    const { bo } = await openSignInPage(newAttempt());
    clock = new Date(clock.getTime() + 10 * 60_000 + 1000);
    const late = await submitPassword(bo, LOGIN, PASSWORD);
    expect(late.status).toBe(400);
    expect(late.text).toContain('Сеанс входа не найден или истёк');
  });
});

describe('МЭШ sign-in through mos.ru: the client’s refusals', () => {
  function authorizeUrl(change: Record<string, string | null>, attempt = newAttempt()): string {
    const url = new URL(adapter.browserSignIn!.authorizationUrl(attempt));
    for (const [name, value] of Object.entries(change)) {
      if (value === null) url.searchParams.delete(name);
      else url.searchParams.set(name, value);
    }
    return url.toString();
  }

  it('should show an error page and not redirect for an unknown client', async () => {
    const answer = await browse(authorizeUrl({ client_id: 'someone-else' }));
    expect(answer).toMatchObject({ status: 400, location: null });
    expect(answer.text).toContain('Неизвестное приложение');
  });

  it('should show an error page and not redirect for an unregistered or missing redirect_uri, until it is registered', async () => {
    const other = 'https://elsewhere.test/callback';
    for (const redirectUri of [other, null]) {
      const answer = await browse(authorizeUrl({ redirect_uri: redirectUri }));
      expect(answer).toMatchObject({ status: 400, location: null });
      expect(answer.text).toContain('(redirect_uri) не совпадает с зарегистрированным');
    }
    simulator.allowRedirectUri(other);
    expect((await browse(authorizeUrl({ redirect_uri: other }))).status).toBe(302);
  });

  it.each([
    ['a response_type other than code', { response_type: 'token' }, 'unsupported_response_type'],
    ['no PKCE challenge', { code_challenge: null }, 'invalid_request'],
    ['a plain PKCE challenge', { code_challenge_method: 'plain' }, 'invalid_request'],
  ])('should send %s back to the client as %s', async (_name, change, error) => {
    const attempt = newAttempt();
    const { query } = callbackOf(await browse(authorizeUrl(change, attempt)));
    expect(Object.fromEntries(query)).toEqual({ error, state: attempt.state });
  });
});

describe('МЭШ sign-in through mos.ru: the token endpoint', () => {
  it('should refuse a replayed code (PROVIDER_AUTH_FAILED, nothing issued)', async () => {
    const credentials = await signInOnPages();
    await adapter.signIn(credentials, createUpstreamScope());
    const error = await providerRejection(adapter.signIn(credentials, createUpstreamScope()), 'MESH');
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.upstreamStatus).toBe(400);
  });

  it('should refuse a code more than 10 minutes old', async () => {
    const credentials = await signInOnPages();
    clock = new Date(clock.getTime() + 10 * 60_000 + 1000);
    const error = await providerRejection(adapter.signIn(credentials, createUpstreamScope()), 'MESH');
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
  });

  it('should refuse a verifier that does not match the challenge, and spend the code doing so', async () => {
    const credentials = (await signInOnPages()) as MeshCode;
    const wrong = { ...credentials, codeVerifier: randomBytes(48).toString('base64url') };
    expect((await providerRejection(adapter.signIn(wrong, createUpstreamScope()), 'MESH')).code).toBe(
      'PROVIDER_AUTH_FAILED',
    );
    expect((await providerRejection(adapter.signIn(credentials, createUpstreamScope()), 'MESH')).code).toBe(
      'PROVIDER_AUTH_FAILED',
    );
  });

  it('should answer invalid_grant (400) for another redirect_uri and invalid_client (401) for a wrong secret', async () => {
    const post = (code: string, redirectUri: string, secret: string, codeVerifier: string) =>
      fetch(`${simulator.url}/sps/oauth/te`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${MESH_SIMULATOR_CLIENT.id}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        }),
      });
    const first = (await signInOnPages()) as MeshCode;
    const wrongClient = await post(first.code, REDIRECT_URI, 'wrong-secret', first.codeVerifier!);
    expect(wrongClient.status).toBe(401);
    expect(await wrongClient.json()).toMatchObject({ error: 'invalid_client' });
    const second = (await signInOnPages()) as MeshCode;
    const otherUri = await post(
      second.code,
      'https://elsewhere.test/cb',
      MESH_SIMULATOR_CLIENT.secret,
      second.codeVerifier!,
    );
    expect(otherUri.status).toBe(400);
    expect(await otherUri.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('should not serve a regional node’s sign-in paths', async () => {
    expect((await browse(`${simulator.url}/v3/auth/esia/login?redirect_url=${REDIRECT_URI}&state=s`)).status).toBe(404);
  });
});

describe('МЭШ sign-in through mos.ru: the request log', () => {
  it('should never record a password, code, verifier or token', async () => {
    simulator.clearRequests();
    const credentials = (await signInOnPages()) as MeshCode;
    const linked = await adapter.signIn(credentials, createUpstreamScope());
    await childrenWith(linked);
    const log = JSON.stringify(simulator.requests);
    for (const secret of [
      PASSWORD,
      LOGIN,
      credentials.code,
      credentials.codeVerifier,
      linked.token!,
      MESH_SIMULATOR_CLIENT.secret,
    ])
      expect(log).not.toContain(secret);
    expect(simulator.requests.map((request) => request.path)).toContain('/v3/auth/sudir/auth');
  });
});
