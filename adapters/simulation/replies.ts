/**
 * What a simulator route answers, as data, and how it is written to the socket. Keeping replies as data
 * lets the server apply the fault modes and drift rules (truncating or reshaping a successful JSON body)
 * in one place, after the route answered. The diaries' own shapes (МЭШ's `{"message"}`, Dnevnik.ru's
 * `{type, description}`, Eljur's envelope) are built on these in each simulator.
 */
import type { ServerResponse } from 'node:http';

/** An answer to write. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; /** The route that answered, for drift rules. */ route?: string }
  | { kind: 'html'; status: number; body: string }
  | { kind: 'empty'; status: number }
  | { kind: 'file'; status: number; /** The `Content-Type` header. */ contentType: string; body: Uint8Array }
  | { kind: 'redirect'; status: 302 | 303; /** The `Location` header. */ location: string };

/** A JSON answer. */
export function json(body: unknown, status = 200): Reply {
  return { kind: 'json', status, body };
}

/** An HTML page. */
export function html(status: number, body: string): Reply {
  return { kind: 'html', status, body };
}

/** A status with an empty body (frozen: safe to share as a constant). */
export function empty(status: number): Reply {
  return Object.freeze({ kind: 'empty', status });
}

/** A file's bytes, as a diary's storage serves an attachment. */
export function file(body: Uint8Array, contentType: string, status = 200): Reply {
  return { kind: 'file', status, contentType, body };
}

/**
 * A redirect with an empty body: a sign-in page sending the browser back to the client's `redirect_uri`
 * (the one-time code or token in its query, or in its fragment for an implicit grant), or on to another
 * page. The location is written as given; the route that builds it checked it is a registered one.
 */
export function redirect(location: string | URL, status: 302 | 303 = 302): Reply {
  return { kind: 'redirect', status, location: String(location) };
}

/** The reply, named after the route that gave it when it is JSON, so a drift rule can find it. */
export function named(reply: Reply, route: string): Reply {
  return reply.kind === 'json' ? { ...reply, route } : reply;
}

/** How a simulator writes its replies. */
export interface WriteOptions {
  /** Turns a JSON body into text. @default JSON.stringify */
  stringify?: (body: unknown) => string;
  /** Reason phrases for statuses HTTP has none for (Dnevnik.ru's 550). */
  reasonPhrases?: Readonly<Record<number, string>>;
}

/** Writes a reply; with `truncateJson`, a successful JSON body is cut in half (the `malformed` fault mode). */
export function writeReply(
  response: ServerResponse,
  reply: Reply,
  truncateJson: boolean,
  options: WriteOptions = {},
): void {
  const reason = options.reasonPhrases?.[reply.status];
  if (reply.kind === 'empty') {
    response.writeHead(reply.status, reason, { 'content-length': '0' }).end();
    return;
  }
  if (reply.kind === 'redirect') {
    // `no-store`: a browser must not replay a redirect that carries a one-time code or token.
    const headers = { location: reply.location, 'cache-control': 'no-store', 'content-length': '0' };
    response.writeHead(reply.status, reason, headers).end();
    return;
  }
  if (reply.kind === 'file') {
    const headers = { 'content-type': reply.contentType, 'content-length': String(reply.body.byteLength) };
    response.writeHead(reply.status, reason, headers).end(reply.body);
    return;
  }
  let body = reply.kind === 'json' ? (options.stringify ?? JSON.stringify)(reply.body) : reply.body;
  // Every payload is an object or an array, so any proper prefix of it is broken JSON.
  if (truncateJson && reply.kind === 'json' && reply.status === 200) body = body.slice(0, Math.floor(body.length / 2));
  const contentType = reply.kind === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  response
    .writeHead(reply.status, reason, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) })
    .end(body);
}
