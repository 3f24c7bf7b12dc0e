/**
 * Schema drift, as a diary does it without notice: one field of one route's answer changes its shape.
 * Shared by the three simulators (like their latency timers), each of which applies a {@link DriftRule}
 * to the JSON it is about to write. It knows nothing of any adapter: paths are written against the
 * simulator's own answers.
 *
 * A path names fields by key, separated by dots, with `[]` after a name for "each item of this list" and
 * `{}` for "each entry of this map": `days[].teachers`, `payload[].date`, `[].value` (a bare list),
 * `response.result.students{}.days{}.items{}.room` (Eljur's maps keyed by id and day).
 */

/**
 * How a field's shape changes:
 * - `container`: an object becomes the list of its values, a list becomes an object keyed `"0"`, `"1"`…,
 *   anything else a one-item list (object ↔ array);
 * - `type`: a number (or id) becomes its text, a text its number when it reads as one (else `true`: no
 *   number stands for `"Н"`), a flag its text; an object or list becomes the number 1 (number ↔ string);
 * - `wrapped`: the value moves one level down, into `{ "value": … }` (an extra wrapper);
 * - `null`: the value becomes `null`;
 * - `missing`: the key disappears (a list item named by `[]` is removed).
 */
export type DriftKind = 'container' | 'type' | 'wrapped' | 'null' | 'missing';

/** Every {@link DriftKind}. */
export const DRIFT_KINDS: readonly DriftKind[] = Object.freeze(['container', 'type', 'wrapped', 'null', 'missing']);

/** One drift: on every successful answer of `route`, the field(s) at `path` change shape. */
export interface DriftRule {
  /** The route (method) as the simulator names it (`schedules`, `events`, `getdiary`). */
  route: string;
  /** Where, in the simulator's answer (see the module comment). */
  path: string;
  kind: DriftKind;
  /** `first`: only the first field the path finds, in document order; `all`: every one. @default 'first' */
  matches?: 'first' | 'all';
  /** With `matches: 'first'`, skip this many matches first (past the last match, the last). @default 0 */
  skip?: number;
}

type Step = { key: string } | { each: 'list' | 'map' };

const SEGMENT = /^([^.[\]{}]*)((?:\[\]|\{\})*)$/;

/** Parses a path; throws `RangeError` naming the bad segment. */
function stepsOf(path: string): Step[] {
  const steps: Step[] = [];
  for (const segment of path.split('.')) {
    const match = SEGMENT.exec(segment);
    if (!match || (match[1] === '' && match[2] === ''))
      throw new RangeError(`drift path "${path}": "${segment}" is not a key with optional [] or {}`);
    if (match[1] !== '') steps.push({ key: match[1]! });
    for (const marker of match[2]!.match(/\[\]|\{\}/g) ?? []) steps.push({ each: marker === '[]' ? 'list' : 'map' });
  }
  return steps;
}

/** Checks a rule against the routes a simulator serves; throws `RangeError` with what was expected. */
export function checkedDriftRule(rule: DriftRule, routes: readonly string[]): DriftRule {
  if (!routes.includes(rule.route))
    throw new RangeError(`unknown drift route "${rule.route}"; expected one of ${routes.join(', ')}`);
  if (!DRIFT_KINDS.includes(rule.kind))
    throw new RangeError(`unknown drift kind "${String(rule.kind)}"; expected one of ${DRIFT_KINDS.join(', ')}`);
  if (rule.matches !== undefined && rule.matches !== 'first' && rule.matches !== 'all')
    throw new RangeError('drift matches must be "first" or "all"');
  if (rule.skip !== undefined && !(Number.isInteger(rule.skip) && rule.skip >= 0))
    throw new RangeError('drift skip must be a whole number of matches');
  stepsOf(rule.path);
  return { ...rule };
}

type Container = Record<string, unknown> | unknown[];

interface Target {
  container: Container;
  key: string | number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function targetsOf(node: unknown, steps: readonly Step[], found: Target[]): void {
  const [step, ...rest] = steps;
  if (!step) return;
  const children: Target[] = [];
  if ('key' in step) {
    if (isObject(node) && Object.hasOwn(node, step.key)) children.push({ container: node, key: step.key });
  } else if (step.each === 'list' && Array.isArray(node)) {
    node.forEach((_, index) => children.push({ container: node, key: index }));
  } else if (step.each === 'map' && isObject(node)) {
    for (const key of Object.keys(node)) children.push({ container: node, key });
  }
  for (const child of children) {
    if (rest.length === 0) found.push(child);
    else targetsOf((child.container as Record<string | number, unknown>)[child.key], rest, found);
  }
}

function swapped(value: unknown): unknown {
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  if (isObject(value)) return Object.values(value);
  return [value];
}

function retyped(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : true;
  return 1;
}

function drift(target: Target, kind: DriftKind): void {
  const { container, key } = target;
  if (kind === 'missing') {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key as string];
    return;
  }
  const holder = container as Record<string | number, unknown>;
  const value = holder[key];
  holder[key] =
    kind === 'container' ? swapped(value) : kind === 'type' ? retyped(value) : kind === 'wrapped' ? { value } : null;
}

/** A deep copy of JSON-like data (objects, lists, primitives including `bigint`). */
function copied(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copied);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copied(item)]));
  return value;
}

/**
 * Applies a rule to an answer's body: returns a drifted copy (the body itself is left alone, since
 * simulators may share parts of their answers) and how many fields changed (0 when the path found none).
 */
export function applyDrift(body: unknown, rule: DriftRule): { body: unknown; drifted: number } {
  const copy = copied(body);
  const targets: Target[] = [];
  targetsOf(copy, stepsOf(rule.path), targets);
  const skip = Math.min(rule.skip ?? 0, Math.max(targets.length - 1, 0));
  const chosen = rule.matches === 'all' ? targets : targets.slice(skip, skip + 1);
  // Last first, so removing list items does not shift the ones still to change.
  for (const target of [...chosen].reverse()) drift(target, rule.kind);
  return { body: copy, drifted: chosen.length };
}
