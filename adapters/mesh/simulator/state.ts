/**
 * The simulator's mutable state: the fault mode, the latency, tokens expired by the test, absence notices
 * sent and withdrawn, and the log of requests. The log keeps header names only, never values, so a test can check which headers the
 * adapter sent without any token ever being stored.
 */
import type { IncomingMessage } from 'node:http';
import { checkedDriftRule, type DriftRule } from '../../simulation/drift.js';
import { AbsenceNoticeBook } from './notices.js';
import { MESH_SIMULATOR_PATHS } from './wire.js';

/**
 * How the simulator misbehaves:
 * - `none`: answers normally;
 * - `html-403`: every route answers 403 with an nginx HTML page (the legacy proxy refusal);
 * - `server-error`: 500 `{"message":"Internal Server Error"}`;
 * - `down`: 503 with a "Технические работы" HTML page;
 * - `malformed`: successful answers arrive as 200 with truncated JSON.
 */
export type MeshFaultMode = 'none' | 'html-403' | 'server-error' | 'down' | 'malformed';

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

const FAULT_MODES: ReadonlySet<string> = new Set<MeshFaultMode>([
  'none',
  'html-403',
  'server-error',
  'down',
  'malformed',
]);
const CREDENTIAL_PARAMETER = /token|secret|password|auth/i;

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState {
  fault: MeshFaultMode = 'none';
  /** The schema drift applied to successful answers of one route, if any. */
  drift: DriftRule | null = null;
  /** Fields changed by drift rules so far (a test can tell that its rule found something). */
  driftedFields = 0;
  latencyMs: number;
  readonly expiredTokens = new Set<string>();
  readonly requests: RecordedRequest[] = [];
  /** Absence notices sent (`POST attendance`) and withdrawn (`DELETE attendance`) since the start. */
  readonly notices = new AbsenceNoticeBook();

  constructor(latencyMs: number) {
    this.latencyMs = validLatency(latencyMs);
  }

  /** Switches the fault mode; throws `RangeError` for a mode the simulator does not know. */
  setFault(mode: MeshFaultMode): void {
    if (!FAULT_MODES.has(mode))
      throw new RangeError(`unknown fault mode "${String(mode)}"; expected one of ${[...FAULT_MODES].join(', ')}`);
    this.fault = mode;
  }

  /** Sets the drift mode (`null`: answers keep their shape); throws `RangeError` for an unknown route, kind or bad path. */
  setDrift(rule: DriftRule | null): void {
    this.drift = rule === null ? null : checkedDriftRule(rule, Object.keys(MESH_SIMULATOR_PATHS));
  }

  /** Sets the delay before every answer; throws `RangeError` for a negative or non-finite delay. */
  setLatency(ms: number): void {
    this.latencyMs = validLatency(ms);
  }

  /** Logs a request: method, path, query and header names, never header values. */
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
