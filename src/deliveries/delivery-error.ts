/**
 * Why the delivery state refused a call or could not open: the gateway's own mistakes or an operator's
 * problem, never a client's. Messages name the argument or the file, never a change, an address or a secret.
 */
import { CodedError } from '../domain/coded-error.js';

/** Stable codes of {@link DeliveryError}. */
export type DeliveryErrorCode =
  /** An argument out of its contract (a lease time below 1, a page size out of range). */
  | 'DELIVERY_INVALID_ARGUMENT'
  /** The delivery state file exists but cannot be read, or cannot be written where it belongs. */
  | 'DELIVERY_FILE_UNUSABLE';

/** A refusal of the delivery state, with a stable `code`; any underlying error is the `cause`. */
export class DeliveryError extends CodedError<DeliveryErrorCode> {}
