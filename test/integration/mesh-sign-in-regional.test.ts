/**
 * The МЭШ platform's browser sign-in on a regional node («Моя школа»), end to end over real HTTP: the
 * simulator as the node (`/v3/auth/esia/login` → Gosuslugi → `redirect_url?code&state` → `/v3/auth/token`),
 * driven like a browser, and the adapter pointed at it.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import { startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
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
/** The parent's account on the node: a login of its own, and Артём as the one child it shows. */
const regionalAccount: DemoAccount = {
  provider: 'MESH',
  profileId: 50_100_200,
  token: 'regional-seed-token-2b7e',
  login: 'ivanova.anna@example.ru',
  password: 'regional-password-5c3a',
  childKeys: ['artem'],
};
const family: DemoFamily = { ...generated, accounts: [regionalAccount] };
/** The link credentials of a МЭШ sign-in code. */
type MeshCode = Extract<LinkCredentials, { provider: 'MESH'; code: string }>;
const REDIRECT_URI = 'https://gateway.test/link/mesh/callback?tenant=mesh-mosreg';

let simulator: MeshSimulator;
let clock = new Date(`${TODAY}T09:00:00+03:00`);
let adapter: ProviderAdapter;

beforeAll(async () => {
  simulator = await disposedWhenDone(
    startMeshSimulator({ family, now: () => clock, signIn: 'regional', redirectUris: [REDIRECT_URI] }),
  );
  adapter = createMeshAdapter({
    transport: createUndiciTransport(),
    hosts: { schoolBaseUrl: simulator.url, aclBaseUrl: simulator.url },
    signIn: { kind: 'regional', authBaseUrl: simulator.url },
  });
});

/** One attempt as the linking room starts it; a regional node takes no PKCE, so the verifier stays unused. */
function newAttempt() {
  return {
    state: randomBytes(16).toString('base64url'),
    codeVerifier: '',
    codeChallenge: '',
    redirectUri: REDIRECT_URI,
  };
}
type Attempt = ReturnType<typeof newAttempt>;

/** `/v3/auth/esia/login` redirects to the Gosuslugi page, which is fetched. */
async function openGosuslugi(attempt: Attempt): Promise<{ page: PageAnswer; bo: string; pageUrl: string }> {
  const login = await browse(adapter.browserSignIn!.authorizationUrl(attempt));
  expect(login.status).toBe(302);
  const page = await browse(login.location!);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Вход — Госуслуги');
  return { page, bo: formOn(page.text, '/gosuslugi/login').hidden.bo!, pageUrl: login.location! };
}

function submitPassword(bo: string, password = regionalAccount.password!) {
  return browse(`${simulator.url}/gosuslugi/login`, { bo, login: regionalAccount.login!, password });
}

function callbackOf(answer: PageAnswer) {
  expect(answer.status).toBe(302);
  const location = new URL(answer.location!);
  expect(`${location.origin}${location.pathname}`).toBe('https://gateway.test/link/mesh/callback');
  expect(location.searchParams.get('tenant')).toBe('mesh-mosreg');
  return { query: location.searchParams, result: adapter.browserSignIn!.readCallback(location.searchParams) };
}

async function signInOnPages(attempt = newAttempt()): Promise<MeshCode> {
  const { bo } = await openGosuslugi(attempt);
  const { query, result } = callbackOf(await submitPassword(bo));
  expect(query.get('state')).toBe(attempt.state);
  if (result.kind !== 'code') throw new Error(`expected a code, got ${JSON.stringify(result)}`);
  return result.linkCredentials(attempt) as MeshCode;
}

async function childrenWith(credentials: Record<string, string>): Promise<string[]> {
  const account: ProviderAccount = { id: `acc-${randomBytes(4).toString('hex')}`, provider: 'MESH', credentials };
  const profile = await adapter.fetchProfile(account, createUpstreamScope());
  return profile.students.map((student) => student.firstName);
}

describe('МЭШ sign-in on a regional node', () => {
  it('should link through Gosuslugi: code and state → /v3/auth/token → a fresh token that lists the child', async () => {
    const credentials = await signInOnPages();
    expect(credentials.state).toBeDefined();
    const linked = await adapter.signIn(credentials, createUpstreamScope());
    expect(linked.token).not.toBe(regionalAccount.token);
    expect(await childrenWith(linked)).toEqual(['Артём']);
  });

  it('should work again after the seed token expired', async () => {
    simulator.expireToken(regionalAccount.token);
    await expect(childrenWith({ token: regionalAccount.token })).rejects.toMatchObject({
      code: 'PROVIDER_AUTH_FAILED',
    });
    expect(await childrenWith(await adapter.signIn(await signInOnPages(), createUpstreamScope()))).toEqual(['Артём']);
  });

  it('should show the page again on a wrong password, without echoing it', async () => {
    const attempt = newAttempt();
    const { bo } = await openGosuslugi(attempt);
    const wrong = await submitPassword(bo, 'wrong-password-91ac');
    expect(wrong).toMatchObject({ status: 200, location: null });
    expect(wrong.text).toContain('Неверный логин или пароль');
    expect(wrong.text).not.toContain('wrong-password-91ac');
    callbackOf(await submitPassword(bo));
  });

  it('should send «Отмена» back as access_denied with the state (DENIED)', async () => {
    const attempt = newAttempt();
    const { page, pageUrl } = await openGosuslugi(attempt);
    const { query, result } = callbackOf(await browse(linkOn(page.text, 'Отмена', pageUrl)));
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe(attempt.state);
    expect(result).toMatchObject({ kind: 'refused', reason: 'DENIED' });
  });

  it.each([
    [
      'an unregistered redirect_url',
      { redirect_url: 'https://elsewhere.test/cb', state: 's' },
      '(redirect_uri) не совпадает',
    ],
    ['no redirect_url', { state: 's' }, '(redirect_uri) не совпадает'],
    ['no state', { redirect_url: REDIRECT_URI }, 'нет параметра state'],
  ])('should show an error page, not redirect, for %s', async (_name, query, text) => {
    const answer = await browse(`${simulator.url}/v3/auth/esia/login?${new URLSearchParams(query).toString()}`);
    expect(answer).toMatchObject({ status: 400, location: null });
    expect(answer.text).toContain(text);
  });

  it('should refuse a code with another state than it was issued with (and spend it)', async () => {
    const credentials = await signInOnPages();
    const mismatched = { ...credentials, state: 'another-state' };
    const error = await providerRejection(adapter.signIn(mismatched, createUpstreamScope()), 'MESH');
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.upstreamStatus).toBe(400);
    expect((await providerRejection(adapter.signIn(credentials, createUpstreamScope()), 'MESH')).code).toBe(
      'PROVIDER_AUTH_FAILED',
    );
  });

  it('should refuse a replayed code', async () => {
    const credentials = await signInOnPages();
    await adapter.signIn(credentials, createUpstreamScope());
    expect((await providerRejection(adapter.signIn(credentials, createUpstreamScope()), 'MESH')).code).toBe(
      'PROVIDER_AUTH_FAILED',
    );
  });

  it('should refuse a code more than 10 minutes old', async () => {
    const credentials = await signInOnPages();
    clock = new Date(clock.getTime() + 10 * 60_000 + 1000);
    expect((await providerRejection(adapter.signIn(credentials, createUpstreamScope()), 'MESH')).code).toBe(
      'PROVIDER_AUTH_FAILED',
    );
  });

  it('should answer {token, refresh_token} from /v3/auth/token', async () => {
    const credentials = await signInOnPages();
    const query = new URLSearchParams({ code: credentials.code, state: credentials.state! });
    const answer = await fetch(`${simulator.url}/v3/auth/token?${query.toString()}`);
    expect(answer.status).toBe(200);
    expect(Object.keys((await answer.json()) as object).sort()).toEqual(['refresh_token', 'token']);
  });

  it('should not serve mos.ru’s sign-in paths, and keep codes out of the request log', async () => {
    simulator.clearRequests();
    expect((await browse(`${simulator.url}/sps/oauth/ae?client_id=x`)).status).toBe(404);
    const credentials = await signInOnPages();
    const linked = await adapter.signIn(credentials, createUpstreamScope());
    const log = JSON.stringify(simulator.requests);
    for (const secret of [credentials.code, linked.token!, regionalAccount.password!, regionalAccount.login!])
      expect(log).not.toContain(secret);
    const tokenCall = simulator.requests.find((request) => request.path === '/v3/auth/token');
    expect(tokenCall?.query).toEqual({ code: '[redacted]', state: credentials.state });
  });
});
