/**
 * Helpers for turning a zod decoding issue into a safe error message: adapters name *where* an answer
 * broke (route and field path, built from schema keys and map keys) and never quote a payload value.
 */
import type { z } from 'zod';

/** One issue of a failed decode. */
export type SchemaIssue = z.ZodError['issues'][number];

/** Writes an issue path as `payload[3].date`, or `(root)` for the whole answer. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const key of path) {
    if (typeof key === 'number') formatted += `[${key}]`;
    else formatted += formatted === '' ? String(key) : `.${String(key)}`;
  }
  return formatted === '' ? '(root)' : formatted;
}
