/**
 * Plain text from what Dnevnik.ru's notices and comments carry, which the school's editors may write as
 * HTML: tags dropped, `<br>` and block ends as line breaks, entities decoded, blank runs folded. The gateway
 * emits plain text only (`src/domain/messaging.ts`).
 */

/** Longest text read: a notice longer than this is cut (the school board's notices are a few paragraphs). */
export const MAX_TEXT_LENGTH = 20_000;

/** Longest preview, in characters. */
export const PREVIEW_LENGTH = 200;

const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  laquo: '«',
  raquo: '»',
  mdash: '—',
  ndash: '–',
  hellip: '…',
});

/** A numeric character reference's character, or `null` for one no text may hold (NUL, surrogates, past U+10FFFF). */
function codePoint(digits: string, radix: number): string | null {
  const value = Number.parseInt(digits, radix);
  if (!Number.isInteger(value) || value <= 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return null;
  return String.fromCodePoint(value);
}

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) return codePoint(name.slice(2), 16) ?? entity;
  if (name.startsWith('#')) return codePoint(name.slice(1), 10) ?? entity;
  return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
}

/**
 * The plain text of a diary's text, or `null` when nothing is left. Line breaks are kept (at most one
 * empty line in a row); spaces within a line are folded.
 *
 * @example
 * plainText('<p>Собрание&nbsp;в&nbsp;четверг</p><p>в 18:00</p>'); // 'Собрание в четверг\nв 18:00'
 */
export function plainText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = value
    .slice(0, MAX_TEXT_LENGTH)
    .replace(/\r\n?/g, '\n')
    // Line ends first, then every other tag. A tag cannot hold `<`, so a run of `<` without `>` is scanned
    // once, not once per `<`: both stay linear.
    .replace(/<br\s*\/?>|<\/(?:p|div|li|h[1-6]|tr)\s*>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[a-zA-Z]{2,8});/g, decodeEntity)
    .split('\n')
    .map((line) => line.replace(/[\t\f\v \u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}

/** The start of a plain text on one line, at most {@link PREVIEW_LENGTH} characters (cut with «…»). */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= PREVIEW_LENGTH ? line : `${line.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…`;
}
