/**
 * The change state file's document (`file-change-state.ts`): the in-process change log and the detector's
 * schedule and snapshots, as zod checks them when the file is read back.
 *
 * The checks are of the document's frame, not of every field of every change: the file is written only by
 * the gateway, and what the log needs to work (ids, positions in order, each change under its own child)
 * is checked; a change's diary fields are handed on as they were written. Problems name the place in the
 * document (`log.children.3.changes.0.position`), never a value: changes hold a child's marks.
 */
import { z } from 'zod';
import type { LoggedChange } from '../domain/changes.js';
import type { ChangeLogDocument } from './memory-change-log.js';
import type { DetectorStateDocument } from './memory-detector-state.js';
import { comparePositions, isPosition } from './positions.js';

/** The version this gateway writes and reads; a file of another one is moved aside like a malformed one. */
export const CHANGE_STATE_VERSION = 1;

/** The whole file. */
export interface ChangeStateDocument {
  version: typeof CHANGE_STATE_VERSION;
  log: ChangeLogDocument;
  detector: DetectorStateDocument;
}

const id = z.string().min(1);
const position = z.string().refine(isPosition, 'not a change log position');

const loggedChange = z.looseObject({
  id,
  type: z.enum(['grade', 'homework', 'lesson', 'absence', 'finalGrade']),
  kind: z.string(),
  childId: z.string(),
  position,
});

const childLog = z
  .object({
    childId: id,
    last: position.nullable(),
    dropped: position.nullable(),
    changes: z.array(loggedChange),
    ids: z.array(z.tuple([id, z.number().int().nonnegative()])),
  })
  .superRefine((child, context) => {
    child.changes.forEach((change, index) => {
      const path = ['changes', index];
      if (change.childId !== child.childId)
        context.addIssue({ code: 'custom', path: [...path, 'childId'], message: 'a change of another child' });
      const before = index > 0 ? child.changes[index - 1]!.position : null;
      if (before !== null && comparePositions(before, change.position) >= 0)
        context.addIssue({ code: 'custom', path: [...path, 'position'], message: 'not after the change before it' });
    });
    const newest = child.changes.at(-1)?.position;
    if (newest !== undefined && (child.last === null || comparePositions(newest, child.last) > 0))
      context.addIssue({ code: 'custom', path: ['last'], message: 'before the newest change kept' });
  });

const documentSchema = z.object({
  version: z.literal(CHANGE_STATE_VERSION),
  log: z.object({ children: z.array(childLog) }),
  detector: z.object({
    schedule: z.array(z.tuple([id, z.number()])),
    snapshots: z.array(z.tuple([id, z.string()])),
  }),
});

/** The document read from a file, or where it is wrong. */
export type ReadDocument = { document: ChangeStateDocument } | { problem: string };

/** Reads a change state file's text. */
export function parseChangeStateDocument(text: string): ReadDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return { problem: `${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'malformed'}` };
  }
  const { log, detector } = parsed.data;
  // The frame is checked above; each change's diary fields are as the gateway wrote them.
  const children = log.children.map((child) => ({ ...child, changes: child.changes as unknown as LoggedChange[] }));
  return { document: { version: CHANGE_STATE_VERSION, log: { children }, detector } };
}
