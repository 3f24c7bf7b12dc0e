/**
 * The query limits, as graphql-js validation rules run by Apollo beside the specified ones. Apollo keeps
 * validated documents in its document store, so a query passes these rules once, not on every request.
 * A refused query gets HTTP 400 and `extensions.code: "QUERY_TOO_COMPLEX"` with `limit`, `maximum` and
 * `actual` (see `formatError`, which unwraps the gateway error from the validation error).
 */
import type { ValidationRule } from 'graphql';
import { aliasLimitRule } from './alias-limit.js';
import { costLimitRule } from './cost-limit.js';
import { depthLimitRule } from './depth-limit.js';

/** The limits one query must keep. */
export interface QueryLimits {
  /** Deepest field nesting. */
  maxDepth: number;
  /** Highest estimated cost (see `cost-limit.ts`). */
  maxCost: number;
  /** Most aliased fields. */
  maxAliases: number;
}

/** The validation rules enforcing `limits`. */
export function createQueryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), costLimitRule(limits.maxCost)];
}

export { aliasMessage } from './alias-limit.js';
export { costMessage, LIST_COST_FACTOR } from './cost-limit.js';
export { depthMessage } from './depth-limit.js';
