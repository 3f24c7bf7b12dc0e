/**
 * What a draft needs before it is sent, checked in the page so a field that cannot go does not make a round
 * trip; the gateway checks everything again (docs/messages.md, "Sending once"). The bounds are the schema's
 * (`SendMessageInput`), and the text's is the diary's own where it says one (`MessagingFeatures.maxTextLength`),
 * so a text too long for the diary is refused here rather than by the diary after the request.
 */
import { fileProblem, type ChosenFile, type FileProblem } from './files.js';

/** The schema's bounds on a message (the gateway's `SEND_LIMITS`, src/messages/send-input.ts). */
export const DRAFT_LIMITS = { subject: 200, text: 5000, recipients: 20 } as const;

/** What a diary says about taking messages, as the mail view's children query brings it. */
export interface TextFeatures {
  readonly provider: string;
  readonly sendMessages: boolean;
  /** The longest text the diary takes; `null` when it takes none (absent from an older gateway's answer). */
  readonly maxTextLength?: number | null;
}

/**
 * The longest text a message through `provider` may have: the smallest limit any child's entry for that diary
 * gives (the diary is the same for each child; the smallest is the safe one), never over the schema's 5,000;
 * the schema's 5,000 when none gives one (`null`: the gateway then checks its own bound only).
 */
export function textLimit(features: readonly TextFeatures[], provider: string): number {
  const limits = features
    .filter((entry) => entry.provider === provider && entry.sendMessages)
    .map((entry) => entry.maxTextLength)
    .filter((limit): limit is number => typeof limit === 'number' && limit > 0);
  return Math.min(DRAFT_LIMITS.text, ...limits);
}

/** The length the gateway measures: the text as it is sent, without the spaces and lines at its ends. */
export function sentLength(text: string): number {
  return text.trim().length;
}

/** Whether `text` is longer than `limit` allows (the send is then refused in the page). */
export function textOverLimit(text: string, limit: number): boolean {
  return sentLength(text) > limit;
}

/** What a draft holds. `subject` is `null` for a reply (it answers the message's own). */
export interface DraftFields {
  /** The diary the message goes through. */
  readonly provider: string;
  /** The diary of each recipient chosen: one message goes through one diary. */
  readonly recipients: readonly string[];
  readonly subject: string | null;
  readonly text: string;
  /** The longest text `provider` takes ({@link textLimit}). */
  readonly textLimit: number;
  readonly files: readonly ChosenFile[];
}

/** The first thing to fix before sending; `null` when the draft can go. */
export type DraftProblem =
  | { readonly kind: 'recipients' | 'tooManyRecipients' | 'subject' | 'subjectLong' | 'text' }
  | { readonly kind: 'recipientsDiary'; readonly provider: string }
  | { readonly kind: 'textLong'; readonly provider: string; readonly limit: number }
  | { readonly kind: 'files'; readonly problem: FileProblem };

/** The first problem of `draft`, in the order of the form's fields. */
export function draftProblem(draft: DraftFields): DraftProblem | null {
  const { provider, textLimit: limit } = draft;
  if (draft.subject !== null) {
    if (draft.recipients.length === 0) return { kind: 'recipients' };
    if (draft.recipients.length > DRAFT_LIMITS.recipients) return { kind: 'tooManyRecipients' };
    if (draft.recipients.some((diary) => diary !== provider)) return { kind: 'recipientsDiary', provider };
    if (draft.subject.trim() === '') return { kind: 'subject' };
    if (draft.subject.length > DRAFT_LIMITS.subject) return { kind: 'subjectLong' };
  }
  if (draft.text.trim() === '') return { kind: 'text' };
  if (textOverLimit(draft.text, limit)) return { kind: 'textLong', provider, limit };
  const files = fileProblem(draft.files);
  return files ? { kind: 'files', problem: files } : null;
}
