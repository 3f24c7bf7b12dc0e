/**
 * Diaries' mail and notices are HTML (Eljur's web editor writes `<p>`, `<br>`, `&nbsp;`; its notices' `users_to`
 * is HTML too; Dnevnik.ru's and МЭШ's boards may be), and the gateway serves plain text: tags dropped, line breaks for `<br>` and the ends of blocks, entities
 * decoded. Only what looks like a tag (`<` then a letter, `/` or `!`) is a tag, so «5 < 7» survives. Every
 * pattern here is linear in its input.
 */

/** Named entities an editor writes; anything else named stays as it was written. */
const NAMED: Readonly<Record<string, string>> = Object.freeze({
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  laquo: '«',
  raquo: '»',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  shy: '',
  bull: '•',
  copy: '©',
  deg: '°',
  numero: '№',
});

/** A code point a text may hold: not NUL, not a surrogate half, within Unicode. */
function isCharacter(code: number): boolean {
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
}

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    return isCharacter(code) ? String.fromCodePoint(code) : entity;
  }
  return NAMED[body.toLowerCase()] ?? entity;
}

/** Decodes character references (`&amp;`, `&#1040;`, `&#x410;`) once; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[a-zA-Z]{2,8});/g, decodeEntity);
}

// A tag's inside is `[^<>]*`: a scan for its end stops at the next `<`, so unclosed tags stay linear.
/** Ends of paragraphs: an empty line after each. */
const PARAGRAPH_END = /<\/(?:p|div|h[1-6]|blockquote|ul|ol|table)\b[^<>]*>/gi;
/** `<br>` and the ends of list items and rows: a line break. */
const LINE_BREAK = /<(?:br|\/li|\/tr)\b[^<>]*>/gi;
const LIST_ITEM = /<li\b[^<>]*>/gi;
const TAG = /<[a-zA-Z/!][^<>]*>/g;

/** What is not text at all: comments (Word pastes them), styles and scripts, from their start to their end. */
const HIDDEN: readonly (readonly [string, string])[] = [
  ['<!--', '-->'],
  ['<style', '</style>'],
  ['<script', '</script>'],
];

/** Drops comments, styles and scripts, walking the text once per kind (an unclosed one runs to the end). */
function withoutHidden(html: string): string {
  let text = html;
  for (const [open, close] of HIDDEN) {
    // Only A–Z are lowered: a full `toLowerCase` may change the length (`İ`), and the indexes must match.
    const lower = text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
    let kept = '';
    let from = 0;
    for (let start = lower.indexOf(open); start !== -1; start = lower.indexOf(open, from)) {
      kept += text.slice(from, start);
      const end = lower.indexOf(close, start + open.length);
      from = end === -1 ? text.length : end + close.length;
    }
    text = kept + text.slice(from);
  }
  return text;
}

/**
 * The plain text of an HTML fragment: tags dropped (`<li>` as a «• » line), a line break for `<br>` and
 * each list item's end, an empty line after each paragraph, entities decoded, no-break spaces as spaces,
 * blanks at the ends of lines and runs of empty lines removed, trimmed.
 */
export function htmlToText(html: string): string {
  const text = withoutHidden(html)
    .replace(/\r\n?/g, '\n')
    .replace(PARAGRAPH_END, '\n\n')
    .replace(LINE_BREAK, '\n')
    .replace(LIST_ITEM, '• ')
    .replace(TAG, '');
  return (
    decodeEntities(text)
      .replace(/\u00a0/g, ' ')
      .split('\n')
      // Blanks within a line fold to one space, as a browser shows HTML.
      .map((line) => line.replace(/[\t\f\v ]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
