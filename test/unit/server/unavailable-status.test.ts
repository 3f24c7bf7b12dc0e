/**
 * The HTTP status of GraphQL answers when the store is unreachable, on a real Apollo Server with a small
 * schema: some data keeps 200; no data because of SERVICE_UNAVAILABLE is 503 with Retry-After; other
 * failures keep Apollo's own status.
 */
import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, ServiceUnavailableError } from '../../../src/errors/gateway-error.js';
import { serviceUnavailableStatusPlugin } from '../../../src/server/unavailable-status.js';

const typeDefs = /* GraphQL */ `
  type Query {
    name: String
    stored: String
    required: String!
    forbidden: String
  }
`;

const resolvers = {
  Query: {
    name: () => 'Анна',
    stored: () => {
      throw new ServiceUnavailableError(5);
    },
    required: () => {
      throw new ServiceUnavailableError(7);
    },
    forbidden: () => {
      throw new ForbiddenError('not yours');
    },
  },
};

async function run(query: string) {
  const server = new ApolloServer({
    typeDefs,
    resolvers,
    plugins: [serviceUnavailableStatusPlugin()],
    formatError: (formatted, error) => {
      const original = (error as { originalError?: unknown }).originalError;
      return original instanceof ServiceUnavailableError || original instanceof ForbiddenError
        ? { ...formatted, extensions: original.toExtensions() }
        : formatted;
    },
  });
  await server.start();
  try {
    const response = await server.executeOperation({ query });
    return { status: response.http.status ?? 200, retryAfter: response.http.headers.get('retry-after') ?? null };
  } finally {
    await server.stop();
  }
}

describe('serviceUnavailableStatusPlugin', () => {
  it.each([
    ['some data beside the unavailable field', '{ name stored }', 200, null],
    ['only a null field that failed for the store', '{ stored }', 503, '5'],
    ['a non-null field that failed for the store (data: null)', '{ name required }', 503, '7'],
    ['the longest wait of several', '{ stored required }', 503, '7'],
    ['a failure that is not the store', '{ forbidden }', 200, null],
    ['no failure at all', '{ name }', 200, null],
  ])('should answer %s with %i', async (_name, query, status, retryAfter) => {
    expect(await run(query)).toEqual({ status, retryAfter });
  });
});
