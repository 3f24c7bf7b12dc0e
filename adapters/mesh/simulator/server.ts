/**
 * The МЭШ simulator's HTTP server (node:http only): records each request, reads its body, waits the
 * configured latency, applies the fault mode, then routes. Faults sit in front of everything, as a proxy or a maintenance
 * page would; `malformed` instead lets the route answer and cuts its JSON in half.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Delays } from '../../simulation/delays.js';
import { listenForSimulator, simulatorDisposer } from '../../simulation/http-lifecycle.js';
import type { DemoFamily } from '../../../src/demo/family.js';
import { dateInZone } from '../../../src/domain/dates.js';
import { json, MAINTENANCE_PAGE, NGINX_403_PAGE, refusal, type Reply } from './replies.js';
import { routeRequest } from './routes.js';
import { applyDrift, type DriftRule } from '../../simulation/drift.js';
import { SimulatorState, type MeshFaultMode, type RecordedRequest } from './state.js';

/** Options of {@link startMeshSimulator}. */
export interface MeshSimulatorOptions {
  /** The family to serve: its МЭШ accounts (tokens, profile ids) and their children. */
  family: DemoFamily;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** The simulator's clock; anchors the mark trends (`dynamic`). @default () => new Date() */
  now?: () => Date;
}

/** A running simulator. */
export interface MeshSimulator {
  /** Origin serving both МЭШ hosts' paths, for example `http://127.0.0.1:40123`. */
  url: string;
  /** Switches the fault mode; `none` restores normal answers. */
  setFault(mode: MeshFaultMode): void;
  /** Sets the delay before every answer. */
  setLatency(ms: number): void;
  /**
   * Makes one field of one route's successful answers change shape (schema drift, as МЭШ might do
   * without notice), until called with `null`. Throws `RangeError` for an unknown route or kind.
   */
  setDrift(rule: DriftRule | null): void;
  /** How many fields drift rules have changed so far, in every answer they applied to. */
  readonly driftedFields: number;
  /** Makes a token answer 401 from now on, as an expired МЭШ token does. */
  expireToken(token: string): void;
  /** Forgets the absence notices sent and withdrawn so far: `attendance` shows the demo family's own again. */
  clearNotices(): void;
  /** Requests seen so far (header names only, never values). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Closes the server and every open connection, including idle keep-alive sockets. */
  dispose(): Promise<void>;
}

const MOSCOW = 'Europe/Moscow';

function faultReply(fault: MeshFaultMode): Reply | null {
  switch (fault) {
    case 'html-403':
      return { kind: 'html', status: 403, body: NGINX_403_PAGE };
    case 'server-error':
      return json({ message: 'Internal Server Error' }, 500);
    case 'down':
      return { kind: 'html', status: 503, body: MAINTENANCE_PAGE };
    default:
      return null;
  }
}

/** Largest request body the simulator reads; a month of notices is about 3 KiB. */
const MAX_BODY_BYTES = 64 * 1024;

/** The request body as UTF-8 text, or `null` when it is larger than {@link MAX_BODY_BYTES} (the rest is drained). */
async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}

/** A successful JSON answer of the drift rule's route, drifted; anything else as it is. */
function drifted(reply: Reply, rule: DriftRule | null, onDrifted: (fields: number) => void): Reply {
  if (rule === null || reply.kind !== 'json' || reply.status !== 200 || reply.route !== rule.route) return reply;
  const { body, drifted: count } = applyDrift(reply.body, rule);
  onDrifted(count);
  return { ...reply, body };
}

function writeReply(response: ServerResponse, reply: Reply, truncateJson: boolean): void {
  if (reply.kind === 'empty') {
    response.writeHead(reply.status, { 'content-length': '0' }).end();
    return;
  }
  let body = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
  // Every payload is an object or an array, so any proper prefix of it is broken JSON.
  if (truncateJson && reply.kind === 'json' && reply.status === 200) body = body.slice(0, Math.floor(body.length / 2));
  const contentType = reply.kind === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  response
    .writeHead(reply.status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) })
    .end(body);
}

/**
 * Starts a МЭШ simulator serving the family's МЭШ accounts over real HTTP.
 *
 * @example
 * const simulator = await startMeshSimulator({ family: generateDemoFamily({ today: '2026-11-23' }) });
 * // point MeshHosts.schoolBaseUrl and aclBaseUrl at simulator.url …
 * await simulator.dispose();
 */
export async function startMeshSimulator(options: MeshSimulatorOptions): Promise<MeshSimulator> {
  const state = new SimulatorState(options.latencyMs ?? 0);
  const now = options.now ?? (() => new Date());
  const delays = new Delays();
  let disposed = false;

  const answer = (request: IncomingMessage, url: URL, body: string | null): Reply => {
    const fault = faultReply(state.fault);
    if (fault) return fault;
    if (body === null) return refusal(413, 'Request Entity Too Large');
    return routeRequest({
      family: options.family,
      expiredTokens: state.expiredTokens,
      notices: state.notices,
      method: request.method ?? 'GET',
      path: url.pathname,
      headers: request.headers,
      query: url.searchParams,
      body,
      today: dateInZone(now(), MOSCOW),
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    state.record(request, url);
    const body = await readBody(request);
    if (state.latencyMs > 0) await delays.wait(state.latencyMs);
    if (disposed || response.destroyed) return;
    let reply: Reply;
    try {
      reply = answer(request, url, body);
    } catch {
      reply = json({ message: 'Internal Server Error' }, 500);
    }
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
    setFault: (mode) => state.setFault(mode),
    setLatency: (ms) => state.setLatency(ms),
    setDrift: (rule) => state.setDrift(rule),
    get driftedFields() {
      return state.driftedFields;
    },
    expireToken: (token) => void state.expiredTokens.add(token),
    clearNotices: () => state.notices.clear(),
    get requests() {
      return state.requests;
    },
    clearRequests: () => void state.requests.splice(0),
    dispose: simulatorDisposer(server, delays, () => {
      disposed = true;
    }),
  };
}
