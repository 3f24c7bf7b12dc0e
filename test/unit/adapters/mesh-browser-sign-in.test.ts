import { describe, expect, it } from 'vitest';
import { createMeshAdapter, type MeshAdapterOptions } from '../../../adapters/mesh/index.js';
import type { BrowserSignIn, BrowserSignInResult } from '../../../src/domain/browser-sign-in.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { thrown } from '../../support/thrown.js';

const LOGIN = 'https://login.mesh.test';
const AUTH = 'https://authedu.mesh.test';
const SCOPE = 'openid profile birthday contacts snils blitz_user_rights blitz_change_password';
const CLIENT = { clientId: 'gateway-client', clientSecret: 'client-secret-9f2c' };
const REDIRECT_URI = 'https://gateway.test/link/mesh/callback';
const ATTEMPT = { redirectUri: REDIRECT_URI, codeVerifier: 'v'.repeat(64) };

function adapterWith(signIn: MeshAdapterOptions['signIn']) {
  return createMeshAdapter({ transport: createFetchTransport(), signIn });
}

function mosRu(overrides: { clientId?: string | null; clientSecret?: string | null } = {}): BrowserSignIn | undefined {
  return adapterWith({ kind: 'mos-ru', loginBaseUrl: LOGIN, scope: SCOPE, ...CLIENT, ...overrides }).browserSignIn;
}

function regional(authBaseUrl = AUTH): BrowserSignIn | undefined {
  return adapterWith({ kind: 'regional', authBaseUrl }).browserSignIn;
}

function query(text: string): URLSearchParams {
  return new URLSearchParams(text);
}

function credentialsOf(result: BrowserSignInResult) {
  if (result.kind !== 'code') throw new Error(`expected a code, got ${JSON.stringify(result)}`);
  return result.linkCredentials(ATTEMPT);
}

describe('МЭШ browser sign-in: which tenants offer one', () => {
  it('should offer none without a sign-in option, or with null', () => {
    expect(adapterWith(undefined).browserSignIn).toBeUndefined();
    expect(adapterWith(null).browserSignIn).toBeUndefined();
  });

  it.each([
    ['no client id', { clientId: null }],
    ['no client secret', { clientSecret: null }],
    ['an empty client id', { clientId: '' }],
  ])('should offer none on mos.ru with %s (its codes could not be exchanged)', (_name, overrides) => {
    expect(mosRu(overrides)).toBeUndefined();
  });

  it('should refuse a sign-in host that is not an absolute URL, without echoing it', () => {
    const error = thrown(() => regional('authedu.mosreg.ru/secret-path'));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('createMeshAdapter: signIn.authBaseUrl must be an absolute URL.');
    const mosError = thrown(() =>
      adapterWith({ kind: 'mos-ru', loginBaseUrl: 'nope', scope: SCOPE, ...CLIENT }),
    ) as TypeError;
    expect(mosError.message).toBe('createMeshAdapter: signIn.loginBaseUrl must be an absolute URL.');
  });
});

describe('МЭШ browser sign-in: mos.ru', () => {
  it('should use PKCE and need no school', () => {
    expect(mosRu()).toMatchObject({ usesPkce: true, needsVendor: false });
  });

  it('should send the browser to /sps/oauth/ae with every parameter login.mos.ru takes', () => {
    const url = new URL(mosRu()!.authorizationUrl({ redirectUri: REDIRECT_URI, state: 'st-1', codeChallenge: 'ch-1' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${LOGIN}/sps/oauth/ae`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT.clientId,
      scope: SCOPE,
      access_type: 'offline',
      redirect_uri: REDIRECT_URI,
      state: 'st-1',
      code_challenge: 'ch-1',
      code_challenge_method: 'S256',
      prompt: 'login',
    });
    expect(url.toString()).not.toContain(CLIENT.clientSecret);
  });

  it('should keep a path prefix of the login host', () => {
    const signIn = adapterWith({
      kind: 'mos-ru',
      loginBaseUrl: `${LOGIN}/proxy/`,
      scope: SCOPE,
      ...CLIENT,
    }).browserSignIn!;
    const url = new URL(signIn.authorizationUrl({ redirectUri: REDIRECT_URI, state: 's', codeChallenge: 'c' }));
    expect(url.pathname).toBe('/proxy/sps/oauth/ae');
  });

  it('should turn a code into the link credentials with the attempt’s redirect URI and verifier, without state', () => {
    const result = mosRu()!.readCallback(query('code=abc-123&state=st-1'));
    expect(credentialsOf(result)).toEqual({ provider: 'MESH', code: 'abc-123', ...ATTEMPT });
  });
});

describe('МЭШ browser sign-in: a regional node', () => {
  it('should use no PKCE and need no school', () => {
    expect(regional()).toMatchObject({ usesPkce: false, needsVendor: false });
  });

  it('should send the browser to /v3/auth/esia/login with redirect_url and state only', () => {
    const url = new URL(regional()!.authorizationUrl({ redirectUri: REDIRECT_URI, state: 'st-2', codeChallenge: 'c' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH}/v3/auth/esia/login`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ redirect_url: REDIRECT_URI, state: 'st-2' });
  });

  it('should carry the state the node sent back into the link credentials', () => {
    const result = regional()!.readCallback(query('code=rc-1&state=st-2'));
    // No PKCE on a regional node: the attempt's verifier is not passed on.
    const { codeVerifier: _none, ...attempt } = ATTEMPT;
    expect(credentialsOf(result)).toEqual({ provider: 'MESH', code: 'rc-1', state: 'st-2', ...attempt });
  });

  it.each([
    ['no state', 'code=rc-1'],
    ['an empty state', 'code=rc-1&state='],
    ['a state over 512 characters', `code=rc-1&state=${'s'.repeat(513)}`],
    ['a state with a space', 'code=rc-1&state=a%20b'],
  ])('should find a code with %s unreadable (the node wants the state back)', (_name, text) => {
    expect(regional()!.readCallback(query(text))).toEqual({
      kind: 'refused',
      reason: 'UNREADABLE',
      providerCode: null,
    });
  });
});

describe('МЭШ browser sign-in: reading the redirect back', () => {
  const signIns = [
    ['mos.ru', () => mosRu()!],
    ['a regional node', () => regional()!],
  ] as const;

  it.each(signIns)('%s: should read access_denied as DENIED', (_name, signIn) => {
    expect(signIn().readCallback(query('error=access_denied&state=s'))).toEqual({
      kind: 'refused',
      reason: 'DENIED',
      providerCode: 'access_denied',
    });
  });

  it.each(signIns)('%s: should read any other error as MISCONFIGURED', (_name, signIn) => {
    expect(signIn().readCallback(query('error=invalid_request&error_description=bad'))).toEqual({
      kind: 'refused',
      reason: 'MISCONFIGURED',
      providerCode: 'invalid_request',
    });
  });

  it.each(signIns)('%s: should believe an error sent beside a code', (_name, signIn) => {
    expect(signIn().readCallback(query('code=abc&state=s&error=server_error'))).toMatchObject({
      kind: 'refused',
      reason: 'MISCONFIGURED',
    });
  });

  it.each(signIns)('%s: should not keep an error code of odd shape, even for the log', (_name, signIn) => {
    expect(signIn().readCallback(query(`error=${encodeURIComponent('<script>alert(1)</script>')}`))).toEqual({
      kind: 'refused',
      reason: 'MISCONFIGURED',
      providerCode: null,
    });
    expect(signIn().readCallback(query(`error=${'e'.repeat(65)}`))).toMatchObject({ providerCode: null });
  });

  it.each(signIns)(
    '%s: should find nothing, a blank code or a code over 4096 characters UNREADABLE',
    (_name, signIn) => {
      for (const text of ['', 'state=s', 'code=&state=s', 'code=%20%20&state=s', `code=${'c'.repeat(4097)}&state=s`]) {
        expect(signIn().readCallback(query(text))).toEqual({
          kind: 'refused',
          reason: 'UNREADABLE',
          providerCode: null,
        });
      }
    },
  );

  it.each(signIns)('%s: should refuse a code a header could not carry', (_name, signIn) => {
    for (const code of ['a b', 'код', 'a\r\nX-Injected: 1']) {
      const result = signIn().readCallback(query(`code=${encodeURIComponent(code)}&state=s`));
      expect(result).toMatchObject({ kind: 'refused', reason: 'UNREADABLE' });
    }
  });

  it.each(signIns)('%s: should take the first of repeated parameters', (_name, signIn) => {
    const result = signIn().readCallback(query('code=first&code=second&state=s&state=t'));
    expect(credentialsOf(result)).toMatchObject({ code: 'first' });
  });

  it('should accept a code of exactly 4096 characters', () => {
    const code = 'c'.repeat(4096);
    expect(credentialsOf(mosRu()!.readCallback(query(`code=${code}`)))).toMatchObject({ code });
  });
});
