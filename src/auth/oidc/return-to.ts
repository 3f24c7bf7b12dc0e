/**
 * Where a browser goes back to after sign-in: a local path, checked when the sign-in starts and again
 * when it is read back from the store, so the gateway can never be turned into an open redirector.
 */
import { BadUserInputError } from '../../errors/gateway-error.js';

const DEFAULT_RETURN_TO = '/';
/** Longest `returnTo` kept: a path on the gateway, not a place to park data in the store. */
const MAX_RETURN_TO_LENGTH = 2048;

/** Only the origin of this base matters: it stands for "this gateway" while a path is resolved. */
const RETURN_TO_BASE = 'http://gateway.invalid';

/**
 * A local path to return to after sign-in, normalised so it can always travel in a `Location` header:
 * non-ASCII is percent-encoded (`/дневник` → `/%D0%B4%D0%BD…`; Node refuses a header holding it, which
 * once ended a finished sign-in in a 500) and dot segments are resolved. `//host` and `/\host` are
 * refused, before and after normalising (`/.//host` resolves to `//host`): browsers read both as another
 * origin, which would make the gateway an open redirector.
 * @throws BadUserInputError (`argument: "returnTo"`) for anything but a local path of at most 2048 characters.
 * @example validReturnTo('/дневник?tab=1') // '/%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA?tab=1'
 */
export function validReturnTo(returnTo: string | null | undefined): string {
  if (returnTo === null || returnTo === undefined || returnTo === '') return DEFAULT_RETURN_TO;
  const refusal = () =>
    new BadUserInputError(
      `returnTo must be a path on this gateway, starting with a single "/" (at most ${MAX_RETURN_TO_LENGTH} characters).`,
      'returnTo',
    );
  if (returnTo.length > MAX_RETURN_TO_LENGTH) throw refusal();
  if (
    !returnTo.startsWith('/') ||
    returnTo.startsWith('//') ||
    returnTo.startsWith('/\\') ||
    // Control characters are exactly what this refuses.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\\]/.test(returnTo)
  ) {
    throw refusal();
  }
  let resolved: URL;
  try {
    resolved = new URL(returnTo, RETURN_TO_BASE);
  } catch {
    throw refusal();
  }
  const normalised = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (resolved.origin !== RETURN_TO_BASE || normalised.startsWith('//') || normalised.length > MAX_RETURN_TO_LENGTH)
    throw refusal();
  return normalised;
}

/** {@link validReturnTo} for a path read back from the store: anything it refuses becomes `/`, never an error. */
export function safeReturnTo(returnTo: string | null | undefined): string {
  try {
    return validReturnTo(returnTo);
  } catch {
    return DEFAULT_RETURN_TO;
  }
}
