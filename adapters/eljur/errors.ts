/**
 * Translation of Eljur answers into gateway errors, at the boundary. This is the one place the
 * `{"response": {"state", "error", "result"}}` envelope is unwrapped: every method's answer passes
 * {@link decodeEljurAnswer}, which returns the decoded `result` or throws a `GatewayError`.
 *
 * What a status means depends on the method (providers.md §2.2–2.3):
 * - on `auth`: 400 = login or password refused; 403 = the gateway's developer key or vendor refused (a
 *   configuration problem); 500 with Eljur's envelope = unknown vendor; other 5xx = Eljur is down;
 * - on data methods: 401/403 = the access token was refused (expired, or never valid) — the adapter may
 *   sign in again once; 400 = Eljur rejected the request; 5xx = Eljur is down.
 * `state` mirrors the HTTP status; when HTTP says 200 but `state` does not, `state` decides.
 *
 * Messages name the method and the status, never the answer: Eljur's Russian `error` text and the body
 * (children's data) stay in the `cause`, an {@link EljurUpstreamAnswer}.
 */
import {
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderError,
  ProviderUnavailableError,
  type GatewayError,
} from '../../src/errors/gateway-error.js';
import { answerDecoder, type AnswerBody, type AnswerDialect, type Payload } from '../../src/upstream/decode-answer.js';
import { networkFailureToGatewayError } from '../../src/upstream/provider-errors.js';
import type { UpstreamResponse } from '../../src/upstream/transport.js';
import { MAX_PROVIDER_TEXT, UpstreamAnswer } from '../../src/upstream/upstream-answer.js';
import type { EljurMethod } from './endpoints.js';
import { envelopeSchema } from './payloads.js';

const ELJUR = 'ELJUR' as const;

/**
 * What Eljur answered, kept as the `cause` of a gateway error: method (as `route`), HTTP status, the
 * envelope's `state` and Eljur's own `error` text, content type and body size — never the body itself.
 */
export class EljurUpstreamAnswer extends UpstreamAnswer<EljurMethod> {
  /** The envelope's `state`, when the body was the envelope. */
  readonly state: number | null;
  /** Eljur's `error` text (Russian), when the body was the envelope. */
  readonly providerMessage: string | null;

  constructor(method: EljurMethod, response: UpstreamResponse, what: string, envelope?: Envelope) {
    const providerMessage = envelope?.error ?? null;
    const state = envelope?.state ?? null;
    super(
      method,
      response,
      `Eljur ${method} answered HTTP ${response.status}${state === null ? '' : ` (state ${state})`} with ${what}` +
        (providerMessage === null ? '' : `: ${providerMessage}`),
    );
    this.state = state;
    this.providerMessage = providerMessage;
  }
}

/**
 * A data method refused the access token (HTTP or `state` 401/403). It may have expired, so the adapter
 * signs in again once when the account holds a password; otherwise the parent must link it again.
 */
export class EljurTokenRefusedError extends ProviderAuthError {}

/** The unwrapped envelope. */
interface Envelope {
  state: number | null;
  error: string | null;
  result: unknown;
}

/** Maps a failure to reach Eljur (timeout, abort, refused connection) to a gateway error. */
export function eljurTransportError(error: unknown): GatewayError {
  return networkFailureToGatewayError(ELJUR, error);
}

/** Where a failing status came from, for messages: the HTTP status line or the envelope's `state`. */
type StatusSource = 'HTTP' | 'state';

interface Failure {
  method: EljurMethod;
  status: number;
  source: StatusSource;
  /** Whether the body was Eljur's own envelope (a crash page is not). */
  enveloped: boolean;
  options: { cause: EljurUpstreamAnswer; upstreamStatus: number };
}

/**
 * The developer key or vendor was refused. The parent can do nothing about it, so the message says
 * plainly that it is the gateway's configuration, without echoing the key.
 */
function configurationError(failure: Failure): GatewayError {
  return new ProviderError(
    'PROVIDER_AUTH_FAILED',
    ELJUR,
    `Eljur refused the gateway's developer key or vendor (${failure.method}: ${failure.source} ${failure.status}). ` +
      'This is a configuration problem of the gateway, not of the linked account: signing in again will not help.',
    failure.options,
  );
}

/**
 * The vendor is unknown to the host. Reported as `PROVIDER_AUTH_FAILED`, not `PROVIDER_UNAVAILABLE`: it is
 * not transient (a retry gets the same answer), and what fixes it is signing in to the right school —
 * the vendor stored with the account or the tenant's default.
 */
function unknownVendorError(failure: Failure): GatewayError {
  return new ProviderError(
    'PROVIDER_AUTH_FAILED',
    ELJUR,
    `Eljur does not know the school (vendor) the account signs in to (${failure.method}: ${failure.source} ${failure.status}); ` +
      "check the vendor stored with the account or the tenant's default vendor.",
    failure.options,
  );
}

function commonStatusError(failure: Failure): GatewayError {
  const { method, status, source, options } = failure;
  if (status >= 500) return new ProviderUnavailableError(ELJUR, `${method}: ${source} ${status}`, options);
  if (status === 429)
    return new ProviderUnavailableError(ELJUR, `${method}: ${source} 429, too many requests`, options);
  if (status === 404)
    return new ProviderBadResponseError(
      ELJUR,
      `${method}: ${source} 404, the host does not serve this method`,
      options,
    );
  return new ProviderBadResponseError(ELJUR, `${method}: unexpected ${source} ${status}`, options);
}

function authStatusError(failure: Failure): GatewayError {
  const { status, source, options } = failure;
  if (status === 400 || status === 401)
    return new ProviderAuthError(ELJUR, `auth: ${source} ${status}, the login or password was refused`, options);
  if (status === 403) return configurationError(failure);
  // A crash of the host answers 500 with a page of its own; only Eljur's envelope says "unknown vendor".
  if (status === 500 && failure.enveloped) return unknownVendorError(failure);
  return commonStatusError(failure);
}

function dataStatusError(failure: Failure): GatewayError {
  const { method, status, source, options } = failure;
  if (status === 401 || status === 403) {
    return new EljurTokenRefusedError(
      ELJUR,
      `${method}: ${source} ${status}, the access token was refused or has expired`,
      options,
    );
  }
  if (status === 400)
    return new ProviderBadResponseError(
      ELJUR,
      `${method}: ${source} 400, Eljur rejected the gateway's request`,
      options,
    );
  return commonStatusError(failure);
}

/** Maps a failing status of a method to a gateway error. */
function statusError(failure: Failure): GatewayError {
  return failure.method === 'auth' ? authStatusError(failure) : dataStatusError(failure);
}

/**
 * The same refusal seen again with a token issued moments ago: the token is not the problem, so the
 * developer key or vendor is (or the data is not this account's to read).
 */
export function refusedDespiteFreshToken(error: EljurTokenRefusedError): GatewayError {
  return new ProviderError(
    'PROVIDER_AUTH_FAILED',
    ELJUR,
    'Eljur refused the request even with a freshly issued access token: the gateway’s developer key or vendor is ' +
      'not accepted for this data (a configuration problem), or the data is not visible to this account.',
    { cause: error.cause, upstreamStatus: error.upstreamStatus },
  );
}

/**
 * The envelope's `state` when it is a three-digit status, sent as a number or a string; anything else
 * counts as no state. Messages name the state, so an arbitrary number must not become one.
 */
function threeDigitState(state: string | number | null | undefined): number | null {
  if (typeof state === 'number') return Number.isInteger(state) && state >= 100 && state <= 999 ? state : null;
  return state != null && /^\d{3}$/.test(state.trim()) ? Number(state) : null;
}

function readEnvelope(json: unknown): Envelope | null {
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return null;
  const { state, error, result } = parsed.data.response;
  return {
    state: threeDigitState(state),
    error: typeof error === 'string' && error.trim() !== '' ? error.slice(0, MAX_PROVIDER_TEXT) : null,
    result,
  };
}

/** A non-2xx answer, by its status; the cause says whether the body was Eljur's envelope. */
function failedAnswerError(method: EljurMethod, response: UpstreamResponse, body: AnswerBody): GatewayError {
  const envelope = body.json.ok ? readEnvelope(body.json.value) : null;
  const what = envelope
    ? 'the envelope'
    : body.html
      ? 'an HTML page'
      : body.json.ok
        ? 'JSON without the envelope'
        : 'a body that is not valid JSON';
  const options = {
    cause: new EljurUpstreamAnswer(method, response, what, envelope ?? undefined),
    upstreamStatus: response.status,
  };
  return statusError({ method, status: response.status, source: 'HTTP', enveloped: envelope !== null, options });
}

/** The `result` of a 2xx answer's envelope; a missing envelope or a failing `state` is thrown. */
function envelopeResult(method: EljurMethod, response: UpstreamResponse, json: unknown): Payload {
  const envelope = readEnvelope(json);
  const upstreamStatus = response.status;
  if (!envelope) {
    const cause = new EljurUpstreamAnswer(method, response, 'JSON without the envelope');
    throw new ProviderBadResponseError(ELJUR, `${method}: expected the {"response": {…}} envelope`, {
      cause,
      upstreamStatus,
    });
  }
  if (envelope.state !== null && envelope.state !== 200) {
    const options = { cause: new EljurUpstreamAnswer(method, response, 'the envelope', envelope), upstreamStatus };
    throw statusError({ method, status: envelope.state, source: 'state', enveloped: true, options });
  }
  return { value: envelope.result, pathPrefix: 'result' };
}

/**
 * How Eljur's answers are read (`src/upstream/decode-answer.ts`): a method's status means what it means
 * for that method, and the payload is the envelope's `result`. The methods whose answers are identity
 * (the account holder and children, a child's card) or credentials are decoded strictly.
 */
const ELJUR_ANSWERS: AnswerDialect<EljurMethod> = {
  provider: ELJUR,
  strictRoutes: new Set<EljurMethod>(['auth', 'getrules', 'getprofileuserinfo', 'getusersvendors']),
  describe: (method, response, what) => new EljurUpstreamAnswer(method, response, what),
  statusError: failedAnswerError,
  payload: envelopeResult,
};

/**
 * Reads an Eljur answer: unwraps the envelope, maps a failing HTTP status or `state` to a gateway
 * error, refuses HTML, broken JSON or a missing envelope, and decodes `result` with `schema`, leaving out
 * what drifted (reported in `drift`, and to `onDrift` once) unless the whole result is unreadable
 * (`PROVIDER_BAD_RESPONSE` naming the method and path, such as `getmarks: result.students{}.lessons`).
 */
export const decodeEljurAnswer = answerDecoder(ELJUR_ANSWERS);
