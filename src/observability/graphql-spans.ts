/**
 * The GraphQL operation's span. Apollo's plugin hooks cannot make a span *active* around execution (they are
 * called, they do not wrap), so the span is opened around `executeHTTPGraphQLRequest` by
 * {@link inGraphqlOperationSpan}, which makes it the parent of every resolver's loads and diary calls, and
 * {@link graphqlSpanPlugin} names it once Apollo has resolved the operation (`query Dashboard`, the
 * semantic conventions' form) and counts the errors of the answer.
 *
 * Never recorded: the document, its variables, or any value of the answer. Operation names come from
 * clients, so one longer than {@link MAX_OPERATION_NAME} characters is left out.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { context, createContextKey, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  ATTR_ANSWER_CACHE,
  ATTR_GRAPHQL_ERROR_CODES,
  ATTR_GRAPHQL_ERROR_COUNT,
  ATTR_GRAPHQL_OPERATION_NAME,
  ATTR_GRAPHQL_OPERATION_TYPE,
} from '../domain/trace-attributes.js';
import { gatewayTracer, markFailed, recordingSpan } from '../upstream/trace-spans.js';

/** Longest operation name put in a span (GraphQL names are unbounded; a span name must not be). */
export const MAX_OPERATION_NAME = 64;

/** The span's name until the operation is known (the semantic conventions' fallback). */
const UNRESOLVED_NAME = 'GraphQL Operation';

const OPERATION_SPAN = createContextKey('diary-gateway graphql operation');

/** Runs `execute` (Apollo's execution of one request) in the operation's span, when the request is traced. */
export async function inGraphqlOperationSpan<T>(execute: () => Promise<T>): Promise<T> {
  if (recordingSpan() === null) return execute();
  const span = gatewayTracer().startSpan(UNRESOLVED_NAME, { kind: SpanKind.INTERNAL });
  const active = trace.setSpan(context.active(), span).setValue(OPERATION_SPAN, span);
  try {
    return await context.with(active, execute);
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Notes on the request's span (when traced) whether the answer cache sent a kept answer or the request ran. */
export function markAnswerCache(outcome: 'hit' | 'renewed' | 'miss'): void {
  recordingSpan()?.setAttribute(ATTR_ANSWER_CACHE, outcome);
}

/** Apollo plugin: names the operation's span and records the answer's error count and codes. */
export function graphqlSpanPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span = context.active().getValue(OPERATION_SPAN) as Span | undefined;
      if (span === undefined) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (operation === undefined) return;
          const type = operation.operation;
          const name = operationName !== null && operationName.length <= MAX_OPERATION_NAME ? operationName : null;
          span.updateName(name === null ? type : `${type} ${name}`);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
          if (name !== null) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          span.setAttribute(ATTR_GRAPHQL_ERROR_COUNT, errors.length);
          if (errors.length === 0) return;
          const codes = [...new Set(errors.map((error) => error.extensions?.code).filter(isString))].sort();
          span.setAttribute(ATTR_GRAPHQL_ERROR_CODES, codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
        },
      };
    },
  };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
