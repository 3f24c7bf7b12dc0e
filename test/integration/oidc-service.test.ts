/**
 * `OidcSignIn` on its own against a real oidc-provider issuer on its own server: the access-token verdict
 * cache (counted at the issuer's userinfo endpoint), discovery failures and recovery, user upserts.
 */
import { describe, expect, it } from 'vitest';
import { SignInError } from '../../src/auth/oidc/errors.js';
import { createOidcSignIn, type OidcSignInOptions } from '../../src/auth/oidc/sign-in.js';
import { deriveUserId } from '../../src/auth/oidc/user-id.js';
import { DEMO_ISSUER_CLIENT, DEMO_PARENT_SUBJECT } from '../../src/demo/identity-provider.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { captureLogs } from '../support/logs.js';
import { testClock } from '../support/gateway.js';
import { TestBrowser } from '../support/oidc-browser.js';
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

/** The parent's access token, with the scopes these tests read claims of. */
const parentToken = (issuer: TestIssuer) => issuer.token('parent', 'openid profile snils kid_fullname');

function signInFor(issuerUrl: string, overrides: Partial<OidcSignInOptions> = {}) {
  const logs = captureLogs();
  const clock = testClock();
  const store = createMemoryStore();
  const signIn = createOidcSignIn({
    issuerUrl,
    clientId: DEMO_ISSUER_CLIENT.id,
    clientSecret: DEMO_ISSUER_CLIENT.secret,
    scopes: 'openid profile',
    redirectUri: 'http://127.0.0.1:1/auth/callback',
    store,
    personalDataSecret: 'test personal data secret, long enough',
    idSecret: 'test id secret, long enough for HMAC',
    sessionTtlMs: 3_600_000,
    now: clock.now,
    logger: createLogger('info', logs.stream),
    ...overrides,
  });
  return { signIn, store, clock, logs };
}

describe('OidcSignIn with a real issuer', () => {
  it('should create the user from an access token, with the claims its scopes release', async () => {
    const issuer = await startTestIssuer();
    const { signIn, store } = signInFor(issuer.issuerUrl);
    const userId = await signIn.authenticateAccessToken(await parentToken(issuer));
    expect(userId).toBe(deriveUserId('test id secret, long enough for HMAC', issuer.issuerUrl, DEMO_PARENT_SUBJECT));
    const user = await store.getUser(userId!);
    expect(user).toMatchObject({ login: { issuer: issuer.issuerUrl, subject: DEMO_PARENT_SUBJECT }, phoneHash: null });
    expect(user!.person).toMatchObject({
      lastName: 'Иванова',
      birthDate: null,
      snilsHash: expect.stringMatching(/^snils_/),
    });
    // `kid_fullname` without `kid_birthdate`/`kid_snils`: names only.
    expect(user!.children.length).toBeGreaterThan(0);
    expect(user!.children.every((child) => child.birthDate === null && child.snilsHash === null)).toBe(true);
  });

  it('should keep a real token’s verdict through a flood of made-up ones (bounded caches, kept apart)', async () => {
    const issuer = await startTestIssuer();
    const { signIn } = signInFor(issuer.issuerUrl, { maxVerdicts: 2 });
    const token = await parentToken(issuer);
    const accepted = await signIn.authenticateAccessToken(token);
    expect(accepted).not.toBeNull();
    for (let i = 0; i < 5; i += 1) expect(await signIn.authenticateAccessToken(`made-up-${i}`)).toBeNull();
    expect(issuer.userinfoCalls()).toBe(6);
    // Still known: the refusals filled their own cache, not the accepted one.
    expect(await signIn.authenticateAccessToken(token)).toBe(accepted);
    expect(issuer.userinfoCalls()).toBe(6);
    // The refused cache is bounded: the oldest refusals were dropped (and cost a call when tried again).
    expect(await signIn.authenticateAccessToken('made-up-4')).toBeNull();
    expect(issuer.userinfoCalls()).toBe(6);
    expect(await signIn.authenticateAccessToken('made-up-0')).toBeNull();
    expect(issuer.userinfoCalls()).toBe(7);
  });

  it('should not ask the issuer when the caller does not admit the check, nor for a cached verdict', async () => {
    const issuer = await startTestIssuer();
    const { signIn } = signInFor(issuer.issuerUrl);
    let asked = 0;
    const refuse = async () => {
      asked += 1;
      return false;
    };
    expect(await signIn.authenticateAccessToken('made-up', { admit: refuse })).toBeNull();
    expect(issuer.userinfoCalls()).toBe(0);
    expect(await signIn.authenticateAccessToken('made-up')).toBeNull();
    expect(issuer.userinfoCalls()).toBe(1);
    // Known now: answered from the cache, the caller's allowance is not even asked.
    expect(await signIn.authenticateAccessToken('made-up', { admit: refuse })).toBeNull();
    expect(asked).toBe(1);
  });

  it('should cache an accepted token for 60 s and a refused one for 30 s', async () => {
    const issuer = await startTestIssuer();
    const { signIn, clock } = signInFor(issuer.issuerUrl);
    const token = await parentToken(issuer);
    const accepted = await signIn.authenticateAccessToken(token);
    expect(accepted).not.toBeNull();
    expect(issuer.userinfoCalls()).toBe(1);
    clock.advance(59_999);
    expect(await signIn.authenticateAccessToken(token)).toBe(accepted);
    expect(issuer.userinfoCalls()).toBe(1);
    clock.advance(2);
    expect(await signIn.authenticateAccessToken(token)).toBe(accepted);
    expect(issuer.userinfoCalls()).toBe(2);

    expect(await signIn.authenticateAccessToken('forged')).toBeNull();
    expect(issuer.userinfoCalls()).toBe(3);
    clock.advance(29_999);
    expect(await signIn.authenticateAccessToken('forged')).toBeNull();
    expect(issuer.userinfoCalls()).toBe(3);
    clock.advance(2);
    expect(await signIn.authenticateAccessToken('forged')).toBeNull();
    expect(issuer.userinfoCalls()).toBe(4);
  });

  it('should not cache a verdict while the issuer is down, and accept the token once it is back', async () => {
    const issuer = await startTestIssuer();
    const { signIn, logs } = signInFor(issuer.issuerUrl);
    const token = await parentToken(issuer);
    issuer.down();
    expect(await signIn.authenticateAccessToken(token)).toBeNull();
    expect(logs.text()).toContain('"reason":"ISSUER_UNAVAILABLE"');
    issuer.up();
    expect(await signIn.authenticateAccessToken(token)).not.toBeNull();
    expect(logs.text()).not.toContain(token);
  });

  it('should refuse to begin a sign-in while the issuer cannot be discovered, and recover', async () => {
    const issuer = await startTestIssuer();
    const { signIn } = signInFor(issuer.issuerUrl);
    issuer.down();
    const failure = await signIn.beginLogin('/').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SignInError);
    expect(failure).toMatchObject({ reason: 'ISSUER_UNAVAILABLE', code: 'UNAUTHENTICATED' });
    issuer.up();
    const began = await signIn.beginLogin('/graphiql');
    expect(began.redirectUrl).toMatch(new RegExp(`^${issuer.issuerUrl}/auth\\?`));
  });

  it('should keep the user id of an existing user with the same issuer and subject', async () => {
    const issuer = await startTestIssuer();
    const { signIn, store } = signInFor(issuer.issuerUrl, { issuerKey: 'urn:test:issuer' });
    await store.putUser({
      id: 'usr_existing',
      displayName: 'Old name',
      login: { issuer: 'urn:test:issuer', subject: DEMO_PARENT_SUBJECT },
      person: null,
      phoneHash: null,
      children: [],
    });
    expect(await signIn.authenticateAccessToken(await parentToken(issuer))).toBe('usr_existing');
    expect((await store.getUser('usr_existing'))!.displayName).toBe('Анна Сергеевна Иванова');
  });

  it('should complete a sign-in driven through the service, and refuse an ID token whose sub is a JSON number', async () => {
    // ESIA's newer tokens may carry the oid as a number. The claims mapping accepts that (see
    // test/unit/auth/claims.test.ts), but openid-client refuses an ID token whose `sub` is not a string
    // before any claim reaches the gateway: the sign-in fails cleanly, as a typed refusal.
    const issuer = await startTestIssuer({
      accounts: [
        { login: 'text', subject: '1000299353', claims: { family_name: 'Иванова', given_name: 'Анна' } },
        {
          login: 'number',
          subject: 1000299353 as unknown as string,
          claims: { family_name: 'Иванова', given_name: 'Анна' },
        },
      ],
    });
    const { signIn, logs } = signInFor(issuer.issuerUrl, { redirectUri: `${issuer.baseUrl}/auth/callback` });
    const attempt = async (login: string) => {
      const began = await signIn.beginLogin('/graphiql');
      const callback = await new TestBrowser().authorizeAtIssuer(
        began.redirectUrl,
        login,
        (location) => location.pathname === '/auth/callback',
      );
      return signIn.completeLogin(callback, began.loginCookieValue).catch((error: unknown) => error);
    };
    expect(await attempt('text')).toMatchObject({ returnTo: '/graphiql', sessionToken: expect.any(String) });
    expect(await attempt('number')).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_ISSUER_RESPONSE' });
    expect(logs.text()).toContain('"oauthCode":"OAUTH_INVALID_RESPONSE"');
  });
});
