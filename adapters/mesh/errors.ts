/**
 * Translation of МЭШ answers into gateway errors, at the boundary (after openid-client's
 * `errorHandler`): whatever МЭШ does, the adapter throws one of a few `GatewayError`s with a message safe
 * to show, and keeps what happened as `cause` for server-side logs.
 *
 * Two rules hold for every message built here: it names the route (and, for a shape mismatch, the path
 * of the field), and it never quotes the answer. Payloads hold children's personal data, and МЭШ's own
 * `{"message"}` text is not ours to show, so both stay in `cause`.
 */
import type { GatewayError } from '../../src/errors/gateway-error.js';
import {
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderRefusedError,
  ProviderUnavailableError,
} from '../../src/errors/gateway-error.js';
import { answerDecoder, isSuccessStatus, type AnswerDialect } from '../../src/upstream/decode-answer.js';
import { looksLikeHtml, networkFailureToGatewayError } from '../../src/upstream/provider-errors.js';
import type { UpstreamResponse } from '../../src/upstream/transport.js';
import { MAX_PROVIDER_TEXT, UpstreamAnswer } from '../../src/upstream/upstream-answer.js';

const MESH = 'MESH' as const;

/** The МЭШ routes the adapter calls, as named in error messages. */
export type MeshRoute =
  | 'profile_info'
  | 'profile'
  | 'marks'
  | 'homeworks'
  | 'schedule'
  | 'subject_marks'
  | 'periods_schedules'
  | 'attendance'
  | 'attendance (POST)'
  | 'attendance (DELETE)'
  | 'events'
  /** The family app's notice feed. */
  | 'instantmessages'
  /** The weeks a parent signed («Ознакомлен»), and signing one. */
  | 'aware_journals'
  | 'aware_journals (POST)'
  /** login.mos.ru's token endpoint (a sign-in code for a mos.ru token). */
  | 'sps/oauth/te'
  /** school.mos.ru's exchange of a mos.ru token for a МЭШ one. */
  | 'sudir/auth'
  /** A regional node's exchange of a sign-in code for a МЭШ token. */
  | 'auth/token';

/**
 * What МЭШ answered, kept as the `cause` of a gateway error: route, status, content type, body size and
 * МЭШ's own `{"message"}` text, but never the body itself, which may hold personal data.
 */
export class MeshUpstreamAnswer extends UpstreamAnswer<MeshRoute> {
  /** МЭШ's `{"message": "…"}` text, when the body was such an object. */
  readonly providerMessage: string | null;

  constructor(route: MeshRoute, response: UpstreamResponse, what: string) {
    const providerMessage = providerMessageOf(response.body);
    super(
      route,
      response,
      `МЭШ ${route} answered HTTP ${response.status} with ${what}${providerMessage === null ? '' : `: ${providerMessage}`}`,
    );
    this.providerMessage = providerMessage;
  }
}

function providerMessageOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      return parsed.message.slice(0, MAX_PROVIDER_TEXT);
    }
  } catch {
    // not JSON: there is no provider text to keep
  }
  return null;
}

/** Maps a failure to reach МЭШ (timeout, abort, refused connection) to a gateway error. */
export function meshTransportError(error: unknown): GatewayError {
  return networkFailureToGatewayError(MESH, error);
}

/** Maps a non-2xx МЭШ answer to a gateway error, keeping the status as `upstreamStatus`. */
export function meshStatusError(route: MeshRoute, response: UpstreamResponse): GatewayError {
  const { status } = response;
  const html = looksLikeHtml(response.body, response.headers['content-type']);
  const cause = new MeshUpstreamAnswer(route, response, html ? 'an HTML page' : 'an error body');
  const options = { cause, upstreamStatus: status };
  if (status === 401)
    return new ProviderAuthError(MESH, `${route}: HTTP 401, the access token is missing, unknown or expired`, options);
  if (status === 403 && html) {
    // МЭШ's legacy answer to an expired token is an nginx 403 page (providers.md §3.2).
    return new ProviderAuthError(MESH, `${route}: an HTTP 403 page, the access token has expired`, options);
  }
  if (status === 403) return new ProviderAuthError(MESH, `${route}: HTTP 403, access to this data was denied`, options);
  if (status === 400) {
    // МЭШ says the gateway built a bad request: a bug in this adapter, worth a log line, not a retry.
    return new ProviderBadResponseError(MESH, `${route}: HTTP 400, МЭШ rejected the gateway's request`, options);
  }
  if (status === 503 && html)
    return new ProviderUnavailableError(MESH, `${route}: HTTP 503, a maintenance page`, options);
  if (status >= 500) return new ProviderUnavailableError(MESH, `${route}: HTTP ${status}`, options);
  if (status === 429) return new ProviderUnavailableError(MESH, `${route}: HTTP 429, too many requests`, options);
  return new ProviderBadResponseError(MESH, `${route}: unexpected HTTP ${status}`, options);
}

/**
 * How МЭШ's answers are read (`src/upstream/decode-answer.ts`). The routes whose answers are identity
 * (the token's profiles, the parent and children) or credentials (the sign-in exchanges) are decoded strictly.
 */
const MESH_ANSWERS: AnswerDialect<MeshRoute> = {
  provider: MESH,
  // The sign-in answers are credentials: a token read in part is no token.
  strictRoutes: new Set<MeshRoute>(['profile_info', 'profile', 'sps/oauth/te', 'sudir/auth', 'auth/token']),
  describe: (route, response, what) => new MeshUpstreamAnswer(route, response, what),
  statusError: (route, response) => meshStatusError(route, response),
};

/**
 * Reads a МЭШ answer: a non-2xx status, an HTML page or a body that is not JSON each become a gateway
 * error; JSON is decoded with `schema`, leaving out what drifted (reported in `drift`, and to `onDrift`
 * once) unless the whole answer is unreadable, which is `PROVIDER_BAD_RESPONSE` naming the route and path.
 */
export const decodeMeshAnswer = answerDecoder(MESH_ANSWERS);

/**
 * Reads МЭШ's answer to a write (an absence notice sent or withdrawn): a non-2xx status becomes the same
 * gateway error a read would get, and so does an HTML page with a 2xx status (a proxy's or login page,
 * not МЭШ accepting the write). What МЭШ sends back on success is not known, so any other body is
 * accepted and not read.
 */
export function acceptMeshAnswer(route: MeshRoute, response: UpstreamResponse): void {
  if (!isSuccessStatus(response.status)) throw meshStatusError(route, response);
  if (looksLikeHtml(response.body, response.headers['content-type'])) {
    const cause = new MeshUpstreamAnswer(route, response, 'an HTML page');
    throw new ProviderBadResponseError(MESH, `${route}: an HTML page instead of an answer from МЭШ`, {
      cause,
      upstreamStatus: response.status,
    });
  }
}

/**
 * Statuses with which МЭШ answers a signature it read and would not take (a week it does not sign yet).
 * Which one МЭШ uses is not known (no client shows a refusal): 400 and 422 are what validation answers
 * usually are, 409 what "already so" would be.
 */
const SIGNATURE_REFUSALS: ReadonlySet<number> = new Set([400, 409, 422]);

/**
 * Reads МЭШ's answer to a signature (`POST aware_journals`): a refusal status with a body that is not a
 * proxy's HTML page is МЭШ declining this week, `PROVIDER_REFUSED` (reason `OTHER`: asking again unchanged
 * gets the same answer); anything else as for every write (`acceptMeshAnswer`).
 */
export function acceptSignatureAnswer(response: UpstreamResponse): void {
  const route: MeshRoute = 'aware_journals (POST)';
  if (SIGNATURE_REFUSALS.has(response.status) && !looksLikeHtml(response.body, response.headers['content-type'])) {
    const cause = new MeshUpstreamAnswer(route, response, 'a refusal');
    throw new ProviderRefusedError(MESH, 'OTHER', `${route}: МЭШ did not take the signature of this week`, {
      cause,
      upstreamStatus: response.status,
    });
  }
  acceptMeshAnswer(route, response);
}
