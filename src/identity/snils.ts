/**
 * SNILS (СНИЛС), the Russian individual insurance account number: parsing, checksum, and the keyed hash
 * the gateway stores instead of the number. A SNILS never leaves this module except as that hash: not in
 * a response, a log line or an error message (messages name the rule that failed, never the digits).
 *
 * Format and checksum: `../shared/providers.md` §4.4. ESIA writes `NNN-NNN-NNN CC`; diaries send plain
 * digits or other spellings, so parsing keeps only digits after checking that nothing else is there.
 */
import { createHmac } from 'node:crypto';

/** Which rule a rejected SNILS broke. */
export type SnilsRule = 'CHARACTERS' | 'LENGTH' | 'REPEATED_DIGITS' | 'CHECKSUM';

/** The outcome of {@link parseSnils}. */
export type SnilsParseResult =
  | { ok: true; /** The 11 digits, no separators. */ digits: string }
  | { ok: false; rule: SnilsRule; /** Safe to show: says what is wrong, never repeats the number. */ message: string };

/**
 * Separators people and systems put between the groups: spaces (`\s` includes the no-break, figure and
 * thin spaces), hyphens and dashes.
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
/** Numbers up to 001-001-998 were issued before the checksum existed and are not checked. */
const LAST_UNCHECKED = 1_001_998;

/** The check number of a 9-digit SNILS body: weights 9…1, then mod 101 with 100 and 101 giving 00. */
export function snilsCheckNumber(body: string): number {
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += Number(body[index]) * (9 - index);
  if (sum < 100) return sum;
  const remainder = sum % 101;
  return remainder === 100 ? 0 : remainder;
}

/**
 * Parses a SNILS written any common way (`112-233-445 95`, `11223344595`, `112 233 445 95`, stray spaces)
 * and validates it.
 * @example parseSnils('112-233-445 95') // { ok: true, digits: '11223344595' }
 */
export function parseSnils(input: string): SnilsParseResult {
  const compact = input.replace(SEPARATORS, '');
  if (!/^\d*$/.test(compact)) {
    return { ok: false, rule: 'CHARACTERS', message: 'A SNILS holds only digits, spaces and hyphens.' };
  }
  if (compact.length !== 11) {
    return {
      ok: false,
      rule: 'LENGTH',
      message: `A SNILS has 11 digits (9 and a 2-digit check number); this one has ${compact.length}.`,
    };
  }
  const body = compact.slice(0, 9);
  if (/^(\d)\1{8}$/.test(body)) {
    return { ok: false, rule: 'REPEATED_DIGITS', message: 'A SNILS cannot be one digit repeated.' };
  }
  if (Number(body) > LAST_UNCHECKED && snilsCheckNumber(body) !== Number(compact.slice(9))) {
    return {
      ok: false,
      rule: 'CHECKSUM',
      message: 'The SNILS check number (last two digits) does not match the first nine digits.',
    };
  }
  return { ok: true, digits: compact };
}

/**
 * The keyed hash the gateway stores in place of a SNILS: HMAC-SHA-256 under a secret from configuration,
 * so a store dump cannot be reversed by hashing all 10⁹ possible numbers. Takes the digits from a
 * successful {@link parseSnils}, so every spelling of one number hashes alike.
 */
export function hashSnils(secret: string, digits: string): string {
  if (!/^\d{11}$/.test(digits)) throw new TypeError('hashSnils expects the 11 digits of a parsed SNILS');
  return `snils_${createHmac('sha256', secret).update(`snils:${digits}`, 'utf8').digest('base64url')}`;
}

/**
 * The hash of a SNILS as a diary or the issuer sent it, or `null` when it is missing or invalid.
 * Data from outside is not trusted to be valid; an invalid number simply cannot be used for matching.
 */
export function hashSnilsIfValid(secret: string, input: string | null | undefined): string | null {
  if (!input) return null;
  const parsed = parseSnils(input);
  return parsed.ok ? hashSnils(secret, parsed.digits) : null;
}
