/**
 * Every GraphQL answer tells browsers and proxies not to keep it (`cache-control: no-store`), without
 * Apollo's cache-control plugin, whose per-field hook made Apollo wrap every resolver of the schema.
 */
import type { GraphQLSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type * as schemaModule from '../../src/graphql/schema.js';
import { startTestGateway } from '../support/gateway.js';

const schemas = vi.hoisted(() => [] as GraphQLSchema[]);

// The schema each gateway is built with, kept to see what Apollo did to it.
vi.mock('../../src/graphql/schema.js', async (importOriginal) => {
  const original = await importOriginal<typeof schemaModule>();
  return {
    ...original,
    createSchema: () => {
      const schema = original.createSchema();
      schemas.push(schema);
      return schema;
    },
  };
});

/** Whether Apollo wrapped the schema's resolvers for per-field plugin hooks (its own marker). */
function resolversWrapped(schema: GraphQLSchema): boolean {
  return Object.getOwnPropertySymbols(schema).some((symbol) => symbol.description === 'apolloServerPluginsEnabled');
}

describe('GraphQL answer caching headers', () => {
  it('should send no-store on answers with data and on refusals, and leave the resolvers unwrapped', async () => {
    const gateway = await startTestGateway({ DEMO: 'on' });
    const query = '{ viewer { students { id fullName school { name } } } }';
    const answers = [
      await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.gateway.demo!.token}` },
        body: JSON.stringify({ query }),
      }),
      await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { id ' }),
      }),
    ];
    expect(answers.map((answer) => [answer.status, answer.headers.get('cache-control')])).toEqual([
      [200, 'no-store'],
      [400, 'no-store'],
    ]);
    expect(await answers[0]!.json()).toMatchObject({ data: { viewer: { students: expect.any(Array) } } });
    expect(schemas).toHaveLength(1);
    expect(resolversWrapped(schemas[0]!)).toBe(false);
  });
});
