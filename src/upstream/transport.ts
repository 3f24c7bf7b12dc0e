/**
 * How adapters reach a diary over HTTP. Adapters depend on the `HttpTransport` function type, not on a
 * client library, for two reasons: production traffic goes through undici's `request` with a pooled,
 * injectable dispatcher (3× faster than `fetch` in undici's own benchmark), while adapter unit tests go
 * through `fetch`, the only path nock 14 intercepts (nock does not see undici's `request`, with or
 * without a custom dispatcher; see docs/architecture.md).
 */
import { hash } from 'node:crypto';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { unsendableReason } from './request-shape.js';

/** One HTTP call to a diary. */
export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers: Readonly<Record<string, string>>;
  body?: string;
  signal?: AbortSignal | undefined;
  /**
   * The route's path template, when the URL's path holds ids (Dnevnik.ru's
   * `/v2/persons/{person}/edu-groups`): what traces name the call by, so they never carry a child's id.
   * Absent, the path itself is the template (МЭШ and Eljur put their ids in the query). Never sent.
   */
  route?: string;
}

/** A diary's answer, read in full. Header names are lower-case. */
export interface UpstreamResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text. The production transport decodes it when first read (see `digest`). */
  readonly body: string;
  /**
   * SHA-1 (base64) of the body's bytes, when the transport read them itself (made when first read): a refresh
   * compares it with the answer a cached result was built from (`call-journal.ts`) and, when they match, never
   * decodes the body.
   */
  digest?: string;
}

/**
 * Sends one request and reads the whole answer. A plain transport throws only `UpstreamNetworkError`; a
 * guarded one (`src/resilience`) may also throw a `GatewayError` of its own (open breaker, throttled),
 * which adapters pass through unchanged.
 */
export type HttpTransport = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/**
 * Why no answer arrived. `invalid-request` is the one that never left the process: the HTTP client
 * refused the request itself (a header value with CR/LF, a URL it cannot call), so the diary was not
 * asked and its health is not in question (see `request-shape.ts`).
 */
export type NetworkFailure =
  'connect-timeout' | 'headers-timeout' | 'body-timeout' | 'aborted' | 'connection' | 'too-large' | 'invalid-request';

/**
 * The request never produced a complete answer. `cause` keeps the library's error for logs (never for an
 * `invalid-request` from `fetch`, whose message quotes the refused header value).
 */
export class UpstreamNetworkError extends Error {
  readonly failure: NetworkFailure;

  constructor(failure: NetworkFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamNetworkError';
    this.failure = failure;
  }
}

/** Options of {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /** Dispatcher to send through (a keep-alive `Agent` or `Pool`); one is created from the timeouts when absent. */
  dispatcher?: Dispatcher;
  /** Time to establish a TCP/TLS connection. @default 3000 */
  connectTimeoutMs?: number;
  /** Time from sending the request to receiving the response headers. @default 5000 */
  headersTimeoutMs?: number;
  /** Longest pause between two chunks of the body. @default 5000 */
  bodyTimeoutMs?: number;
  /** Largest body accepted; a larger one is refused rather than buffered. @default 16 MiB */
  maxResponseBytes?: number;
}

/** Creates the production transport: undici `request` over a keep-alive pool. */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const headersTimeoutMs = options.headersTimeoutMs ?? 5000;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 5000;
  const maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const dispatcher =
    options.dispatcher ??
    new Agent({ connect: { timeout: connectTimeoutMs }, headersTimeout: headersTimeoutMs, bodyTimeout: bodyTimeoutMs });

  return async (upstream) => {
    rejectUnsendable(upstream);
    try {
      const response = await request(upstream.url, {
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body,
        signal: upstream.signal,
        dispatcher,
        headersTimeout: headersTimeoutMs,
        bodyTimeout: bodyTimeoutMs,
      });
      const bytes = await readLimited(response.body, maxResponseBytes);
      return answerOf(response.statusCode, flattenHeaders(response.headers), bytes);
    } catch (error) {
      // An aborted signal surfaces as AbortError, TimeoutError or RequestAbortedError depending on
      // when it fired; the signal itself is the reliable witness.
      if (upstream.signal?.aborted && !(error instanceof UpstreamNetworkError)) {
        throw new UpstreamNetworkError('aborted', 'the request was abandoned', { cause: error });
      }
      throw toNetworkError(error);
    }
  };
}

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** The `fetch` to call. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Deadline for the whole exchange. @default 10000 */
  timeoutMs?: number;
}

/** Creates a transport over WHATWG `fetch`: for adapter unit tests under nock, and runtimes without undici. */
export function createFetchTransport(options: FetchTransportOptions = {}): HttpTransport {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (upstream) => {
    rejectUnsendable(upstream);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = upstream.signal ? AbortSignal.any([upstream.signal, deadline]) : deadline;
    try {
      const response = await fetchImpl(upstream.url, {
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body ?? null,
        signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    } catch (error) {
      if (deadline.aborted)
        throw new UpstreamNetworkError('headers-timeout', `no answer within ${timeoutMs} ms`, { cause: error });
      if (upstream.signal?.aborted)
        throw new UpstreamNetworkError('aborted', 'the request was abandoned', { cause: error });
      // `fetch` reports a network failure as TypeError("fetch failed") with the socket's error as its
      // cause; a TypeError without one is its own refusal of the request (a header it cannot send), and
      // its message may quote a token, so it is not kept.
      if (error instanceof TypeError && error.cause === undefined)
        throw new UpstreamNetworkError('invalid-request', 'fetch refused to send the request');
      throw new UpstreamNetworkError('connection', 'the connection failed', { cause: error });
    }
  };
}

/**
 * An answer over its raw bytes: their digest now (a pass over bytes costs a tenth of decoding them), the text
 * when first read — an answer a refresh finds unchanged is never decoded at all.
 */
function answerOf(status: number, headers: Record<string, string>, bytes: Buffer): UpstreamResponse {
  let text: string | undefined;
  let digest: string | undefined;
  return {
    status,
    headers,
    // Made when first asked, by the call journal only: most answers (structure reads, calls outside any journal)
    // never are.
    get digest(): string {
      return (digest ??= hash('sha1', bytes, 'base64'));
    },
    get body(): string {
      return (text ??= bytes.toString('utf8'));
    },
  };
}

async function readLimited(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new UpstreamNetworkError('too-large', `the answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  // A copy of its own, even of one chunk: a chunk may be a view of the socket's larger buffer, and the body is
  // kept until it is read (or the answer is dropped).
  return Buffer.concat(chunks);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Throws `invalid-request` for a request the HTTP client would refuse, before it is asked. */
function rejectUnsendable(upstream: UpstreamRequest): void {
  const reason = unsendableReason(upstream);
  if (reason !== null) throw new UpstreamNetworkError('invalid-request', reason);
}

function toNetworkError(error: unknown): UpstreamNetworkError {
  if (error instanceof UpstreamNetworkError) return error;
  // Raised before anything is sent: undici refused the request itself (its messages name the header, not the value).
  if (
    error instanceof undiciErrors.InvalidArgumentError ||
    error instanceof undiciErrors.NotSupportedError ||
    error instanceof undiciErrors.InvalidReturnValueError
  ) {
    return new UpstreamNetworkError('invalid-request', 'undici refused to send the request', { cause: error });
  }
  if (error instanceof undiciErrors.ConnectTimeoutError)
    return new UpstreamNetworkError('connect-timeout', 'connecting timed out', { cause: error });
  if (error instanceof undiciErrors.HeadersTimeoutError)
    return new UpstreamNetworkError('headers-timeout', 'no response headers in time', { cause: error });
  if (error instanceof undiciErrors.BodyTimeoutError)
    return new UpstreamNetworkError('body-timeout', 'the response body stalled', { cause: error });
  if (error instanceof undiciErrors.RequestAbortedError || (error instanceof Error && error.name === 'AbortError')) {
    return new UpstreamNetworkError('aborted', 'the request was abandoned', { cause: error });
  }
  return new UpstreamNetworkError('connection', 'the connection failed', { cause: error });
}
