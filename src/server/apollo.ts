/**
 * The Apollo Server instance: schema, query limits, error masking, partial results, no online landing page,
 * and persisted operations (each request admitted by `persisted-operations.ts` before Apollo reads it).
 */
import {
  ApolloServer,
  HeaderMap,
  type ApolloServerOptionsWithSchema,
  type ContextThunk,
  type HTTPGraphQLRequest,
  type HTTPGraphQLResponse,
} from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { negotiateLanguage } from '../errors/language.js';
import type { GatewayContext } from '../graphql/context.js';
import { createFormatError, errorLanguagePlugin } from '../graphql/format-error.js';
import { createQueryLimitRules, type QueryLimits } from '../graphql/limits/index.js';
import { partialErrorsPlugin } from '../graphql/partial-errors.js';
import { createSchema } from '../graphql/schema.js';
import type { Logger } from '../logging/logger.js';
import { graphqlSpanPlugin } from '../observability/graphql-spans.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PersistedOperations } from './persisted-operations.js';
import { operationActivityPlugin } from './operation-activity.js';
import { noStorePlugin } from './no-store.js';
import { requestIdPlugin, withRequestId } from './request-id.js';
import { serviceUnavailableStatusPlugin } from './unavailable-status.js';

/** What the Apollo Server needs besides the logger. */
export interface ApolloServerOptions {
  /** Depth, cost and alias limits of every query. */
  limits: QueryLimits;
  /** Counts every error sent to a client by its `extensions.code`. */
  metrics?: GatewayMetrics;
  /** Which operations run and where APQ texts are kept (`PERSISTED_OPERATIONS`). Absent: Apollo's defaults. */
  persistedOperations?: PersistedOperations;
  /** The executable schema, when the caller shares it (with the WebSocket subscriptions). @default createSchema() */
  schema?: GraphQLSchema;
}

/**
 * Apollo with a gate in front: `executeHTTPGraphQLRequest` is the one door the HTTP edge uses, so a request
 * the persisted operations refuse is answered here, before Apollo parses (or even reads) its operation.
 */
class GatedApolloServer extends ApolloServer<GatewayContext> {
  constructor(
    config: ApolloServerOptionsWithSchema<GatewayContext>,
    private readonly gate: PersistedOperations,
    private readonly metrics: GatewayMetrics | undefined,
  ) {
    super(config);
  }

  override async executeHTTPGraphQLRequest(args: {
    httpGraphQLRequest: HTTPGraphQLRequest;
    context: ContextThunk<GatewayContext>;
  }): Promise<HTTPGraphQLResponse> {
    const admission = this.gate.admit(args.httpGraphQLRequest);
    if (admission.kind === 'run')
      return super.executeHTTPGraphQLRequest({ ...args, httpGraphQLRequest: admission.request });
    this.metrics?.graphqlErrors.inc({ code: admission.code });
    const message = admission.message[negotiateLanguage(args.httpGraphQLRequest.headers.get('accept-language'))];
    return {
      status: admission.status,
      headers: new HeaderMap([['content-type', 'application/json; charset=utf-8']]),
      body: {
        kind: 'complete',
        string: JSON.stringify({ errors: [{ message, extensions: withRequestId({ code: admission.code }) }] }),
      },
    };
  }
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
  const config: ApolloServerOptionsWithSchema<GatewayContext> = {
    schema: options.schema ?? createSchema(),
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
      // No cache hints are set anywhere: Apollo's cache-control plugin only wrote `no-store`, at the cost of
      // wrapping every resolver; `noStorePlugin` writes the header without it.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      // The operation's name and type, for the access log and the per-operation histogram.
      operationActivityPlugin(),
      partialErrorsPlugin((error) => formatError(error.toJSON(), error)),
      // After the partial results: it puts their messages, too, in the request's language.
      errorLanguagePlugin(),
      // Last but one: it reads the errors the plugins above added.
      serviceUnavailableStatusPlugin(),
      // After every plugin that adds errors: names the operation's span and counts the answer's errors.
      graphqlSpanPlugin(),
      // Last: every error, whichever plugin added it, names the request.
      requestIdPlugin(),
    ],
    ...(options.persistedOperations ? { persistedQueries: options.persistedOperations.persistedQueries } : {}),
  };
  return options.persistedOperations
    ? new GatedApolloServer(config, options.persistedOperations, options.metrics)
    : new ApolloServer<GatewayContext>(config);
}
