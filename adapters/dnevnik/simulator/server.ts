/**
 * The Dnevnik.ru simulator's HTTP server (node:http only): records each request, waits the configured
 * latency, applies the fault mode, then routes. Faults sit in front of everything, the token endpoint
 * included, as a proxy or a maintenance page would; `malformed` instead lets the route answer and cuts
 * its JSON in half. JSON is written losslessly: ids above 2^53 leave as bare integer literals.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Delays } from '../../simulation/delays.js';
import { listenForSimulator, simulatorDisposer } from '../../simulation/http-lifecycle.js';
import type { DemoFamily } from '../../../src/demo/family.js';
import { stringify } from 'lossless-json';
import { applyDrift, type DriftRule } from '../../simulation/drift.js';
import { apiError, ERROR_PAGE, MAINTENANCE_PAGE, MAINTENANCE_STATUS, type Reply } from './replies.js';
import { isAuthorizationsPath, routeRequest } from './routes.js';
import { SimulatorState, type DnevnikFaultMode, type RecordedRequest } from './state.js';
import { answerAuthorizations, type SimulatorClient } from './token.js';

/** The OAuth client the simulator accepts unless told otherwise (demo values, not secrets). */
export const DNEVNIK_SIMULATOR_CLIENT: Readonly<SimulatorClient> = Object.freeze({
  id: 'diary-gateway-demo',
  secret: 'diary-gateway-demo-secret',
});

/** Options of {@link startDnevnikSimulator}. */
export interface DnevnikSimulatorOptions {
  /** The family to serve: its Dnevnik.ru accounts (tokens, refresh tokens) and their children. */
  family: DemoFamily;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** The simulator's clock; anchors a school's UTC offset. @default () => new Date() */
  now?: () => Date;
  /** The OAuth client the token endpoint accepts. @default DNEVNIK_SIMULATOR_CLIENT */
  client?: SimulatorClient;
}

/** A running simulator. */
export interface DnevnikSimulator {
  /** Origin serving the API, for example `http://127.0.0.1:40123` (the adapter's `baseUrl`). */
  url: string;
  /** Switches the fault mode; `none` restores normal answers. */
  setFault(mode: DnevnikFaultMode): void;
  /** Sets the delay before every answer. */
  setLatency(ms: number): void;
  /**
   * Makes one field of one route's successful answers change shape (schema drift, as the API might do
   * without notice), until called with `null`. Throws `RangeError` for an unknown route or kind.
   */
  setDrift(rule: DriftRule | null): void;
  /** How many fields drift rules have changed so far, in every answer they applied to. */
  readonly driftedFields: number;
  /** Makes an access token answer 401 with an empty body from now on; a refresh issues a new one. */
  expireToken(token: string): void;
  /** A one-time sign-in code for the family account with this profile id, as the login page would return it. */
  issueCode(profileId: number): string;
  /** Requests seen so far (header names only, never values; credential-like query values redacted). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Closes the server and every open connection, including idle keep-alive sockets. */
  dispose(): Promise<void>;
}

/** Largest form body the token endpoint reads. */
const MAX_BODY_BYTES = 64 * 1024;

function faultReply(fault: DnevnikFaultMode): Reply | null {
  switch (fault) {
    case 'html-error':
      return { kind: 'html', status: 500, body: ERROR_PAGE };
    case 'maintenance':
      return { kind: 'html', status: MAINTENANCE_STATUS, body: MAINTENANCE_PAGE };
    case 'server-error':
      return apiError(500, 'apiServerError', 'Внутренняя ошибка сервера');
    case 'error-in-200':
      return apiError(200, 'apiUnknownError', 'Произошла неизвестная ошибка');
    default:
      return null;
  }
}

/** JSON with ids (`bigint`) as bare integer literals, as the API writes them past 2^53. */
function losslessJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('the simulator built an answer with no JSON form');
  return text;
}

/** A successful JSON answer of the drift rule's route, drifted; anything else as it is. */
function drifted(reply: Reply, rule: DriftRule | null, onDrifted: (fields: number) => void): Reply {
  if (rule === null || reply.kind !== 'json' || reply.status !== 200 || reply.route !== rule.route) return reply;
  const { body, drifted: count } = applyDrift(reply.body, rule);
  onDrifted(count);
  return { ...reply, body };
}

function writeReply(response: ServerResponse, reply: Reply, truncateJson: boolean): void {
  // 550 has no standard reason phrase; the API calls it "Server Work".
  const reason = reply.status === MAINTENANCE_STATUS ? 'Server Work' : undefined;
  if (reply.kind === 'empty') {
    response.writeHead(reply.status, reason, { 'content-length': '0' }).end();
    return;
  }
  let body = reply.kind === 'json' ? losslessJson(reply.body) : reply.body;
  // Every payload is an object or an array, so any proper prefix of it is broken JSON.
  if (truncateJson && reply.kind === 'json' && reply.status === 200) body = body.slice(0, Math.floor(body.length / 2));
  const contentType = reply.kind === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  response
    .writeHead(reply.status, reason, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) })
    .end(body);
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a Dnevnik.ru simulator serving the family's Dnevnik.ru accounts over real HTTP.
 *
 * @example
 * const simulator = await startDnevnikSimulator({ family: generateDemoFamily({ today: '2026-11-23' }) });
 * // createDnevnikAdapter({ transport, baseUrl: simulator.url, clientId: DNEVNIK_SIMULATOR_CLIENT.id, clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret })
 * await simulator.dispose();
 */
export async function startDnevnikSimulator(options: DnevnikSimulatorOptions): Promise<DnevnikSimulator> {
  const state = new SimulatorState(options.family, options.latencyMs ?? 0);
  const now = options.now ?? (() => new Date());
  const client = options.client ?? DNEVNIK_SIMULATOR_CLIENT;
  const delays = new Delays();
  let disposed = false;

  const answer = async (request: IncomingMessage, url: URL): Promise<Reply> => {
    const fault = faultReply(state.fault);
    if (isAuthorizationsPath(url.pathname)) {
      if (request.method !== 'POST') return apiError(405, 'methodNotAllowed', 'Method Not Allowed');
      const body = await readBody(request);
      if (fault) return fault;
      if (body === null) return apiError(413, 'parameterInvalid', 'Тело запроса слишком велико');
      const reply = answerAuthorizations(state, client, request.headers, body);
      return reply.kind === 'json' ? { ...reply, route: 'authorizations' } : reply;
    }
    request.resume();
    if (request.method !== 'GET') return apiError(405, 'methodNotAllowed', 'Method Not Allowed');
    if (fault) return fault;
    return routeRequest({
      family: options.family,
      state,
      path: url.pathname,
      headers: request.headers,
      query: url.searchParams,
      now: now(),
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    state.record(request, url);
    if (state.latencyMs > 0) await delays.wait(state.latencyMs);
    if (disposed || response.destroyed) return;
    let reply: Reply;
    try {
      reply = await answer(request, url);
    } catch {
      reply = apiError(500, 'apiServerError', 'Внутренняя ошибка сервера');
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
    setFault: (mode) => state.setFault(mode),
    setLatency: (ms) => state.setLatency(ms),
    setDrift: (rule) => state.setDrift(rule),
    get driftedFields() {
      return state.driftedFields;
    },
    expireToken: (token) => state.expireToken(token),
    issueCode(profileId) {
      const account = options.family.accounts.find(
        (candidate) => candidate.provider === 'DNEVNIK' && candidate.profileId === profileId,
      );
      if (!account)
        throw new RangeError(`issueCode: the family has no Dnevnik.ru account with profile id ${profileId}`);
      return state.issueCode(account);
    },
    get requests() {
      return state.requests;
    },
    clearRequests: () => void state.requests.splice(0),
    dispose: simulatorDisposer(server, delays, () => {
      disposed = true;
    }),
  };
}
