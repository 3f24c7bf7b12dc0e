/**
 * Reading records back from Redis as a tolerant reader: a value that is not JSON, or not a record of its
 * kind (written by hand, by a buggy build, cut by a bad restore), reads as absent instead of throwing, so
 * one damaged key drops one item from a list rather than failing the whole answer (finding 9 of issue 10).
 * Each kind of key is logged once per store, by kind only: never the key's id or its value.
 */
import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';

/** Reads one raw value as a record of a kind; `null` when absent or unreadable. */
export type RecordReader = <S extends z.ZodType>(
  raw: string | null | undefined,
  schema: S,
  kind: string,
) => z.output<S> | null;

/** Creates the reader of one store; `logger` hears of the first unreadable record of each kind. */
export function createRecordReader(logger: Logger): RecordReader {
  const reported = new Set<string>();
  const report = (kind: string, problem: string) => {
    if (reported.has(kind)) return;
    reported.add(kind);
    logger.warn(
      { kind, problem },
      'an unreadable store record in Redis is ignored (reported once per kind; others may follow)',
    );
  };
  return (raw, schema, kind) => {
    if (raw === null || raw === undefined) return null;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      report(kind, 'not JSON');
      return null;
    }
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    // The field's path names where it is wrong; zod's message might quote the value, so it is left out.
    report(kind, `wrong shape at ${parsed.error.issues[0]?.path.map(String).join('.') || 'the record'}`);
    return null;
  };
}
