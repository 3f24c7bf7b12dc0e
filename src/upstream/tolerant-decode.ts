/**
 * Tolerant decoding of diary answers, one way for all three adapters: drift in one place of an answer
 * degrades only that place (issue 11 §1, Fowler's "Tolerant Reader").
 *
 * The payload schemas stay as they are — strict about what a value must be. What changes is what happens
 * when an answer fails them. The answer is decoded as a whole first (the common case costs one
 * `safeParse`, as before); when that fails, each issue is traced to the smallest part of the answer that
 * can be left out without changing what the rest means, that part is pruned, and the answer is decoded
 * again:
 *
 * - an **optional field** (its schema accepts a missing key) that has the wrong shape is dropped alone —
 *   a lesson without its room; an optional side-load (Dnevnik.ru's `teachers`) is such a field, so a
 *   lesson loses only its teacher's name;
 * - a **required field** takes the nearest enclosing **list item or map entry** with it — one mark without
 *   a readable date is left out, the other marks are served;
 * - when no such part exists between the issue and the root (the envelope, a core list that is not a
 *   list, a required field of the answer itself) the whole answer is unreadable: `PROVIDER_BAD_RESPONSE`,
 *   as before.
 *
 * Lists of plain values (`teachers: [id…]`, `descriptions: [text…]`) are never thinned element by element:
 * a list with one unreadable id is dropped whole, since its order or completeness may carry meaning.
 * Three marks in a schema refine the rule (`schema-marks.ts`): `coreList` (an optional field whose drift
 * makes the whole answer unreadable: Eljur's `students`), `identifying` (an optional id whose drift takes
 * its item with it, rather than serve the item under a stand-in id) and `recognized` (an object of
 * optional fields that must carry one of them, so a wrapper one level deeper is noticed).
 *
 * Every pruned part is a {@link SchemaDrift}: provider, route, a template path built from the schema's
 * keys (`days[].teachers[].person`; `[]` list items, `{}` map entries) and how many parts were dropped.
 * The path is walked through the schema, never copied from the answer, so map keys (an Eljur student's id,
 * a day, a subject's name) never reach it. Answers that carry identity (profiles) are decoded `strict`:
 * there a partial answer would be read as a change of who the children are.
 *
 * The parts live in modules of their own — the schema walk (`schema-walk.ts`, `issue-leaves.ts`), what to
 * prune (`prune-plan.ts`), how a mismatch is described (`schema-mismatch.ts`) and how drift reaches a
 * result (`drift-report.ts`) — and this module is where adapters and the loaders take them from.
 */
import type { z } from 'zod';
import type { SchemaDrift } from '../domain/model.js';
import type { Decoded, DriftSink } from './drift-report.js';
import { firstLeaf, type Leaf } from './issue-leaves.js';
import { planPrunes } from './prune-plan.js';
import { describeSchemaMismatch, UnreadableAnswerError, type AnswerSource } from './schema-mismatch.js';
import { prefixed } from './schema-walk.js';

export {
  DriftCollector,
  reportedValue,
  scopeReportingTo,
  unlessUnreadable,
  type Decoded,
  type DriftReceiver,
  type DriftSink,
} from './drift-report.js';
export type { SchemaIssue } from './issue-leaves.js';
export { coreList, identifying, recognized } from './schema-marks.js';
export { UnreadableAnswerError, type AnswerSource } from './schema-mismatch.js';
export { ROOT_PATH, templatePath } from './schema-walk.js';

/** How to decode one answer. */
export interface DecodeOptions {
  /**
   * `tolerant` (the default) prunes drifted parts; `strict` refuses the whole answer on any mismatch, for
   * answers whose every part is identity (a profile), where a silently thinner answer would be wrong.
   */
  mode?: 'tolerant' | 'strict';
  /** Where the decoded part sits in the answer (`result` inside Eljur's envelope), for paths. */
  pathPrefix?: string;
  /** The answer's HTTP status, kept on an error. */
  upstreamStatus?: number;
  /** Told of each drift as it is found: once per upstream answer, for metrics and the log. */
  onDrift?: DriftSink | undefined;
}

/** Passes over one answer before giving up; each pass removes at least one part, and one usually suffices. */
const MAX_PASSES = 10;

/**
 * Decodes `json` with `schema` (see the module comment). `json` must be freshly parsed and not shared:
 * pruning edits it in place. Throws {@link UnreadableAnswerError} when the answer cannot be read as a
 * whole, after telling `onDrift` where it broke.
 */
export function decodePayload<S extends z.ZodType>(
  source: AnswerSource,
  json: unknown,
  schema: S,
  options: DecodeOptions = {},
): Decoded<z.output<S>> {
  let result = schema.safeParse(json);
  if (result.success) return { value: result.data, drift: [] };
  const dropped = new Map<string, number>();
  for (let pass = 0; !result.success; pass++) {
    const { issues } = result.error;
    if (options.mode === 'strict' || pass === MAX_PASSES)
      throw unreadable(source, schema, json, firstLeaf(schema, json, issues), result.error, options);
    const plan = planPrunes(schema, json, issues);
    if (plan.unprunable !== null) throw unreadable(source, schema, json, plan.unprunable, result.error, options);
    for (const prune of plan.prunes) {
      prune.apply();
      dropped.set(prune.schemaPath, (dropped.get(prune.schemaPath) ?? 0) + 1);
    }
    result = schema.safeParse(json);
  }
  const drift: SchemaDrift[] = [...dropped].map(([path, count]) => ({
    provider: source.provider,
    route: source.route,
    schemaPath: prefixed(options.pathPrefix, path),
    dropped: count,
  }));
  for (const entry of drift) options.onDrift?.(entry);
  return { value: result.data, drift };
}

/** The error for an answer that cannot be read as a whole, once `onDrift` has been told where it broke. */
function unreadable(
  source: AnswerSource,
  schema: z.ZodType,
  json: unknown,
  leaf: Leaf,
  error: z.ZodError,
  options: DecodeOptions,
): UnreadableAnswerError {
  const mismatch = describeSchemaMismatch(source.route, schema, json, leaf, error, options.pathPrefix);
  options.onDrift?.({ provider: source.provider, route: source.route, schemaPath: mismatch.schemaPath, dropped: 1 });
  return new UnreadableAnswerError(source, mismatch.schemaPath, mismatch.expectation, {
    cause: mismatch.detail,
    upstreamStatus: options.upstreamStatus,
  });
}
