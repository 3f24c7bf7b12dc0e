/**
 * The Dnevnik.ru HTTP client for one account within one request: builds the exact URL, sends the
 * `Access-Token` header, decodes the answer with the payload schemas and, when the API refuses the
 * token (401), refreshes it once and retries.
 *
 * Why the refresh lives here and how it is shared: an expired token makes *every* call of the request
 * fail at once (a dashboard fires a dozen in parallel). The refresh runs in `scope.once` keyed by the
 * account, so all of them wait for one `POST /v2/authorizations`, and the request's session holder
 * (also memoised in the scope) then carries the new token, so later calls of the request use it from
 * the start. `onCredentialsRefreshed` hands the new tokens to the store exactly once.
 */
import type { z } from 'zod';
import type { ProviderAccount, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import { GatewayError, ProviderAuthError } from '../../src/errors/gateway-error.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import type { HttpTransport, UpstreamResponse } from '../../src/upstream/transport.js';
import type { Decoded, DriftSink } from '../../src/upstream/tolerant-decode.js';
import { refreshDnevnikToken, type DnevnikCredentials } from './access-token.js';
import {
  ACCESS_TOKEN_HEADER,
  DNEVNIK_ROUTES,
  MOBILE_ROUTES,
  routePath,
  routeUrl,
  type DnevnikRoute,
} from './endpoints.js';
import { decodeDnevnikAnswer, dnevnikTransportError, isTokenRejected, mobileRouteClosed } from './errors.js';

const DNEVNIK = 'DNEVNIK' as const;

/** What every call needs, from the adapter's options. */
export interface DnevnikClientOptions {
  transport: HttpTransport;
  baseUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Given the new credentials and those they were refreshed from (the store writes them only over those). */
  onCredentialsRefreshed:
    | ((accountId: string, credentials: ProviderCredentials, refreshedFrom: ProviderCredentials) => Promise<void>)
    | undefined;
  /** Told once of each part of an answer left out because its shape drifted (metrics and the log). */
  onDrift?: DriftSink | undefined;
}

/** Calls Dnevnik.ru on behalf of one account. */
export interface DnevnikCaller {
  /**
   * `GET` a route; resolves with the decoded payload and what drifted in it, or rejects with a
   * `GatewayError` (`PROVIDER_BAD_RESPONSE` when the answer is unreadable as a whole).
   */
  get<S extends z.ZodType>(
    route: DnevnikRoute,
    parameters: Readonly<Record<string, string>>,
    query: Readonly<Record<string, string>>,
    schema: S,
  ): Promise<Decoded<z.output<S>>>;
}

/** The account's tokens as this request knows them; a refresh updates them in place. */
interface Session {
  accessToken: string;
  refreshToken: string | undefined;
}

async function notifyRefreshed(
  options: DnevnikClientOptions,
  accountId: string,
  credentials: DnevnikCredentials,
  refreshedFrom: ProviderCredentials,
): Promise<void> {
  if (!options.onCredentialsRefreshed) return;
  try {
    await options.onCredentialsRefreshed(accountId, { ...credentials }, refreshedFrom);
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    // A failed save is the gateway's bug, not the diary's: surface it (masked and logged by formatError)
    // rather than carry on with tokens the store may have lost.
    throw new GatewayError('INTERNAL_SERVER_ERROR', 'Unexpected error.', { cause: error });
  }
}

/** Creates the caller for `account` within `scope`. Throws `PROVIDER_AUTH_FAILED` on first use when no token is stored. */
export function createDnevnikCaller(
  options: DnevnikClientOptions,
  account: ProviderAccount,
  scope: UpstreamScope,
): DnevnikCaller {
  const session = (): Promise<Session> =>
    scope.once(`${account.id}:dnevnik:session`, async () => {
      const { accessToken, refreshToken } = account.credentials;
      // A linked Dnevnik.ru account always stores an access token; without one the parent has to link it again.
      if (!accessToken) throw new ProviderAuthError(DNEVNIK, 'no access token is stored for this account');
      return { accessToken, refreshToken: refreshToken || undefined };
    });

  const send = async (url: URL, route: DnevnikRoute, token: string): Promise<UpstreamResponse> => {
    // The token goes into a header. Linking refuses one that is not visible ASCII and the token endpoint's
    // answers are checked too, but a stored one is read back from the store (and may predate those
    // checks): it must not reach the HTTP client, and only the parent can replace it (NEEDS_RELOGIN).
    if (!isVisibleAscii(token)) throw new ProviderAuthError(DNEVNIK, 'the stored access token is malformed');
    try {
      return await options.transport({
        method: 'GET',
        url,
        headers: { [ACCESS_TOKEN_HEADER]: token, Accept: 'application/json' },
        signal: scope.signal,
        // The template, not the filled path: traces name the call without the child's ids.
        route: DNEVNIK_ROUTES[route],
      });
    } catch (error) {
      throw dnevnikTransportError(error);
    }
  };

  /** The token to retry with, or `null` when no refresh is possible (no refresh token, no OAuth client). */
  const renewedToken = async (current: Session): Promise<string | null> => {
    const { clientId, clientSecret } = options;
    if (!current.refreshToken || !clientId || !clientSecret) return null;
    const refreshToken = current.refreshToken;
    return scope.once(`${account.id}:dnevnik:refresh`, async () => {
      const endpoint = {
        transport: options.transport,
        baseUrl: options.baseUrl,
        clientId,
        clientSecret,
        signal: scope.signal,
      };
      const fresh = await refreshDnevnikToken(endpoint, refreshToken);
      current.accessToken = fresh.accessToken;
      current.refreshToken = fresh.refreshToken;
      await notifyRefreshed(options, account.id, fresh, account.credentials);
      return fresh.accessToken;
    });
  };

  /**
   * A route of the app's private API: one call, no refresh (a partner token refused there stays refused, and
   * refreshing on every read would rotate the account's tokens for nothing), a refused token reported as
   * the route being closed to the gateway.
   */
  const getMobile: DnevnikCaller['get'] = async (route, parameters, query, schema) => {
    const current = await session();
    const url = routeUrl(options.baseUrl, routePath(route, parameters), query);
    try {
      return decodeDnevnikAnswer(route, await send(url, route, current.accessToken), schema, options.onDrift);
    } catch (error) {
      throw error instanceof ProviderAuthError ? mobileRouteClosed(route, error) : error;
    }
  };

  return {
    async get(route, parameters, query, schema) {
      if (MOBILE_ROUTES.has(route)) return getMobile(route, parameters, query, schema);
      const current = await session();
      const url = routeUrl(options.baseUrl, routePath(route, parameters), query);
      const used = current.accessToken;
      const first = await send(url, route, used);
      if (!isTokenRejected(first)) return decodeDnevnikAnswer(route, first, schema, options.onDrift);
      const renewed = await renewedToken(current);
      // No refresh possible, or the refreshed token itself was refused: report the refusal as it came.
      if (renewed === null || renewed === used) return decodeDnevnikAnswer(route, first, schema, options.onDrift);
      return decodeDnevnikAnswer(route, await send(url, route, renewed), schema, options.onDrift);
    },
  };
}
