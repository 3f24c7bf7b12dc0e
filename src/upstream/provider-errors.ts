/**
 * Translation of transport-level failures and generic HTTP answers into gateway errors, shared by all
 * adapters. Each adapter's own `errors.ts` handles what is specific to its diary first and falls back here.
 */
import type { ProviderKind } from '../domain/model.js';
import {
  GatewayError,
  PROVIDER_NAMES,
  ProviderError,
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderTimeoutError,
  ProviderUnavailableError,
} from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import { UpstreamNetworkError } from './transport.js';

/**
 * Maps a failure to reach a diary to a gateway error; gateway errors pass through untouched.
 *
 * An `invalid-request` is the gateway's bug, never the diary's unavailability: every value a user hands
 * in is checked before it can reach a request (`src/accounts/credential-shape.ts`), and a stored token a
 * header cannot carry is refused by the adapter as `PROVIDER_AUTH_FAILED`. So it is `INTERNAL_SERVER_ERROR`
 * (logged in full by `formatError`), not `PROVIDER_UNAVAILABLE`, which would tell every family the diary is down.
 */
export function networkFailureToGatewayError(provider: ProviderKind, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof UpstreamNetworkError) {
    switch (error.failure) {
      case 'connect-timeout':
      case 'headers-timeout':
      case 'body-timeout':
        return new ProviderTimeoutError(provider, error.message, { cause: error });
      case 'aborted':
        return ProviderTimeoutError.abandoned(provider, { cause: error });
      case 'too-large':
        return new ProviderBadResponseError(provider, error.message, { cause: error });
      case 'connection':
        return new ProviderUnavailableError(provider, 'the connection failed', { cause: error });
      case 'invalid-request':
        return new GatewayError(
          'INTERNAL_SERVER_ERROR',
          `The gateway built a request to ${PROVIDER_NAMES[provider]} that cannot be sent. This is the gateway's fault, not the diary's, and it has been logged.`,
          { cause: error },
        );
    }
  }
  return new ProviderUnavailableError(provider, 'the request failed', { cause: error });
}

/** Maps an HTTP status no adapter rule claimed to a gateway error. */
export function statusToGatewayError(provider: ProviderKind, status: number, cause?: unknown): GatewayError {
  if (status === 401 || status === 403)
    return new ProviderAuthError(provider, `HTTP ${status}`, { cause, upstreamStatus: status });
  if (status === 429)
    return new ProviderUnavailableError(provider, 'too many requests (HTTP 429)', { cause, upstreamStatus: status });
  if (status >= 500) return new ProviderUnavailableError(provider, `HTTP ${status}`, { cause, upstreamStatus: status });
  return new ProviderBadResponseError(provider, `unexpected HTTP ${status}`, { cause, upstreamStatus: status });
}

/** True when a body looks like an HTML page rather than JSON (proxies and maintenance pages). */
export function looksLikeHtml(body: string, contentType: string | undefined): boolean {
  if (contentType?.includes('text/html')) return true;
  return /^\s*<(?:!doctype|html)/i.test(body);
}

/**
 * The refusal of an absence notice by a diary whose API takes none from parents (Dnevnik.ru, Eljur): the
 * parent tells the school another way, and the teacher records the absence.
 */
export function absenceNoticesRefused(provider: ProviderKind): ProviderError {
  return new ProviderError(
    'NOT_SUPPORTED_BY_PROVIDER',
    provider,
    `${PROVIDER_NAMES[provider]} does not accept absence notices from parents through its API.`,
    { phrase: phrase('absence.notAccepted', { provider }) },
  );
}
