/**
 * The Eljur simulator's mutable state: the controls every simulator has (fault mode, latency, drift,
 * expired tokens, the request log, where every credential-like query parameter — `auth_token`, `devkey`,
 * `password`, `v_token`… — is `[redacted]`), the tokens it issued, and its redirect sign-in's pending attempts.
 */
import { randomBytes } from 'node:crypto';
import { SimulatorControls } from '../../simulation/controls.js';
import type { SeedAccount } from '../../simulation/seed.js';
import { SignInState } from './sign-in-state.js';
import { ELJUR_SIMULATOR_METHODS } from './wire.js';

/**
 * How the simulator misbehaves:
 * - `none`: answers normally;
 * - `bad-devkey`: every method answers 403 `{"response":{"state":403,"error":"не удалось авторизовать разработчика"}}`;
 * - `unknown-vendor`: every method answers 500 with the envelope (`auth` included), as a host that does not know the vendor;
 * - `server-error`: data methods answer 500 with the envelope (`auth` still works);
 * - `malformed`: successful answers arrive as 200 with truncated JSON.
 */
export type EljurFaultMode = 'none' | 'bad-devkey' | 'unknown-vendor' | 'server-error' | 'malformed';

/** A token the simulator accepts. */
export interface IssuedToken {
  account: SeedAccount;
  expiresAt: Date;
}

const FAULT_MODES: readonly EljurFaultMode[] = ['none', 'bad-devkey', 'unknown-vendor', 'server-error', 'malformed'];

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState extends SimulatorControls<EljurFaultMode> {
  readonly tokens = new Map<string, IssuedToken>();
  /** The redirect sign-in's pending attempts and registered partner callbacks. */
  readonly signIns: SignInState;

  /** `now` is the simulator's clock (it times the sign-in's attempts). */
  constructor(latencyMs: number, now: () => Date, redirectUris: readonly string[] = []) {
    super({
      faultModes: FAULT_MODES,
      // The rule's path starts at the body, envelope included (`response.result.students{}…`).
      driftRoutes: ELJUR_SIMULATOR_METHODS,
      latencyMs,
      // A form body is never recorded; these cover the same fields sent in a query by mistake.
      credentialParameter: /token|secret|password|devkey|login/i,
    });
    this.signIns = new SignInState(now, redirectUris);
  }

  /** Issues a new token for an account, valid until `expiresAt`. */
  issueToken(account: SeedAccount, expiresAt: Date): string {
    const token = `eljur-sim-${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, { account, expiresAt });
    return token;
  }

  /** The account of a token that is known, not expired by the test, and not past its expiry. */
  accountOf(token: string, now: Date): SeedAccount | null {
    const issued = this.tokens.get(token);
    if (!issued || this.expiredTokens.has(token) || issued.expiresAt.getTime() <= now.getTime()) return null;
    return issued.account;
  }
}
