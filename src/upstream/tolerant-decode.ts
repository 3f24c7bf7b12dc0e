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
 * Three marks in a schema refine the rule: {@link coreList} (an optional field whose drift makes the
 * whole answer unreadable: Eljur's `students`), {@link identifying} (an optional id whose drift takes its
 * item with it, rather than serve the item under a stand-in id) and {@link recognized} (an object of
 * optional fields that must carry one of them, so a wrapper one level deeper is noticed).
 *
 * Every pruned part is a {@link SchemaDrift}: provider, route, a template path built from the schema's
 * keys (`days[].teachers[].person`; `[]` list items, `{}` map entries) and how many parts were dropped.
 * The path is walked through the schema, never copied from the answer, so map keys (an Eljur student's id,
 * a day, a subject's name) never reach it. Answers that carry identity (profiles) are decoded `strict`:
 * there a partial answer would be read as a change of who the children are.
 */
import type { z } from 'zod';
import type { UpstreamScope } from '../domain/adapter.js';
import type { ProviderKind, SchemaDrift } from '../domain/model.js';
import { GatewayError, ProviderBadResponseError } from '../errors/gateway-error.js';

/** One issue of a failed decode. */
export type SchemaIssue = z.ZodError['issues'][number];

/** The path of a whole answer. */
export const ROOT_PATH = '(root)';

/** Which diary and route an answer came from. */
export interface AnswerSource {
  provider: ProviderKind;
  /** The route (method) as the adapter names it in messages: `marks`, `schedules`, `getdiary`. */
  route: string;
}

/** Told once of every drift a decode finds (and of the mismatch that made an answer unreadable). */
export type DriftSink = (drift: SchemaDrift) => void;

/** Whoever wants the drifts behind a result: an `UpstreamScope` (`reportDrift`) or a collector. */
export interface DriftReceiver {
  reportDrift?(drift: SchemaDrift): void;
}

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

/** A decoded answer and what had to be left out of it. */
export interface Decoded<T> {
  value: T;
  drift: readonly SchemaDrift[];
}

/**
 * A whole answer could not be decoded: its envelope or core list is unreadable. A
 * `PROVIDER_BAD_RESPONSE` whose `schemaPath` says where, so an adapter that only needed the answer to
 * enrich another one can report it as drift ({@link unlessUnreadable}).
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

/** Passes a decoded answer's drifts to `receiver` and returns its value: how a consumer takes what it uses. */
export function reportedValue<T>(decoded: Decoded<T>, receiver: DriftReceiver): T {
  for (const drift of decoded.drift) receiver.reportDrift?.(drift);
  return decoded.value;
}

/**
 * Reads an answer that only *enriches* the one a result is built from (subject names for grades, bell
 * times for lessons): when it is unreadable (`PROVIDER_BAD_RESPONSE`), the result is built without it and
 * the loss is reported as drift of `source.route`, so data from one route is never lost because another
 * route failed to decode. Any other failure (the diary down, a refused token) still fails the call.
 */
export async function unlessUnreadable<T>(
  source: AnswerSource,
  receiver: DriftReceiver,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof GatewayError) || error.code !== 'PROVIDER_BAD_RESPONSE') throw error;
    // An unreadable decode names its own route and path; any other unreadable answer is the route's as a whole.
    const where =
      error instanceof UnreadableAnswerError
        ? { route: error.route, schemaPath: error.schemaPath }
        : { route: source.route, schemaPath: ROOT_PATH };
    receiver.reportDrift?.({ provider: source.provider, ...where, dropped: 1 });
    return fallback;
  }
}

/**
 * The same scope (signal, memo) with drift reported to `receiver`: one per adapter call, so each result
 * gathers the drift of exactly the answers it was built from, while the memo stays shared.
 */
export function scopeReportingTo(scope: UpstreamScope, receiver: DriftReceiver): UpstreamScope {
  return {
    signal: scope.signal,
    once: (key, load) => scope.once(key, load),
    reportDrift: (drift) => receiver.reportDrift?.(drift),
  };
}

/** Collects the drifts reported while one result is built: repeats of one drift object count once. */
export class DriftCollector implements DriftReceiver {
  private readonly seen = new Set<SchemaDrift>();

  /** Keeps a drift reported while the result is built. */
  reportDrift(drift: SchemaDrift): void {
    this.seen.add(drift);
  }

  /** The drifts, merged by provider, route and path (their `dropped` added up), in the order first met. */
  list(): SchemaDrift[] {
    const merged = new Map<string, SchemaDrift>();
    for (const drift of this.seen) {
      const key = `${drift.provider}\u0000${drift.route}\u0000${drift.schemaPath}`;
      const known = merged.get(key);
      merged.set(key, known ? { ...known, dropped: known.dropped + drift.dropped } : { ...drift });
    }
    return [...merged.values()];
  }
}

/** Schemas marked as an answer's core: see {@link coreList}. */
const CORE = new WeakSet<object>();

/**
 * Marks a field as the core of its answer (Eljur's `students`, a student's `days`): though the diary may
 * leave it out (it is optional, "nothing to show"), a value of the wrong shape is not left out as drift —
 * without it nothing of the answer can be read, so the whole answer is unreadable. Mark the field as it
 * is declared in its object, wrappers included.
 *
 * @example
 * z.looseObject({ students: coreList(keyed(studentSchema).nullish()) })
 */
export function coreList<T extends z.ZodType>(schema: T): T {
  CORE.add(schema);
  return schema;
}

/**
 * An object whose fields are all optional reads almost anything as itself: wrapped one level deeper
 * (`{"value": {…}}`), it would pass as an empty object and its content vanish silently. This object must
 * carry at least one of the fields it declares; otherwise it is drifted (reported, and left out).
 *
 * @example
 * const homeworkSchema = recognized(z.looseObject({ descriptions: z.array(z.string()).nullish(), entries: … }));
 */
export function recognized<T extends z.ZodObject>(schema: T): T {
  const keys = Object.keys(schema.shape);
  return schema.refine((value) => keys.some((key) => (value as Record<string, unknown>)[key] !== undefined), {
    error: 'expected at least one of its known fields',
  }) as unknown as T;
}

/** Schemas marked as identifying their item: see {@link identifying}. */
const IDENTIFYING = new WeakSet<object>();

/**
 * Marks an optional field that identifies its item (МЭШ's `homework_entry_id`, an Eljur mark's `nm`):
 * when it is missing the normaliser falls back to another id, but when it has drifted it is not dropped
 * alone — the item would be served under a made-up id, as another item — so the item goes with it. Mark
 * the field as it is declared in its object, wrappers included.
 */
export function identifying<T extends z.ZodType>(schema: T): T {
  IDENTIFYING.add(schema);
  return schema;
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
  const drift = [...dropped].map(([path, count]) => ({
    provider: source.provider,
    route: source.route,
    schemaPath: prefixed(options.pathPrefix, path),
    dropped: count,
  }));
  for (const entry of drift) options.onDrift?.(entry);
  return { value: result.data, drift };
}

function unreadable(
  source: AnswerSource,
  schema: z.ZodType,
  json: unknown,
  leaf: Leaf,
  cause: z.ZodError,
  options: DecodeOptions,
): UnreadableAnswerError {
  const schemaPath = prefixed(options.pathPrefix, templatePath(schema, json, leaf.path));
  options.onDrift?.({ provider: source.provider, route: source.route, schemaPath, dropped: 1 });
  // Not the ZodError itself: its paths hold the answer's map keys (a child's id, a day). The cause lists
  // every issue by template path and expectation instead, for the server-side log.
  const issues = cause.issues.slice(0, MAX_CAUSE_ISSUES).map((issue) => {
    const first = leavesOf(schema, json, issue)[0] ?? { path: [...issue.path], issue };
    return `${prefixed(options.pathPrefix, templatePath(schema, json, first.path))}: ${describeExpectation(first.issue)}`;
  });
  const detail = new Error(
    `${source.route} did not match its schema (${cause.issues.length} issue(s)): ${issues.join('; ')}`,
  );
  detail.name = 'SchemaMismatch';
  return new UnreadableAnswerError(source, schemaPath, describeExpectation(leaf.issue), {
    cause: detail,
    upstreamStatus: options.upstreamStatus,
  });
}

/** Issues listed in an unreadable answer's cause. */
const MAX_CAUSE_ISSUES = 5;

function prefixed(prefix: string | undefined, path: string): string {
  if (!prefix) return path;
  if (path === ROOT_PATH) return prefix;
  return path.startsWith('[') || path.startsWith('{') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** What an issue expected, built from the schema's side (our own texts, never the payload's values). */
function describeExpectation(issue: SchemaIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_union': {
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((inner) => {
          if (inner.path.length > 0) return [];
          // `bigint` is what the simulator and tests write for ids; an answer never carries one.
          if (inner.code === 'invalid_type') return inner.expected === 'bigint' ? [] : [inner.expected];
          return inner.code === 'custom' ? [inner.message.replace(/^expected /, '')] : [];
        }),
      );
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

// ---------------------------------------------------------------------------------------------------
// Walking a zod schema beside the answer. zod 4 keeps a schema's structure in `_zod.def`; only the few
// kinds our payload schemas use are read, and anything else counts as opaque (never pruned into).

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
}

interface SchemaInternals {
  _zod: { def: SchemaDef; optin?: string };
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as SchemaInternals)._zod.def;
}

/** Wrappers that do not change the shape an answer must have. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schema under wrappers and pipes (a pipe's input side is what the answer must look like). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** Whether a field may be missing: then a drifted value of it can be dropped alone. */
function acceptsMissing(schema: z.ZodType): boolean {
  const optin = (schema as unknown as SchemaInternals)._zod.optin;
  return optin === 'optional' || optin === 'defaulted';
}

type Kind = 'array' | 'object' | 'value' | 'any';

function kindOfValue(value: unknown): Kind {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' && value !== null ? 'object' : 'value';
}

function kindOfSchema(schema: z.ZodType): Kind {
  const def = defOf(unwrap(schema));
  if (def.type === 'array') return 'array';
  if (def.type === 'object' || def.type === 'record') return 'object';
  if (
    def.type === 'union' ||
    def.type === 'custom' ||
    def.type === 'unknown' ||
    def.type === 'any' ||
    def.type === 'lazy'
  )
    return 'any';
  return 'value';
}

/** Items worth keeping one by one: objects (a mark, a lesson), not plain values (an id in a list of ids). */
function isItemSchema(schema: z.ZodType): boolean {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' || def.type === 'record') return true;
  return def.type === 'union' && (def.options ?? []).some(isItemSchema);
}

/** The option of a union that an answer's value is meant for: the first of its kind. */
function unionOption(schema: z.ZodType, value: unknown): { option: z.ZodType; index: number } | null {
  const options = defOf(schema).options ?? [];
  const kind = kindOfValue(value);
  const index = options.findIndex((option) => kindOfSchema(option) === kind);
  const chosen = index >= 0 ? index : options.findIndex((option) => kindOfSchema(option) === 'any');
  return chosen >= 0 ? { option: options[chosen]!, index: chosen } : null;
}

/** One step into the answer: the container's schema (resolved), the key, and the child's schema. */
interface Step {
  container: unknown;
  /** `object`, `array`, `record` or `opaque`. */
  containerType: string;
  key: PropertyKey;
  child: z.ZodType | null;
  /** The child's schema as declared in its object (wrappers kept), for `acceptsMissing`. */
  declared: z.ZodType | null;
}

/** Resolves unions by the value at hand, so the walk follows the branch the answer is written in. */
function resolved(schema: z.ZodType | null, value: unknown): z.ZodType | null {
  let current = schema === null ? null : unwrap(schema);
  for (let depth = 0; current !== null && defOf(current).type === 'union' && depth < 8; depth++) {
    const chosen = unionOption(current, value);
    current = chosen ? unwrap(chosen.option) : null;
  }
  return current;
}

/** The steps from the root of the answer along `path`. */
function walk(schema: z.ZodType, json: unknown, path: readonly PropertyKey[]): Step[] {
  const steps: Step[] = [];
  let node: z.ZodType | null = schema;
  let value = json;
  for (const key of path) {
    const container = resolved(node, value);
    const def = container === null ? null : defOf(container);
    let child: z.ZodType | null = null;
    let declared: z.ZodType | null = null;
    let containerType = 'opaque';
    if (def?.type === 'object' && typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)) {
      declared = def.shape[key]!;
      child = declared;
      containerType = 'object';
    } else if (def?.type === 'array' && typeof key === 'number' && def.element) {
      child = def.element;
      containerType = 'array';
    } else if (def?.type === 'record' && def.valueType) {
      child = def.valueType;
      containerType = 'record';
    }
    steps.push({ container: value, containerType, key, child, declared });
    node = child;
    value =
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
  }
  return steps;
}

/**
 * The template of a concrete path: schema keys kept, list indices as `[]`, map keys (and anything the
 * schema does not name) as `{}`. `(root)` for the empty path.
 */
export function templatePath(schema: z.ZodType, json: unknown, path: readonly PropertyKey[]): string {
  let template = '';
  for (const step of walk(schema, json, path)) {
    if (step.containerType === 'object') template += template === '' ? String(step.key) : `.${String(step.key)}`;
    else if (step.containerType === 'array' || (step.containerType === 'opaque' && typeof step.key === 'number'))
      template += '[]';
    else template += '{}';
  }
  return template === '' ? ROOT_PATH : template;
}

/** An issue traced to the field that broke, with its full path from the root of the answer. */
interface Leaf {
  path: PropertyKey[];
  issue: SchemaIssue;
}

/**
 * The fields an issue is about. A union's issue is traced into the branch the answer is written in (a
 * map or a list: Eljur's "keyed" collections), so the field that actually broke is named and pruned,
 * not the whole collection.
 */
function leavesOf(schema: z.ZodType, json: unknown, issue: SchemaIssue, base: readonly PropertyKey[] = []): Leaf[] {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, issue }];
  const steps = walk(schema, json, path);
  const last = steps.at(-1);
  const node = path.length === 0 ? schema : (last?.child ?? null);
  const value = path.length === 0 ? json : valueAt(json, path);
  const union = node === null ? null : unwrapToUnion(node);
  const chosen = union === null ? null : unionOption(union, value);
  const branch = chosen === null ? undefined : issue.errors[chosen.index];
  if (
    !branch ||
    branch.length === 0 ||
    branch.every((inner) => inner.path.length === 0 && inner.code !== 'invalid_union')
  )
    return [{ path, issue }];
  return branch.flatMap((inner) => leavesOf(schema, json, inner, path));
}

function unwrapToUnion(schema: z.ZodType): z.ZodType | null {
  const inner = unwrap(schema);
  return defOf(inner).type === 'union' ? inner : null;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path)
    value =
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
  return value;
}

function firstLeaf(schema: z.ZodType, json: unknown, issues: readonly SchemaIssue[]): Leaf {
  const [issue] = issues;
  if (!issue)
    return {
      path: [],
      issue: {
        code: 'custom',
        path: [],
        message: 'the payload does not match the expected shape',
        input: undefined,
      } as SchemaIssue,
    };
  return leavesOf(schema, json, issue)[0] ?? { path: [...issue.path], issue };
}

/** One part of the answer to leave out. */
interface Prune {
  /** Concrete path of the part, to drop prunes nested inside another one. */
  at: readonly PropertyKey[];
  schemaPath: string;
  apply(): void;
}

interface Plan {
  prunes: Prune[];
  /** A leaf no part can be left out for: the answer is unreadable. */
  unprunable: Leaf | null;
}

/** The smallest part that can be left out for a leaf: the deepest optional field, list item or map entry on its path. */
function pruneFor(schema: z.ZodType, json: unknown, leaf: Leaf): Prune | null {
  const steps = walk(schema, json, leaf.path);
  for (let depth = steps.length - 1; depth >= 0; depth--) {
    const step = steps[depth]!;
    const at = leaf.path.slice(0, depth + 1);
    const container = step.container as Record<PropertyKey, unknown> | unknown[];
    const schemaPath = templatePath(schema, json, leaf.path);
    if (step.containerType === 'object' && step.declared !== null && CORE.has(step.declared)) return null;
    // A field is dropped alone only when its own schema refuses its value: when a check of the object
    // around it names the field (a mark with a value needs a date), dropping the field cannot help.
    const droppableField = step.declared !== null && acceptsMissing(step.declared) && !IDENTIFYING.has(step.declared);
    if (
      step.containerType === 'object' &&
      droppableField &&
      !step.declared!.safeParse(valueAt(step.container, [step.key])).success
    ) {
      return {
        at,
        schemaPath,
        apply: () => void delete (container as Record<PropertyKey, unknown>)[step.key as string],
      };
    }
    if (step.containerType === 'array' && step.child !== null && isItemSchema(step.child) && Array.isArray(container)) {
      const item = container[step.key as number];
      // Removed by identity, not index: several items of one list may go in the same pass.
      return { at, schemaPath, apply: () => void container.splice(container.indexOf(item), 1) };
    }
    if (step.containerType === 'record' && step.child !== null && isItemSchema(step.child)) {
      return {
        at,
        schemaPath,
        apply: () => void delete (container as Record<PropertyKey, unknown>)[step.key as string],
      };
    }
  }
  return null;
}

function isWithin(inner: readonly PropertyKey[], outer: readonly PropertyKey[]): boolean {
  return outer.length <= inner.length && outer.every((key, index) => key === inner[index]);
}

/** Every prune one pass over the issues asks for, outermost kept when two nest. */
function planPrunes(schema: z.ZodType, json: unknown, issues: readonly SchemaIssue[]): Plan {
  const prunes: Prune[] = [];
  for (const issue of issues) {
    for (const leaf of leavesOf(schema, json, issue)) {
      const prune = pruneFor(schema, json, leaf);
      if (prune === null) return { prunes: [], unprunable: leaf };
      prunes.push(prune);
    }
  }
  const outermost = prunes.filter(
    (prune, index) =>
      !prunes.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          isWithin(prune.at, other.at) &&
          (other.at.length < prune.at.length || otherIndex < index),
      ),
  );
  return { prunes: outermost, unprunable: null };
}
