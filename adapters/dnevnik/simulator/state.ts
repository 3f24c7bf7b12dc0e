/**
 * The Dnevnik.ru simulator's mutable state: the controls every simulator has (fault mode, latency, drift,
 * expired tokens, the request log), and the tokens it has issued (access, refresh, one-time sign-in codes).
 * A code remembers what it was issued for (client, redirect URI, PKCE challenge, scopes), so the token
 * endpoint can check the exchange against it; it is spent on its first presentation and lapses after
 * {@link CODE_LIFETIME_MS}.
 */
import { randomBytes } from 'node:crypto';
import { SimulatorControls } from '../../simulation/controls.js';
import { PendingBook } from '../../simulation/pending.js';
import type { SeedAccount, SeedFamily } from '../../simulation/seed.js';
import { DNEVNIK_PATHS } from './paths.js';

/**
 * How the simulator misbehaves (in front of every route, the token endpoint and the sign-in pages included):
 * - `none`: answers normally;
 * - `html-error`: 500 with the site's HTML error page;
 * - `maintenance`: 550 with the maintenance page;
 * - `server-error`: 500 `{"type":"apiServerError","description":…}`;
 * - `error-in-200`: 200 `{"type":"apiUnknownError","description":…}`;
 * - `malformed`: successful answers arrive as 200 with truncated JSON.
 */
export type DnevnikFaultMode = 'none' | 'html-error' | 'maintenance' | 'server-error' | 'error-in-200' | 'malformed';

/** Tokens the token endpoint hands out. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

/** What a sign-in code was issued for; the exchange must agree with it. */
export interface CodeGrant {
  account: SeedAccount;
  /** The client the authorization was for. */
  clientId: string;
  /** The authorize request's `redirect_uri`; `null` for a code without one (`issueCode`): any exchange goes. */
  redirectUri: string | null;
  /** The authorize request's S256 `code_challenge`, if it had one. */
  codeChallenge: string | null;
  /** The granted scopes, comma-separated, as the token answer states them. */
  scope: string;
}

/** Ten minutes: the usual lifetime of an authorization code (RFC 6749 §4.1.2 recommends at most that). */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

const FAULT_MODES: readonly DnevnikFaultMode[] = [
  'none',
  'html-error',
  'maintenance',
  'server-error',
  'error-in-200',
  'malformed',
];

/**
 * Query parameters the request log redacts: tokens, secrets, passwords, codes and their PKCE verifiers and
 * challenges, the sign-in form's fields (should a client send them in a URL), the pending authorization's
 * id (`authorization`, which stands for a signed-in browser) and `state`.
 */
const CREDENTIAL_PARAMETER = /token|secret|password|auth|code|devkey|login|verifier|challenge|state/i;

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState extends SimulatorControls<DnevnikFaultMode> {
  private readonly accessTokens = new Map<string, SeedAccount>();
  private readonly refreshTokens = new Map<string, SeedAccount>();
  private readonly codes: PendingBook<CodeGrant>;

  /** Starts with the tokens the family's Dnevnik.ru accounts hold; `now` times the codes. */
  constructor(family: SeedFamily, latencyMs: number, now: () => Date) {
    super({
      faultModes: FAULT_MODES,
      driftRoutes: Object.keys(DNEVNIK_PATHS),
      latencyMs,
      credentialParameter: CREDENTIAL_PARAMETER,
    });
    this.codes = new PendingBook(now, { lifetimeMs: CODE_LIFETIME_MS, idPrefix: 'code-' });
    for (const account of family.accounts.filter((candidate) => candidate.provider === 'DNEVNIK')) {
      this.accessTokens.set(account.token, account);
      if (account.refreshToken) this.refreshTokens.set(account.refreshToken, account);
    }
  }

  /** The account an access token belongs to, unless it is unknown or expired. */
  accountOfAccessToken(token: string | undefined): SeedAccount | undefined {
    return token && !this.expiredTokens.has(token) ? this.accessTokens.get(token) : undefined;
  }

  /** Issues a one-time sign-in code, as the login page's redirect carries it. */
  issueCode(grant: CodeGrant): string {
    return this.codes.open(grant).id;
  }

  /**
   * Spends a code: what it was issued for, or `undefined` when it is unknown, spent or lapsed. A code is
   * spent by its first presentation, whether or not the exchange then passes its checks.
   */
  takeCode(code: string): CodeGrant | undefined {
    return this.codes.take(code);
  }

  /** Trades a refresh token for new tokens; the refresh token is spent (rotation). */
  redeemRefreshToken(refreshToken: string): { account: SeedAccount; tokens: IssuedTokens } | undefined {
    const account = this.refreshTokens.get(refreshToken);
    if (!account) return undefined;
    this.refreshTokens.delete(refreshToken);
    return { account, tokens: this.issueTokens(account) };
  }

  /** Fresh access and refresh tokens for an account, accepted from now on alongside its seed token. */
  issueTokens(account: SeedAccount): IssuedTokens {
    const tokens = {
      accessToken: `dn-access-${randomBytes(16).toString('hex')}`,
      refreshToken: `dn-refresh-${randomBytes(16).toString('hex')}`,
    };
    this.accessTokens.set(tokens.accessToken, account);
    this.refreshTokens.set(tokens.refreshToken, account);
    return tokens;
  }

  /** A fresh access token of the implicit flow (`response_type=token`): 32 characters, no refresh token (§8.3). */
  issueImplicitToken(account: SeedAccount): string {
    const token = randomBytes(16).toString('hex');
    this.accessTokens.set(token, account);
    return token;
  }
}
