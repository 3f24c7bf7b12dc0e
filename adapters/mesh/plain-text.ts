/**
 * Text a МЭШ notice carries, as the messaging port wants it: plain text (tags dropped, entities decoded,
 * `<br>` and block ends as line breaks), bounded, and a preview cut from it. Whether МЭШ sends HTML at all
 * is not known, so plain text passes through unchanged (but for its entities). Every pattern here is
 * linear: the text is the diary's, and its length is not ours to choose.
 */

/** Longest text the adapter hands on (the rest is cut, with «…»): a notice, not a book. */
export const MAX_NOTICE_TEXT = 10_000;
/** Longest preview, in characters, before «…». */
export const MAX_PREVIEW = 200;

const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
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
});

/** A code point from a numeric entity, or the entity itself when it names none (or a control character). */
function fromCodePoint(entity: string, code: number): string {
  const printable = Number.isInteger(code) && code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return printable ? String.fromCodePoint(code) : entity;
}

/** Decodes `&amp;`, `&laquo;`, `&#171;`, `&#xAB;` and the like; an unknown entity stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return fromCodePoint(entity, Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return fromCodePoint(entity, Number.parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** Cuts `text` to `max` characters, at a space when one is near the end, with «…». */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * Plain text of what МЭШ sent: `<br>` and the ends of paragraphs, divs and list items become line breaks,
 * other tags are dropped, entities decoded, runs of blanks and of empty lines collapsed, and the result
 * bounded by {@link MAX_NOTICE_TEXT}.
 */
export function plainTextOf(value: string | null | undefined): string {
  if (!value) return '';
  const text = value
    .replace(/<br\s*\/?>|<\/(?:p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/\r\n?/g, '\n');
  const lines = decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim());
  const joined = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cut(joined, MAX_NOTICE_TEXT);
}

/** The start of a plain text for a list: its first lines joined, cut to {@link MAX_PREVIEW}. */
export function previewOf(text: string): string {
  const lines = text.split('\n').map((line) => line.trim());
  return cut(lines.filter((line) => line !== '').join(' '), MAX_PREVIEW);
}
