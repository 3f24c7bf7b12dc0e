/**
 * The one rule for a diary's own error code (`access_denied`, `invalid_request`…) that the gateway keeps for
 * its log: a short plain word. A sign-in redirect is written by whoever crafted the link the browser
 * followed, so anything else in its `error` parameter may be junk or someone's data, and stays out of logs.
 * Adapters reading their diary's redirect (`BrowserSignInResult.providerCode`) and the link routes share it.
 */

/** The longest diary error code kept. */
export const MAX_PROVIDER_CODE_LENGTH = 64;

/** Letters, digits, `_`, `.` and `-`. */
const PROVIDER_CODE = /^[\w.-]+$/;

/**
 * `value` when it is a diary error code worth logging (at most 64 of letters, digits, `_`, `.`, `-`);
 * `null` otherwise. Callers trim first where their diary's redirect may carry spaces.
 * @example loggableProviderCode('access_denied') // 'access_denied'; loggableProviderCode('a b') // null
 */
export function loggableProviderCode(value: string): string | null {
  return value.length <= MAX_PROVIDER_CODE_LENGTH && PROVIDER_CODE.test(value) ? value : null;
}
