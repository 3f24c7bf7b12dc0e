/**
 * SNILS check numbers (`../shared/providers.md` §4.4), so every demo person carries a SNILS that real
 * validators accept.
 */

/**
 * The two-digit check number of a 9-digit SNILS: digits weighted 9…1 and summed; a sum below 100 is the
 * check number itself, 100 and 101 give `00`, larger sums are reduced modulo 101 and read the same way.
 */
export function snilsCheckNumber(nineDigits: string): string {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError('a SNILS number has exactly 9 digits before its check number');
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += Number(nineDigits[index]) * (9 - index);
  const reduced = sum > 101 ? sum % 101 : sum;
  return reduced >= 100 ? '00' : String(reduced).padStart(2, '0');
}

/** Writes a 9-digit number with its check number as `NNN-NNN-NNN CC`. */
export function formatSnils(nineDigits: string): string {
  const check = snilsCheckNumber(nineDigits);
  return `${nineDigits.slice(0, 3)}-${nineDigits.slice(3, 6)}-${nineDigits.slice(6, 9)} ${check}`;
}
