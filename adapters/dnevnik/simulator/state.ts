/**
 * The simulator's mutable state: the fault mode, the latency, the tokens it has issued (access,
 * refresh, one-time sign-in codes) and which it has expired, and the log of requests. The log keeps
 * header names only and redacts credential-like query values, so no token is ever stored in it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DemoAccount, DemoFamily } from '../../../src/demo/family.js';
import { checkedDriftRule, type DriftRule } from '../../simulation/drift.js';
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

/** One request as the simulator saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (a parameter that looks like a credential is recorded as `[redacted]`). */
  query: Readonly<Record<string, string>>;
  /** Lower-case names of the request headers, in arrival order; values are never recorded. */
  headerNames: readonly string[];
}

/** Tokens the token endpoint hands out. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

const FAULT_MODES: ReadonlySet<string> = new Set<DnevnikFaultMode>([
  'none',
  'html-error',
  'maintenance',
  'server-error',
  'error-in-200',
  'malformed',
]);
const CREDENTIAL_PARAMETER = /token|secret|password|auth|code|devkey/i;

function validLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${ms}`);
  return ms;
}

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState {
  fault: DnevnikFaultMode = 'none';
  /** The schema drift applied to successful answers of one route, if any. */
  drift: DriftRule | null = null;
  /** Fields changed by drift rules so far (a test can tell that its rule found something). */
  driftedFields = 0;
  latencyMs: number;
  readonly requests: RecordedRequest[] = [];
  private readonly accessTokens = new Map<string, DemoAccount>();
  private readonly refreshTokens = new Map<string, DemoAccount>();
  private readonly codes = new Map<string, DemoAccount>();
  private readonly expired = new Set<string>();

  /** Starts with the tokens the family's Dnevnik.ru accounts hold. */
  constructor(family: DemoFamily, latencyMs: number) {
    this.latencyMs = validLatency(latencyMs);
    for (const account of family.accounts.filter((candidate) => candidate.provider === 'DNEVNIK')) {
      this.accessTokens.set(account.token, account);
      if (account.refreshToken) this.refreshTokens.set(account.refreshToken, account);
    }
  }

  /** Switches the fault mode; throws `RangeError` for a mode the simulator does not know. */
  setFault(mode: DnevnikFaultMode): void {
    if (!FAULT_MODES.has(mode))
      throw new RangeError(`unknown fault mode "${String(mode)}"; expected one of ${[...FAULT_MODES].join(', ')}`);
    this.fault = mode;
  }

  /** Sets the drift mode (`null`: answers keep their shape); throws `RangeError` for an unknown route, kind or bad path. */
  setDrift(rule: DriftRule | null): void {
    this.drift = rule === null ? null : checkedDriftRule(rule, Object.keys(DNEVNIK_PATHS));
  }

  /** Sets the delay before every answer; throws `RangeError` for a negative or non-finite delay. */
  setLatency(ms: number): void {
    this.latencyMs = validLatency(ms);
  }

  /** The account an access token belongs to, unless it is unknown or expired. */
  accountOfAccessToken(token: string | undefined): DemoAccount | undefined {
    return token && !this.expired.has(token) ? this.accessTokens.get(token) : undefined;
  }

  /** Makes an access token answer 401 from now on. */
  expireToken(token: string): void {
    this.expired.add(token);
  }

  /** Issues a one-time sign-in code for an account, as the login page's redirect would carry it. */
  issueCode(account: DemoAccount): string {
    const code = `code-${randomBytes(12).toString('hex')}`;
    this.codes.set(code, account);
    return code;
  }

  /** Trades a one-time code for tokens; `undefined` when the code is unknown or spent. */
  redeemCode(code: string): { account: DemoAccount; tokens: IssuedTokens } | undefined {
    const account = this.codes.get(code);
    if (!account) return undefined;
    this.codes.delete(code);
    return { account, tokens: this.issueTokens(account) };
  }

  /** Trades a refresh token for new tokens; the refresh token is spent (rotation). */
  redeemRefreshToken(refreshToken: string): { account: DemoAccount; tokens: IssuedTokens } | undefined {
    const account = this.refreshTokens.get(refreshToken);
    if (!account) return undefined;
    this.refreshTokens.delete(refreshToken);
    return { account, tokens: this.issueTokens(account) };
  }

  private issueTokens(account: DemoAccount): IssuedTokens {
    const tokens = {
      accessToken: `dn-access-${randomBytes(16).toString('hex')}`,
      refreshToken: `dn-refresh-${randomBytes(16).toString('hex')}`,
    };
    this.accessTokens.set(tokens.accessToken, account);
    this.refreshTokens.set(tokens.refreshToken, account);
    return tokens;
  }

  /** Logs a request: method, path, query and header names, never header values. */
  record(request: IncomingMessage, url: URL): void {
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = CREDENTIAL_PARAMETER.test(name) ? '[redacted]' : value;
    const headerNames = request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase());
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query, headerNames });
  }
}
