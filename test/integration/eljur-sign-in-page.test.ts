/**
 * Eljur's redirect sign-in, end to end over real HTTP: the adapter builds the page address, the test plays
 * the browser (`fetch` with `redirect: 'manual'`) on the simulator's pages, the adapter reads the redirect
 * back, links the token and reads the profile with it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import {
  ESIA_PATH,
  MAX_SIGN_IN_FAILURES,
  PENDING_LIFETIME_MS,
  SIGN_IN_PATH,
  startEljurSimulator,
  type EljurSimulator,
} from '../../adapters/eljur/simulator/index.js';
import type { ProviderAdapter, ProviderCredentials } from '../../src/domain/adapter.js';
import type { BrowserSignIn } from '../../src/domain/browser-sign-in.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import { providerRejection } from '../support/rejection.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const START = new Date(`${TODAY}T09:00:00Z`);
const CALLBACK = 'https://gateway.test/link/eljur/callback';
const family = generateDemoFamily({ today: TODAY });
const parent = family.accounts.find((account) => account.provider === 'ELJUR')!;
const eljurChildren = family.children.filter((child) => child.provider === 'ELJUR');

let clock = START;
let simulator: EljurSimulator;
let adapter: ProviderAdapter;
let flow: BrowserSignIn;
const scope = () => createRequestScope(10_000);

beforeAll(async () => {
  simulator = await disposedWhenDone(startEljurSimulator({ family, now: () => clock, redirectUris: [CALLBACK] }));
  adapter = createEljurAdapter({
    transport: createUndiciTransport(),
    baseUrl: simulator.url,
    devkey: simulator.devkey,
    redirectSignInUrl: `${simulator.url}${SIGN_IN_PATH}`,
    timeZone: 'Europe/Samara',
    now: () => clock,
  });
  flow = adapter.browserSignIn!;
});

/** The sign-in page's address for a fresh attempt. */
function pageUrl(state = `state-${Math.random()}`, vendor = simulator.vendor): string {
  return flow.authorizationUrl({ redirectUri: CALLBACK, state, codeChallenge: '', vendor });
}

async function open(url: string): Promise<{ status: number; body: string; location: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, body: await response.text(), location: response.headers.get('location') };
}

async function post(path: string, fields: Record<string, string>) {
  const response = await fetch(`${simulator.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: await response.text(), location: response.headers.get('location') };
}

/** Opens the page of a fresh attempt and returns its pending id (the hidden field). */
async function startAttempt(state?: string): Promise<string> {
  const page = await open(pageUrl(state));
  expect(page.status).toBe(200);
  const pending = /name="pending" value="([0-9a-f]+)"/.exec(page.body)?.[1];
  expect(pending).toBeDefined();
  return pending!;
}

const rightPassword = (pending: string) => ({ pending, login: parent.login!, password: parent.password! });

/** Reads the redirect back as the gateway's callback would and links the account with the chosen school. */
async function linkFrom(location: string | null): Promise<ProviderCredentials> {
  expect(location?.startsWith(`${CALLBACK}?`)).toBe(true);
  const result = flow.readCallback(new URL(location!).searchParams);
  if (result.kind !== 'code') throw new Error(`expected a token, got ${result.reason}`);
  const link = result.linkCredentials({ redirectUri: CALLBACK, codeVerifier: '', vendor: simulator.vendor });
  return adapter.signIn(link, scope());
}

async function childrenOf(credentials: ProviderCredentials): Promise<string[]> {
  const profile = await adapter.fetchProfile({ id: 'linked', provider: 'ELJUR', credentials }, scope());
  return profile.students.map((student) => student.externalId).sort();
}

const expectedChildren = eljurChildren.map((child) => String(child.studentId)).sort();

describe('Eljur sign-in page: success', () => {
  it('should show the school, labelled fields, decline and Gosuslugi', async () => {
    const page = await open(pageUrl());
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<h1>Вход в ЭлЖур — ${eljurChildren[0]!.school.name}</h1>`);
    expect(page.body).toMatch(/<label for="login">Логин/);
    expect(page.body).toMatch(/<label for="password">Пароль/);
    expect(page.body).toMatch(/<input id="password" name="password" type="password"/);
    expect(page.body).toContain('Отказать');
    expect(page.body).toContain('Войти через Госуслуги');
  });

  it('should send the browser back with a fresh token and the state, which links and lists the children', async () => {
    const pending = await startAttempt('state-success');
    const back = await post(SIGN_IN_PATH, rightPassword(pending));
    expect(back.status).toBe(302);
    const query = new URL(back.location!).searchParams;
    expect(query.get('state')).toBe('state-success');
    expect(query.get('token')).not.toBe(parent.token);
    const stored = await linkFrom(back.location);
    expect(stored).toEqual({ token: query.get('token'), vendor: simulator.vendor });
    expect(await childrenOf(stored)).toEqual(expectedChildren);
  });

  it('should spend the attempt: the same form again is refused without a redirect', async () => {
    const pending = await startAttempt();
    expect((await post(SIGN_IN_PATH, rightPassword(pending))).status).toBe(302);
    const replay = await post(SIGN_IN_PATH, rightPassword(pending));
    expect([replay.status, replay.location]).toEqual([400, null]);
  });

  it('should sign in through the Gosuslugi page with the same login and password', async () => {
    const page = await open(pageUrl('state-esia'));
    const link = /<a id="esia" href="([^"]+)"/.exec(page.body)?.[1];
    expect(link).toMatch(new RegExp(`^${ESIA_PATH}\\?pending=`));
    const esia = await open(`${simulator.url}${link!.replaceAll('&amp;', '&')}`);
    expect(esia.status).toBe(200);
    expect(esia.body).toContain('<h1>Госуслуги — Вход</h1>');
    const pending = /name="pending" value="([0-9a-f]+)"/.exec(esia.body)![1]!;
    const wrong = await post(ESIA_PATH, { ...rightPassword(pending), password: 'wrong' });
    expect([wrong.status, wrong.location]).toEqual([200, null]);
    expect(wrong.body).toContain('Неверный логин или пароль');
    const back = await post(ESIA_PATH, rightPassword(pending));
    expect(new URL(back.location!).searchParams.get('state')).toBe('state-esia');
    expect(await childrenOf(await linkFrom(back.location))).toEqual(expectedChildren);
  });

  it('should relink with a token from the page after the stored token lapsed', async () => {
    const seed = { token: parent.token, vendor: simulator.vendor };
    simulator.expireToken(parent.token);
    const lapsed = await providerRejection(childrenOf(seed), 'ELJUR', [parent.token]);
    expect(lapsed.code).toBe('PROVIDER_AUTH_FAILED');
    const back = await post(SIGN_IN_PATH, rightPassword(await startAttempt()));
    expect(await childrenOf(await linkFrom(back.location))).toEqual(expectedChildren);
  });

  it('should never record a password, token or devkey in the request log', async () => {
    simulator.clearRequests();
    const back = await post(SIGN_IN_PATH, rightPassword(await startAttempt()));
    await childrenOf(await linkFrom(back.location));
    const token = new URL(back.location!).searchParams.get('token')!;
    const log = JSON.stringify(simulator.requests);
    expect(simulator.requests.map((request) => request.path)).toContain(SIGN_IN_PATH);
    for (const secret of [parent.password!, token, simulator.devkey]) expect(log).not.toContain(secret);
  });
});

describe('Eljur sign-in page: refusals', () => {
  it('should show the page again on a wrong password, issue nothing, and lock the attempt after five', async () => {
    const pending = await startAttempt();
    for (let attempt = 1; attempt < MAX_SIGN_IN_FAILURES; attempt++) {
      const again = await post(SIGN_IN_PATH, { ...rightPassword(pending), password: `wrong-${attempt}` });
      expect([again.status, again.location]).toEqual([200, null]);
      expect(again.body).toContain('Неверный логин или пароль');
    }
    const locked = await post(SIGN_IN_PATH, { ...rightPassword(pending), login: 'nobody' });
    expect([locked.status, locked.location]).toEqual([429, null]);
    // Even the right password cannot use a locked attempt.
    const after = await post(SIGN_IN_PATH, rightPassword(pending));
    expect([after.status, after.location]).toEqual([429, null]);
  });

  it('should send the browser back with access_denied when the parent declines', async () => {
    const pending = await startAttempt('state-deny');
    const back = await post(SIGN_IN_PATH, { pending, action: 'deny' });
    expect(back.status).toBe(302);
    expect(Object.fromEntries(new URL(back.location!).searchParams)).toEqual({
      error: 'access_denied',
      state: 'state-deny',
    });
    expect(flow.readCallback(new URL(back.location!).searchParams)).toEqual({
      kind: 'refused',
      reason: 'DENIED',
      providerCode: 'access_denied',
    });
  });

  it.each([
    ['an unknown devkey', (url: URL) => url.searchParams.set('devkey', 'not-the-devkey'), 403, 'Доступ запрещён'],
    ['an unknown vendor', (url: URL) => url.searchParams.set('vendor', 'school999'), 404, 'Школа не найдена'],
    [
      'an unregistered redirect_uri',
      (url: URL) => url.searchParams.set('redirect_uri', 'https://evil.test/cb'),
      400,
      'redirect_uri',
    ],
    ['no state', (url: URL) => url.searchParams.delete('state'), 400, 'state'],
    ['a state over 1024 characters', (url: URL) => url.searchParams.set('state', 's'.repeat(1025)), 400, 'state'],
  ])('should refuse %s with an error page and no redirect', async (_name, change, status, text) => {
    const url = new URL(pageUrl());
    change(url);
    const page = await open(url.toString());
    expect([page.status, page.location]).toEqual([status, null]);
    expect(page.body).toContain(text);
    expect(page.body).not.toContain('name="pending"');
  });

  it('should take a redirect_uri once it is registered', async () => {
    const other = 'https://gateway.test/other/callback';
    const url = new URL(pageUrl());
    url.searchParams.set('redirect_uri', other);
    expect((await open(url.toString())).status).toBe(400);
    simulator.allowRedirectUri(other);
    expect((await open(url.toString())).status).toBe(200);
    expect(() => simulator.allowRedirectUri('not a url')).toThrow(RangeError);
  });

  it('should refuse an attempt older than ten minutes without a redirect', async () => {
    const pending = await startAttempt();
    clock = new Date(START.getTime() + PENDING_LIFETIME_MS);
    try {
      const late = await post(SIGN_IN_PATH, rightPassword(pending));
      expect([late.status, late.location]).toEqual([400, null]);
      expect(late.body).toContain('истёк');
    } finally {
      clock = START;
    }
  });

  it('should refuse an unknown attempt on the Gosuslugi page', async () => {
    const page = await open(`${simulator.url}${ESIA_PATH}?pending=0123`);
    expect([page.status, page.location]).toEqual([400, null]);
  });
});
