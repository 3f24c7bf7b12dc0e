/**
 * `MAX_QUERY_DEPTH`: how deeply fields may nest. `{ viewer { students { grades { value { raw } } } } }`
 * is 5 deep. Fragments count where they are spread; introspection does not count.
 */
import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { QueryTooComplexError } from '../../errors/gateway-error.js';
import { fragmentMemo, fragmentsOf, isIntrospection, limitViolation } from './walk.js';

/** The message for a query `actual` levels deep when `maximum` are allowed. */
export function depthMessage(actual: number, maximum: number): string {
  return `The query nests fields ${actual} levels deep; the gateway accepts at most ${maximum}. Ask for fewer nested fields, or split the query.`;
}

/** A validation rule refusing operations nested deeper than `maxDepth` with `QUERY_TOO_COMPLEX`. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    const fragmentDepth = fragmentMemo(0);

    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (isIntrospection(selection)) continue;
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment)
            deepest = Math.max(
              deepest,
              fragmentDepth(fragment.name.value, () => depthOf(fragment.selectionSet)),
            );
        }
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth <= maxDepth) return;
        const error = new QueryTooComplexError('depth', depthMessage(depth, maxDepth), {
          maximum: maxDepth,
          actual: depth,
        });
        context.reportError(limitViolation(error, operation));
      },
    };
  };
}
