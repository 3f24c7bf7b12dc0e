import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { LinkCredentials } from '../../../src/domain/adapter.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';

useStrictNock();

// nock 14 intercepts only the global fetch, hence the fetch transport (production uses undici's request).
const LOGIN = 'https://login.mesh.test';
const SCHOOL = 'https://school.mesh.test';
const AUTH = 'https://authedu.mesh.test';
const CLIENT_ID = 'gateway-client';
const CLIENT_SECRET = 'client-secret-9f2c';
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
const REDIRECT_URI = 'https://gateway.test/link/mesh/callback';
const CODE = 'one-time-code-5d1e';
const VERIFIER = 'verifier-'.padEnd(64, 'x');
const STATE = 'state-7a2b';
const MOS_TOKEN = 'mos-access-token-1c9e';
const MESH_TOKEN = 'mesh-access-token-8b3f';
const SECRETS = [CODE, VERIFIER, CLIENT_SECRET, MOS_TOKEN, MESH_TOKEN];

const mosRuCode: LinkCredentials = { provider: 'MESH', code: CODE, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER };
const regionalCode: LinkCredentials = { ...mosRuCode, state: STATE };

function mosRuAdapter(
  client: { clientId: string | null; clientSecret: string | null } = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  },
) {
  return createMeshAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    hosts: { schoolBaseUrl: SCHOOL },
    signIn: { kind: 'mos-ru', loginBaseUrl: LOGIN, scope: 'openid profile', ...client },
  });
}

function regionalAdapter() {
  return createMeshAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    hosts: { schoolBaseUrl: SCHOOL },
    signIn: { kind: 'regional', authBaseUrl: AUTH },
  });
}

/** login.mos.ru's token endpoint, matched on the exact form and headers the adapter must send. */
function mockTokenEndpoint() {
  return (
    nock(LOGIN)
      // nock hands the form over as a null-prototype object: copied, so it compares as a plain one.
      .post('/sps/oauth/te', (body: Record<string, string>) =>
        isDeepStrictEqual(
          { ...body },
          {
            grant_type: 'authorization_code',
            code: CODE,
            redirect_uri: REDIRECT_URI,
            code_verifier: VERIFIER,
          },
        ),
      )
      .matchHeader('authorization', BASIC)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('accept', 'application/json')
  );
}

function mockSudirAuth() {
  return nock(SCHOOL, { badheaders: ['authorization', 'auth-token'] })
    .post('/v3/auth/sudir/auth', { user_authentication_for_mobile_request: { mos_access_token: MOS_TOKEN } })
    .matchHeader('content-type', 'application/json');
}

function mockRegionalToken() {
  return nock(AUTH).get('/v3/auth/token').query({ code: CODE, state: STATE }).matchHeader('accept', 'application/json');
}

const TOKEN_ANSWER = { access_token: MOS_TOKEN, expires_in: 3600, refresh_token: 'r', token_type: 'Bearer' };

describe('МЭШ sign-in code exchange: mos.ru', () => {
  it('should post the code to /sps/oauth/te, then trade the mos.ru token at /v3/auth/sudir/auth', async () => {
    mockTokenEndpoint().reply(200, TOKEN_ANSWER);
    mockSudirAuth().reply(200, {
      user_authentication_for_mobile_response: { mesh_access_token: MESH_TOKEN, mesh_refresh_token: 'mr' },
    });
    await expect(mosRuAdapter().signIn(mosRuCode, testScope())).resolves.toEqual({ token: MESH_TOKEN });
  });

  it.each([
    [400, { error: 'invalid_grant', error_description: 'code expired' }],
    [401, { error: 'invalid_client' }],
    [403, '<html>forbidden</html>'],
    [200, { error: 'invalid_grant' }],
  ] as const)('should read HTTP %s %j from the token endpoint as PROVIDER_AUTH_FAILED', async (status, body) => {
    mockTokenEndpoint().reply(status, body);
    const error = await providerRejection(mosRuAdapter().signIn(mosRuCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.upstreamStatus).toBe(status);
    expect(error.message).toContain('sps/oauth/te');
  });

  it.each([
    [500, 'PROVIDER_UNAVAILABLE'],
    [503, 'PROVIDER_UNAVAILABLE'],
    [429, 'PROVIDER_UNAVAILABLE'],
  ] as const)('should read HTTP %s from the token endpoint as %s, not as a refusal', async (status, code) => {
    mockTokenEndpoint().reply(status, { message: 'down' });
    const error = await providerRejection(mosRuAdapter().signIn(mosRuCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe(code);
  });

  it('should read a token answer without access_token as PROVIDER_BAD_RESPONSE', async () => {
    mockTokenEndpoint().reply(200, { token_type: 'Bearer' });
    const error = await providerRejection(mosRuAdapter().signIn(mosRuCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
  });

  it('should read a refused mos.ru token at sudir/auth (401) as PROVIDER_AUTH_FAILED', async () => {
    mockTokenEndpoint().reply(200, TOKEN_ANSWER);
    mockSudirAuth().reply(401, '');
    const error = await providerRejection(mosRuAdapter().signIn(mosRuCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('sudir/auth');
  });

  it.each([
    ['no МЭШ token', { user_authentication_for_mobile_response: {} }],
    ['a token a header cannot carry', { user_authentication_for_mobile_response: { mesh_access_token: 'a\r\nb' } }],
  ])('should read a sudir/auth answer with %s as PROVIDER_BAD_RESPONSE', async (_name, body) => {
    mockTokenEndpoint().reply(200, TOKEN_ANSWER);
    mockSudirAuth().reply(200, body);
    const error = await providerRejection(mosRuAdapter().signIn(mosRuCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
  });

  it('should not exchange a code without a registered client (NOT_SUPPORTED_BY_PROVIDER), calling nothing', async () => {
    const adapter = mosRuAdapter({ clientId: CLIENT_ID, clientSecret: null });
    const error = await providerRejection(adapter.signIn(mosRuCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
  });

  it.each([
    ['a PKCE verifier shorter than 43 characters', 'codeVerifier', { codeVerifier: 'short' }],
    ['a PKCE verifier with a character RFC 7636 does not allow', 'codeVerifier', { codeVerifier: `${VERIFIER}!` }],
    ['a relative redirect URI', 'redirectUri', { redirectUri: '/link/mesh/callback' }],
    ['a code over 4096 characters', 'code', { code: 'c'.repeat(4097) }],
    ['a code with a line break', 'code', { code: 'abc\r\nX-Injected: 1' }],
    ['an empty code', 'code', { code: '  ' }],
  ])('should refuse %s as BAD_USER_INPUT naming %s, calling nothing', async (_name, argument, change) => {
    const input = { ...mosRuCode, ...change } as LinkCredentials;
    await badUserInput(mosRuAdapter().signIn(input, testScope()), argument, [...SECRETS, 'X-Injected']);
  });
});

describe('МЭШ sign-in code exchange: a regional node', () => {
  it.each([
    ['{token}', { token: MESH_TOKEN }],
    ['{token, refresh_token}', { token: MESH_TOKEN, refresh_token: 'r' }],
    ['{access_token, refresh_token}', { access_token: MESH_TOKEN, refresh_token: 'r' }],
    ['{mesh_access_token}', { mesh_access_token: MESH_TOKEN }],
  ])('should GET /v3/auth/token?code&state and keep the token of %s', async (_name, body) => {
    mockRegionalToken().reply(200, body);
    await expect(regionalAdapter().signIn(regionalCode, testScope())).resolves.toEqual({ token: MESH_TOKEN });
  });

  it.each([400, 401, 403, 404])('should read HTTP %s as PROVIDER_AUTH_FAILED', async (status) => {
    mockRegionalToken().reply(status, { message: 'Invalid code' });
    const error = await providerRejection(regionalAdapter().signIn(regionalCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('auth/token');
  });

  it('should read HTTP 502 as PROVIDER_UNAVAILABLE', async () => {
    mockRegionalToken().reply(502, '');
    const error = await providerRejection(regionalAdapter().signIn(regionalCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
  });

  it('should read an answer without any token as PROVIDER_BAD_RESPONSE', async () => {
    mockRegionalToken().reply(200, { refresh_token: 'r' });
    const error = await providerRejection(regionalAdapter().signIn(regionalCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
  });

  it('should refuse a code without its state as BAD_USER_INPUT naming state, calling nothing', async () => {
    await badUserInput(regionalAdapter().signIn(mosRuCode, testScope()), 'state');
  });

  it('should not need the PKCE verifier (the node takes none)', async () => {
    mockRegionalToken().reply(200, { token: MESH_TOKEN });
    const input = { ...regionalCode, codeVerifier: '' } as LinkCredentials;
    await expect(regionalAdapter().signIn(input, testScope())).resolves.toEqual({ token: MESH_TOKEN });
  });
});

describe('МЭШ sign-in without a browser sign-in', () => {
  it('should refuse a code as NOT_SUPPORTED_BY_PROVIDER and still keep a pasted token', async () => {
    const adapter = createMeshAdapter({ transport: createFetchTransport(), hosts: { schoolBaseUrl: SCHOOL } });
    const error = await providerRejection(adapter.signIn(regionalCode, testScope()), 'MESH', SECRETS);
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
    await expect(adapter.signIn({ provider: 'MESH', token: ` ${MESH_TOKEN} ` }, testScope())).resolves.toEqual({
      token: MESH_TOKEN,
    });
  });
});
