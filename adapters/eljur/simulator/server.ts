/**
 * The Eljur simulator's HTTP server (node:http only): records each request, reads a form body, waits the
 * configured latency, then routes (fault modes sit in the router, in front of the gates they stand for);
 * `malformed` lets the method answer and cuts its JSON in half.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Delays } from '../../simulation/delays.js';
import { listenForSimulator, simulatorDisposer } from '../../simulation/http-lifecycle.js';
import type { DemoFamily } from '../../../src/demo/family.js';
import { ELJUR_SIMULATOR_DEVKEY, ELJUR_SIMULATOR_VENDOR, TOKEN_LIFETIME_DAYS } from './ids.js';
import { tokenExpiry } from './render-account.js';
import { ERRORS, failure, type Reply } from './replies.js';
import { routeRequest } from './routes.js';
import { applyDrift, type DriftRule } from '../../simulation/drift.js';
import { SimulatorState, type EljurFaultMode, type RecordedRequest } from './state.js';

/** Options of {@link startEljurSimulator}. */
export interface EljurSimulatorOptions {
  /** The family to serve: its Eljur accounts (login, password, token) and their children. */
  family: DemoFamily;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** The simulator's clock: "today", token expiry. @default () => new Date() */
  now?: () => Date;
}

/** A running simulator. */
export interface EljurSimulator {
  /** Origin serving `/apiv3/{method}`, for example `http://127.0.0.1:40123`. */
  url: string;
  /** The developer key it accepts (`ELJUR_DEVKEY` of a demo tenant). */
  devkey: string;
  /** The vendor it serves (`ELJUR_VENDOR` of a demo tenant). */
  vendor: string;
  /** Switches the fault mode; `none` restores normal answers. */
  setFault(mode: EljurFaultMode): void;
  /** Sets the delay before every answer. */
  setLatency(ms: number): void;
  /**
   * Makes one field of one method's successful answers change shape (schema drift, as Eljur might do
   * without notice), until called with `null`. The path starts at the body, envelope included
   * (`response.result.students{}.days{}.items{}.room`). Throws `RangeError` for an unknown method or kind.
   */
  setDrift(rule: DriftRule | null): void;
  /** How many fields drift rules have changed so far, in every answer they applied to. */
  readonly driftedFields: number;
  /** Makes a token answer 403 from now on, as a lapsed Eljur token does. */
  expireToken(token: string): void;
  /** Requests seen so far (credentials redacted, header names only). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Closes the server and every open connection, including idle keep-alive sockets. */
  dispose(): Promise<void>;
}

/** Largest request body read (a form with a login and password is far smaller). */
const MAX_BODY_BYTES = 64 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Query parameters, plus the form body's for a POST (the body wins, as PHP's `$_REQUEST` order has it). */
async function readParams(request: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.searchParams);
  const body = await readBody(request);
  if (
    request.method === 'POST' &&
    (request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
  ) {
    for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
  }
  return params;
}

/** A successful answer of the drift rule's method, drifted; anything else as it is. */
function drifted(reply: Reply, rule: DriftRule | null, onDrifted: (fields: number) => void): Reply {
  if (rule === null || reply.status !== 200 || reply.route !== rule.route) return reply;
  const { body, drifted: count } = applyDrift(reply.body, rule);
  onDrifted(count);
  return { ...reply, body };
}

function writeReply(response: ServerResponse, reply: Reply, truncateJson: boolean): void {
  let body = JSON.stringify(reply.body);
  // Every answer is an object, so any proper prefix of it is broken JSON.
  if (truncateJson && reply.status === 200) body = body.slice(0, Math.floor(body.length / 2));
  response
    .writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    })
    .end(body);
}

/**
 * Starts an Eljur simulator serving the family's Eljur accounts over real HTTP. Each account's stored
 * `token` is valid for three months from the start; `auth` issues new ones.
 *
 * @example
 * const simulator = await startEljurSimulator({ family: generateDemoFamily({ today: '2026-11-23' }) });
 * // createEljurAdapter({ transport, baseUrl: simulator.url, devkey: simulator.devkey, vendor: simulator.vendor, timeZone: 'Europe/Samara' })
 * await simulator.dispose();
 */
export async function startEljurSimulator(options: EljurSimulatorOptions): Promise<EljurSimulator> {
  const state = new SimulatorState(options.latencyMs ?? 0);
  const now = options.now ?? (() => new Date());
  for (const account of options.family.accounts.filter((candidate) => candidate.provider === 'ELJUR')) {
    state.tokens.set(account.token, { account, expiresAt: tokenExpiry(now(), TOKEN_LIFETIME_DAYS) });
  }
  const delays = new Delays();
  let disposed = false;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    state.record(request, url);
    let reply: Reply;
    try {
      const params = await readParams(request, url);
      if (state.latencyMs > 0) await delays.wait(state.latencyMs);
      if (disposed || response.destroyed) return;
      reply =
        request.method === 'GET' || request.method === 'POST'
          ? routeRequest({ family: options.family, state, path: url.pathname, params, now: now() })
          : failure(404, ERRORS.method);
    } catch {
      reply = failure(500, ERRORS.server);
    }
    if (disposed || response.destroyed) return;
    writeReply(
      response,
      drifted(reply, state.drift, (fields) => void (state.driftedFields += fields)),
      state.fault === 'malformed',
    );
  };

  const server = createServer((request, response) => void handle(request, response));
  const url = await listenForSimulator(server, options);
  return {
    url,
    devkey: ELJUR_SIMULATOR_DEVKEY,
    vendor: ELJUR_SIMULATOR_VENDOR,
    setFault: (mode) => state.setFault(mode),
    setLatency: (ms) => state.setLatency(ms),
    setDrift: (rule) => state.setDrift(rule),
    get driftedFields() {
      return state.driftedFields;
    },
    expireToken: (token) => void state.expiredTokens.add(token),
    get requests() {
      return state.requests;
    },
    clearRequests: () => void state.requests.splice(0),
    dispose: simulatorDisposer(server, delays, () => {
      disposed = true;
    }),
  };
}
