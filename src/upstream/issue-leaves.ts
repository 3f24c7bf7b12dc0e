/**
 * Tracing a failed decode's issues to the fields that actually broke. zod reports a union that matched
 * none of its options as one issue on the union; the field to name and prune is inside the option the
 * answer is written in, so such an issue is followed into that option.
 */
import type { z } from 'zod';
import { unionOption, unwrapToUnion, valueAt, walk } from './schema-walk.js';

/** One issue of a failed decode. */
export type SchemaIssue = z.ZodError['issues'][number];

/** An issue traced to the field that broke, with its full path from the root of the answer. */
export interface Leaf {
  path: PropertyKey[];
  issue: SchemaIssue;
}

/** The option's issues, when they say more than "this option does not fit here" (which names no field). */
function namesAField(branch: readonly SchemaIssue[] | undefined): branch is readonly SchemaIssue[] {
  if (!branch || branch.length === 0) return false;
  return !branch.every((inner) => inner.path.length === 0 && inner.code !== 'invalid_union');
}

/**
 * The fields an issue is about. A union's issue is traced into the branch the answer is written in (a
 * map or a list: Eljur's "keyed" collections), so the field that actually broke is named and pruned,
 * not the whole collection.
 */
export function leavesOf(
  schema: z.ZodType,
  json: unknown,
  issue: SchemaIssue,
  base: readonly PropertyKey[] = [],
): Leaf[] {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, issue }];
  const node = path.length === 0 ? schema : (walk(schema, json, path).at(-1)?.child ?? null);
  const union = node === null ? null : unwrapToUnion(node);
  const chosen = union === null ? null : unionOption(union, valueAt(json, path));
  const branch = chosen === null ? undefined : issue.errors[chosen.index];
  if (!namesAField(branch)) return [{ path, issue }];
  return branch.flatMap((inner) => leavesOf(schema, json, inner, path));
}

/** The first broken field of a failed decode: what an unreadable answer is reported by. */
export function firstLeaf(schema: z.ZodType, json: unknown, issues: readonly SchemaIssue[]): Leaf {
  const [issue] = issues;
  if (!issue)
    return {
      path: [],
      issue: {
        code: 'custom',
        path: [],
        message: 'the payload does not match the expected shape',
        input: undefined,
      },
    };
  return leavesOf(schema, json, issue)[0] ?? { path: [...issue.path], issue };
}
