/**
 * What the query-limit rules share: reading a document's fragments, folding a selection set into one
 * figure, skipping introspection, and refusing an operation over its limit with a `QueryTooComplexError`,
 * reported as the rule's `GraphQLError`.
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
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { QueryTooComplexError, type QueryLimit } from '../../errors/gateway-error.js';

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

/**
 * Folds a selection set into one figure, as the alias and depth limits measure it: each field is worth
 * `field(field, measure)` (`measure` folds a set below it), figures combine with `combine` from 0, an
 * inline fragment is worth its own set, and a spread fragment its definition, measured once per document.
 */
export function selectionMeasure(
  document: DocumentNode,
  field: (field: FieldNode, measure: (selectionSet: SelectionSetNode) => number) => number,
  combine: (figure: number, part: number) => number,
): (selectionSet: SelectionSetNode) => number {
  const fragments = fragmentsOf(document);
  const fragmentFigure = fragmentMemo(0);
  const measure = (selectionSet: SelectionSetNode): number => {
    let figure = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) figure = combine(figure, field(selection, measure));
      else if (selection.kind === Kind.INLINE_FRAGMENT) figure = combine(figure, measure(selection.selectionSet));
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment)
          figure = combine(
            figure,
            fragmentFigure(fragment.name.value, () => measure(fragment.selectionSet)),
          );
      }
    }
    return figure;
  };
  return measure;
}

/** The validation error for a limit: the gateway error travels as `originalError` to `formatError`. */
export function limitViolation(error: QueryTooComplexError, node: ASTNode): GraphQLError {
  return new GraphQLError(error.message, { nodes: [node], originalError: error, extensions: error.toExtensions() });
}

/**
 * The visitor of a limit rule: measures each operation and reports one over `maximum` as
 * `QUERY_TOO_COMPLEX` with the `limit`, `maximum` and `actual` figure, worded by `message`.
 */
export function refuseOperationsOver(
  context: ValidationContext,
  limit: QueryLimit,
  maximum: number,
  measure: (operation: OperationDefinitionNode) => number,
  message: (actual: number, maximum: number) => string,
): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const actual = measure(operation);
      if (actual <= maximum) return;
      const error = new QueryTooComplexError(limit, message(actual, maximum), { maximum, actual });
      context.reportError(limitViolation(error, operation));
    },
  };
}
