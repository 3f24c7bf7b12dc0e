/** The Apollo Server instance: schema, query limits, error masking, partial results, no online landing page. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../graphql/context.js';
import { createFormatError } from '../graphql/format-error.js';
import { createQueryLimitRules, type QueryLimits } from '../graphql/limits/index.js';
import { partialErrorsPlugin } from '../graphql/partial-errors.js';
import { createSchema } from '../graphql/schema.js';
import type { Logger } from '../logging/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { serviceUnavailableStatusPlugin } from './unavailable-status.js';

/** What the Apollo Server needs besides the logger. */
export interface ApolloServerOptions {
  /** Depth, cost and alias limits of every query. */
  limits: QueryLimits;
  /** Counts every error sent to a client by its `extensions.code`. */
  metrics?: GatewayMetrics;
}

/** Creates (but does not start) the Apollo Server. */
export function createApolloServer(logger: Logger, options: ApolloServerOptions): ApolloServer<GatewayContext> {
  const masked = createFormatError(logger);
  // Every error a client receives passes here once, partial-result reports included: one place to count them.
  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = masked(formatted, error);
    const code = result.extensions?.code;
    options.metrics?.graphqlErrors.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
    return result;
  };
  return new ApolloServer<GatewayContext>({
    schema: createSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // The schema is the public contract; introspection lets IDEs and codegen read it.
    introspection: true,
    validationRules: createQueryLimitRules(options.limits),
    // Apollo 5's default, spelled out: a batch would multiply every per-query limit by its length.
    allowBatchedHttpRequests: false,
    // `src/main.ts` owns SIGINT/SIGTERM: it closes the HTTP server, Apollo, the cache, the demo and the store
    // (releasing the store file's lock). Apollo's own handler would re-raise the signal and end the process
    // before that shutdown ran.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's default landing page loads from a CDN; the gateway serves its own GraphiQL at /graphiql.
      ApolloServerPluginLandingPageDisabled(),
      partialErrorsPlugin((error) => formatError(error.toJSON(), error)),
      // Last: it reads the errors the plugins above added.
      serviceUnavailableStatusPlugin(),
    ],
  });
}
