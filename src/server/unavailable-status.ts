/**
 * The HTTP status of a GraphQL answer that failed because the gateway's storage was unreachable.
 *
 * GraphQL answers 200 with `errors[]`, and a client that gets some data should keep getting it with a
 * 200: a dashboard that lost one field is still a dashboard. But when nothing could be served (no data,
 * or only `null` at the top) and a `SERVICE_UNAVAILABLE` error is why, the answer is 503 with
 * `Retry-After`, as for any HTTP service that is briefly down: load balancers, retry middleware and
 * monitoring then see the outage for what it is.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Apollo plugin: 503 + `Retry-After` for a response without data whose errors include
 * `SERVICE_UNAVAILABLE`. Register it after every plugin that adds errors (partial results), so it sees them.
 */
export function serviceUnavailableStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const retryAfterSeconds = unavailableRetryAfter(errors);
          if (retryAfterSeconds === null || !isEmpty(data)) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(retryAfterSeconds));
        },
      };
    },
  };
}

/** No data at all, or only nulls at the top: nothing a client could show. */
function isEmpty(data: Record<string, unknown> | null | undefined): boolean {
  return data === null || data === undefined || Object.values(data).every((value) => value === null);
}

/** The longest `retryAfterSeconds` of the `SERVICE_UNAVAILABLE` errors; `null` when there are none. */
function unavailableRetryAfter(errors: readonly GraphQLFormattedError[] | undefined): number | null {
  let longest: number | null = null;
  for (const error of errors ?? []) {
    if (error.extensions?.code !== 'SERVICE_UNAVAILABLE') continue;
    const seconds = error.extensions.retryAfterSeconds;
    const value = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 1;
    longest = Math.max(longest ?? 0, value);
  }
  return longest;
}
