/**
 * The Dnevnik.ru simulator's mutable state: the controls every simulator has (fault mode, latency, drift,
 * expired tokens, the request log), and the tokens it has issued (access, refresh, one-time sign-in codes).
 */
import { randomBytes } from 'node:crypto';
import { SimulatorControls } from '../../simulation/controls.js';
import type { SeedAccount, SeedFamily } from '../../simulation/seed.js';
import { DNEVNIK_PATHS } from './paths.js';

/**
 * How the simulator misbehaves (in front of every route, the token endpoint included):
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

const FAULT_MODES: readonly DnevnikFaultMode[] = [
  'none',
  'html-error',
  'maintenance',
  'server-error',
  'error-in-200',
  'malformed',
];

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState extends SimulatorControls<DnevnikFaultMode> {
  private readonly accessTokens = new Map<string, SeedAccount>();
  private readonly refreshTokens = new Map<string, SeedAccount>();
  private readonly codes = new Map<string, SeedAccount>();

  /** Starts with the tokens the family's Dnevnik.ru accounts hold. */
  constructor(family: SeedFamily, latencyMs: number) {
    super({
      faultModes: FAULT_MODES,
      driftRoutes: Object.keys(DNEVNIK_PATHS),
      latencyMs,
      credentialParameter: /token|secret|password|auth|code|devkey/i,
    });
    for (const account of family.accounts.filter((candidate) => candidate.provider === 'DNEVNIK')) {
      this.accessTokens.set(account.token, account);
      if (account.refreshToken) this.refreshTokens.set(account.refreshToken, account);
    }
  }

  /** The account an access token belongs to, unless it is unknown or expired. */
  accountOfAccessToken(token: string | undefined): SeedAccount | undefined {
    return token && !this.expiredTokens.has(token) ? this.accessTokens.get(token) : undefined;
  }

  /** Issues a one-time sign-in code for an account, as the login page's redirect would carry it. */
  issueCode(account: SeedAccount): string {
    const code = `code-${randomBytes(12).toString('hex')}`;
    this.codes.set(code, account);
    return code;
  }

  /** Trades a one-time code for tokens; `undefined` when the code is unknown or spent. */
  redeemCode(code: string): { account: SeedAccount; tokens: IssuedTokens } | undefined {
    const account = this.codes.get(code);
    if (!account) return undefined;
    this.codes.delete(code);
    return { account, tokens: this.issueTokens(account) };
  }

  /** Trades a refresh token for new tokens; the refresh token is spent (rotation). */
  redeemRefreshToken(refreshToken: string): { account: SeedAccount; tokens: IssuedTokens } | undefined {
    const account = this.refreshTokens.get(refreshToken);
    if (!account) return undefined;
    this.refreshTokens.delete(refreshToken);
    return { account, tokens: this.issueTokens(account) };
  }

  private issueTokens(account: SeedAccount): IssuedTokens {
    const tokens = {
      accessToken: `dn-access-${randomBytes(16).toString('hex')}`,
      refreshToken: `dn-refresh-${randomBytes(16).toString('hex')}`,
    };
    this.accessTokens.set(tokens.accessToken, account);
    this.refreshTokens.set(tokens.refreshToken, account);
    return tokens;
  }
}
