/**
 * `MAX_ALIASES`: how many aliased fields a query may hold. Aliases let one query ask for the same
 * expensive field many times over (`w1: grades(…) w2: grades(…) …`), each a separate diary call; a
 * fragment's aliases count each time it is spread, since each spread repeats them in the answer.
 */
import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { QueryTooComplexError } from '../../errors/gateway-error.js';
import { fragmentMemo, fragmentsOf, limitViolation } from './walk.js';

/** The message for a query with `actual` aliases when `maximum` are allowed. */
export function aliasMessage(actual: number, maximum: number): string {
  return `The query uses ${actual} aliases; the gateway accepts at most ${maximum}. Ask for each field once, or split the query.`;
}

/** A validation rule refusing operations with more than `maxAliases` aliases with `QUERY_TOO_COMPLEX`. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    const fragmentAliases = fragmentMemo(0);

    const aliasesIn = (selectionSet: SelectionSetNode): number => {
      let count = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.alias) count += 1;
          if (selection.selectionSet) count += aliasesIn(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count += aliasesIn(selection.selectionSet);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment) count += fragmentAliases(fragment.name.value, () => aliasesIn(fragment.selectionSet));
        }
      }
      return count;
    };

    return {
      OperationDefinition(operation) {
        const aliases = aliasesIn(operation.selectionSet);
        if (aliases <= maxAliases) return;
        const error = new QueryTooComplexError('aliases', aliasMessage(aliases, maxAliases), {
          maximum: maxAliases,
          actual: aliases,
        });
        context.reportError(limitViolation(error, operation));
      },
    };
  };
}
