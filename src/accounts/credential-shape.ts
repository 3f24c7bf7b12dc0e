/**
 * The shape of what a parent types to link a diary account, checked before any diary is called. A value
 * no diary can accept is refused here with `BAD_USER_INPUT` naming the field, rather than sent: a token
 * with CR/LF once reached undici as a header value, was refused locally, counted as the diary's failure
 * and opened its circuit breaker for every family (issue 10, finding 3).
 *
 * What each diary can possibly accept:
 * - tokens and codes (МЭШ `token`, Dnevnik.ru `code` and `accessToken`) are visible ASCII: JWTs, hex or
 *   base64url strings, sent as header values or form fields. No space, no control character, no letter
 *   outside ASCII.
 * - `redirectUri` is an absolute URI, which is visible ASCII too (RFC 3986 percent-encodes the rest).
 * - the Eljur `login` and `password` may be any text (a Cyrillic login, a password with spaces), but not
 *   control characters (CR, LF, NUL, …), line separators or broken UTF-16: no keyboard types those.
 * - the Eljur `vendor` is a school's subdomain: one hostname label, letters, digits, `-` and `_`.
 *
 * Surrounding whitespace is dropped first, as the adapters always did (a token copied with its line break
 * still links), except from the password, which is taken as typed. Every check is a loop over char codes
 * (linear on any input), the length is checked before the characters, and no message quotes a value.
 */
import type { LinkCredentials } from '../domain/adapter.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import { isVisibleAscii } from '../upstream/request-shape.js';

/** The longest value accepted for each link field, in UTF-16 code units (characters, for ASCII fields). */
export const LINK_INPUT_LIMITS = Object.freeze({
  /** A МЭШ token is a JWT of about 1 KB; room for a larger one. */
  token: 4096,
  code: 4096,
  accessToken: 4096,
  redirectUri: 2048,
  /** RFC 7636: 43–128 characters. */
  codeVerifier: 128,
  state: 512,
  login: 256,
  password: 256,
  /** The longest DNS label. */
  vendor: 63,
});

type LinkField = keyof typeof LINK_INPUT_LIMITS;

function tooLong(value: string, field: LinkField, what: string): void {
  const limit = LINK_INPUT_LIMITS[field];
  if (value.length > limit)
    throw new BadUserInputError(
      `The ${what} may be at most ${limit} characters long.`,
      field,
      phrase('credential.tooLong', { field, max: limit }),
    );
}

/** A token or code: trimmed, present, within its limit, visible ASCII only. */
function tokenLike(raw: string, field: LinkField, what: string): string {
  const value = raw.trim();
  if (value === '') throw new BadUserInputError(`The ${what} is empty.`, field, phrase('credential.empty', { field }));
  tooLong(value, field, what);
  if (!isVisibleAscii(value)) {
    throw new BadUserInputError(
      `The ${what} may hold only visible ASCII characters (no spaces, line breaks or other control characters); copy it again.`,
      field,
      phrase('credential.notVisibleAscii', { field }),
    );
  }
  return value;
}

/**
 * True when `value` holds a control character (C0, DEL, C1), a line or paragraph separator, or a lone
 * surrogate: none of them is typed on a keyboard, and CR/LF/NUL are what header injection is made of.
 */
function hasControlOrBrokenText(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      index++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/** Free text (a trimmed login, a password as typed): present, within its limit, without control characters. */
function text(value: string, field: LinkField, what: string): string {
  if (value === '') throw new BadUserInputError(`The ${what} is empty.`, field, phrase('credential.empty', { field }));
  tooLong(value, field, what);
  if (hasControlOrBrokenText(value)) {
    throw new BadUserInputError(
      `The ${what} may not hold line breaks or other control characters.`,
      field,
      phrase('credential.controlCharacters', { field }),
    );
  }
  return value;
}

function redirectUri(raw: string | undefined, diary: string): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  tooLong(value, 'redirectUri', `${diary} redirect URI`);
  if (!isVisibleAscii(value) || !URL.canParse(value)) {
    throw new BadUserInputError(
      `The ${diary} redirect URI must be the absolute URI the login page was opened with.`,
      'redirectUri',
      phrase('credential.redirectUri'),
    );
  }
  return value;
}

function isVendorCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d ||
    code === 0x5f
  );
}

function vendor(raw: string): string {
  const value = raw.trim();
  let valid = value.length > 0 && value.length <= LINK_INPUT_LIMITS.vendor;
  for (let index = 0; valid && index < value.length; index++) valid = isVendorCharacter(value.charCodeAt(index));
  if (!valid) {
    throw new BadUserInputError(
      `The Eljur vendor must be the school’s subdomain: up to ${LINK_INPUT_LIMITS.vendor} letters, digits, - and _ (school123 of school123.eljur.ru).`,
      'vendor',
      phrase('credential.vendor', { max: LINK_INPUT_LIMITS.vendor }),
    );
  }
  return value;
}

/**
 * Checks a link's input and returns it as the adapters should receive it (tokens, codes, login and
 * vendor trimmed). Throws `BAD_USER_INPUT` with `extensions.argument` naming the field at fault.
 * @example
 * checkLinkCredentials({ provider: 'MESH', token: ' eyJhbGciOi…\n' }); // { provider: 'MESH', token: 'eyJhbGciOi…' }
 * checkLinkCredentials({ provider: 'MESH', token: 'abc\r\nX-Injected: 1' }); // throws BadUserInputError, argument "token"
 */
export function checkLinkCredentials(input: LinkCredentials): LinkCredentials {
  switch (input.provider) {
    case 'MESH': {
      if ('token' in input) return { provider: 'MESH', token: tokenLike(input.token, 'token', 'МЭШ access token') };
      return {
        provider: 'MESH',
        code: tokenLike(input.code, 'code', 'МЭШ sign-in code'),
        redirectUri: redirectUri(input.redirectUri, 'МЭШ') ?? '',
        ...(input.codeVerifier === undefined
          ? {}
          : { codeVerifier: tokenLike(input.codeVerifier, 'codeVerifier', 'PKCE verifier') }),
        ...(input.state === undefined ? {} : { state: tokenLike(input.state, 'state', 'sign-in state') }),
      };
    }
    case 'DNEVNIK': {
      if ('accessToken' in input)
        return {
          provider: 'DNEVNIK',
          accessToken: tokenLike(input.accessToken, 'accessToken', 'Dnevnik.ru access token'),
        };
      const code = tokenLike(input.code, 'code', 'Dnevnik.ru sign-in code');
      const uri = redirectUri(input.redirectUri, 'Dnevnik.ru');
      const verifier =
        input.codeVerifier === undefined
          ? {}
          : { codeVerifier: tokenLike(input.codeVerifier, 'codeVerifier', 'PKCE verifier') };
      return uri === undefined
        ? { provider: 'DNEVNIK', code, ...verifier }
        : { provider: 'DNEVNIK', code, redirectUri: uri, ...verifier };
    }
    case 'ELJUR':
      if ('token' in input)
        return {
          provider: 'ELJUR',
          token: tokenLike(input.token, 'token', 'Eljur sign-in token'),
          vendor: vendor(input.vendor),
        };
      return {
        provider: 'ELJUR',
        login: text(input.login.trim(), 'login', 'Eljur login'),
        password: text(input.password, 'password', 'Eljur password'),
        vendor: vendor(input.vendor),
      };
  }
}
