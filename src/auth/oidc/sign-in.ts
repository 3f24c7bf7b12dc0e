/**
 * Sign-in with an OpenID Connect issuer (ESIA-style): the authorization code flow with PKCE (S256), state
 * and nonce, then the gateway's own session. Also accepts the issuer's access tokens as bearer tokens,
 * checked by asking the issuer's userinfo endpoint (an opaque token cannot be checked any other way, and a
 * JWT one would be trusted only as far as its signature, not its revocation).
 *
 * Lifecycle of one browser sign-in:
 * 1. `beginLogin` stores a pending login (PKCE verifier, state, nonce, where to return) under the hash of
 *    a random id that goes to the browser in the `dg_login` cookie, and returns the issuer's URL.
 * 2. The issuer authenticates the person and redirects to `/auth/callback?code=…&state=…`.
 * 3. `completeLogin` takes the pending login (one-shot: a replayed callback finds nothing), exchanges the
 *    code, reads userinfo, creates or refreshes the user and starts a session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import * as client from 'openid-client';
import type { Logger } from '../../logging/logger.js';
import type { GatewayStore, UserRecord } from '../../store/store.js';
import { createSession, hashToken } from '../sessions.js';
import { personFromClaims } from './claims.js';
import { SignInError, type SignInFailure } from './errors.js';
import { classifyGrantFailure, isTransportFailure, oauthCodeOf } from './oidc-failures.js';
import { safeReturnTo, validReturnTo } from './return-to.js';
import { deriveUserId } from './user-id.js';

export { safeReturnTo, validReturnTo } from './return-to.js';

/** What {@link createOidcSignIn} needs. */
export interface OidcSignInOptions {
  /** The issuer URL; its `/.well-known/openid-configuration` is read on first use. */
  issuerUrl: string;
  /** The issuer as stored in `UserRecord.login.issuer`. @default issuerUrl */
  issuerKey?: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated, starting with `openid`. */
  scopes: string;
  /** `PUBLIC_URL/auth/callback`, registered with the issuer. */
  redirectUri: string;
  store: GatewayStore;
  /** HMAC key of SNILS and phone hashes. */
  personalDataSecret: string;
  /** HMAC key of derived ids (user ids here). */
  idSecret: string;
  /** Lifetime of a gateway session. */
  sessionTtlMs: number;
  /** The gateway's clock (sessions and pending logins); token timestamps are checked by openid-client. */
  now: () => Date;
  logger: Logger;
  /** How long a pending login waits for its callback. @default 600000 (10 min) */
  pendingLoginTtlMs?: number;
  /** Most access-token verdicts kept of each kind (accepted, refused). @default 10000 */
  maxVerdicts?: number;
  /**
   * Told of each completed browser sign-in, once its session exists (the gateway starts a structure
   * prefetch); must return at once and not throw, since the answer waits for it.
   */
  onSignedIn?: (userId: string) => void;
}

/** The result of {@link OidcSignIn.beginLogin}. */
export interface BeganLogin {
  /** The issuer's authorization URL to send the browser to. */
  redirectUrl: string;
  /** The random login id for the `dg_login` cookie; the store keeps only its hash. */
  loginCookieValue: string;
}

/** The result of {@link OidcSignIn.completeLogin}. */
export interface CompletedLogin {
  /** The new gateway session token (cookie or bearer); the store keeps only its hash. */
  sessionToken: string;
  expiresAt: Date;
  /** The local path the sign-in started from. */
  returnTo: string;
  userId: string;
}

/** The sign-in service. */
export interface OidcSignIn {
  /** The issuer as stored in user records. */
  readonly issuerKey: string;
  /**
   * Starts a sign-in. `returnTo` must be a local path (`/…`, not `//…`); it is checked and normalised by
   * {@link validReturnTo} before anything is stored or asked of the issuer.
   * @throws BadUserInputError for any other `returnTo`; SignInError `ISSUER_UNAVAILABLE` when discovery fails.
   */
  beginLogin(returnTo?: string | null): Promise<BeganLogin>;
  /**
   * Finishes a sign-in from the callback URL (as the browser requested it, on the public redirect URI) and
   * the `dg_login` cookie value.
   * @throws SignInError for every refusal.
   */
  completeLogin(callbackUrl: URL, loginCookieValue: string | null | undefined): Promise<CompletedLogin>;
  /**
   * The user behind an access token of this issuer, or `null` when the issuer does not accept it. Verdicts
   * are cached in process briefly (accepted 60 s, refused 30 s), keyed by the token's SHA-256, in two
   * bounded caches: a flood of made-up tokens fills only the refused one, and cannot push out the
   * verdicts of real ones. Concurrent checks of one token share one call to the issuer.
   *
   * `options.admit` is asked just before the issuer would be called (never for a cached verdict): the
   * HTTP edge takes the caller's per-address allowance there, so a refused request costs no issuer call.
   * When it answers `false`, the token is not checked and `null` is returned.
   */
  authenticateAccessToken(token: string, options?: AccessTokenCheckOptions): Promise<string | null>;
}

/** Options of {@link OidcSignIn.authenticateAccessToken}. */
export interface AccessTokenCheckOptions {
  /** Asked before the issuer is called; `false` skips the call (the caller answers the refusal). */
  admit?: () => Promise<boolean>;
}

const ACCEPTED_TTL_MS = 60_000;
const REFUSED_TTL_MS = 30_000;
/** Most verdicts of each kind kept; a refused one is about 100 bytes, so the refused cache stays under ~2 MB. */
const MAX_VERDICTS = 10_000;

/** Creates the sign-in service; the issuer is discovered lazily (and again after a failed discovery). */
export function createOidcSignIn(options: OidcSignInOptions): OidcSignIn {
  const { store, logger } = options;
  const issuerKey = options.issuerKey ?? options.issuerUrl;
  const pendingLoginTtlMs = options.pendingLoginTtlMs ?? 600_000;
  const nowMs = () => options.now().getTime();
  let configuration: Promise<client.Configuration> | null = null;
  const verdictCache = (ttl: number) =>
    new LRUCache<string, { userId: string | null }>({
      max: options.maxVerdicts ?? MAX_VERDICTS,
      ttl,
      // The gateway's clock, read on every lookup (no coarse caching of "now"), so verdicts expire on time.
      perf: { now: nowMs },
      ttlResolution: 0,
    });
  // Two caches, not one: anyone can send made-up tokens, and in a shared LRU their refusals would evict
  // the accepted verdicts of real families, each eviction costing the issuer a call.
  const accepted = verdictCache(ACCEPTED_TTL_MS);
  const refused = verdictCache(REFUSED_TTL_MS);
  // Checks under way, by token hash: concurrent requests with one token share one userinfo call.
  const checking = new Map<string, Promise<string | null>>();

  function discover(): Promise<client.Configuration> {
    configuration ??= client
      .discovery(
        new URL(options.issuerUrl),
        options.clientId,
        undefined,
        client.ClientSecretBasic(options.clientSecret),
        {
          // Loopback issuers (the demo's own) speak plain http; a real one is https and keeps the TLS-only check.
          ...(options.issuerUrl.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        configuration = null;
        throw refusal('ISSUER_UNAVAILABLE', error);
      });
    return configuration;
  }

  /** Logs a refusal with openid-client's error code (never a token or code) and returns the typed error. */
  function refusal(reason: SignInFailure, cause?: unknown): SignInError {
    logger.warn({ reason, oauthCode: oauthCodeOf(cause), issuer: issuerKey }, 'sign-in refused');
    return new SignInError(reason, { cause });
  }

  async function upsertUser(claims: Record<string, unknown>): Promise<string> {
    const signedIn = personFromClaims(claims, { personalDataSecret: options.personalDataSecret, logger });
    const existing = await store.findUserByLogin(issuerKey, signedIn.subject);
    // What the issuer says replaces what it said last time; anything else on the record is kept.
    const user: UserRecord = {
      ...existing,
      id: existing?.id ?? deriveUserId(options.idSecret, issuerKey, signedIn.subject),
      displayName: signedIn.displayName,
      login: { issuer: issuerKey, subject: signedIn.subject },
      person: signedIn.person,
      phoneHash: signedIn.phoneHash,
      children: signedIn.children,
    };
    await store.putUser(user);
    return user.id;
  }

  return {
    issuerKey,

    async beginLogin(returnTo) {
      const target = validReturnTo(returnTo);
      const config = await discover();
      const loginId = randomBytes(32).toString('base64url');
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await store.putPendingLogin({
        idHash: hashToken(loginId),
        state,
        nonce,
        codeVerifier,
        returnTo: target,
        expiresAt: nowMs() + pendingLoginTtlMs,
      });
      const redirectUrl = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scopes,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        // Ask who is signing in every time, rather than riding the issuer's own session: family devices are
        // shared (a parent, then a grandmother), and signing out of the gateway must be able to change person.
        prompt: 'login',
      });
      return { redirectUrl: redirectUrl.href, loginCookieValue: loginId };
    },

    async completeLogin(callbackUrl, loginCookieValue) {
      if (!loginCookieValue) throw refusal('LOGIN_NOT_STARTED');
      const config = await discover();
      const pending = await store.takePendingLogin(hashToken(loginCookieValue), nowMs());
      if (!pending) throw refusal('LOGIN_EXPIRED_OR_REPLAYED');

      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw refusal(classifyGrantFailure(error), error);
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw refusal('INVALID_ISSUER_RESPONSE');
      let userinfo: Record<string, unknown>;
      try {
        // Userinfo must describe the same subject as the ID token; openid-client checks that.
        userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      } catch (error) {
        throw refusal(isTransportFailure(error) ? 'ISSUER_UNAVAILABLE' : 'INVALID_ISSUER_RESPONSE', error);
      }
      const userId = await upsertUser({ ...idClaims, ...userinfo });
      const now = nowMs();
      const sessionToken = await createSession(store, userId, { ttlMs: options.sessionTtlMs, now });
      logger.info({ userId, issuer: issuerKey }, 'signed in');
      options.onSignedIn?.(userId);
      // Checked again: a pending login stored by an older gateway may hold a path a header cannot carry.
      return {
        sessionToken,
        expiresAt: new Date(now + options.sessionTtlMs),
        returnTo: safeReturnTo(pending.returnTo),
        userId,
      };
    },

    async authenticateAccessToken(token, checkOptions) {
      const key = createHash('sha256').update(token, 'utf8').digest('hex');
      const cached = accepted.get(key) ?? refused.get(key);
      if (cached) return cached.userId;
      const under = checking.get(key);
      if (under) return under;
      if (checkOptions?.admit && !(await checkOptions.admit())) return null;
      // Looked up again: another request may have started the same check while this one waited to be admitted.
      const started = checking.get(key);
      if (started) return started;
      const check = askIssuer(token, key).finally(() => checking.delete(key));
      checking.set(key, check);
      return check;
    },
  };

  /** One userinfo call for a token no cache knows; records the verdict. */
  async function askIssuer(token: string, key: string): Promise<string | null> {
    let config: client.Configuration;
    try {
      config = await discover();
    } catch {
      return null; // already logged; not cached: the issuer may be back for the next request
    }
    let userinfo: Record<string, unknown>;
    try {
      userinfo = await client.fetchUserInfo(config, token, client.skipSubjectCheck);
    } catch (error) {
      if (isTransportFailure(error)) {
        logger.warn({ oauthCode: oauthCodeOf(error), issuer: issuerKey }, 'the issuer could not check an access token');
        return null;
      }
      logger.info({ oauthCode: oauthCodeOf(error), issuer: issuerKey }, 'the issuer refused an access token');
      refused.set(key, { userId: null });
      return null;
    }
    let userId: string;
    try {
      userId = await upsertUser(userinfo);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      logger.warn(
        { reason: error.reason, issuer: issuerKey },
        'the issuer accepted an access token but named no subject',
      );
      refused.set(key, { userId: null });
      return null;
    }
    accepted.set(key, { userId });
    return userId;
  }
}
