/**
 * The key of a cached answer: the user, and everything of the HTTP request that Apollo reads — method, query
 * string, body, the headers its CSRF prevention and content negotiation look at — plus the language the
 * answer's messages are in. Two requests with one key take the same path through Apollo (the same CSRF
 * verdict, the same document, variables, operation and response media type) for the same user; a request
 * that differs in any byte of them is a different key, so a miss at worst, never another answer.
 *
 * Never the session token: two sessions of one user see the same answers (the token only matters to the
 * edge's authentication, which runs before any lookup).
 */
import { createHash } from 'node:crypto';

/** What of one request decides its answer, besides the user's data. */
export interface AnswerRequest {
  userId: string;
  method: string;
  /** The URL's query string (a GET's operation). */
  search: string;
  /** The body as received. */
  body: string;
  /** `content-type`, `accept`, `apollo-require-preflight` and `x-apollo-operation-name`, as sent (absent: `undefined`). */
  headers: {
    contentType: string | undefined;
    accept: string | undefined;
    requirePreflight: string | undefined;
    operationName: string | undefined;
  };
  /** The negotiated language of messages. */
  language: string;
}

/**
 * Longest request keyed: a dashboard's query with its variables is a few KiB; larger requests are run
 * every time rather than hashed and kept.
 */
export const MAX_KEYED_REQUEST_CHARS = 16 * 1024;

/** The key of `request`'s answer; `null` when the request is too large to be worth keying. */
export function answerKeyOf(request: AnswerRequest): string | null {
  const { headers } = request;
  const parts = [
    request.method,
    request.search,
    headers.contentType ?? null,
    headers.accept ?? null,
    headers.requirePreflight ?? null,
    headers.operationName ?? null,
    request.language,
    request.body,
  ];
  const text = JSON.stringify(parts);
  if (text.length > MAX_KEYED_REQUEST_CHARS) return null;
  return `${request.userId}:${createHash('sha256').update(text).digest('base64url')}`;
}
