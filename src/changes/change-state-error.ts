/**
 * Why a change log or the detector's state refused a call or could not open. These are the gateway's own
 * mistakes or an operator's problem (an unreadable file), never a client's: callers log them, and the feed
 * masks them like any unexpected error. Messages name the argument or the file, never a change's content.
 */
import { CodedError } from '../domain/coded-error.js';

/** Stable codes of {@link ChangeStateError}. */
export type ChangeStateErrorCode =
  /** An argument or option out of its contract (a malformed position, a limit below 1, a change of another child). */
  | 'CHANGES_INVALID_ARGUMENT'
  /** The change state file exists but cannot be read (permissions, a directory in its place). */
  | 'CHANGES_FILE_UNREADABLE'
  /** A new change state file cannot be written where it belongs (a read-only or missing place). */
  | 'CHANGES_FILE_UNWRITABLE';

/** A refusal of the change log or the detector's state, with a stable `code`; any underlying error is the `cause`. */
export class ChangeStateError extends CodedError<ChangeStateErrorCode> {}
