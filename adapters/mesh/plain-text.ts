/**
 * Text a МЭШ notice carries, as the messaging port wants it: plain text (tags dropped, entities decoded,
 * `<br>` and block ends as line breaks), bounded, and a preview cut from it. Whether МЭШ sends HTML at all
 * is not known, so plain text passes through unchanged (but for its entities). Every pattern here is
 * linear: the text is the diary's, and its length is not ours to choose. The reading is shared by every diary
 * (`src/upstream/html-text.ts`); this module bounds it and cuts previews.
 */
import { htmlToText } from '../../src/upstream/html-text.js';

/** Longest text the adapter hands on (the rest is cut, with «…»): a notice, not a book. */
export const MAX_NOTICE_TEXT = 10_000;
/** Longest preview, in characters, before «…». */
export const MAX_PREVIEW = 200;

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
  return cut(htmlToText(value), MAX_NOTICE_TEXT);
}

/** The start of a plain text for a list: its first lines joined, cut to {@link MAX_PREVIEW}. */
export function previewOf(text: string): string {
  const lines = text.split('\n').map((line) => line.trim());
  return cut(lines.filter((line) => line !== '').join(' '), MAX_PREVIEW);
}
