/**
 * The knobs every diary simulator has, and what they keep: the fault mode, the latency, the schema drift
 * rule, the tokens a test expired, and the log of requests. Each simulator's own state extends
 * {@link SimulatorControls} with what only its diary has (issued tokens, sign-in codes, absence notices).
 *
 * The log keeps header names only, never values (but a well-formed `traceparent`), and redacts query parameters that look like credentials
 * (each diary says which), so a test can check what the adapter sent without any secret being stored.
 */
import type { IncomingMessage } from 'node:http';
import { applyDrift, checkedDriftRule, type DriftRule } from './drift.js';
import type { Reply } from './replies.js';

/** A W3C trace context `traceparent` (version 00): version, trace id, parent span id, flags. */
const TRACEPARENT = /^00-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

/** The fault modes every simulator has: `none` answers normally, `malformed` truncates successful JSON. */
export type CommonFaultMode = 'none' | 'malformed';

/** One request as a simulator saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (a parameter that looks like a credential is recorded as `[redacted]`; the body never is). */
  query: Readonly<Record<string, string>>;
  /** Lower-case names of the request headers, in arrival order; values are never recorded. */
  headerNames: readonly string[];
  /**
   * The W3C `traceparent` the request carried, when well-formed (the one header value recorded: it names a
   * trace, never a person or a credential), so tests see the gateway pass its trace on.
   */
  traceparent?: string;
}

/** What a simulator's controls are built from. */
export interface ControlsOptions<Mode extends string> {
  /** Every fault mode the simulator knows, `none` and `malformed` included, in the order errors list them. */
  faultModes: readonly (Mode | CommonFaultMode)[];
  /** The routes (methods) a drift rule may name. */
  driftRoutes: readonly string[];
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Query parameter names whose values the request log redacts. */
  credentialParameter: RegExp;
}

function validLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${ms}`);
  return ms;
}

/** Mutable state shared by a simulator's server and the handle returned to tests. */
export class SimulatorControls<Mode extends string> {
  fault: Mode | CommonFaultMode = 'none';
  /** The schema drift applied to successful answers of one route, if any. */
  drift: DriftRule | null = null;
  /** Fields changed by drift rules so far (a test can tell that its rule found something). */
  driftedFields = 0;
  latencyMs: number;
  /** Tokens a test expired: the simulator refuses them from now on, as its diary refuses a lapsed token. */
  readonly expiredTokens = new Set<string>();
  readonly requests: RecordedRequest[] = [];
  private readonly faultModes: ReadonlySet<string>;
  private readonly driftRoutes: readonly string[];
  private readonly credentialParameter: RegExp;

  constructor(options: ControlsOptions<Mode>) {
    this.faultModes = new Set(options.faultModes);
    this.driftRoutes = options.driftRoutes;
    this.credentialParameter = options.credentialParameter;
    this.latencyMs = validLatency(options.latencyMs);
  }

  /** Switches the fault mode; throws `RangeError` for a mode the simulator does not know. */
  setFault(mode: Mode | CommonFaultMode): void {
    if (!this.faultModes.has(mode))
      throw new RangeError(`unknown fault mode "${String(mode)}"; expected one of ${[...this.faultModes].join(', ')}`);
    this.fault = mode;
  }

  /** Sets the drift mode (`null`: answers keep their shape); throws `RangeError` for an unknown route, kind or bad path. */
  setDrift(rule: DriftRule | null): void {
    this.drift = rule === null ? null : checkedDriftRule(rule, this.driftRoutes);
  }

  /** Sets the delay before every answer; throws `RangeError` for a negative or non-finite delay. */
  setLatency(ms: number): void {
    this.latencyMs = validLatency(ms);
  }

  /** Makes a token refused from now on. */
  expireToken(token: string): void {
    this.expiredTokens.add(token);
  }

  /** Logs a request: method, path, redacted query, header names and `traceparent`, no other value, never the body. */
  record(request: IncomingMessage, url: URL): void {
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams)
      query[name] = this.credentialParameter.test(name) ? '[redacted]' : value;
    const headerNames = request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase());
    const traceparent = request.headers.traceparent;
    this.requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query,
      headerNames,
      ...(typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? { traceparent } : {}),
    });
  }

  /** A successful JSON answer of the drift rule's route, drifted (and counted); anything else as it is. */
  drifted(reply: Reply): Reply {
    const rule = this.drift;
    if (rule === null || reply.kind !== 'json' || reply.status !== 200 || reply.route !== rule.route) return reply;
    const { body, drifted } = applyDrift(reply.body, rule);
    this.driftedFields += drifted;
    return { ...reply, body };
  }
}
