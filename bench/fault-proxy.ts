/**
 * The HTTP proxy in front of each diary simulator. It does three things the simulators themselves do
 * not, all needed by the benchmark:
 *
 * - **faults by share**: the simulators' fault modes switch every answer at once; issue 6 asks for 5%
 *   5xx and 1% hanging past the gateway's timeout, so the proxy decides per request with a seeded
 *   generator (the same sequence every run);
 * - **replay**: a simulator renders each answer from the demo family on every call, which costs its
 *   process milliseconds of CPU per call — enough to make the simulators, not the gateway, the limit
 *   (benchmarking.md §8.1: "precomputed JSON buffers"). With replay on, the first answer to each distinct
 *   request (method, URL and every header but the connection's own) is kept and sent again after the
 *   configured latency, byte for byte;
 * - **counting and timing** every request it receives, by route, including those it failed.
 *
 * The gateway talks to the proxy in every scenario, so healthy and faulty runs take the same path.
 */
import {
  Agent,
  createServer,
  request as forward,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to each request. */
export type FaultPlan =
  | { kind: 'none' }
  /** A share of requests answered 502 (after the usual latency) and a share never answered. */
  | { kind: 'flaky'; errorRate: number; hangRate: number }
  /** Every request answered 503 at once, as a diary in maintenance does. */
  | { kind: 'down' };

/** Requests the proxy saw, by what it did with them. */
export interface ProxyCounts {
  /** Sent on to the simulator. */
  forwarded: number;
  /** Answered from the replay store. */
  replayed: number;
  errors: number;
  hung: number;
  down: number;
}

/** One request the proxy received (values of credential-like parameters are not kept). */
export interface ProxiedRequest {
  path: string;
  query: Record<string, string>;
  /** Arrival, ms on this process's `performance.now()` clock. */
  at: number;
  /** Time to the answer's last byte, ms; `null` while unanswered (or never, when hung or aborted). */
  ms: number | null;
}

/** Durations of answered calls (request in → answer written), ms, by route. */
export type CallDurations = Record<string, number[]>;

/** A running proxy. */
export interface FaultProxy {
  /** Origin to give the gateway instead of the simulator's. */
  url: string;
  setPlan(plan: FaultPlan): void;
  /** Latency of replayed answers and injected 5xx (the simulator applies it to forwarded ones). */
  setLatency(ms: number): void;
  /** Turns replay on or off; turning it off forgets every stored answer. */
  setReplay(enabled: boolean): void;
  /**
   * Makes every replayed answer differ in its bytes from every one before it to the same request (trailing
   * whitespace after the JSON: the same data), so a gateway that keeps copies whose answers are unchanged
   * (`CACHE_RENEWAL`) builds every copy again: the scenario of answers that always changed.
   */
  setVary(enabled: boolean): void;
  counts(): ProxyCounts;
  requests(): readonly ProxiedRequest[];
  durations(): CallDurations;
  /** Forgets counts, requests and durations (not the replay store). */
  reset(): void;
  /** Closes the proxy, its hung requests and its upstream connections. */
  dispose(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Origin of the simulator behind the proxy. */
  target: string;
  /** Seed of the fault sequence. @default 6 */
  seed?: number;
  /** Longest a hung request is held before its socket is destroyed. @default 60000 */
  maxHangMs?: number;
  /** Groups request paths into routes for the durations. @default the path itself */
  routeOf?: (path: string) => string;
}

/** mulberry32: a tiny seeded generator, so a run's fault sequence is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What to do with one request under `plan`, given a uniform draw in [0, 1). */
export function decideFault(plan: FaultPlan, draw: number): 'pass' | 'error' | 'hang' | 'down' {
  if (plan.kind === 'down') return 'down';
  if (plan.kind === 'flaky') {
    if (draw < plan.errorRate) return 'error';
    if (draw < plan.errorRate + plan.hangRate) return 'hang';
  }
  return 'pass';
}

const CONNECTION_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** The replay key of a request: method, URL and every header that could change the answer. */
export function replayKey(method: string, url: string, headers: IncomingHttpHeaders): string {
  const relevant = Object.entries(headers)
    .filter(([name]) => !CONNECTION_HEADERS.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}:${Array.isArray(value) ? value.join(',') : value}`);
  return [method, url, ...relevant].join('\n');
}

const CREDENTIAL_PARAMETER = /token|secret|password|auth|key/i;

function describe(url: string, at: number): ProxiedRequest {
  const parsed = new URL(url, 'http://proxy.invalid');
  const query: Record<string, string> = {};
  for (const [name, value] of parsed.searchParams) query[name] = CREDENTIAL_PARAMETER.test(name) ? '[redacted]' : value;
  return { path: parsed.pathname, query, at, ms: null };
}

const html = (status: number, title: string) =>
  `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

function answer(response: ServerResponse, status: number, title: string): void {
  const body = html(status, title);
  response
    .writeHead(status, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(body)) })
    .end(body);
}

interface StoredAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Starts a proxy on an ephemeral loopback port. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const random = seededRandom(options.seed ?? 6);
  const maxHangMs = options.maxHangMs ?? 60_000;
  const routeOf = options.routeOf ?? ((path: string) => path);
  const hung = new Set<Socket>();
  const stored = new Map<string, StoredAnswer>();
  const zero = (): ProxyCounts => ({ forwarded: 0, replayed: 0, errors: 0, hung: 0, down: 0 });
  let plan: FaultPlan = { kind: 'none' };
  let latencyMs = 0;
  let replay = false;
  let counts = zero();
  let log: ProxiedRequest[] = [];
  let durations: CallDurations = {};

  const record = (seen: ProxiedRequest) => {
    seen.ms = performance.now() - seen.at;
    (durations[routeOf(seen.path)] ??= []).push(seen.ms);
  };

  let vary = false;
  /**
   * Replays of each stored answer so far, when varying. Each replay ends with whitespace of its own (the count
   * in base 3, as space, tab and line feed): every family shares the stored answer, so an answer that only
   * alternated could come back to a family the same as its last.
   */
  const varied = new WeakMap<StoredAnswer, number>();
  const send = (response: ServerResponse, reply: StoredAnswer) => {
    if (!vary) {
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
      return;
    }
    const count = varied.get(reply) ?? 0;
    varied.set(reply, count + 1);
    const body = Buffer.concat([
      reply.body,
      Buffer.from(` ${[...count.toString(3)].map((digit) => ' \t\n'[Number(digit)]).join('')}`),
    ]);
    const headers = { ...reply.headers };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-length') delete headers[name];
    response.writeHead(reply.status, { ...headers, 'content-length': String(body.length) });
    response.end(body);
  };

  const pass = (incoming: IncomingMessage, response: ServerResponse, seen: ProxiedRequest, retried = false) => {
    const headers = { ...incoming.headers, host: target.host };
    const outgoing = forward(
      { agent, host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (upstream) => {
        const chunks: Buffer[] = [];
        upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstream.once('end', () => {
          const {
            'transfer-encoding': _chunked,
            connection: _connection,
            'keep-alive': _keepAlive,
            ...kept
          } = upstream.headers;
          const got: StoredAnswer = {
            status: upstream.statusCode ?? 502,
            headers: kept as StoredAnswer['headers'],
            body: Buffer.concat(chunks),
          };
          got.headers['content-length'] = String(got.body.length);
          if (replay && got.status === 200)
            stored.set(replayKey(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers), got);
          send(response, got);
          record(seen);
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A keep-alive socket the simulator closed just as it was reused: Node's documented remedy is to
      // retry (idempotent requests only), so an idle pause never shows up as an injected-looking 502.
      if (
        outgoing.reusedSocket &&
        !retried &&
        !response.headersSent &&
        error.code === 'ECONNRESET' &&
        incoming.method === 'GET'
      ) {
        pass(incoming, response, seen, true);
        return;
      }
      if (response.headersSent) response.destroy();
      else answer(response, 502, 'Bad Gateway');
    });
    if (incoming.method === 'GET' || incoming.method === 'HEAD') outgoing.end();
    else incoming.pipe(outgoing);
  };

  const hang = (incoming: IncomingMessage) => {
    const socket = incoming.socket;
    hung.add(socket);
    const timer = setTimeout(() => socket.destroy(), maxHangMs);
    socket.once('close', () => {
      clearTimeout(timer);
      hung.delete(socket);
    });
  };

  const server = createServer((incoming, response) => {
    const seen = describe(incoming.url ?? '/', performance.now());
    log.push(seen);
    const decision = decideFault(plan, random());
    // Diary reads are GETs without a body; a body (a token refresh) is only read when it is passed on.
    if (decision !== 'pass' || incoming.method === 'GET' || incoming.method === 'HEAD') incoming.resume();
    switch (decision) {
      case 'hang':
        counts.hung++;
        return hang(incoming);
      case 'down':
        counts.down++;
        return answer(response, 503, 'Service Temporarily Unavailable');
      case 'error':
        counts.errors++;
        setTimeout(() => answer(response, 502, 'Bad Gateway'), latencyMs);
        return;
      case 'pass': {
        const replayed = replay
          ? stored.get(replayKey(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers))
          : undefined;
        if (!replayed) {
          counts.forwarded++;
          return pass(incoming, response, seen);
        }
        counts.replayed++;
        setTimeout(() => {
          send(response, replayed);
          record(seen);
        }, latencyMs);
      }
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const releaseHung = () => {
    for (const socket of hung) socket.destroy();
    hung.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    setPlan(next) {
      plan = next;
      if (next.kind !== 'flaky') releaseHung();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setReplay(enabled) {
      replay = enabled;
      if (!enabled) stored.clear();
    },
    setVary(enabled) {
      vary = enabled;
    },
    counts: () => ({ ...counts }),
    requests: () => log,
    durations: () => durations,
    reset() {
      counts = zero();
      log = [];
      durations = {};
    },
    async dispose() {
      releaseHung();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}
