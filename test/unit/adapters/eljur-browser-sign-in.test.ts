import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createEljurAdapter, readEljurCallback, type EljurAdapterOptions } from '../../../adapters/eljur/index.js';
import type { LinkCredentials, ProviderAccount } from '../../../src/domain/adapter.js';
import type { BrowserSignIn, BrowserSignInResult } from '../../../src/domain/browser-sign-in.js';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';
import {
  adapterOptions,
  BASE,
  DEVKEY,
  envelope,
  failureEnvelope,
  profileUserInfoPayload,
  rulesPayload,
  STUDENT_ID,
  VENDOR,
} from '../eljur/fixtures.js';

const SIGN_IN_URL = 'https://eljur.test/partner/authorize?lang=ru';
const CHOSEN = 'gymnasium2';
const TOKEN = 'eljur-redirect-token-4f1c9a';
const REDIRECT_URI = 'https://gateway.test/link/eljur/callback';

useStrictNock();

/** The adapter of the other Eljur tests, with the partner sign-in page. */
function options(overrides: Partial<EljurAdapterOptions> = {}): EljurAdapterOptions {
  return adapterOptions({ redirectSignInUrl: SIGN_IN_URL, ...overrides });
}

function browserSignIn(overrides: Partial<EljurAdapterOptions> = {}): BrowserSignIn {
  const flow = createEljurAdapter(options(overrides)).browserSignIn;
  if (!flow) throw new Error('expected the adapter to offer browserSignIn');
  return flow;
}

/** `getrules` and the child's card for `token` on `vendor`: what `fetchProfile` reads. */
function mockProfile(token: string, vendor: string) {
  const query = { devkey: DEVKEY, vendor, out_format: 'json', auth_token: token };
  nock(BASE).get('/apiv3/getrules').query(query).reply(200, envelope(rulesPayload()));
  nock(BASE)
    .get('/apiv3/getprofileuserinfo')
    .query({ ...query, student: STUDENT_ID })
    .reply(200, envelope(profileUserInfoPayload()));
}

function linkOf(result: BrowserSignInResult, vendor?: string): LinkCredentials {
  if (result.kind !== 'code') throw new Error(`expected a token, got ${result.reason}`);
  return result.linkCredentials({ redirectUri: REDIRECT_URI, codeVerifier: '', vendor });
}

describe('Eljur redirect sign-in: the page address', () => {
  it('should be offered only with a sign-in page, without PKCE and with a school chosen first', () => {
    expect(createEljurAdapter(options({ redirectSignInUrl: null })).browserSignIn).toBeUndefined();
    expect(createEljurAdapter(options({ redirectSignInUrl: undefined })).browserSignIn).toBeUndefined();
    expect(browserSignIn()).toMatchObject({ usesPkce: false, needsVendor: true });
  });

  it('should add devkey, vendor, redirect_uri and state to the page, keeping its own query', () => {
    const url = new URL(
      browserSignIn().authorizationUrl({ redirectUri: REDIRECT_URI, state: 's-1', codeChallenge: 'x', vendor: CHOSEN }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://eljur.test/partner/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'ru',
      devkey: DEVKEY,
      vendor: CHOSEN,
      redirect_uri: REDIRECT_URI,
      state: 's-1',
    });
  });

  it('should fall back to the tenant’s default school, and refuse when there is none or it is not a subdomain', () => {
    const request = { redirectUri: REDIRECT_URI, state: 's-2', codeChallenge: '' };
    expect(new URL(browserSignIn().authorizationUrl(request)).searchParams.get('vendor')).toBe(VENDOR);
    expect(() => browserSignIn({ vendor: undefined }).authorizationUrl(request)).toThrow(BadUserInputError);
    expect(() => browserSignIn().authorizationUrl({ ...request, vendor: 'a.b/../c' })).toThrow(BadUserInputError);
  });

  it.each([
    ['not a URL', 'partner/authorize'],
    ['not http(s)', 'ftp://eljur.test/partner/authorize'],
  ])('should refuse a sign-in page address that is %s, without echoing it', (_name, redirectSignInUrl) => {
    expect(() => createEljurAdapter(options({ redirectSignInUrl }))).toThrow(
      /^createEljurAdapter: redirectSignInUrl must be an absolute http\(s\) URL\.$/,
    );
  });
});

describe('Eljur redirect sign-in: the callback', () => {
  it('should link the token with the school chosen when the attempt started, not one the query names', () => {
    const result = browserSignIn().readCallback(
      new URLSearchParams({ token: ` ${TOKEN} `, state: 's', vendor: 'evil' }),
    );
    expect(linkOf(result, CHOSEN)).toEqual({ provider: 'ELJUR', token: TOKEN, vendor: CHOSEN });
    // An attempt that carries no school falls back to the tenant's default, never to the query's.
    expect(linkOf(result)).toEqual({ provider: 'ELJUR', token: TOKEN, vendor: VENDOR });
  });

  it('should read the first of repeated tokens, and `auth_token` when Eljur names it so', () => {
    const repeated = new URLSearchParams([
      ['token', 'first-token'],
      ['token', 'second-token'],
    ]);
    expect(linkOf(readEljurCallback(repeated, VENDOR))).toMatchObject({ token: 'first-token' });
    expect(linkOf(readEljurCallback(new URLSearchParams({ auth_token: TOKEN }), VENDOR))).toMatchObject({
      token: TOKEN,
    });
  });

  it.each([
    ['a refusal on the page', 'error=access_denied&state=s', 'DENIED', 'access_denied'],
    ['another error', 'error=invalid_request&state=s', 'MISCONFIGURED', 'invalid_request'],
    ['an error with a token beside it', 'error=server_error&token=abc', 'MISCONFIGURED', 'server_error'],
    ['an error code that is not a word', 'error=%3Cscript%3E', 'MISCONFIGURED', null],
    ['an error code too long to log', `error=${'e'.repeat(65)}`, 'MISCONFIGURED', null],
    ['nothing', 'state=s', 'UNREADABLE', null],
    ['an empty token', 'token=&state=s', 'UNREADABLE', null],
    ['a token with a space inside', 'token=ab%20cd', 'UNREADABLE', null],
    ['a token with a letter outside ASCII', 'token=%D1%82%D0%BE%D0%BA%D0%B5%D0%BD', 'UNREADABLE', null],
    ['a token over 4096 characters', `token=${'t'.repeat(4097)}`, 'UNREADABLE', null],
  ] as const)('should read %s as a refusal', (_name, query, reason, providerCode) => {
    expect(browserSignIn().readCallback(new URLSearchParams(query))).toEqual({ kind: 'refused', reason, providerCode });
  });
});

describe('Eljur sign-in with a token from the redirect', () => {
  it('should store the token and the school without calling auth, and read the profile with them', async () => {
    const auth = nock(BASE)
      .post('/apiv3/auth')
      .query(true)
      .reply(200, envelope({ token: 'x', expires: '' }));
    const adapter = createEljurAdapter(options());
    const stored = await adapter.signIn({ provider: 'ELJUR', token: ` ${TOKEN} `, vendor: ` ${CHOSEN} ` }, testScope());
    expect(stored).toEqual({ token: TOKEN, vendor: CHOSEN });
    expect(auth.isDone()).toBe(false);
    nock.cleanAll();

    mockProfile(TOKEN, CHOSEN);
    const profile = await adapter.fetchProfile({ id: 'linked', provider: 'ELJUR', credentials: stored }, testScope());
    expect(profile.students.map((child) => child.externalId)).toEqual([STUDENT_ID]);
  });

  it.each([
    ['an empty token', { token: '  ' }, 'token'],
    ['a token with a line break inside', { token: 'ab\ncd' }, 'token'],
    ['a token over 4096 characters', { token: 't'.repeat(4097) }, 'token'],
    ['a vendor that is not a subdomain', { vendor: 'school1.eljur.ru' }, 'vendor'],
    ['an empty vendor', { vendor: '' }, 'vendor'],
  ] as const)('should refuse %s as BAD_USER_INPUT before calling Eljur', async (_name, overrides, argument) => {
    const input = { provider: 'ELJUR', token: TOKEN, vendor: CHOSEN, ...overrides } as const;
    const error = await badUserInput(createEljurAdapter(options()).signIn(input, testScope()));
    expect(error.argument).toBe(argument);
    expect(error.message).not.toContain(TOKEN);
  });

  it('should bound the login and password of the form before calling Eljur', async () => {
    const long = 'п'.repeat(257);
    const adapter = createEljurAdapter(options());
    const login = await badUserInput(
      adapter.signIn({ provider: 'ELJUR', login: long, password: 'p', vendor: CHOSEN }, testScope()),
    );
    const password = await badUserInput(
      adapter.signIn({ provider: 'ELJUR', login: 'anna', password: long, vendor: CHOSEN }, testScope()),
    );
    expect([login.argument, password.argument]).toEqual(['login', 'password']);
  });
});

describe('Eljur account linked with a token only, when the token lapses', () => {
  const account = (credentials: Record<string, string>): ProviderAccount => ({
    id: 'token-only',
    provider: 'ELJUR',
    credentials,
  });

  it.each([
    ['without a known expiry', { token: TOKEN, vendor: CHOSEN }],
    ['past its known expiry', { token: TOKEN, vendor: CHOSEN, tokenExpiresAt: '2025-09-01T00:00:00+04:00' }],
  ])('should report PROVIDER_AUTH_FAILED %s, without trying to sign in', async (_name, credentials) => {
    // No `auth` is mocked: a sign-in attempt would fail as a network error, not as PROVIDER_AUTH_FAILED.
    nock(BASE)
      .get('/apiv3/getrules')
      .query({ devkey: DEVKEY, vendor: CHOSEN, out_format: 'json', auth_token: TOKEN })
      .reply(403, failureEnvelope(403, 'недействительный токен авторизации'));
    const error = await providerRejection(
      createEljurAdapter(options()).fetchProfile(account(credentials), testScope()),
      'ELJUR',
      [TOKEN, DEVKEY],
    );
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toMatch(/sign in to it again/);
  });

  it('should report PROVIDER_AUTH_FAILED without calling Eljur when no school is known for the account', async () => {
    const error = await providerRejection(
      createEljurAdapter(options({ vendor: undefined })).fetchProfile(account({ token: TOKEN }), testScope()),
      'ELJUR',
    );
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toMatch(/no school \(vendor\) is known/);
  });
});
