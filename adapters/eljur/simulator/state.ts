/**
 * The simulator's mutable state: the fault mode, the latency, the tokens it issued and expired, and the
 * log of requests. The log keeps header names only, and every credential-like query parameter
 * (`auth_token`, `devkey`, `password`, `v_token`…) as `[redacted]`, so no secret is ever stored.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DemoAccount } from '../../../src/demo/family.js';
import { checkedDriftRule, type DriftRule } from '../../simulation/drift.js';
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

/** One request as the simulator saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (credentials recorded as `[redacted]`). The body (login, password) is never recorded. */
  query: Readonly<Record<string, string>>;
  /** Lower-case names of the request headers, in arrival order; values are never recorded. */
  headerNames: readonly string[];
}

/** A token the simulator accepts. */
export interface IssuedToken {
  account: DemoAccount;
  expiresAt: Date;
}

const FAULT_MODES: ReadonlySet<string> = new Set<EljurFaultMode>([
  'none',
  'bad-devkey',
  'unknown-vendor',
  'server-error',
  'malformed',
]);
const CREDENTIAL_PARAMETER = /token|secret|password|devkey|login/i;

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState {
  fault: EljurFaultMode = 'none';
  /** The schema drift applied to successful answers of one method, if any. */
  drift: DriftRule | null = null;
  /** Fields changed by drift rules so far (a test can tell that its rule found something). */
  driftedFields = 0;
  latencyMs: number;
  readonly tokens = new Map<string, IssuedToken>();
  readonly expiredTokens = new Set<string>();
  readonly requests: RecordedRequest[] = [];

  constructor(latencyMs: number) {
    this.latencyMs = validLatency(latencyMs);
  }

  /** Switches the fault mode; throws `RangeError` for a mode the simulator does not know. */
  setFault(mode: EljurFaultMode): void {
    if (!FAULT_MODES.has(mode))
      throw new RangeError(`unknown fault mode "${String(mode)}"; expected one of ${[...FAULT_MODES].join(', ')}`);
    this.fault = mode;
  }

  /**
   * Sets the drift mode (`null`: answers keep their shape); the rule's path starts at the body, envelope
   * included (`response.result.students{}…`). Throws `RangeError` for an unknown method, kind or bad path.
   */
  setDrift(rule: DriftRule | null): void {
    this.drift = rule === null ? null : checkedDriftRule(rule, ELJUR_SIMULATOR_METHODS);
  }

  /** Sets the delay before every answer; throws `RangeError` for a negative or non-finite delay. */
  setLatency(ms: number): void {
    this.latencyMs = validLatency(ms);
  }

  /** Issues a new token for an account, valid until `expiresAt`. */
  issueToken(account: DemoAccount, expiresAt: Date): string {
    const token = `eljur-sim-${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, { account, expiresAt });
    return token;
  }

  /** The account of a token that is known, not expired by the test, and not past its expiry. */
  accountOf(token: string, now: Date): DemoAccount | null {
    const issued = this.tokens.get(token);
    if (!issued || this.expiredTokens.has(token) || issued.expiresAt.getTime() <= now.getTime()) return null;
    return issued.account;
  }

  /** Logs a request: method, path, redacted query and header names. */
  record(request: IncomingMessage, url: URL): void {
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = CREDENTIAL_PARAMETER.test(name) ? '[redacted]' : value;
    const headerNames = request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase());
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query, headerNames });
  }
}

function validLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${ms}`);
  return ms;
}
