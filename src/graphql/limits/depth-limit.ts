/**
 * `MAX_QUERY_DEPTH`: how deeply fields may nest. `{ viewer { students { grades { value { raw } } } } }`
 * is 5 deep. Fragments count where they are spread; introspection does not count.
 */
import type { ValidationRule } from 'graphql';
import { isIntrospection, refuseOperationsOver, selectionMeasure } from './walk.js';

/** The message for a query `actual` levels deep when `maximum` are allowed. */
export function depthMessage(actual: number, maximum: number): string {
  return `The query nests fields ${actual} levels deep; the gateway accepts at most ${maximum}. Ask for fewer nested fields, or split the query.`;
}

/** A validation rule refusing operations nested deeper than `maxDepth` with `QUERY_TOO_COMPLEX`. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    // A field is one level deeper than the deepest below it; introspection counts nothing.
    const depthOf = selectionMeasure(
      context.getDocument(),
      (field, measure) => (isIntrospection(field) ? 0 : 1 + (field.selectionSet ? measure(field.selectionSet) : 0)),
      Math.max,
    );
    return refuseOperationsOver(
      context,
      'depth',
      maxDepth,
      (operation) => depthOf(operation.selectionSet),
      depthMessage,
    );
  };
}
