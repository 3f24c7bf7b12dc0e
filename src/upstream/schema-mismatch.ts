/**
 * Describing an answer that did not match its schema, in words safe to log and show: template paths
 * built from the schema's keys and expectations built from the schema's side. Neither ever quotes the
 * answer — its values and its map keys (a child's id, a day) are personal data.
 */
import type { z } from 'zod';
import type { ProviderKind } from '../domain/model.js';
import { ProviderBadResponseError } from '../errors/gateway-error.js';
import { leavesOf, type Leaf, type SchemaIssue } from './issue-leaves.js';
import { prefixed, templatePath } from './schema-walk.js';

/** Which diary and route an answer came from. */
export interface AnswerSource {
  provider: ProviderKind;
  /** The route (method) as the adapter names it in messages: `marks`, `schedules`, `getdiary`. */
  route: string;
}

/**
 * A whole answer could not be decoded: its envelope or core list is unreadable. A
 * `PROVIDER_BAD_RESPONSE` whose `schemaPath` says where, so an adapter that only needed the answer to
 * enrich another one can report it as drift (`unlessUnreadable`).
 */
export class UnreadableAnswerError extends ProviderBadResponseError {
  readonly route: string;
  /** Template path of the field that made the answer unreadable. */
  readonly schemaPath: string;

  constructor(
    source: AnswerSource,
    schemaPath: string,
    expectation: string,
    options: { cause?: unknown; upstreamStatus?: number | undefined },
  ) {
    super(source.provider, `${source.route}: ${schemaPath}: ${expectation}`, options);
    this.route = source.route;
    this.schemaPath = schemaPath;
  }
}

/** The expected types a union's branches name at the union itself, from the schema's side. */
function unionExpectations(issue: Extract<SchemaIssue, { code: 'invalid_union' }>): string[] {
  return issue.errors.flatMap((branch) =>
    branch.flatMap((inner) => {
      if (inner.path.length > 0) return [];
      // `bigint` is what the simulator and tests write for ids; an answer never carries one.
      if (inner.code === 'invalid_type') return inner.expected === 'bigint' ? [] : [inner.expected];
      return inner.code === 'custom' ? [inner.message.replace(/^expected /, '')] : [];
    }),
  );
}

/** What an issue expected, built from the schema's side (our own texts, never the payload's values). */
export function describeExpectation(issue: SchemaIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_union': {
      const expected = unionExpectations(issue);
      return expected.length > 0
        ? `expected ${[...new Set(expected)].join(' or ')}`
        : 'matches none of the expected shapes';
    }
    case 'invalid_value':
      // The listed values are the schema's options, not the payload's.
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'custom':
    case 'invalid_format':
      // Only our schemas raise these, with our own fixed texts ("expected an integer id").
      return issue.message;
    default:
      return issue.code.replaceAll('_', ' ');
  }
}

/** Issues listed in an unreadable answer's cause. */
const MAX_CAUSE_ISSUES = 5;

/** A mismatch that made an answer unreadable, described without a value of the answer. */
export interface SchemaMismatch {
  /** Template path of the field the answer is refused for. */
  schemaPath: string;
  /** What that field should have been. */
  expectation: string;
  /** Every issue (up to a few) by template path and expectation, for the server-side log. */
  detail: Error;
}

/**
 * Describes why `json` could not be read with `schema`: the field it is refused for (`leaf`) and, for
 * the log, the first issues. Not the ZodError itself: its paths hold the answer's map keys.
 */
export function describeSchemaMismatch(
  route: string,
  schema: z.ZodType,
  json: unknown,
  leaf: Leaf,
  error: z.ZodError,
  pathPrefix?: string,
): SchemaMismatch {
  const issues = error.issues.slice(0, MAX_CAUSE_ISSUES).map((issue) => {
    const first = leavesOf(schema, json, issue)[0] ?? { path: [...issue.path], issue };
    return `${prefixed(pathPrefix, templatePath(schema, json, first.path))}: ${describeExpectation(first.issue)}`;
  });
  const detail = new Error(`${route} did not match its schema (${error.issues.length} issue(s)): ${issues.join('; ')}`);
  detail.name = 'SchemaMismatch';
  return {
    schemaPath: prefixed(pathPrefix, templatePath(schema, json, leaf.path)),
    expectation: describeExpectation(leaf.issue),
    detail,
  };
}
