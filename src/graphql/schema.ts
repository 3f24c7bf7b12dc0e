/** The executable schema: the SDL in `schema/*.graphql` plus the resolvers. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { applyInputLimits } from './input-limits.js';
import { resolvers } from './resolvers/index.js';

/**
 * Finds the `schema/` folder by walking up from this module, so the same code works from `src/` (tests,
 * tsx) and from the compiled `dist/src/` (npm start).
 */
export function findSchemaDirectory(start: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let directory = start; ; directory = dirname(directory)) {
    const candidate = join(directory, 'schema');
    if (existsSync(join(candidate, 'base.graphql'))) return candidate;
    if (dirname(directory) === directory) throw new Error(`schema/base.graphql not found above ${start}`);
  }
}

/** Reads every `.graphql` file of the schema folder, in name order. */
export function readTypeDefs(directory: string = findSchemaDirectory()): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(directory, name), 'utf8'));
}

/**
 * Builds the executable schema, every free-text argument capped by `input-limits.ts`. Fails at start-up
 * if a resolver names a field the SDL lacks, or a `String`/`ID` input has no length limit.
 */
export function createSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: readTypeDefs(),
    resolvers,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return applyInputLimits(schema);
}
