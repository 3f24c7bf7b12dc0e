/**
 * Russian phone numbers: one canonical spelling (`+79991234567`), the keyed hash the gateway stores in
 * place of the number, and a mask that is safe to show. Like a SNILS, a phone number never leaves this
 * module in clear except to its owner: the store keeps `hashPhone`, responses show `maskPhone`.
 *
 * People write one number many ways (`+7 999 123-45-67`, `8 (999) 123 45 67`, `79991234567`, ESIA's
 * `+7(999)1234567`); every spelling must normalise alike, or an invitation by phone would never find the
 * invitee whose number came from the issuer.
 */
import { createHmac } from 'node:crypto';

/** The one spelling {@link normalizePhone} returns: `+7` and the 10-digit national number. */
const NORMALIZED = /^\+7\d{10}$/;
/**
 * What may appear between the digits: whitespace (`\s` includes the no-break, figure and thin spaces),
 * hyphens and dashes, parentheses and dots. Anything else (letters, `доб.`, a second `+`) makes the text something other than
 * a plain number, and guessing what was meant would risk hashing someone else's number.
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212().]/g;

/**
 * The canonical form `+7XXXXXXXXXX` of a Russian number, or `null` when the text is not one.
 *
 * Accepted: 11 digits starting with `7` (optionally written `+7`) or with the domestic trunk prefix `8`
 * (never `+8`: that is no international form), or 10 digits starting with `9` (a mobile number written
 * without any prefix). A 10-digit number starting with anything else is refused, because without a prefix
 * we cannot tell a city code from a typo.
 * @example normalizePhone('8 (999) 123 45 67') // '+79991234567'
 * @example normalizePhone('+7 999 123-45-67')  // '+79991234567'
 * @example normalizePhone('123-45-67')         // null
 */
export function normalizePhone(text: string): string | null {
  const trimmed = text.trim();
  const hasPlus = trimmed.startsWith('+');
  const digits = (hasPlus ? trimmed.slice(1) : trimmed).replace(SEPARATORS, '');
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 11 && digits.startsWith('7')) return `+${digits}`;
  if (digits.length === 11 && digits.startsWith('8') && !hasPlus) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('9') && !hasPlus) return `+7${digits}`;
  return null;
}

/** Refuses anything but the output of {@link normalizePhone}; the message never repeats the number. */
function assertNormalized(normalized: string, caller: string): void {
  if (!NORMALIZED.test(normalized))
    throw new TypeError(`${caller} expects a number from normalizePhone (+7 and 10 digits)`);
}

/**
 * The keyed hash the gateway stores in place of a phone number: HMAC-SHA-256 under a secret from
 * configuration, so a store dump cannot be reversed by hashing all 10¹⁰ numbers. Takes the output of
 * {@link normalizePhone}, so every spelling of one number hashes alike. Separate prefix and domain from
 * `hashSnils` so a phone hash can never equal a SNILS hash.
 */
export function hashPhone(secret: string, normalized: string): string {
  assertNormalized(normalized, 'hashPhone');
  return `phone_${createHmac('sha256', secret).update(`phone:${normalized}`, 'utf8').digest('base64url')}`;
}

/**
 * The number with all but its last four digits hidden, for showing whom an invitation went to:
 * enough for the parent to recognise the number, too little to call it.
 * @example maskPhone('+79991234567') // '+7 *** ***-45-67'
 */
export function maskPhone(normalized: string): string {
  assertNormalized(normalized, 'maskPhone');
  return `+7 *** ***-${normalized.slice(8, 10)}-${normalized.slice(10, 12)}`;
}
