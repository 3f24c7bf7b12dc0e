/**
 * `POST`/`GET /graphql` at the HTTP edge: the per-address allowance, authentication (a bearer the store
 * does not know is checked at the issuer only after taking the address's anonymous allowance), the
 * per-session allowance, the body size, a kept answer if there is one (src/answers), and else a turn at the
 * admission gate (`admission.ts`) and Apollo's `executeHTTPGraphQLRequest`.
 *
 * Errors come in the language of `Accept-Language` (English when it names neither Russian nor English),
 * the edge's own refusals and Apollo's answers alike; every answer says `Vary: Accept-Language`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { authenticateRequest, type RequestIdentity } from '../auth/sessions.js';
import { RateLimitedError, RequestTooLargeError, ServerBusyError } from '../errors/gateway-error.js';
import { negotiateLanguage, type Language } from '../errors/language.js';
import { requestRenewal } from '../graphql/answer-renewal.js';
import { createContext } from '../graphql/context.js';
import { inGraphqlOperationSpan } from '../observability/graphql-spans.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import type { Admission, AdmissionGate, AdmissionRefusal } from './admission.js';
import { answerTicketOf, sendAndKeep, sendKeptAnswer, type AnswerTicket } from './answer-edge.js';
import { addVary, refusalOf, sendGatewayError, sendGraphqlError, sendRateLimited } from './http-replies.js';
import { sessionRateKey, type SessionDecision } from './session-rate-limit.js';

class BodyTooLargeSignal extends Error {}

/**
 * Seconds a refused client is asked to wait: a turn comes as soon as an execution ends (tens of milliseconds
 * on a warm replica), so one second is enough to find one, here or on another replica.
 */
const BUSY_RETRY_AFTER_S = 1;

/** Answers one GraphQL request from `address` (see the module comment for the order of checks). */
export async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
  address: string,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const { services, sessionRateLimit } = options;
  const language = negotiateLanguage(headers.get('accept-language'));
  // Before any answer: the body of every one of them depends on the header.
  addVary(res, 'Accept-Language');
  const flooded = await refusalOf(options.addressRateLimit, `address:${address}`);
  if (flooded) return sendRateLimited(res, flooded, options, language);

  // A bearer the store does not know is anonymous until the issuer vouches for it: asking costs the
  // address's anonymous allowance first (the same bucket an unauthenticated request is counted in).
  const anonymousKey = sessionRateKey(null, address);
  const gate: { decision: SessionDecision | null } = { decision: null };
  const signIn = options.auth?.signIn();
  const accessTokens = signIn
    ? (token: string) =>
        signIn.authenticateAccessToken(token, {
          admit: async () => {
            if (!sessionRateLimit) return true;
            gate.decision = await sessionRateLimit.check(anonymousKey);
            return gate.decision.allowed;
          },
        })
    : null;
  // Bearer session token, else the `dg_session` cookie, else the issuer's access token. A cookie-only
  // request is still CSRF-safe: Apollo's `csrfPrevention` refuses simple (non-preflighted) requests.
  const identity = await authenticateRequest(
    services.store,
    { authorization: headers.get('authorization'), cookie: headers.get('cookie') },
    services.now().getTime(),
    accessTokens,
  );
  const { userId } = identity;
  if (sessionRateLimit) {
    // Signed in: the user's allowance. Anonymous: the address's, unless the issuer check already took it.
    const decision = userId
      ? await sessionRateLimit.check(sessionRateKey(userId, address))
      : (gate.decision ?? (await sessionRateLimit.check(anonymousKey)));
    if (!decision.allowed)
      return sendRateLimited(
        res,
        new RateLimitedError(sessionRateLimit.perMinute, decision.retryAfterSeconds),
        options,
        language,
      );
  }

  let raw: string;
  let body: unknown;
  try {
    raw = await readBody(req, maxBodyBytes);
    body = parseBody(raw, headers.get('content-type'));
  } catch (error) {
    if (error instanceof BodyTooLargeSignal)
      return sendGatewayError(res, 413, new RequestTooLargeError(maxBodyBytes), options, {}, language);
    options.metrics?.graphqlErrors.inc({ code: 'BAD_REQUEST' });
    return sendGraphqlError(res, 400, 'The request body is not valid JSON.');
  }

  const method = req.method ?? 'GET';
  // After the allowances and the body limit: a kept answer costs the session as much as a run one.
  const ticket = answerTicketOf(
    options.answers,
    { userId, method, search: url.search, body: raw, headers, language },
    { now: services.now().getTime(), metrics: options.metrics, renewal: () => requestRenewal(services) },
  );
  if (ticket && (await sendKeptAnswer(ticket, req, res))) return;

  // A kept answer costs no execution and never waits; an execution waits for its turn (admission.ts).
  const turn = await takeTurn(options.admission, res);
  if (!turn.admitted) return refuseBusy(res, turn.reason, options, language);
  try {
    await execute(req, res, url, options, { method, headers, body, identity, language, ticket });
  } finally {
    turn.release();
  }
}

/** What {@link execute} runs with: the request as the edge read and authenticated it. */
interface Execution {
  method: string;
  headers: HeaderMap;
  body: unknown;
  identity: RequestIdentity;
  language: Language;
  ticket: AnswerTicket | null;
}

/** Runs the request through Apollo and sends (and keeps, when it may) its answer. */
async function execute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpEdgeOptions,
  { method, headers, body, identity, language, ticket }: Execution,
): Promise<void> {
  const { services } = options;
  // In the operation's span (when traced): every resolver's loads and diary calls are its children.
  const result = await inGraphqlOperationSpan(() =>
    options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      // The edge has already resolved the session; the context reuses it rather than asking the store again.
      context: () =>
        createContext(
          services,
          headers.get('authorization'),
          identity,
          language,
          ticket?.recorder,
          ticket?.renewal?.replays,
        ),
    }),
  );
  const status = result.status ?? 200;
  res.statusCode = status;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === 'complete')
    return sendAndKeep(ticket, { status, headers: result.headers, body: result.body.string }, req, res);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/** A turn at `gate`, given up should the client leave while it waits; every request runs at once without a gate. */
export async function takeTurn(gate: AdmissionGate | null | undefined, res: ServerResponse): Promise<Admission> {
  if (!gate) return { admitted: true, release: () => {} };
  const gone = new AbortController();
  const leave = () => gone.abort();
  // Before the answer, a response closes only when its connection does: the client has gone.
  res.once('close', leave);
  const turn = await gate.admit(gone.signal);
  res.off('close', leave);
  return turn;
}

/** Answers a request the gate did not admit: 503 `SERVER_BUSY` with `Retry-After`, or nothing to a client that left. */
function refuseBusy(res: ServerResponse, reason: AdmissionRefusal, options: HttpEdgeOptions, language: Language): void {
  if (reason === 'gone') return;
  const error = new ServerBusyError(BUSY_RETRY_AFTER_S);
  const headers = { 'retry-after': String(BUSY_RETRY_AFTER_S), 'cache-control': 'no-store' };
  sendGatewayError(res, 503, error, options, headers, language);
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return JSON.parse(raw);
  // Apollo answers other media types with its own 400 (and its CSRF prevention relies on seeing them).
  return raw;
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLargeSignal();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
