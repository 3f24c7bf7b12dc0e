/**
 * What an HTTP client refuses to send, checked before it is asked to. undici refuses a header value with
 * CR, LF, NUL or a character above U+00FF, and a header name that is not an RFC 9110 token, by throwing
 * locally (`InvalidArgumentError`); `fetch` throws a `TypeError` whose message quotes the value, which
 * would put a token in a log. Such a request says nothing about the diary's health: it is the gateway's
 * (or, without the link checks, a user's) fault, so the transports and the resilience policies refuse it
 * here as an `invalid-request` failure, never retried and never counted by a circuit breaker.
 *
 * Every check is a loop over char codes: linear on any input, with no regular expression to audit.
 * Descriptions name the header, never its value.
 */
import type { UpstreamRequest } from './transport.js';

/** True for a non-empty string of visible ASCII only (U+0021–U+007E): what a token or code can be. */
export function isVisibleAscii(value: string): boolean {
  if (value.length === 0) return false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/**
 * True when undici (and `fetch`) will send `value` as a header value: HTAB, U+0020–U+007E and
 * U+0080–U+00FF (RFC 9110 `field-value`, with obs-text read as Latin-1). No CR, LF, NUL or other control.
 */
export function isSendableHeaderValue(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x09) continue;
    if (code < 0x20 || code === 0x7f || code > 0xff) return false;
  }
  return true;
}

/** `!#$%&'*+-.^_`|~`, digits and letters: the characters of an RFC 9110 `token` besides ALPHA / DIGIT. */
const TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

/** True when `name` is an RFC 9110 `token`, as a header name must be. */
export function isHeaderName(name: string): boolean {
  if (name.length === 0) return false;
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    const alphanumeric =
      (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    if (!alphanumeric && !TOKEN_SYMBOLS.includes(name[index]!)) return false;
  }
  return true;
}

/**
 * Why `request` cannot be sent, or `null` when it can. Names the header or the URL part at fault, never
 * a value (a header may carry a token).
 */
export function unsendableReason(request: UpstreamRequest): string | null {
  const { protocol } = request.url;
  if (protocol !== 'http:' && protocol !== 'https:') return `the URL scheme ${protocol} is not HTTP`;
  for (const [name, value] of Object.entries(request.headers)) {
    // A header name is the gateway's own constant; one that is not a token is described without quoting it.
    if (!isHeaderName(name)) return 'a header name is not an HTTP token';
    if (typeof value !== 'string' || !isSendableHeaderValue(value))
      return `the ${name} header holds characters HTTP cannot carry`;
  }
  return null;
}
