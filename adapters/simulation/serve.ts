/**
 * A diary simulator's HTTP server (node:http only), the same for every simulator: it records each
 * request, reads its body, waits the configured latency, asks the simulator's own `answer` (its faults,
 * routes and gates), then writes the reply, drifted by the drift rule and truncated in the `malformed`
 * fault mode. A request still waiting when the simulator is disposed is never answered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { CommonFaultMode, RecordedRequest, SimulatorControls } from './controls.js';
import { Delays } from './delays.js';
import type { DriftRule } from './drift.js';
import { listenForSimulator, simulatorDisposer } from './http-lifecycle.js';
import { writeReply, type Reply, type WriteOptions } from './replies.js';

/** Largest request body a simulator reads (a month of МЭШ absence notices is about 3 KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request body as UTF-8 text, or `null` when it is larger than `maxBytes`. The rest of a body too large
 * is drained, not left unread, so the refusal still reaches the client.
 */
export async function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string | null> {
  return (await readBodyBytes(request, maxBytes))?.toString('utf8') ?? null;
}

/** The request body as bytes (a file upload), or `null` when it is larger than `maxBytes`; drained like {@link readBody}. */
export async function readBodyBytes(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return size > maxBytes ? null : Buffer.concat(chunks);
}

/** Where a simulator listens. */
export interface ListenOptions {
  /** @default "127.0.0.1" */
  host?: string | undefined;
  /** @default 0 (an ephemeral port) */
  port?: number | undefined;
}

/** What a simulator answers with: its own reading of its diary's API. */
export interface SimulatorAnswers {
  /**
   * The answer to a request; `body` (as UTF-8 text) and `bytes` (as sent, for a file upload) are `null` when
   * it was larger than {@link SimulatorAnswers.maxBodyBytes}.
   */
  answer(request: IncomingMessage, url: URL, body: string | null, bytes: Buffer | null): Reply;
  /** Largest request body read (a simulator that takes file uploads needs more). @default MAX_BODY_BYTES */
  maxBodyBytes?: number;
  /** What to answer when `answer` throws: the diary's own "internal error". */
  internalError: Reply;
  write?: WriteOptions;
}

/** A listening simulator server. */
export interface ServedSimulator {
  /** Origin, for example `http://127.0.0.1:40123`. */
  url: string;
  /** Closes the server and every open connection, including idle keep-alive sockets. */
  dispose(): Promise<void>;
}

/** Starts the server on loopback (by default) and resolves once it listens. */
export async function serveSimulator<Mode extends string>(
  controls: SimulatorControls<Mode>,
  listen: ListenOptions,
  answers: SimulatorAnswers,
): Promise<ServedSimulator> {
  const delays = new Delays();
  let disposed = false;
  const gone = (response: ServerResponse) => disposed || response.destroyed;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    controls.record(request, url);
    const bytes = await readBodyBytes(request, answers.maxBodyBytes);
    if (controls.latencyMs > 0) await delays.wait(controls.latencyMs);
    if (gone(response)) return;
    let reply: Reply;
    try {
      reply = answers.answer(request, url, bytes?.toString('utf8') ?? null, bytes);
    } catch {
      reply = answers.internalError;
    }
    writeReply(response, controls.drifted(reply), controls.fault === 'malformed', answers.write);
  };

  // A client that hangs up mid-body leaves nothing to answer.
  const server = createServer((request, response) => void handle(request, response).catch(() => response.destroy()));
  const url = await listenForSimulator(server, listen);
  return {
    url,
    dispose: simulatorDisposer(server, delays, () => {
      disposed = true;
    }),
  };
}

/** What tests, the demo and the benchmarks steer every simulator with. */
export interface SimulatorHandle<Mode extends string> {
  /** Origin serving the diary's paths, for example `http://127.0.0.1:40123`. */
  url: string;
  /** Switches the fault mode; `none` restores normal answers. Throws `RangeError` for an unknown mode. */
  setFault(mode: Mode | CommonFaultMode): void;
  /** Sets the delay before every answer. Throws `RangeError` for a negative or non-finite delay. */
  setLatency(ms: number): void;
  /**
   * Makes one field of one route's successful answers change shape (schema drift, as a diary might do
   * without notice), until called with `null`. Throws `RangeError` for an unknown route or kind.
   */
  setDrift(rule: DriftRule | null): void;
  /** How many fields drift rules have changed so far, in every answer they applied to. */
  readonly driftedFields: number;
  /** Makes a token refused from now on, as the diary refuses a lapsed token. */
  expireToken(token: string): void;
  /** Requests seen so far (header names only, never values; credential-like query values redacted). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Closes the server and every open connection, including idle keep-alive sockets. */
  dispose(): Promise<void>;
}

/**
 * The handle of a running simulator: the common controls, plus what only this simulator has (`extra`,
 * whose getters stay live: they are copied as getters, not read once).
 */
export function simulatorHandle<Mode extends string, Extra extends object>(
  controls: SimulatorControls<Mode>,
  served: ServedSimulator,
  extra: Extra,
): SimulatorHandle<Mode> & Extra {
  const handle: SimulatorHandle<Mode> = {
    url: served.url,
    setFault: (mode) => controls.setFault(mode),
    setLatency: (ms) => controls.setLatency(ms),
    setDrift: (rule) => controls.setDrift(rule),
    get driftedFields() {
      return controls.driftedFields;
    },
    expireToken: (token) => controls.expireToken(token),
    get requests() {
      return controls.requests;
    },
    clearRequests: () => void controls.requests.splice(0),
    dispose: () => served.dispose(),
  };
  return Object.defineProperties(handle, Object.getOwnPropertyDescriptors(extra)) as SimulatorHandle<Mode> & Extra;
}
