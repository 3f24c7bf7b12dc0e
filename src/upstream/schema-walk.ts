/**
 * Walking a zod schema beside the answer it decodes, so that a place in the answer can be named by the
 * schema's keys and its part of the schema found. zod 4 keeps a schema's structure in `_zod.def`; only
 * the few kinds our payload schemas use are read, and anything else counts as opaque (never pruned into).
 */
import type { z } from 'zod';

/** The path of a whole answer. */
export const ROOT_PATH = '(root)';

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
export function acceptsMissing(schema: z.ZodType): boolean {
  const optin = (schema as unknown as SchemaInternals)._zod.optin;
  return optin === 'optional' || optin === 'defaulted';
}

type Kind = 'array' | 'object' | 'value' | 'any';

function kindOfValue(value: unknown): Kind {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' && value !== null ? 'object' : 'value';
}

/** Schema kinds that accept a value of any kind, so a union falls back to them. */
const ANY_KIND = new Set(['union', 'custom', 'unknown', 'any', 'lazy']);

function kindOfSchema(schema: z.ZodType): Kind {
  const def = defOf(unwrap(schema));
  if (def.type === 'array') return 'array';
  if (def.type === 'object' || def.type === 'record') return 'object';
  return ANY_KIND.has(def.type) ? 'any' : 'value';
}

/** Items worth keeping one by one: objects (a mark, a lesson), not plain values (an id in a list of ids). */
export function isItemSchema(schema: z.ZodType): boolean {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' || def.type === 'record') return true;
  return def.type === 'union' && (def.options ?? []).some(isItemSchema);
}

/** The option of a union that an answer's value is meant for: the first of its kind. */
export function unionOption(schema: z.ZodType, value: unknown): { option: z.ZodType; index: number } | null {
  const options = defOf(schema).options ?? [];
  const kind = kindOfValue(value);
  const index = options.findIndex((option) => kindOfSchema(option) === kind);
  const chosen = index >= 0 ? index : options.findIndex((option) => kindOfSchema(option) === 'any');
  return chosen >= 0 ? { option: options[chosen]!, index: chosen } : null;
}

/** The union under a field's wrappers, or `null` when the field is not a union. */
export function unwrapToUnion(schema: z.ZodType): z.ZodType | null {
  const inner = unwrap(schema);
  return defOf(inner).type === 'union' ? inner : null;
}

/** One step into the answer: the container's schema (resolved), the key, and the child's schema. */
export interface Step {
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

/** The value one key below `value`, or `undefined` when `value` is not a container. */
function childValue(value: unknown, key: PropertyKey): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<PropertyKey, unknown>)[key as string]
    : undefined;
}

/** The value at `path` in the answer. */
export function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) value = childValue(value, key);
  return value;
}

/** The step from a container (its schema resolved) to one of its children. */
function stepInto(container: z.ZodType | null, value: unknown, key: PropertyKey): Step {
  const def = container === null ? null : defOf(container);
  if (def?.type === 'object' && typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)) {
    const declared = def.shape[key]!;
    return { container: value, containerType: 'object', key, child: declared, declared };
  }
  if (def?.type === 'array' && typeof key === 'number' && def.element)
    return { container: value, containerType: 'array', key, child: def.element, declared: null };
  if (def?.type === 'record' && def.valueType)
    return { container: value, containerType: 'record', key, child: def.valueType, declared: null };
  return { container: value, containerType: 'opaque', key, child: null, declared: null };
}

/** The steps from the root of the answer along `path`. */
export function walk(schema: z.ZodType, json: unknown, path: readonly PropertyKey[]): Step[] {
  const steps: Step[] = [];
  let node: z.ZodType | null = schema;
  let value = json;
  for (const key of path) {
    const step = stepInto(resolved(node, value), value, key);
    steps.push(step);
    node = step.child;
    value = childValue(value, key);
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

/** A template path placed under `prefix` (`result` inside Eljur's envelope): `result.students`, `result[]`. */
export function prefixed(prefix: string | undefined, path: string): string {
  if (!prefix) return path;
  if (path === ROOT_PATH) return prefix;
  return path.startsWith('[') || path.startsWith('{') ? `${prefix}${path}` : `${prefix}.${path}`;
}
