/** The Apollo Server instance: schema, error masking, partial results, no online landing page. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayContext } from '../graphql/context.js';
import { createFormatError } from '../graphql/format-error.js';
import { partialErrorsPlugin } from '../graphql/partial-errors.js';
import { createSchema } from '../graphql/schema.js';
import type { Logger } from '../logging/logger.js';

/** Creates (but does not start) the Apollo Server. */
export function createApolloServer(logger: Logger): ApolloServer<GatewayContext> {
  const formatError = createFormatError(logger);
  return new ApolloServer<GatewayContext>({
    schema: createSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // The schema is the public contract; introspection lets IDEs and codegen read it.
    introspection: true,
    plugins: [
      // Apollo's default landing page loads from a CDN; the gateway serves its own GraphiQL at /graphiql.
      ApolloServerPluginLandingPageDisabled(),
      partialErrorsPlugin((error) => formatError(error.toJSON(), error)),
    ],
  });
}
