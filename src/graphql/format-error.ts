/**
 * Error masking, after envelop's `useMaskedErrors`: gateway errors go out with their code and safe
 * message; errors graphql-js and Apollo raise about the request itself (syntax, validation, variables)
 * pass unchanged; anything else is a bug, logged in full server-side and sent as "Unexpected error."
 *
 * Language (issue 14): a gateway error's message is in the language the request asked for, its code and
 * extensions the same in every language. Apollo's `formatError` cannot see the request, so it words each
 * error in English and Russian; {@link errorLanguagePlugin}, which sees the request's language, picks.
 * Request errors of graphql-js and Apollo stay in English: they speak to a client's developer, not to a
 * family, and quote the query.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GatewayError } from '../errors/gateway-error.js';
import { russianMessage, UNEXPECTED_ERROR_RU } from '../errors/messages-ru.js';
import type { Logger } from '../logging/logger.js';
import type { GatewayContext } from './context.js';

/**
 * The Russian wording of each error `formatError` sent, keyed by the formatted error itself (Apollo puts
 * that very object in the answer). Weak: an entry goes when its answer does.
 */
const russianWording = new WeakMap<GraphQLFormattedError, string>();

/** `formatted`, noted as worded `russian` in Russian. */
function worded(formatted: GraphQLFormattedError, russian: string): GraphQLFormattedError {
  russianWording.set(formatted, russian);
  return formatted;
}

/** Codes of request errors raised by graphql-js or Apollo, which are safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Creates Apollo's `formatError` hook. */
export function createFormatError(
  logger: Logger,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapGatewayError(error);
    if (original instanceof GatewayError) {
      if (original.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: original, path: formatted.path }, 'internal error');
      const extensions = original.toExtensions();
      // Added by the partial-results plugin: whether the field still holds the last good copy.
      if (typeof formatted.extensions?.staleDataServed === 'boolean')
        extensions.staleDataServed = formatted.extensions.staleDataServed;
      return worded(
        { message: original.message, locations: formatted.locations, path: formatted.path, extensions },
        russianMessage(original),
      );
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return withoutStacktrace(formatted);
    if (original instanceof GraphQLError && !original.originalError && !formatted.path)
      return withoutStacktrace(formatted);
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return worded(
      {
        message: 'Unexpected error.',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
      UNEXPECTED_ERROR_RU,
    );
  };
}

/**
 * Apollo plugin putting each error `formatError` worded into the request's language (`GatewayContext`'s
 * `language`); only the `message` changes. Registered after the partial-results plugin, whose reports it
 * words too (each plugin's `willSendResponse` runs up to its first `await` in the order registered).
 */
export function errorLanguagePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (contextValue.language !== 'ru' || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = result.errors?.map((error) => {
            const russian = russianWording.get(error);
            return russian === undefined ? error : { ...error, message: russian };
          });
        },
      };
    },
  };
}

/**
 * The gateway error behind `error`, if any. Resolver errors carry it as `originalError` with a path,
 * which `unwrapResolverError` unwraps; validation rules (the query limits) carry it the same way but
 * without a path, so Apollo's `ValidationError` keeps it wrapped under `GRAPHQL_VALIDATION_FAILED`.
 */
function unwrapGatewayError(error: unknown): unknown {
  const unwrapped = unwrapResolverError(error);
  if (unwrapped instanceof GraphQLError && unwrapped.originalError instanceof GatewayError)
    return unwrapped.originalError;
  return unwrapped;
}

function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
