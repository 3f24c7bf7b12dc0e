/**
 * GraphQL operation names as the access log and the `operation` label of
 * `diary_gateway_graphql_operation_duration_seconds` show them. Operation names come from clients, so both
 * are bounded:
 *
 * - in the log, a name is shown when it is a GraphQL name of at most 64 characters, else `(invalid)`;
 * - as a label, each distinct value is a new time series in Prometheus, so only these are kept: every name
 *   registered in the persisted-operations manifest (the family page's operations, known at start), then the
 *   first {@link DEFAULT_MAX_LEARNED_OPERATIONS} other valid names this replica meets (an integrator's own
 *   operations, with `PERSISTED_OPERATIONS=off`); every later name, and every invalid one, is `other`.
 *
 * Why both: the manifest alone would put every third-party operation in `other`, and learning alone would let
 * a client that sends a few dozen made-up names first push the page's own operations into `other`. The
 * learned set is per replica and first come, first kept: a name may be `other` on one replica and itself on
 * another, which a dashboard summing by `operation` shows as both. The bound keeps the series per gateway at
 * (manifest + 50 + 2) × 3 types × buckets, whatever clients send.
 */
import { Kind, parse } from 'graphql';
import type { Logger } from '../logging/logger.js';
import { loadPersistedManifest } from './persisted-manifest.js';

/** Longest operation name shown. */
export const MAX_OPERATION_NAME_CHARS = 64;

/** How many names outside the manifest become labels of their own. */
export const DEFAULT_MAX_LEARNED_OPERATIONS = 50;

/** The label of operations beyond the bound, and of invalid names. */
export const OTHER_OPERATION = 'other';

/** The name of an operation without one (`{ viewer { id } }`): not a GraphQL name, so never a real one's. */
export const ANONYMOUS_OPERATION = '(anonymous)';

/** What an invalid name is logged as. */
export const INVALID_OPERATION = '(invalid)';

/** A GraphQL name (spec §2.1.9); linear, and only tried on at most 64 characters. */
const GRAPHQL_NAME = /^[A-Za-z_]\w*$/;

/** Whether `name` is a GraphQL name short enough to log and label. */
export function isShowableOperationName(name: string): boolean {
  return name.length <= MAX_OPERATION_NAME_CHARS && GRAPHQL_NAME.test(name);
}

/** A name as logged: itself when showable, `(invalid)` when not, `(anonymous)` for none. */
export function loggableOperationName(name: string | null): string {
  if (name === null) return ANONYMOUS_OPERATION;
  return isShowableOperationName(name) ? name : INVALID_OPERATION;
}

/** Turns operation names into bounded label values (see the module comment). */
export interface OperationLabels {
  /** The label of `name` (`null`: an anonymous operation); learns it while the learned set has room. */
  labelOf(name: string | null): string;
}

/** Creates the labels: the `registered` names, then up to `maxLearned` others. */
export function createOperationLabels(options: {
  registered: Iterable<string>;
  /** @default 50 */
  maxLearned?: number;
}): OperationLabels {
  const registered = new Set([...options.registered].filter(isShowableOperationName));
  const learned = new Set<string>();
  const maxLearned = options.maxLearned ?? DEFAULT_MAX_LEARNED_OPERATIONS;
  return {
    labelOf(name) {
      if (name === null) return ANONYMOUS_OPERATION;
      if (registered.has(name) || learned.has(name)) return name;
      if (!isShowableOperationName(name) || learned.size >= maxLearned) return OTHER_OPERATION;
      learned.add(name);
      return name;
    },
  };
}

/** The operation names a manifest's documents define (fragments are not operations). */
export function operationNamesOf(manifest: ReadonlyMap<string, string>): Set<string> {
  const names = new Set<string>();
  for (const text of manifest.values()) {
    for (const definition of parse(text).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

/**
 * The names registered in the manifest at `file`, read whatever `PERSISTED_OPERATIONS` says. Unreadable, it
 * gives none (said at debug): with `allow` or `only` the persisted-operations gate has already refused to
 * start on such a file, and with `off` a deployment need not ship one.
 */
export function registeredOperationNames(file: string, logger: Logger): ReadonlySet<string> {
  try {
    return operationNamesOf(loadPersistedManifest(file));
  } catch (error) {
    logger.debug(
      { err: { message: (error as Error).message } },
      'no operation names registered for the metrics: every name is learned',
    );
    return new Set();
  }
}
