/**
 * Tells the request's activity (src/logging/request-context.ts) which GraphQL operation it runs, for its
 * access-log line and the per-operation histogram (src/server/access-log.ts): the name the client sent as
 * soon as Apollo reads the request, then — once the document is parsed and validated — the operation's own
 * name and type. Only the name and the type: never the document, the variables or the result.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { currentRequestActivity } from '../logging/request-context.js';

/** Apollo plugin: records the operation's name and type in the request's activity. */
export function operationActivityPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const activity = currentRequestActivity();
      // `operationName` comes from the body or the query string as the client wrote it: any string, bounded
      // when logged (`loggableOperationName`).
      const sent = typeof request.operationName === 'string' ? request.operationName : null;
      if (activity) activity.operation = { name: sent, type: null };
      return {
        async didResolveOperation({ operation, operationName }) {
          // No operation when the document has none of the name asked for: the client's name stays, untyped.
          if (activity && operation) activity.operation = { name: operationName, type: operation.operation };
        },
      };
    },
  };
}
