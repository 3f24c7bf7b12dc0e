/**
 * Partial results. GraphQL reports an error only by nulling a field, which would let one failing diary
 * blank a whole dashboard (a non-null list's null travels up to `viewer`). Instead, a resolver whose
 * diary failed returns what the others gave and reports the failure here; the plugin below appends
 * the reports to the response's `errors`, each with the `path` of the field it concerns.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from './context.js';

interface Report {
  error: GatewayError;
  path: ReadonlyArray<string | number>;
  /** The field still holds the last good copy of the failed diary's data. */
  staleDataServed: boolean;
}

/** The failures met while resolving one request. */
export class PartialErrors {
  private readonly reports: Report[] = [];

  /**
   * Records that the field at `info.path` is incomplete because of `error` — or, with
   * `staleDataServed`, that it holds the last good copy because of it.
   */
  report(error: GatewayError, info: GraphQLResolveInfo, options: { staleDataServed?: boolean } = {}): void {
    const path = responsePathAsArray(info.path);
    const key = JSON.stringify(path);
    const duplicate = this.reports.some(
      (r) => r.error.code === error.code && r.error.message === error.message && JSON.stringify(r.path) === key,
    );
    if (!duplicate) this.reports.push({ error, path, staleDataServed: options.staleDataServed ?? false });
  }

  /** The reports as GraphQL errors, in the order they happened. */
  toGraphQLErrors(): GraphQLError[] {
    return this.reports.map(
      ({ error, path, staleDataServed }) =>
        new GraphQLError(error.message, {
          path,
          originalError: error,
          extensions: { ...error.toExtensions(), staleDataServed },
        }),
    );
  }
}

/** Apollo plugin that appends reported partial failures to single-result responses. */
export function partialErrorsPlugin(
  format: (error: GraphQLError) => ReturnType<GraphQLError['toJSON']>,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const extra = contextValue.partialErrors.toGraphQLErrors();
          if (extra.length === 0) return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...extra.map(format)];
        },
      };
    },
  };
}
