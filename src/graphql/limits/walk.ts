/**
 * What the query-limit rules share: reading a document's fragments, skipping introspection, and turning
 * a `QueryTooComplexError` into the `GraphQLError` a validation rule reports.
 *
 * Each rule measures a fragment once and reuses the figure wherever it is spread, so a "fragment bomb"
 * (fragments that spread the previous one twice, ten levels deep) costs the rule ten measurements, not
 * a thousand. A fragment being measured is treated as empty if it is met again: such a cycle is
 * invalid anyway, and graphql-js's `NoFragmentCyclesRule` reports it.
 */
import {
  GraphQLError,
  Kind,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
} from 'graphql';
import type { QueryTooComplexError } from '../../errors/gateway-error.js';

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * True for introspection fields (`__schema`, `__type`, `__typename`). They are answered from the schema
 * without touching a diary, and IDEs send a deep introspection query on start: no limit counts them.
 */
export function isIntrospection(field: FieldNode): boolean {
  return field.name.value.startsWith('__');
}

/** Measures each fragment once; a fragment met again while it is being measured counts as `empty`. */
export function fragmentMemo<T>(empty: T): (name: string, measure: () => T) => T {
  const measured = new Map<string, T>();
  const measuring = new Set<string>();
  return (name, measure) => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    if (measuring.has(name)) return empty;
    measuring.add(name);
    const value = measure();
    measuring.delete(name);
    measured.set(name, value);
    return value;
  };
}

/** The validation error for a limit: the gateway error travels as `originalError` to `formatError`. */
export function limitViolation(error: QueryTooComplexError, node: ASTNode): GraphQLError {
  return new GraphQLError(error.message, { nodes: [node], originalError: error, extensions: error.toExtensions() });
}
