import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDnevnikAdapter } from '../../adapters/dnevnik/index.js';
import {
  CODE_LIFETIME_MS,
  DNEVNIK_SIMULATOR_CLIENT,
  MAX_SIGN_IN_FAILURES,
  PENDING_LIFETIME_MS,
  startDnevnikSimulator,
  type DnevnikSimulator,
} from '../../adapters/dnevnik/simulator/index.js';
import type { LinkCredentials, ProviderCredentials } from '../../src/domain/adapter.js';
import type { BrowserSignIn, BrowserSignInResult } from '../../src/domain/browser-sign-in.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { browse, formOf, hasLabelledInput, submitForm, type PageAnswer } from '../support/sign-in-pages.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const START = new Date(`${TODAY}T12:00:00+03:00`);
const CALLBACK = 'https://gateway.test/link/dnevnik/callback';
const family = generateDemoFamily({ today: TODAY });
const parentAccount = family.accounts.find((account) => account.provider === 'DNEVNIK')!;
const LOGIN = parentAccount.login!;
const PASSWORD = parentAccount.password!;
const accountChildren = family.children
  .filter((child) => child.provider === 'DNEVNIK' && parentAccount.childKeys.includes(child.key))
  .map((child) => child.firstName)
  .sort();

let simulator: DnevnikSimulator;
let clock = START;

function adapter(options: { pkce?: boolean; clientSecret?: string } = {}) {
  return createDnevnikAdapter({
    transport: createUndiciTransport(),
    baseUrl: simulator.url,
    loginBaseUrl: simulator.url,
    clientId: DNEVNIK_SIMULATOR_CLIENT.id,
    clientSecret: options.clientSecret ?? DNEVNIK_SIMULATOR_CLIENT.secret,
    pkce: options.pkce ?? false,
    now: () => START,
  });
}

const scope = () => createRequestScope(15_000);

/** One sign-in attempt as the gateway starts it: its state, PKCE verifier and the sign-in page. */
interface Attempt {
  signIn: BrowserSignIn;
  state: string;
  verifier: string;
  page: PageAnswer;
}

async function startAttempt(pkce = false, redirectUri = CALLBACK): Promise<Attempt> {
  const signIn = adapter({ pkce }).browserSignIn!;
  const state = randomBytes(24).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const codeChallenge = createHash('sha256').update(verifier).digest('base64url');
  const page = await browse(signIn.authorizationUrl({ redirectUri, state, codeChallenge }));
  return { signIn, state, verifier, page };
}

/** Signs in on the page (`gosuslugi`: through «Войти через Госуслуги») and returns the consent page. */
async function signedIn(attempt: Attempt, via: 'dnevnik' | 'gosuslugi' = 'dnevnik'): Promise<PageAnswer> {
  const form = via === 'dnevnik' ? attempt.page : await submitForm(attempt.page, 'gosuslugi');
  const consent = await submitForm(form, via === 'dnevnik' ? 'sign-in' : 'esia-sign-in', {
    login: LOGIN,
    password: PASSWORD,
  });
  expect(consent.status).toBe(200);
  expect(consent.text).toContain('Приложение запрашивает доступ:');
  return consent;
}

/** Presses «Разрешить» or «Отказать»; returns where the browser is sent (the gateway's callback). */
async function decide(consent: PageAnswer, decision: 'allow' | 'deny'): Promise<URL> {
  const back = await submitForm(consent, 'consent', { decision });
  expect(back.status).toBe(302);
  const location = new URL(back.location!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  return location;
}

/** What a Dnevnik.ru code links with. */
type DnevnikCode = Extract<LinkCredentials, { provider: 'DNEVNIK'; code: string }>;

function codeOf(result: BrowserSignInResult, attempt: Attempt): DnevnikCode {
  if (result.kind !== 'code') throw new Error(`expected a code, got ${JSON.stringify(result)}`);
  const link = result.linkCredentials({ redirectUri: CALLBACK, codeVerifier: attempt.verifier });
  if (link.provider !== 'DNEVNIK' || !('code' in link)) throw new Error('expected Dnevnik.ru code credentials');
  return link;
}

/** The whole way to the callback, read by the adapter as the gateway would. */
async function linkCredentialsFor(attempt: Attempt, via: 'dnevnik' | 'gosuslugi' = 'dnevnik') {
  const callback = await decide(await signedIn(attempt, via), 'allow');
  expect(callback.searchParams.get('state')).toBe(attempt.state);
  return codeOf(attempt.signIn.readCallback(callback.searchParams), attempt);
}

async function childrenOf(credentials: ProviderCredentials): Promise<string[]> {
  const profile = await adapter().fetchProfile({ id: 'acc-browser', provider: 'DNEVNIK', credentials }, scope());
  return profile.students.map((student) => student.firstName).sort();
}

/** The HTML page a refusal shows, with no redirect anywhere. */
function expectErrorPage(page: PageAnswer, status: number, text: string): void {
  expect([page.status, page.location]).toEqual([status, null]);
  expect(page.text).toContain(text);
}

beforeAll(async () => {
  simulator = await disposedWhenDone(
    startDnevnikSimulator({ family, now: () => clock, redirectUris: ['https://other.test/callback'] }),
  );
  simulator.allowRedirectUri(CALLBACK);
});

beforeEach(() => {
  clock = START;
});

describe('Dnevnik.ru sign-in pages: the way through', () => {
  it('should show a Russian sign-in page with labelled fields, Gosuslugi, and only an id of the request', async () => {
    const { page, state } = await startAttempt();
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="ru">');
    expect([hasLabelledInput(page, 'login'), hasLabelledInput(page, 'password')]).toEqual([true, true]);
    expect(page.text).toContain('Войти через Госуслуги');
    expect(Object.keys(formOf(page, 'sign-in').hidden)).toEqual(['authorization']);
    expect(page.text).not.toContain(state);
    expect(page.text).not.toContain(CALLBACK);
  });

  it('should link after the seed token lapsed: fresh tokens that read the parent children', async () => {
    simulator.expireToken(parentAccount.token);
    const credentials = await adapter().signIn(await linkCredentialsFor(await startAttempt()), scope());
    expect(credentials).toEqual({
      accessToken: expect.stringMatching(/^dn-access-/),
      refreshToken: expect.any(String),
    });
    expect(credentials.accessToken).not.toBe(parentAccount.token);
    expect(await childrenOf(credentials)).toEqual(accountChildren);
  });

  it('should link through the Gosuslugi route with the same login and password', async () => {
    const attempt = await startAttempt();
    const gosuslugi = await submitForm(attempt.page, 'gosuslugi');
    expect(gosuslugi.status).toBe(200);
    expect(gosuslugi.text).toContain('Госуслуги');
    expect([hasLabelledInput(gosuslugi, 'login'), hasLabelledInput(gosuslugi, 'password')]).toEqual([true, true]);
    const credentials = await adapter().signIn(await linkCredentialsFor(attempt, 'gosuslugi'), scope());
    expect(await childrenOf(credentials)).toEqual(accountChildren);
  });

  it('should link with PKCE: the verifier of the challenge passes', async () => {
    const attempt = await startAttempt(true);
    const link = await linkCredentialsFor(attempt);
    expect(link).toMatchObject({ codeVerifier: attempt.verifier });
    expect(await childrenOf(await adapter({ pkce: true }).signIn(link, scope()))).toEqual(accountChildren);
  });

  it('should hand out a token in the fragment for response_type=token (the implicit flow)', async () => {
    const url = new URL(
      adapter().browserSignIn!.authorizationUrl({ redirectUri: CALLBACK, state: 's1', codeChallenge: '' }),
    );
    url.searchParams.set('response_type', 'token');
    const callback = await decide(await signedIn({ page: await browse(url) } as Attempt), 'allow');
    const fragment = new URLSearchParams(callback.hash.slice(1));
    expect([fragment.get('state'), fragment.get('access_token')?.length]).toEqual(['s1', 32]);
    expect(await childrenOf({ accessToken: fragment.get('access_token')! })).toEqual(accountChildren);
  });
});

describe('Dnevnik.ru sign-in pages: refusals on the pages', () => {
  it('should show the page again on a wrong password, issue nothing, and still take the right one', async () => {
    const attempt = await startAttempt();
    const again = await submitForm(attempt.page, 'sign-in', { login: LOGIN, password: 'wrong-password' });
    expect([again.status, again.location]).toEqual([200, null]);
    expect(again.text).toContain('Неверный логин или пароль');
    expect(again.text).not.toContain('wrong-password');
    expect(again.text).not.toContain('Приложение запрашивает доступ');
    const callback = await decide(await signedIn({ ...attempt, page: again }), 'allow');
    expect(callback.searchParams.get('code')).toMatch(/^code-/);
  });

  it(`should drop the request after ${MAX_SIGN_IN_FAILURES} wrong passwords, the right one included after`, async () => {
    const attempt = await startAttempt();
    let page = attempt.page;
    for (let failure = 1; failure < MAX_SIGN_IN_FAILURES; failure += 1) {
      page = await submitForm(page, 'sign-in', { login: LOGIN, password: `wrong-${failure}` });
      expect(page.status).toBe(200);
    }
    const locked = await submitForm(page, 'sign-in', { login: LOGIN, password: 'wrong-last' });
    expectErrorPage(locked, 400, 'начните вход заново');
    const late = await browse(formOf(page, 'sign-in').action, {
      ...formOf(page, 'sign-in').hidden,
      login: LOGIN,
      password: PASSWORD,
    });
    expectErrorPage(late, 400, 'начните вход заново');
  });

  it('should refuse an unknown login on the Gosuslugi page, and another diary account on Dnevnik.ru page', async () => {
    const attempt = await startAttempt();
    const gosuslugi = await submitForm(attempt.page, 'gosuslugi');
    const again = await submitForm(gosuslugi, 'esia-sign-in', { login: 'nobody', password: PASSWORD });
    expect([again.status, again.location]).toEqual([200, null]);
    expect(again.text).toContain('Неверный логин или пароль');
    const mesh = family.accounts.find((account) => account.provider === 'MESH' && account.login)!;
    const other = await submitForm(attempt.page, 'sign-in', { login: mesh.login!, password: mesh.password! });
    expect([other.status, other.location]).toEqual([200, null]);
    expect(other.text).toContain('Неверный логин или пароль');
  });

  it('should send access_denied back with the state when the parent refuses consent', async () => {
    const attempt = await startAttempt();
    const callback = await decide(await signedIn(attempt), 'deny');
    expect(Object.fromEntries(callback.searchParams)).toEqual({ error: 'access_denied', state: attempt.state });
    expect(attempt.signIn.readCallback(callback.searchParams)).toEqual({
      kind: 'refused',
      reason: 'DENIED',
      providerCode: 'access_denied',
    });
  });

  it('should not take the sign-in page id on the consent page (no consent without a password)', async () => {
    const { page } = await startAttempt();
    const skipped = await browse(new URL('/oauth2/consent', simulator.url), {
      ...formOf(page, 'sign-in').hidden,
      decision: 'allow',
    });
    expectErrorPage(skipped, 400, 'начните вход заново');
  });

  it('should refuse an unknown client with an error page and no redirect', async () => {
    const url = new URL((await startAttempt()).page.url);
    url.searchParams.set('client_id', 'unknown-client');
    expectErrorPage(await browse(url), 400, 'client_id');
  });

  it.each([
    ['an unregistered redirect URI', 'https://evil.test/callback'],
    ['a redirect URI that only starts like the registered one', `${CALLBACK}/../../evil`],
    ['no redirect URI', null],
  ])('should refuse %s with an error page and no redirect', async (_name, redirectUri) => {
    const url = new URL((await startAttempt()).page.url);
    if (redirectUri === null) url.searchParams.delete('redirect_uri');
    else url.searchParams.set('redirect_uri', redirectUri);
    expectErrorPage(await browse(url), 400, 'redirect_uri не совпадает');
  });

  it.each([
    ['response_type', 'id_token', 'unsupported_response_type'],
    ['scope', 'CommonInfo,Everything', 'invalid_scope'],
    ['code_challenge_method', 'plain', 'invalid_request'],
  ])('should redirect a bad %s back as an OAuth error with the state', async (parameter, value, error) => {
    const attempt = await startAttempt(true);
    const url = new URL(attempt.page.url);
    url.searchParams.set(parameter, value);
    const page = await browse(url);
    expect(page.status).toBe(302);
    expect(Object.fromEntries(new URL(page.location!).searchParams)).toEqual({ error, state: attempt.state });
  });

  it('should refuse a request left more than ten minutes before signing in', async () => {
    const { page } = await startAttempt();
    clock = new Date(START.getTime() + PENDING_LIFETIME_MS + 1000);
    expectErrorPage(
      await submitForm(page, 'sign-in', { login: LOGIN, password: PASSWORD }),
      400,
      'начните вход заново',
    );
  });

  it('should answer the maintenance page and open nothing while the diary is down', async () => {
    simulator.setFault('maintenance');
    try {
      const { page } = await startAttempt();
      expect([page.status, page.location]).toEqual([550, null]);
      expect(page.text).not.toContain('<form');
    } finally {
      simulator.setFault('none');
    }
  });
});

describe('Dnevnik.ru sign-in pages: refusals at the token endpoint', () => {
  it('should refuse a replayed code with 401, issuing nothing the second time', async () => {
    const link = await linkCredentialsFor(await startAttempt());
    await adapter().signIn(link, scope());
    const error = await providerRejection(adapter().signIn(link, scope()), 'DNEVNIK');
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it('should refuse a code older than ten minutes', async () => {
    const link = await linkCredentialsFor(await startAttempt());
    clock = new Date(START.getTime() + CODE_LIFETIME_MS + 1000);
    const error = await providerRejection(adapter().signIn(link, scope()), 'DNEVNIK');
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it.each([
    ['a wrong verifier', (link: DnevnikCode) => ({ ...link, codeVerifier: randomBytes(32).toString('base64url') })],
    ['no verifier', ({ codeVerifier: _omitted, ...link }: DnevnikCode): DnevnikCode => link],
  ])('should refuse a PKCE code exchanged with %s', async (_name, change) => {
    const link = change(await linkCredentialsFor(await startAttempt(true)));
    const error = await providerRejection(adapter().signIn(link, scope()), 'DNEVNIK');
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it('should refuse a code exchanged with another redirect URI than the authorize one', async () => {
    const link = await linkCredentialsFor(await startAttempt());
    const error = await providerRejection(
      adapter().signIn({ ...link, redirectUri: 'https://other.test/callback' }, scope()),
      'DNEVNIK',
    );
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it('should refuse another client with 403 invalid_client and leave the code to its own client', async () => {
    const link = await linkCredentialsFor(await startAttempt());
    const error = await providerRejection(
      adapter({ clientSecret: 'not-the-secret' }).signIn(link, scope()),
      'DNEVNIK',
      ['not-the-secret'],
    );
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 403]);
    expect(await childrenOf(await adapter().signIn(link, scope()))).toEqual(accountChildren);
  });
});

describe('Dnevnik.ru sign-in pages: what the simulator keeps', () => {
  it('should keep no password, code, verifier, state or request id in its log of requests', async () => {
    simulator.clearRequests();
    const attempt = await startAttempt(true);
    // The Gosuslugi page is opened (a GET carrying the request id), then the parent signs in on Dnevnik.ru page.
    await submitForm(attempt.page, 'gosuslugi');
    const link = await linkCredentialsFor(attempt);
    await adapter({ pkce: true }).signIn(link, scope());
    const log = JSON.stringify(simulator.requests);
    const secrets = [PASSWORD, attempt.state, attempt.verifier, formOf(attempt.page, 'sign-in').hidden.authorization];
    for (const secret of [...secrets, link.code]) expect(log).not.toContain(secret!);
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /oauth2',
      'GET /login/esia',
      'POST /login',
      'POST /oauth2/consent',
      'POST /v2/authorizations',
    ]);
  });

  it('should register only absolute http(s) redirect URIs', () => {
    expect(() => simulator.allowRedirectUri('/relative')).toThrow(RangeError);
    expect(() => simulator.allowRedirectUri('https://gateway.test/cb#fragment')).toThrow(RangeError);
  });
});
