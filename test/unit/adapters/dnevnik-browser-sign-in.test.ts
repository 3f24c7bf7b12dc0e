import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createDnevnikAdapter, type DnevnikAdapterOptions } from '../../../adapters/dnevnik/index.js';
import type { BrowserSignIn, BrowserSignInResult } from '../../../src/domain/browser-sign-in.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput } from '../../support/rejection.js';
import { thrown } from '../../support/thrown.js';

useStrictNock();

const BASE = 'https://api.dnevnik.test';
const CLIENT_ID = '0123456789abcdef0123456789abcdef';
const CLIENT_SECRET = 'client-secret-4f1c9e';
const REDIRECT = 'https://gateway.example/link/dnevnik/callback';
const STATE = 'state-Zq3xv9Kp2Lm7Nw8Rt5Yb1Hc6';
/** RFC 7636 appendix B's verifier and its S256 challenge. */
const VERIFIER = 'dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function options(overrides: Partial<DnevnikAdapterOptions> = {}): DnevnikAdapterOptions {
  return {
    transport: createFetchTransport(),
    baseUrl: BASE,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...overrides,
  };
}

function signInOf(overrides: Partial<DnevnikAdapterOptions> = {}): BrowserSignIn {
  const signIn = createDnevnikAdapter(options(overrides)).browserSignIn;
  if (!signIn) throw new Error('the adapter offers no browser sign-in');
  return signIn;
}

const read = (query: string, overrides: Partial<DnevnikAdapterOptions> = {}): BrowserSignInResult =>
  signInOf(overrides).readCallback(new URLSearchParams(query));

function linkCredentialsOf(result: BrowserSignInResult) {
  if (result.kind !== 'code') throw new Error(`expected a code, got ${JSON.stringify(result)}`);
  return result.linkCredentials({ redirectUri: REDIRECT, codeVerifier: VERIFIER });
}

describe('Dnevnik.ru browser sign-in: offering it', () => {
  it('should be offered only with an OAuth client, without PKCE or a vendor by default', () => {
    expect(
      createDnevnikAdapter(options({ clientId: undefined, clientSecret: undefined })).browserSignIn,
    ).toBeUndefined();
    const signIn = signInOf();
    expect([signIn.usesPkce, signIn.needsVendor]).toEqual([false, false]);
    expect(signInOf({ pkce: true }).usesPkce).toBe(true);
  });

  it.each([
    ['loginBaseUrl', { loginBaseUrl: 'login.dnevnik.ru/with:secret' }],
    ['loginBaseUrl', { loginBaseUrl: 'javascript:alert(1)' }],
    ['scope', { scope: 'CommonInfo, secret-value' }],
    ['scope', { scope: '' }],
    ['scope', { scope: Array.from({ length: 33 }, () => 'CommonInfo').join(',') }],
  ])('should refuse a bad %s without echoing it', (option, overrides) => {
    const error = thrown(() => createDnevnikAdapter(options(overrides)));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(option);
    expect((error as Error).message).not.toMatch(/secret|alert|with:/);
  });
});

describe('Dnevnik.ru browser sign-in: the authorization URL', () => {
  const request = { redirectUri: REDIRECT, state: STATE, codeChallenge: CHALLENGE };

  it('should send the parent to login.dnevnik.ru/oauth2 for a code, with the default scopes and no PKCE', () => {
    const url = new URL(signInOf().authorizationUrl(request));
    expect(url.origin + url.pathname).toBe('https://login.dnevnik.ru/oauth2');
    expect([...url.searchParams]).toEqual([
      ['response_type', 'code'],
      ['client_id', CLIENT_ID],
      ['scope', 'CommonInfo,ContactInfo,FriendsAndRelatives,EducationalInfo'],
      ['redirect_uri', REDIRECT],
      ['state', STATE],
    ]);
  });

  it('should use the white label login host and the configured scopes, spaces dropped', () => {
    const url = new URL(
      signInOf({ loginBaseUrl: 'https://login.kundelik.kz/', scope: 'CommonInfo, EducationalInfo' }).authorizationUrl(
        request,
      ),
    );
    expect(url.origin + url.pathname).toBe('https://login.kundelik.kz/oauth2');
    expect(url.searchParams.get('scope')).toBe('CommonInfo,EducationalInfo');
  });

  it('should add the S256 challenge when the tenant uses PKCE', () => {
    const url = new URL(signInOf({ pkce: true }).authorizationUrl(request));
    expect(url.searchParams.get('code_challenge')).toBe(CHALLENGE);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it.each([
    ['a relative redirect URI', { redirectUri: '/callback' }],
    ['an empty state', { state: '' }],
    ['a state with a line break', { state: 'a\r\nb' }],
    ['a challenge that is not S256', { codeChallenge: 'plain-verifier' }],
  ])('should refuse to build it with %s', (_name, change) => {
    expect(() => signInOf({ pkce: true }).authorizationUrl({ ...request, ...change })).toThrow(TypeError);
  });
});

describe('Dnevnik.ru browser sign-in: reading the redirect back', () => {
  it('should read a code into link credentials with the attempt redirect URI, and no verifier without PKCE', () => {
    expect(linkCredentialsOf(read(`code=abc123&state=${STATE}`))).toEqual({
      provider: 'DNEVNIK',
      code: 'abc123',
      redirectUri: REDIRECT,
    });
  });

  it('should add the attempt verifier when the tenant uses PKCE', () => {
    expect(linkCredentialsOf(read('code=abc123', { pkce: true }))).toEqual({
      provider: 'DNEVNIK',
      code: 'abc123',
      redirectUri: REDIRECT,
      codeVerifier: VERIFIER,
    });
  });

  it('should take the first of repeated codes, trimmed, and a code of exactly 4096 characters', () => {
    expect(linkCredentialsOf(read('code=%20first%0A&code=second'))).toMatchObject({ code: 'first' });
    const longest = 'c'.repeat(4096);
    expect(linkCredentialsOf(read(`code=${longest}`))).toMatchObject({ code: longest });
  });

  it.each([
    ['access_denied', 'error=access_denied&state=s', 'DENIED', 'access_denied'],
    ['access_denied in capitals', 'error=ACCESS_DENIED', 'DENIED', 'ACCESS_DENIED'],
    ['another error', 'error=invalid_request&error_description=redirect_uri', 'MISCONFIGURED', 'invalid_request'],
    ['an error with a code beside it', 'code=abc&error=invalid_scope', 'MISCONFIGURED', 'invalid_scope'],
    ['an error that is not a word', `error=${encodeURIComponent('<script>')}`, 'MISCONFIGURED', null],
    ['an overlong error', `error=${'e'.repeat(65)}`, 'MISCONFIGURED', null],
    ['nothing', 'state=s', 'UNREADABLE', null],
    ['a blank code', 'code=%20%20', 'UNREADABLE', null],
    ['a code over 4096 characters', `code=${'c'.repeat(4097)}`, 'UNREADABLE', null],
    ['a code with a space inside', 'code=ab%20cd', 'UNREADABLE', null],
    ['a code outside ASCII', `code=${encodeURIComponent('код')}`, 'UNREADABLE', null],
  ])('should refuse %s', (_name, query, reason, providerCode) => {
    expect(read(query)).toEqual({ kind: 'refused', reason, providerCode });
  });
});

describe('Dnevnik.ru code exchange with a PKCE verifier', () => {
  const exchange = (form: Record<string, string | undefined>) =>
    nock(BASE)
      .post('/v2/authorizations', (body: Record<string, string>) =>
        Object.entries(form).every(([name, value]) => body[name] === value),
      )
      .reply(200, { accessToken: 'fresh-access', refreshToken: 'fresh-refresh', user: 7, user_str: '7' });

  it('should send code_verifier as a form field when the link carries one', async () => {
    exchange({ grant_type: 'AuthorizationCode', code: 'abc123', redirect_uri: REDIRECT, code_verifier: VERIFIER });
    const credentials = await createDnevnikAdapter(options()).signIn(
      { provider: 'DNEVNIK', code: 'abc123', redirectUri: REDIRECT, codeVerifier: VERIFIER },
      createUpstreamScope(),
    );
    expect(credentials).toEqual({ accessToken: 'fresh-access', refreshToken: 'fresh-refresh' });
  });

  it('should send no code_verifier when the link carries none', async () => {
    exchange({ grant_type: 'AuthorizationCode', code: 'abc123', code_verifier: undefined });
    await createDnevnikAdapter(options()).signIn(
      { provider: 'DNEVNIK', code: 'abc123', redirectUri: REDIRECT },
      createUpstreamScope(),
    );
  });

  it('should refuse a verifier that is not one, before calling Dnevnik.ru, without quoting it', async () => {
    const input = { provider: 'DNEVNIK', code: 'abc123', codeVerifier: 'short-secret' } as const;
    await badUserInput(createDnevnikAdapter(options()).signIn(input, createUpstreamScope()), 'codeVerifier', [
      'short-secret',
    ]);
  });
});
