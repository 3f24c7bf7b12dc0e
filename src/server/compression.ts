/**
 * gzip for answers worth it, when the client accepts it. A family's phone loads the dashboard (hundreds of
 * kilobytes of JSON for a school year's grades) and the page's scripts over a mobile network; gzip cuts both
 * by about ten. The embedded default has no reverse proxy in front to do it, so the gateway does.
 *
 * Accept-Encoding is read by `negotiator` (the maintained parser behind Express's `accepts`: q-values,
 * `*`, `identity;q=0`), and compression runs on libuv's thread pool (`zlib.gzip`), not the event loop.
 * Small answers go as they are: below {@link MIN_COMPRESSED_BYTES} gzip's header costs more than it saves.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { constants, gunzip, gzip, gzipSync } from 'node:zlib';
import Negotiator from 'negotiator';
import { addVary } from './http-replies.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Answers shorter than this go uncompressed. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Level 4: most of level 9's saving on JSON for a fraction of its CPU (each dashboard is compressed once
 * per request, unlike the page's files, which are compressed once at start-up at level 9).
 */
const ANSWER_LEVEL = 4;

/** Whether the request's `Accept-Encoding` takes gzip (and prefers it to no encoding). */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  if (headers['accept-encoding'] === undefined) return false;
  return new Negotiator({ headers }).encoding(['gzip', 'identity']) === 'gzip';
}

/** `body` gzipped at level 9, for files compressed once and served many times. */
export function gzipOnce(body: Buffer): Buffer {
  return gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
}

/**
 * Ends `res` with `body`, gzipped when the request takes gzip and the body is worth it; sets
 * `Content-Encoding` and adds `Accept-Encoding` to `Vary` either way, so a shared cache keeps both forms apart.
 * Resolves to the gzip form sent, or `null` when the body went as it is.
 */
export async function endCompressed(
  res: ServerResponse,
  requestHeaders: IncomingHttpHeaders,
  body: string | Buffer,
): Promise<Buffer | null> {
  addVary(res, 'Accept-Encoding');
  // Measured, not copied: an answer that goes as it is (most API calls send no Accept-Encoding) is written
  // straight from its string.
  if (Buffer.byteLength(body) < MIN_COMPRESSED_BYTES || !acceptsGzip(requestHeaders)) {
    res.end(body);
    return null;
  }
  const compressed = await gzipAsync(body, { level: ANSWER_LEVEL });
  endWithGzip(res, compressed);
  return compressed;
}

/** `body` gzipped as answers are (level 4, on the thread pool), or `null` when it is too short to be worth it. */
export async function gzipAnswer(body: string): Promise<Buffer | null> {
  if (Buffer.byteLength(body) < MIN_COMPRESSED_BYTES) return null;
  return gzipAsync(body, { level: ANSWER_LEVEL });
}

/**
 * Ends `res` with an answer kept only in its gzip form (src/answers): as it is when the request takes gzip,
 * else unzipped (on the thread pool). `Vary` as {@link endCompressed} sets it.
 */
export async function endGzipped(
  res: ServerResponse,
  requestHeaders: IncomingHttpHeaders,
  gzipped: Buffer,
): Promise<void> {
  addVary(res, 'Accept-Encoding');
  if (!acceptsGzip(requestHeaders)) {
    res.end(await gunzipAsync(gzipped));
    return;
  }
  endWithGzip(res, gzipped);
}

/** Ends `res` with a gzip body, saying so (its length is the compressed one's, set by Node). */
function endWithGzip(res: ServerResponse, gzipped: Buffer): void {
  res.setHeader('content-encoding', 'gzip');
  res.removeHeader('content-length');
  res.end(gzipped);
}
