/**
 * What a draft needs before it is sent, checked in the page so an empty field does not make a round trip; the
 * gateway checks everything again (docs/messages.md, "Sending once"). The bounds are the schema's
 * (`SendMessageInput`); the gateway does not say a diary's own, smaller text limit, so the page shows these.
 */
import { fileProblem, type ChosenFile, type FileProblem } from './files.js';

/** The schema's bounds on a message. */
export const DRAFT_LIMITS = { subject: 200, text: 5000, recipients: 20 } as const;

/** What a draft holds. `subject` is `null` for a reply (it answers the message's own). */
export interface DraftFields {
  readonly recipients: number;
  readonly subject: string | null;
  readonly text: string;
  readonly files: readonly ChosenFile[];
}

/** The first thing to fix before sending; `null` when the draft can go. */
export type DraftProblem =
  | { readonly kind: 'recipients' | 'tooManyRecipients' | 'subject' | 'subjectLong' | 'text' | 'textLong' }
  | { readonly kind: 'files'; readonly problem: FileProblem };

/** The first problem of `draft`, in the order of the form's fields. */
export function draftProblem(draft: DraftFields): DraftProblem | null {
  if (draft.subject !== null) {
    if (draft.recipients === 0) return { kind: 'recipients' };
    if (draft.recipients > DRAFT_LIMITS.recipients) return { kind: 'tooManyRecipients' };
    if (draft.subject.trim() === '') return { kind: 'subject' };
    if (draft.subject.length > DRAFT_LIMITS.subject) return { kind: 'subjectLong' };
  }
  if (draft.text.trim() === '') return { kind: 'text' };
  if (draft.text.length > DRAFT_LIMITS.text) return { kind: 'textLong' };
  const files = fileProblem(draft.files);
  return files ? { kind: 'files', problem: files } : null;
}
