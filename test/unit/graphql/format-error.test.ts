import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ProviderUnavailableError, UnauthenticatedError } from '../../../src/errors/gateway-error.js';
import { createFormatError } from '../../../src/graphql/format-error.js';
import { createLogger } from '../../../src/logging/logger.js';
import { captureLogs } from '../../support/logs.js';

function resolverError(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['viewer'], originalError: original });
}

describe('formatError', () => {
  it('should send a gateway error with its code and safe message', () => {
    const format = createFormatError(createLogger('silent'));
    const error = resolverError(new ProviderUnavailableError('MESH', 'HTTP 503', { upstreamStatus: 503 }));
    expect(format(error.toJSON(), error)).toEqual({
      message: 'МЭШ is not answering: HTTP 503.',
      locations: undefined,
      path: ['viewer'],
      extensions: { code: 'PROVIDER_UNAVAILABLE', provider: 'MESH', upstreamStatus: 503 },
    });
  });

  it('should mask an unexpected error and log it server-side', () => {
    const logs = captureLogs();
    const format = createFormatError(createLogger('info', logs.stream));
    const error = resolverError(new Error('Secret sauce that should not leak.'));
    const formatted = format(error.toJSON(), error);
    expect(formatted).toEqual({
      message: 'Unexpected error.',
      locations: undefined,
      path: ['viewer'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toContain('Secret sauce');
    expect(logs.text()).toContain('Secret sauce that should not leak.');
  });

  it('should pass request errors through without a stack trace', () => {
    const format = createFormatError(createLogger('silent'));
    const formatted = format(
      {
        message: 'Cannot query field "nope" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] },
      },
      new GraphQLError('Cannot query field "nope" on type "Query".'),
    );
    expect(formatted).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('should keep UNAUTHENTICATED typed', () => {
    const format = createFormatError(createLogger('silent'));
    const error = resolverError(new UnauthenticatedError());
    expect(format(error.toJSON(), error).extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
