/**
 * `MAX_ALIASES`: how many aliased fields a query may hold. Aliases let one query ask for the same
 * expensive field many times over (`w1: grades(…) w2: grades(…) …`), each a separate diary call; a
 * fragment's aliases count each time it is spread, since each spread repeats them in the answer.
 */
import type { ValidationRule } from 'graphql';
import { refuseOperationsOver, selectionMeasure } from './walk.js';

/** The message for a query with `actual` aliases when `maximum` are allowed. */
export function aliasMessage(actual: number, maximum: number): string {
  return `The query uses ${actual} aliases; the gateway accepts at most ${maximum}. Ask for each field once, or split the query.`;
}

/** A validation rule refusing operations with more than `maxAliases` aliases with `QUERY_TOO_COMPLEX`. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    // A field counts 1 if aliased, plus the aliases below it; a fragment counts wherever it is spread.
    const aliasesIn = selectionMeasure(
      context.getDocument(),
      (field, measure) => (field.alias ? 1 : 0) + (field.selectionSet ? measure(field.selectionSet) : 0),
      (total, part) => total + part,
    );
    return refuseOperationsOver(
      context,
      'aliases',
      maxAliases,
      (operation) => aliasesIn(operation.selectionSet),
      aliasMessage,
    );
  };
}
