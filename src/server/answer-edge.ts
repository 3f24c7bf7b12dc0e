/**
 * The answer cache (src/answers) at `/graphql`, after authentication, the allowances and the body limit (a
 * kept answer still needs a valid session and costs the session's allowance): look the request up, send a
 * kept answer as the request would have been answered, or run it recording what its answer is built from and
 * keep a complete answer that qualifies.
 *
 * An answer is kept only when Apollo answered `200` in one piece (no incremental delivery), for a `query`
 * (never a mutation or subscription), without any error in the body (partial results, stale-copy warnings,
 * schema drift are all errors), and when its record says it may be (answer-basis.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderMap } from '@apollo/server';
import { AnswerBasisRecorder } from '../answers/answer-basis.js';
import type { AnswerCache, CachedAnswer, CopyRenewer } from '../answers/answer-cache.js';
import { answerKeyOf } from '../answers/answer-key.js';
import type { Language } from '../errors/language.js';
import type { RequestRenewal } from '../graphql/answer-renewal.js';
import { currentRequestActivity } from '../logging/request-context.js';
import { markAnswerCache } from '../observability/graphql-spans.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { endCompressed, endGzipped, gzipAnswer } from './compression.js';

/** One request's use of the answer cache. */
export interface AnswerTicket {
  cache: AnswerCache;
  key: string;
  userId: string;
  /** Given to the request's context: what its answer is built from. */
  recorder: AnswerBasisRecorder;
  /** Renews a kept answer's copies past their fresh window; its replays go to the context should the request run. */
  renewal: RequestRenewal | null;
  metrics: GatewayMetrics | undefined;
}

/** What of the request keys its answer. */
export interface KeyedRequest {
  userId: string | null;
  method: string;
  search: string;
  body: string;
  headers: HeaderMap;
  language: Language;
}

/** The request's ticket, or `null` when the cache is off, the request anonymous or too large to key. */
export function answerTicketOf(
  cache: AnswerCache | null | undefined,
  request: KeyedRequest,
  parts: { now: number; metrics: GatewayMetrics | undefined; renewal: () => RequestRenewal | null },
): AnswerTicket | null {
  if (!cache || !request.userId) return null;
  const { headers } = request;
  const key = answerKeyOf({
    userId: request.userId,
    method: request.method,
    search: request.search,
    body: request.body,
    headers: {
      contentType: headers.get('content-type'),
      accept: headers.get('accept'),
      requirePreflight: headers.get('apollo-require-preflight'),
      operationName: headers.get('x-apollo-operation-name'),
    },
    language: request.language,
  });
  if (key === null) return null;
  const renewal = parts.renewal();
  return {
    cache,
    key,
    userId: request.userId,
    recorder: new AnswerBasisRecorder(parts.now, renewal !== null),
    renewal,
    metrics: parts.metrics,
  };
}

/** Sends the kept answer of `ticket`'s request, if one may be served now; `false` when the request must run. */
export async function sendKeptAnswer(
  ticket: AnswerTicket,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  // Told whether the lookup renewed copies (all of them: else it misses) before it served the answer.
  let renewed = false;
  const renewal = ticket.renewal;
  const renew: CopyRenewer | undefined = renewal
    ? async (copies) => {
        const results = await renewal.renew(copies);
        renewed = results.every((result) => result !== null);
        return results;
      }
    : undefined;
  const answer = await ticket.cache.lookup(ticket.key, renew);
  const outcome = answer ? (renewed ? 'renewed' : 'hit') : 'miss';
  ticket.metrics?.answerCacheEvents.inc({ outcome });
  markAnswerCache(outcome);
  const activity = currentRequestActivity();
  if (activity) activity.answerCache = outcome;
  if (!answer) return false;
  // The access log and the per-operation histogram count it as the operation it answers.
  if (activity) activity.operation = { ...answer.operation };
  res.statusCode = answer.status;
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  if (answer.body === null) await endGzipped(res, req.headers, answer.gzip!);
  // A body is held only until its gzip form is made (answer-cache.ts): a short one, or one just kept.
  else await endCompressed(res, req.headers, answer.body);
  return true;
}

/** Apollo's answer when it came in one piece. */
export interface CompleteAnswer {
  status: number;
  headers: HeaderMap;
  body: string;
}

/**
 * Sends Apollo's complete answer (its status and headers already set on `res`), keeping it under `ticket`
 * when it qualifies (see the module comment).
 */
export async function sendAndKeep(
  ticket: AnswerTicket | null,
  result: CompleteAnswer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const answer = ticket ? keepable(ticket, result) : null;
  // Kept before it is sent: the client's next request may arrive the moment the answer ends.
  if (ticket && answer) ticket.cache.keep(ticket.key, answer);
  const sent = await endCompressed(res, req.headers, result.body);
  if (!ticket || !answer) return;
  // Held gzipped from now on (answer-cache.ts): the form sent, or one made after the answer went out.
  const gzip = sent ?? (await gzipAnswer(result.body));
  if (gzip) ticket.cache.keepGzip(ticket.key, answer, gzip);
}

function keepable(ticket: AnswerTicket, { status, headers, body }: CompleteAnswer): CachedAnswer | null {
  const operation = currentRequestActivity()?.operation;
  // The key `"errors":` can only be the answer's error list: inside a JSON string its quotes are escaped. (A
  // field aliased `errors` reads as one too: not kept, which is merely a miss.)
  if (status !== 200 || operation?.type !== 'query' || body.includes('"errors":')) return null;
  const basis = ticket.recorder.basis();
  if (!basis) return null;
  return {
    userId: ticket.userId,
    status,
    headers: [...headers].map(([name, value]) => [name, value] as const),
    body,
    gzip: null,
    operation: { name: operation.name, type: operation.type },
    basis,
  };
}
