/**
 * `MAX_QUERY_COST`: a static estimate of how much work a query asks for, read from the schema before
 * anything runs. Every field costs 1 (one resolver call); whatever is selected under a list field costs
 * `LIST_COST_FACTOR` times as much, once per list level, since it runs for every item. So
 * `{ viewer { students { grades(…) { id } } } }` costs 1 + (1 + 10 × (1 + 10 × 1)) = 112.
 * Introspection costs nothing: it never reaches a diary.
 *
 * The estimate cannot know real list sizes (they depend on the family and the date range), and need not:
 * it only has to tell a dashboard from a query built to make the gateway work for minutes.
 */
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { fragmentMemo, fragmentsOf, isIntrospection, refuseOperationsOver } from './walk.js';

/** How many items a list is assumed to hold. */
export const LIST_COST_FACTOR = 10;

/** The message for a query costing `actual` when `maximum` is allowed. */
export function costMessage(actual: number, maximum: number): string {
  return (
    `The query's estimated cost is ${actual}; the gateway accepts at most ${maximum}. Every field costs 1 and ` +
    `everything under a list ${LIST_COST_FACTOR} times as much: ask for fewer fields inside lists, or split the query.`
  );
}

/** `LIST_COST_FACTOR` to the power of the number of list levels in `type` (`[[Grade!]!]` has two). */
function listMultiplier(type: GraphQLOutputType): number {
  let multiplier = 1;
  let current: GraphQLOutputType = getNullableType(type);
  while (isListType(current)) {
    multiplier *= LIST_COST_FACTOR;
    current = getNullableType(current.ofType);
  }
  return multiplier;
}

/** A validation rule refusing operations whose estimated cost is above `maxCost` with `QUERY_TOO_COMPLEX`. */
export function costLimitRule(maxCost: number): ValidationRule {
  return (context) => {
    const schema = context.getSchema();
    const fragments = fragmentsOf(context.getDocument());
    const fragmentCost = fragmentMemo(0);

    const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (isIntrospection(selection)) continue;
          const field =
            isObjectType(parentType) || isInterfaceType(parentType)
              ? parentType.getFields()[selection.name.value]
              : undefined;
          // An unknown field is reported by graphql-js's own rules; here it simply costs 1.
          const below = field && selection.selectionSet ? costOf(selection.selectionSet, getNamedType(field.type)) : 0;
          total += 1 + (field ? listMultiplier(field.type) : 1) * below;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
          total += costOf(selection.selectionSet, type);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment) continue;
          const type = schema.getType(fragment.typeCondition.name.value);
          total += fragmentCost(fragment.name.value, () => costOf(fragment.selectionSet, type));
        }
      }
      return total;
    };

    const rootCost = (operation: OperationDefinitionNode) =>
      costOf(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
    return refuseOperationsOver(context, 'cost', maxCost, rootCost, costMessage);
  };
}
