/**
 * Why a store cannot start or write. These are operator problems (a corrupt file, a second process, a full
 * disk), never a client's: the gateway stops at start-up with the message, or masks it per request. The
 * messages name files and processes, never a record's content.
 */
import { CodedError } from '../domain/coded-error.js';

/** Stable codes of {@link StoreError}. */
export type StoreErrorCode =
  /** The store file exists but is not a store document (not JSON, wrong shape). */
  | 'STORE_FILE_UNREADABLE'
  /** The store file was written by another version of the gateway. */
  | 'STORE_FILE_VERSION'
  /** `STORE_FILE` is a symbolic link or has other hard links: two paths to one store would get around its lock. */
  | 'STORE_FILE_LINKED'
  /** Another live process holds the store file's lock. */
  | 'STORE_LOCKED'
  /** Writing the store (file or Redis) failed; the change was not kept. */
  | 'STORE_WRITE_FAILED'
  /** The store was used after `close()`. */
  | 'STORE_CLOSED'
  /**
   * A conditional write could not be made: other writers kept changing the record through every retry
   * (Redis), or a record with the id to create already exists. Nothing was written.
   */
  | 'STORE_CONFLICT'
  /** A record change tried to alter what identifies the record (its id, an account's user): a bug in the caller. */
  | 'STORE_INVALID_CHANGE';

/** A store failure with a stable `code`; the underlying error (if any) is the `cause`. */
export class StoreError extends CodedError<StoreErrorCode> {}

/** The error for a change that tried to alter what identifies a record (`what`: "the account {id}"). */
export function invalidChangeError(what: string): StoreError {
  return new StoreError(
    'STORE_INVALID_CHANGE',
    `A change of ${what} may not alter what identifies it; nothing was written.`,
  );
}
